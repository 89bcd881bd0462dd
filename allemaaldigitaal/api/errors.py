"""Error answers of the API blueprints, as application/problem+json.

Other errors on /api/ paths (unknown path, wrong method, 500) are answered by the app-wide
handlers in security.py, also as problem+json.
"""
from flask import g
from flask_babel import gettext as _

from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.web.problems import problem_response


def unauthorized(_error=None):
    """401, with the header that tells clients to send a bearer token."""
    if g.get("api_token_given"):
        detail = _("Deze sleutel werkt niet (meer). Maak een nieuwe sleutel op je profielpagina.")
        challenge = 'Bearer realm="api", error="invalid_token"'
    else:
        detail = _("Stuur je API-sleutel mee in de kop Authorization: Bearer <sleutel>.")
        challenge = 'Bearer realm="api"'
    response = problem_response(401, detail)
    response.headers["WWW-Authenticate"] = challenge
    return response


def forbidden(_error=None):
    return problem_response(403, _("Je organisatie mag dit niet doen."))


def domain_error(error: DomainError):
    """422 for input a service refuses; commit_or_rollback has already undone the request's writes."""
    errors = {"json": {error.field: [str(error.message)]}} if error.field else None
    return problem_response(422, str(error.message), errors)


def register_error_handlers(blueprint) -> None:
    blueprint.register_error_handler(401, unauthorized)
    blueprint.register_error_handler(403, forbidden)
    blueprint.register_error_handler(DomainError, domain_error)
