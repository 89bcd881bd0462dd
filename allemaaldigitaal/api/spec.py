"""flask-smorest adapted to this app: errors as problem+json, security documented from the access decorators."""
from http import HTTPStatus

from apispec import BasePlugin
from flask_smorest import Api, Blueprint
from marshmallow import fields

from allemaaldigitaal.core.access import Access
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.web.problems import PROBLEM_JSON
from allemaaldigitaal.web.text import VISIBLE_TEXT_PATTERN

from .errors import register_error_handlers
from .schemas import ProblemSchema

API_PREFIX = "/api/v1"
#: the name of the security scheme in the OpenAPI document
BEARER = "bearerAuth"
BEARER_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "A personal API token (starts with ad_). Make one on your profile page, "
                   "or with `flask --app allemaaldigitaal create-token --email E`.",
}


class InputErrorsPlugin(BasePlugin):
    """Documents the errors any operation can answer before its view runs, so clients and the fuzz test expect them.

    422: a control character in the query string or body (api.input); 400: a body that is not JSON,
    or is nested too deep; 404: a path value that is no id or holds a control character (web.converters).
    """

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(HTTPStatus.UNPROCESSABLE_ENTITY.value, HTTPStatus.UNPROCESSABLE_ENTITY.name)
            if "requestBody" in operation:
                responses.setdefault(HTTPStatus.BAD_REQUEST.value, HTTPStatus.BAD_REQUEST.name)
            if "{" in (path or ""):
                responses.setdefault(HTTPStatus.NOT_FOUND.value, HTTPStatus.NOT_FOUND.name)


def visible_text_pattern(_converter, field, ret=None, **_kwargs) -> dict:
    """Every text field documents that it holds no control characters (api.input refuses them)."""
    if isinstance(field, fields.String) and "pattern" not in (ret or {}):
        return {"pattern": VISIBLE_TEXT_PATTERN}
    return {}


class ProblemApi(Api):
    """flask-smorest's Api that leaves the app's error pages alone and documents errors as problem+json."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _init_spec(self, *, extra_plugins=None, **options):
        super()._init_spec(extra_plugins=[*(extra_plugins or ()), InputErrorsPlugin()], **options)
        self.ma_plugin.converter.add_attribute_function(visible_text_pattern)

    def _register_error_handlers(self):
        """Errors are answered by the app's own handlers (security.py and api.errors), not by flask-smorest."""

    def _register_responses(self):
        """One reusable response per error status, e.g. UNAUTHORIZED; only those used end up in the document."""
        for status in HTTPStatus:
            if status >= 400:
                response = {"description": status.phrase, "content": {PROBLEM_JSON: {"schema": self.ERROR_SCHEMA}}}
                self.spec.components.response(status.name, response, lazy=True)


class ApiBlueprint(Blueprint):
    """One feature's endpoints under /api/v1; their security and 401/403 answers come from the access decorators.

    Views are functions with the usual decorators, the access decorator directly under the route:
    ``@blp.route("/things")``, ``@allow(OrganisationKind.DONOR)``, ``@blp.response(200, ThingSchema(many=True))``.
    """

    def __init__(self, name: str, import_name: str, **kwargs):
        # always under /api/v1: CSRF is waived for these blueprints because only bearer tokens count there
        kwargs["url_prefix"] = API_PREFIX + kwargs.get("url_prefix", "")
        super().__init__(name, import_name, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_access_doc)
        register_error_handlers(self)

    def _store_endpoint_docs(self, endpoint, obj, parameters, tags, **options):
        super()._store_endpoint_docs(endpoint, obj, parameters, tags, **options)
        for method, info in self._docs[endpoint].items():
            if method != "parameters":
                info["access"] = getattr(obj, "access", None)

    @staticmethod
    def _prepare_access_doc(doc, doc_info, **kwargs):
        access: Access | None = doc_info.get("access")
        if access is None:
            return doc
        if access.public:
            doc["security"] = []
            return doc
        doc["security"] = [{BEARER: []}]
        responses = doc.setdefault("responses", {})
        responses.setdefault(HTTPStatus.UNAUTHORIZED.value, HTTPStatus.UNAUTHORIZED.name)
        if access.kinds != frozenset(OrganisationKind):
            responses.setdefault(HTTPStatus.FORBIDDEN.value, HTTPStatus.FORBIDDEN.name)
            doc["x-organisation-kinds"] = sorted(kind.value for kind in access.kinds)
        return doc
