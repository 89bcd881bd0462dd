"""Errors for API clients as application/problem+json (RFC 9457)."""
from http import HTTPStatus

from flask import Response, json

PROBLEM_JSON = "application/problem+json"
#: every path under this prefix belongs to the JSON API: bearer tokens only, problem+json errors
API_PATH = "/api/"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PATH)


def problem_response(status: int, detail: str | None = None, errors=None, **extensions) -> Response:
    """A problem document: type, title, status, and detail or field errors when given."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    body.update(extensions)
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
