"""Errors for API clients as application/problem+json (RFC 9457)."""
from http import HTTPStatus

from flask import Response, json
from flask_babel import lazy_gettext as _l

PROBLEM_JSON = "application/problem+json"
#: every path under this prefix belongs to the JSON API: bearer tokens only, problem+json errors
API_PATH = "/api/"
#: the title of each status in the request's language; in English the HTTP reason phrase
TITLES = {
    400: _l("Verzoek klopt niet"),
    401: _l("Niet ingelogd"),
    403: _l("Geen toestemming"),
    404: _l("Niet gevonden"),
    405: _l("Methode niet toegestaan"),
    406: _l("Antwoordformaat niet beschikbaar"),
    408: _l("Verzoek duurde te lang"),
    409: _l("Botst met de huidige gegevens"),
    410: _l("Niet meer beschikbaar"),
    411: _l("Lengte ontbreekt"),
    412: _l("Voorwaarde klopt niet"),
    413: _l("Verzoek te groot"),
    414: _l("Adres te lang"),
    415: _l("Soort inhoud niet ondersteund"),
    422: _l("Invoer klopt niet"),
    428: _l("Voorwaarde ontbreekt"),
    429: _l("Te veel verzoeken"),
    431: _l("Kopregels te groot"),
    500: _l("Fout in het systeem"),
    501: _l("Niet ingebouwd"),
    502: _l("Fout bij een andere server"),
    503: _l("Tijdelijk niet beschikbaar"),
    504: _l("Een andere server antwoordt niet"),
}


def is_api_path(path: str) -> bool:
    return path.startswith(API_PATH)


def problem_title(status: int) -> str:
    """The status's title in the request's language; the HTTP reason phrase for a status without one."""
    title = TITLES.get(status)
    return str(title) if title is not None else HTTPStatus(status).phrase


def problem_response(status: int, detail: str | None = None, errors=None, **extensions) -> Response:
    """A problem document: type, title (in the request's language), status, and detail or field errors when given."""
    body = {"type": "about:blank", "title": problem_title(status), "status": status}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    body.update(extensions)
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
