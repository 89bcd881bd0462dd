"""flask-smorest adapted to this app: errors as problem+json, security documented from the access decorators."""
from http import HTTPStatus

from flask_smorest import Api, Blueprint

from allemaaldigitaal.core.access import Access
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.web.problems import PROBLEM_JSON

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


class ProblemApi(Api):
    """flask-smorest's Api that leaves the app's error pages alone and documents errors as problem+json."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

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
