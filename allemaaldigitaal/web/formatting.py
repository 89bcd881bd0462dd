"""Dates, times and numbers in the reader's language, in Dutch time: "7 december 2026, 15:00", "1.234".

English follows British conventions (en_GB: "7 December 2026, 15:00", "1,234"), never the US "12/7/26".
Use these (or their Jinja filters datetime, date and number) rather than Flask-Babel's format_* functions:
pages run in en_GB (web/i18n.py), but a mail written under force_locale("en") would get the American way.
"""
import re
from datetime import date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date as babel_format_date, format_datetime as babel_format_datetime
from babel.numbers import format_decimal, get_group_symbol
from flask_babel import get_locale, get_timezone

#: the locale that formats for a language of the catalogue, where the two differ
FORMAT_LOCALES = {"en": "en_GB"}
DATE_PATTERN = "d MMMM y"
DATETIME_PATTERN = "d MMMM y, HH:mm"


def format_locale() -> Locale:
    """The locale for dates and numbers: the reader's language, English as in Britain."""
    language = getattr(get_locale(), "language", None) or "nl"
    return _parsed(FORMAT_LOCALES.get(language, language))


@cache
def _parsed(name: str) -> Locale:
    return Locale.parse(name)


@cache
def _group_symbol(locale: Locale) -> str:
    return get_group_symbol(locale=locale)


def format_datetime(value: datetime | None) -> str:
    """'7 december 2026, 15:00' in Amsterdam time; a naive datetime counts as UTC."""
    if value is None:
        return ""
    return babel_format_datetime(value, DATETIME_PATTERN, tzinfo=get_timezone(), locale=format_locale())


def format_date(value: date | datetime | None) -> str:
    """'7 december 2026'; a datetime gives its day in Amsterdam."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return babel_format_datetime(value, DATE_PATTERN, tzinfo=get_timezone(), locale=format_locale())
    return babel_format_date(value, DATE_PATTERN, locale=format_locale())


def format_number(value: int | float | None) -> str:
    """'1.234' in Dutch, '1,234' in English."""
    if value is None:
        return ""
    if type(value) is int:  # a dashboard shows hundreds: in groups of three, as format_decimal does, but quicker
        return f"{value:,}".replace(",", _group_symbol(format_locale()))
    return format_decimal(value, locale=format_locale())


def tel_uri(number: str) -> str:
    """A phone number as written ('030 - 123 45 67', '+31 (0)30 123 4567') as a link: 'tel:0301234567', 'tel:+31301234567'."""
    number = number.replace("(0)", "").strip()
    return "tel:" + ("+" if number.startswith("+") else "") + re.sub(r"[^0-9]", "", number)


def register_filters(app) -> None:
    app.jinja_env.filters.update(datetime=format_datetime, date=format_date, number=format_number, tel_uri=tel_uri)
