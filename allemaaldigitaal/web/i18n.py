"""Dutch first, English second (Flask-Babel); dates and numbers follow the language (formatting.py)."""
from flask import Flask, has_request_context, request, session
from flask_babel import get_locale

from allemaaldigitaal.extensions import babel

from .formatting import register_filters

LANGUAGES = ("nl", "en")
#: the locale of each language: English as in Britain ("7 December 2026"); its texts come from the en catalogue
LOCALES = {"nl": "nl", "en": "en_GB"}


def select_language() -> str:
    """The language chosen with the switch, else the browser's, else Dutch."""
    if not has_request_context():
        return "nl"
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default="nl")


def select_locale() -> str:
    return LOCALES[select_language()]


def init_babel(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    register_filters(app)
