"""Dutch by default, English on request; catalogues complete and in step with the code."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from allemaaldigitaal.extensions import db

from ..conftest import make_test_app

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "allemaaldigitaal" / "translations"
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2"]


def catalogue(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def singular(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    """The .mo files as `make translations` builds them, when they are missing or older than the .po."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with open(po, "rb") as source, open(mo, "wb") as target:
                write_mo(target, read_po(source))


@pytest.fixture
def visitor(app):
    """A client whose every request gets its own app context, so nothing of one request's locale is reused."""
    return app.test_client()


def html_lang(response) -> str:
    return re.search(r'<html lang="([a-z]+)"', response.get_data(as_text=True)).group(1)


def test_pages_are_dutch_by_default(visitor):
    response = visitor.get("/")
    assert html_lang(response) == "nl"
    assert "Naar de inhoud" in response.get_data(as_text=True)


def test_a_browser_that_asks_for_english_gets_english(visitor):
    response = visitor.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    page = response.get_data(as_text=True)
    assert html_lang(response) == "en"
    assert "Skip to content" in page and "Naar de inhoud" not in page
    assert 'aria-label="Main menu"' in page


def test_a_language_we_do_not_have_falls_back_to_dutch(visitor):
    assert html_lang(visitor.get("/", headers={"Accept-Language": "de"})) == "nl"


def test_language_switch_changes_the_language_and_remembers_it(visitor):
    response = visitor.post("/taal", data={"lang": "en", "next": "/privacy"})
    assert response.status_code == 302 and response.headers["Location"] == "/privacy"
    assert html_lang(visitor.get("/")) == "en"
    assert html_lang(visitor.get("/toegankelijkheid")) == "en"
    visitor.post("/taal", data={"lang": "nl", "next": "/"})
    assert html_lang(visitor.get("/", headers={"Accept-Language": "en"})) == "nl"


def test_chosen_language_survives_signing_in(client, make, login):
    client.post("/taal", data={"lang": "en", "next": "/"})
    login(client, make.user())
    with client.session_transaction() as session:
        assert session["lang"] == "en"


def test_language_switch_ignores_a_language_we_do_not_have(visitor):
    visitor.post("/taal", data={"lang": "de", "next": "/"})
    assert html_lang(visitor.get("/")) == "nl"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "", "privacy",
])
def test_language_switch_never_sends_you_to_another_site(visitor, target):
    response = visitor.post("/taal", data={"lang": "en", "next": target})
    assert response.headers["Location"] == "/"


def test_language_switch_needs_a_csrf_token(app):
    guarded = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], WTF_CSRF_ENABLED=True)
    client = guarded.test_client()
    assert client.post("/taal", data={"lang": "en", "next": "/"}).status_code == 400
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/taal", data={"lang": "en", "next": "/", "csrf_token": token})
    assert response.status_code == 302 and html_lang(client.get("/")) == "en"
    with guarded.app_context():
        db.engine.dispose()


def test_every_text_has_an_english_translation():
    english = catalogue("en")
    missing = [message.id for message in english if message.id and not all(
        message.string if isinstance(message.string, tuple) else [message.string]
    )]
    fuzzy = [message.id for message in english if message.id and message.fuzzy]
    assert not missing, f"untranslated in en: {missing}"
    assert not fuzzy, f"fuzzy (unchecked) in en: {fuzzy}"


def test_catalogues_hold_every_text_in_the_code(tmp_path):
    extracted = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg", *KEYWORDS,
         "-o", str(extracted), "."],
        cwd=ROOT, check=True,
    )
    with open(extracted, "rb") as pot:
        in_code = {singular(message) for message in read_po(pot) if message.id}
    for language in ("en", "nl"):
        missing = sorted(in_code - {singular(message) for message in catalogue(language)})
        assert not missing, f"not yet in the {language} catalogue (run the commands in babel.cfg): {missing}"
