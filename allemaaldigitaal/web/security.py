"""Security headers on every response, request size limits, and generic error pages in the layout."""
import secrets
from collections.abc import Callable

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from allemaaldigitaal.extensions import db

from .problems import is_api_path, problem_response

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
])

BASE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response):
    """after_request: the same strict headers on every answer."""
    for name, value in BASE_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("APP_ENV") == "production":
        response.headers["Strict-Transport-Security"] = HSTS
    if _may_hold_personal_data():
        response.headers["Cache-Control"] = "no-store"
    return response


def _may_hold_personal_data() -> bool:
    """API answers, and every page (not static files) seen by a signed-in user."""
    if is_api_path(request.path):
        return True
    if request.endpoint == "static":
        return False
    return current_user.is_authenticated


def accepts_uploads(view: Callable) -> Callable:
    """This view takes files: it may receive UPLOAD_MAX_CONTENT_LENGTH bytes instead of MAX_CONTENT_LENGTH."""
    view.accepts_uploads = True
    return view


def apply_upload_limit() -> None:
    """before_request, ahead of every hook that reads the body (CSRF, the API's checks): the larger limit for uploads."""
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "accepts_uploads", False):
        request.max_content_length = current_app.config["UPLOAD_MAX_CONTENT_LENGTH"]


#: (title, message) per status code, in plain Dutch
ERROR_TEXTS = {
    400: (_l("Dit verzoek klopt niet"), _l("We konden je verzoek niet verwerken. Ga terug en probeer het opnieuw.")),
    403: (
        _l("Geen toegang"),
        _l("Je mag deze pagina niet bekijken. Klopt dat niet? Vraag het aan iemand van je organisatie."),
    ),
    404: (
        _l("Pagina niet gevonden"),
        _l("Deze pagina bestaat niet of niet meer. Kijk of het adres goed is, of ga naar de startpagina."),
    ),
    405: (_l("Dit kan hier niet"), _l("Deze pagina werkt niet op deze manier. Ga terug en probeer het opnieuw.")),
    413: (
        _l("Te groot om te versturen"),
        _l("Wat je stuurt is groter dan we hier aannemen. Maak het bestand kleiner of verdeel het, en probeer het opnieuw."),
    ),
    429: (
        _l("Te veel pogingen"),
        _l("Je hebt het te vaak geprobeerd. Wacht een paar minuten en probeer het dan opnieuw."),
    ),
    500: (_l("Er ging iets mis"), _l("Er ging bij ons iets mis. Het ligt niet aan jou. Probeer het later opnieuw.")),
    503: (
        _l("Even niet bereikbaar"),
        _l("Het systeem is even niet bereikbaar. Het ligt niet aan jou. Probeer het over een paar minuten opnieuw."),
    ),
}
#: API error details in the request's language, instead of werkzeug's English description
API_DETAILS = {
    404: _l("Dit adres bestaat niet in de API, of je mag het niet zien. Kijk in /api/v1/docs welke adressen er zijn."),
    405: _l("Deze methode werkt niet op dit adres. Kijk in /api/v1/docs welke methodes er zijn."),
    413: ERROR_TEXTS[413][1],
}
#: how long a client waits before it tries again when the database does not answer
RETRY_AFTER_SECONDS = 30

CSRF_TEXT = (
    _l("Het formulier is verlopen"),
    _l(
        "Je was te lang weg, of het formulier is ergens anders geopend. "
        "Laad de pagina opnieuw en probeer het nog een keer."
    ),
)


def register_error_pages(app: Flask) -> None:
    """Generic error pages in the layout; problem+json for paths under /api/."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(PoolTimeout, handle_database_unavailable)


def handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if error.code >= 500:
        return handle_server_error(error)
    if is_api_path(request.path):
        response = _problem(error)
    else:
        title, message = CSRF_TEXT if isinstance(error, CSRFError) else _texts(error.code)
        response = current_app.make_response(
            (render_template("errors/error.html", code=error.code, title=title, message=message), error.code)
        )
    if error.code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_server_error(error: HTTPException):
    return _incident(error.code or 500, getattr(error, "original_exception", None) or error)


def handle_database_unavailable(error: Exception):
    """503 when the database does not answer in time (unreachable, hung, a statement over its timeout)."""
    response = current_app.make_response(_incident(503, error))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _incident(code: int, original: BaseException):
    """Logs the exception under a short incident id; shows the id and nothing of the stack."""
    incident = secrets.token_hex(4).upper()
    current_app.logger.error("Incident %s on %s %s", incident, request.method, request.path, exc_info=original)
    _rollback()
    if is_api_path(request.path):
        return problem_response(code, _api_incident_detail(code, incident), incident=incident)
    title, message = _texts(503 if code == 503 else 500)
    try:
        page = render_template("errors/error.html", code=code, title=title, message=message, incident=incident)
    except Exception:  # the layout itself may be what failed
        current_app.logger.exception("Incident %s: the error page could not be shown", incident)
        page = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p><p>Incident {incident}</p>"
    return page, code


def _api_incident_detail(code: int, incident: str):
    if code == 503:
        return _l(
            "Het systeem is even niet bereikbaar. Probeer het over een paar minuten opnieuw. "
            "Noem incident %(incident)s als je contact opneemt.",
            incident=incident,
        )
    return _l("Er ging bij ons iets mis. Noem incident %(incident)s als je contact opneemt.", incident=incident)


def _texts(code: int):
    return ERROR_TEXTS.get(code, (_l("Er ging iets mis"), _l("We konden je verzoek niet verwerken.")))


def _problem(error: HTTPException):
    """An HTTP error for an API client; keeps messages and field errors given to abort()."""
    data = getattr(error, "data", None) or {}
    detail = data.get("message") or API_DETAILS.get(error.code) or error.description
    response = problem_response(error.code, detail, data.get("messages") or data.get("errors"))
    for name, value in (error.get_headers() or []):
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:
        current_app.logger.exception("Rollback after an error failed")
