"""API infrastructure under /api/v1: OpenAPI 3.1 by flask-smorest, bearer tokens, problem+json errors,
refusing control characters in any input (api.input), docs.

It knows no feature: a feature makes its own ApiBlueprint (see api.spec) and passes it to
register_api_blueprint() in its init_app(); its views call the same services as the web pages.
"""
from flask import Flask

from allemaaldigitaal.extensions import csrf, login_manager

from .docs import API_EXTENSION, bp as docs_bp
from .input import refuse_control_characters
from .spec import BEARER, BEARER_SCHEME, ApiBlueprint, ProblemApi

SPEC = {
    "title": "allemaaldigitaal API",
    "version": "v1",
    "openapi_version": "3.1.0",
    "info": {
        "description": "Follow donated devices from pledge to person. Every request needs a personal API token "
                       "(`Authorization: Bearer ad_…`); a token may do exactly what its user may do. "
                       "Errors are application/problem+json (RFC 9457).",
    },
}


def init_api(app: Flask) -> None:
    api = ProblemApi(app, spec_kwargs=SPEC)
    api.spec.components.security_scheme(BEARER, BEARER_SCHEME)
    app.extensions[API_EXTENSION] = api
    app.register_blueprint(docs_bp)
    app.before_request(refuse_control_characters)  # after the token and access checks of create_app


def register_api_blueprint(app: Flask, blueprint: ApiBlueprint) -> None:
    """Serve a feature's API endpoints and document them; bearer tokens only, so no CSRF token and no login page."""
    app.extensions[API_EXTENSION].register_blueprint(blueprint)
    csrf.exempt(blueprint)
    login_manager.blueprint_login_views[blueprint.name] = None
