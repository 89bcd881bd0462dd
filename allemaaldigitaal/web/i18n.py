"""Dutch first, English second (Flask-Babel)."""
from flask import Flask, has_request_context, request, session
from flask_babel import get_locale

from allemaaldigitaal.extensions import babel

LANGUAGES = ("nl", "en")


def select_locale() -> str:
    if not has_request_context():
        return "nl"
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default="nl")


def init_babel(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
