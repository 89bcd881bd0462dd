"""Security headers on every response, and generic error pages in the layout."""
import secrets

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
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
    429: (
        _l("Te veel pogingen"),
        _l("Je hebt het te vaak geprobeerd. Wacht een paar minuten en probeer het dan opnieuw."),
    ),
    500: (_l("Er ging iets mis"), _l("Er ging bij ons iets mis. Het ligt niet aan jou. Probeer het later opnieuw.")),
}

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
    """Logs the exception under a short incident id; shows the id and nothing of the stack."""
    incident = secrets.token_hex(4).upper()
    original = getattr(error, "original_exception", None) or error
    current_app.logger.error("Incident %s on %s %s", incident, request.method, request.path, exc_info=original)
    _rollback()
    code = error.code or 500
    if is_api_path(request.path):
        detail = _l("Er ging bij ons iets mis. Noem incident %(incident)s als je contact opneemt.", incident=incident)
        return problem_response(code, detail, incident=incident)
    title, message = _texts(500)
    try:
        page = render_template("errors/error.html", code=code, title=title, message=message, incident=incident)
    except Exception:  # the layout itself may be what failed
        current_app.logger.exception("Incident %s: the error page could not be shown", incident)
        page = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p><p>Incident {incident}</p>"
    return page, code


def _texts(code: int):
    return ERROR_TEXTS.get(code, (_l("Er ging iets mis"), _l("We konden je verzoek niet verwerken.")))


def _problem(error: HTTPException):
    """An HTTP error for an API client; keeps messages and field errors given to abort()."""
    data = getattr(error, "data", None) or {}
    detail = data.get("message") or error.description
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
