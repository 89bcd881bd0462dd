"""The campaign's contact (CONTACT_EMAIL, CONTACT_PHONE): on the statements, and required in production."""
import re

import pytest

from allemaaldigitaal.config import ConfigError, load_config

STATEMENTS = ("/toegankelijkheid", "/privacy")
PLACEHOLDER = "Ze zijn nog niet ingesteld (CONTACT_EMAIL en CONTACT_PHONE)."
SAFE_PRODUCTION = {
    "APP_ENV": "production",
    "SECRET_KEY": "a-production-secret-of-at-least-32-bytes",
    "BASE_URL": "https://allemaaldigitaal.example",
    "MAIL_SERVER": "smtp.allemaaldigitaal.example",
    "MAIL_URL": "smtp://smtp.allemaaldigitaal.example:587",
    "CONTACT_EMAIL": "hulp@allemaaldigitaal.example",
    "CONTACT_PHONE": "030 123 45 67",
}


@pytest.fixture
def contact(app, monkeypatch):
    def set_contact(email: str | None, phone: str | None) -> None:
        monkeypatch.setitem(app.config, "CONTACT_EMAIL", email)
        monkeypatch.setitem(app.config, "CONTACT_PHONE", phone)

    return set_contact


@pytest.mark.parametrize("path", STATEMENTS)
def test_the_statements_show_the_campaigns_address_and_phone_as_links(client, contact, path):
    contact("hulp@allemaaldigitaal.example", "030 - 123 45 67")
    page = client.get(path).get_data(as_text=True)
    assert '<a class="utrecht-link utrecht-link--html-a" href="mailto:hulp@allemaaldigitaal.example">' in page
    assert re.search(r'href="tel:0301234567">030 - 123 45 67</a>', page)
    assert PLACEHOLDER not in page


@pytest.mark.parametrize("email, phone, shown, hidden", [
    ("hulp@allemaaldigitaal.example", None, "mailto:", "tel:0"),
    (None, "+31 30 123 4567", "tel:+31301234567", "mailto:"),
])
def test_a_contact_with_only_one_way_shows_that_one(client, contact, email, phone, shown, hidden):
    contact(email, phone)
    page = client.get("/privacy").get_data(as_text=True)
    main = page[page.index("<main"):page.index("</main>")]
    assert shown in main and hidden not in main and PLACEHOLDER not in main


@pytest.mark.parametrize("path", STATEMENTS)
def test_without_a_contact_the_statements_say_plainly_that_it_is_not_set_yet(client, contact, path):
    contact(None, None)
    page = client.get(path).get_data(as_text=True)
    assert PLACEHOLDER in page
    assert "mailto:" not in page[page.index("<main"):page.index("</main>")]


@pytest.fixture
def environment(monkeypatch):
    """set_environment(**values): exactly these settings in the environment, nothing else of ours."""
    def set_environment(**values: str) -> None:
        for name in {*SAFE_PRODUCTION, "WEB_CONCURRENCY", "RATELIMIT_STORAGE_URI", "DATABASE_URL"}:
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_environment


def refusals(tmp_path) -> list[str]:
    with pytest.raises(ConfigError) as refused:
        load_config(str(tmp_path))
    return [line.removeprefix("- ").split(" ")[0] for line in str(refused.value).splitlines()[1:]]


@pytest.mark.parametrize("missing", ["CONTACT_EMAIL", "CONTACT_PHONE"])
def test_production_refuses_to_start_without_the_campaigns_contact(environment, tmp_path, missing):
    environment(**{name: value for name, value in SAFE_PRODUCTION.items() if name != missing})
    named = refusals(tmp_path)
    assert missing in named and ({"CONTACT_EMAIL", "CONTACT_PHONE"} - {missing}).isdisjoint(named)


def test_production_counts_a_contact_of_only_spaces_as_missing_and_names_both_at_once(environment, tmp_path):
    environment(**{**SAFE_PRODUCTION, "CONTACT_EMAIL": "  ", "CONTACT_PHONE": ""})
    assert {"CONTACT_EMAIL", "CONTACT_PHONE"} <= set(refusals(tmp_path))


def test_production_starts_with_the_contact_and_keeps_it(environment, tmp_path):
    environment(**SAFE_PRODUCTION)
    settings = load_config(str(tmp_path))
    assert (settings["CONTACT_EMAIL"], settings["CONTACT_PHONE"]) == ("hulp@allemaaldigitaal.example", "030 123 45 67")


def test_outside_production_the_contact_may_be_missing(environment, tmp_path):
    environment(APP_ENV="development")
    settings = load_config(str(tmp_path))
    assert (settings["CONTACT_EMAIL"], settings["CONTACT_PHONE"]) == (None, None)
