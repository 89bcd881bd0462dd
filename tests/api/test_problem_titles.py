"""Problem titles follow the request's language, like their details; in English they are the HTTP reason phrases."""
from http import HTTPStatus
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from allemaaldigitaal.web.problems import TITLES

from .test_api import assert_problem, bearer, token_for

ENGLISH_CATALOGUE = Path(__file__).resolve().parents[2] / "allemaaldigitaal/translations/en/LC_MESSAGES/messages.po"
#: the same bad requests, each in both languages: method, path, with a token, the answer
BAD_REQUESTS = [
    ("get", "/api/v1/bestaat-niet", False, 404),
    ("get", "/api/v1/me", False, 401),
    ("get", "/api/v1/me?naam=a%00b", True, 422),
    ("post", "/api/v1/me", True, 405),
]


@pytest.fixture
def ask(client, session, make):
    def send(method: str, path: str, with_token: bool, language: str):
        headers = bearer(token_for(session, make.user())) if with_token else {}
        return getattr(client, method)(path, headers={**headers, "Accept-Language": language})

    return send


@pytest.mark.parametrize("method, path, with_token, status", BAD_REQUESTS)
def test_a_dutch_request_gets_a_dutch_title(ask, method, path, with_token, status):
    body = assert_problem(ask(method, path, with_token, "nl"), status)
    assert body["title"] == str(TITLES[status])
    assert body["title"] != HTTPStatus(status).phrase


def test_without_a_language_the_title_is_dutch(client):
    assert client.get("/api/v1/bestaat-niet").get_json(force=True)["title"] == "Niet gevonden"


@pytest.mark.parametrize("method, path, with_token, status", BAD_REQUESTS)
def test_an_english_request_gets_the_english_title(ask, method, path, with_token, status):
    """Needs the English catalogue to hold the titles (see the next test)."""
    body = assert_problem(ask(method, path, with_token, "en-GB,en;q=0.9"), status)
    assert body["title"] == HTTPStatus(status).phrase


def test_the_english_catalogue_gives_each_title_its_http_reason_phrase():
    with open(ENGLISH_CATALOGUE, "rb") as po:
        english = read_po(po, locale="en")
    wrong = {
        status: (str(title), english.get(str(title)).string if english.get(str(title)) else None)
        for status, title in TITLES.items()
        if english.get(str(title)) is None or english.get(str(title)).string != HTTPStatus(status).phrase
    }
    assert wrong == {}


def test_a_status_without_a_title_of_its_own_gets_its_reason_phrase(app):
    from allemaaldigitaal.web.problems import problem_response

    with app.test_request_context(headers={"Accept-Language": "nl"}):
        assert problem_response(418).get_json(force=True)["title"] == "I'm a Teapot"


def test_the_detail_and_the_title_are_in_the_same_language(client):
    dutch = client.get("/api/v1/me", headers={"Accept-Language": "nl"}).get_json(force=True)
    english = client.get("/api/v1/me", headers={"Accept-Language": "en"}).get_json(force=True)
    assert dutch["detail"].startswith("Stuur je API-sleutel mee") and dutch["title"] == "Niet ingelogd"
    assert english["detail"].startswith("Send") and english["title"] == "Unauthorized"


@pytest.mark.parametrize("method, path, with_token, status", [("get", "/api/v1/bestaat-niet", False, 404),
                                                              ("post", "/api/v1/me", True, 405)])
def test_a_missing_address_or_method_is_explained_in_the_request_language(ask, method, path, with_token, status):
    dutch = ask(method, path, with_token, "nl").get_json(force=True)["detail"]
    english = ask(method, path, with_token, "en").get_json(force=True)["detail"]
    assert "/api/v1/docs" in dutch and "/api/v1/docs" in english
    assert dutch != english and " adres" in dutch and "address" in english
