"""Dates, times and numbers follow the language (English as in Britain) and show Dutch time."""
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from flask import render_template_string
from flask_babel import force_locale, get_locale
from hypothesis import given, strategies as st

from allemaaldigitaal.web.formatting import format_date, format_datetime, format_number, tel_uri

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
WINTER = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # CET, UTC+1
SUMMER = datetime(2026, 7, 7, 13, 0, tzinfo=UTC)  # CEST, UTC+2


@pytest.fixture
def in_language(app):
    """in_language(accept_language): a request context whose locale comes from that header, as a browser sends it."""
    contexts = []

    def enter(accept_language: str):
        # a fresh app context too: Flask-Babel keeps the locale on flask.g
        for context in (app.app_context(), app.test_request_context(headers={"Accept-Language": accept_language})):
            context.push()
            contexts.append(context)

    yield enter
    for context in reversed(contexts):
        context.pop()


@pytest.mark.parametrize("accept, expected", [
    ("nl", "7 december 2026, 15:00"),
    ("en-GB,en;q=0.9", "7 December 2026, 15:00"),
    ("en-US,en;q=0.9", "7 December 2026, 15:00"),
])
def test_a_moment_is_written_out_in_the_readers_language(in_language, accept, expected):
    in_language(accept)
    assert format_datetime(WINTER) == expected


@pytest.mark.parametrize("accept, winter, summer", [
    ("nl", "7 december 2026, 15:00", "7 juli 2026, 15:00"),
    ("en", "7 December 2026, 15:00", "7 July 2026, 15:00"),
])
def test_a_utc_moment_shows_the_amsterdam_hour_in_winter_and_in_summer(in_language, accept, winter, summer):
    in_language(accept)
    assert (format_datetime(WINTER), format_datetime(SUMMER)) == (winter, summer)


def test_a_moment_in_another_zone_and_a_naive_utc_moment_show_the_same_amsterdam_hour(in_language):
    in_language("nl")
    new_york = WINTER.astimezone(timezone(timedelta(hours=-5)))
    assert format_datetime(new_york) == format_datetime(WINTER.replace(tzinfo=None)) == "7 december 2026, 15:00"


def test_a_date_is_the_day_in_amsterdam(in_language):
    in_language("nl")
    late_evening = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already New Year in Amsterdam
    assert format_date(late_evening) == "1 januari 2027"
    assert format_date(date(2026, 12, 7)) == "7 december 2026"
    in_language("en")
    assert format_date(date(2026, 12, 7)) == "7 December 2026"


@pytest.mark.parametrize("accept, expected", [
    ("nl", ["1.234", "1.234.567", "0", "1.234,5"]),
    ("en", ["1,234", "1,234,567", "0", "1,234.5"]),
])
def test_numbers_group_thousands_as_the_language_does(in_language, accept, expected):
    in_language(accept)
    assert [format_number(value) for value in (1234, 1234567, 0, 1234.5)] == expected


def test_nothing_is_written_for_a_missing_value(in_language):
    in_language("nl")
    assert (format_datetime(None), format_date(None), format_number(None)) == ("", "", "")


def test_mails_in_english_use_british_dates_too(app):
    """A mail is written under force_locale("en"), not the request's locale."""
    with app.test_request_context(), force_locale("en"):
        assert format_datetime(WINTER) == "7 December 2026, 15:00"


def test_english_pages_use_the_british_locale_and_its_texts_come_from_the_english_catalogue(in_language):
    in_language("en")
    assert str(get_locale()) == "en_GB"
    assert render_template_string("{{ _('Naar de inhoud') }}") == "Skip to content"


@pytest.mark.parametrize("accept, lang", [("en-GB,en;q=0.9", "en"), ("en-US", "en"), ("nl", "nl"), ("", "nl")])
def test_the_page_names_its_language_with_a_valid_tag(app, accept, lang):
    page = app.test_client().get("/privacy", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert re.search(r'<html lang="([^"]*)"', page).group(1) == lang


def test_templates_offer_the_filters(in_language):
    in_language("nl")
    page = render_template_string("{{ moment | datetime }}|{{ moment | date }}|{{ 1234 | number }}", moment=WINTER)
    assert page == "7 december 2026, 15:00|7 december 2026|1.234"


def test_no_template_formats_dates_with_flask_babels_filters():
    """datetimeformat and friends write English the American way under force_locale("en") ("12/7/26")."""
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.*")
        for match in re.finditer(r"\|\s*(datetimeformat|dateformat|timeformat)\b", path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize("written, uri", [
    ("030 - 123 45 67", "tel:0301234567"),
    ("+31 (0)30 123 4567", "tel:+31301234567"),
    ("0800-1508", "tel:08001508"),
])
def test_a_phone_number_becomes_a_link_a_phone_can_dial(written, uri):
    assert tel_uri(written) == uri


@given(st.integers(0, 10**12))
def test_any_whole_number_reads_back_in_both_languages(app, number):
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        dutch = format_number(number)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        english = format_number(number)
    assert int(dutch.replace(".", "")) == int(english.replace(",", "")) == number
    assert dutch.replace(".", ",") == english


@given(st.integers(-10**15, 10**15))
def test_a_whole_number_is_written_as_babel_writes_it(app, number):
    """The quick way for whole numbers gives exactly what babel's format_decimal gives, in both languages."""
    for language, locale in (("nl", "nl"), ("en", "en_GB")):
        with app.test_request_context(headers={"Accept-Language": language}):
            assert format_number(number) == format_decimal(number, locale=locale)
