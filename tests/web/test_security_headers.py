"""Security headers on every answer, and the generic error pages."""
import logging
import re
from contextlib import contextmanager

import pytest
from flask import abort

from allemaaldigitaal.core.access import public
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.extensions import db

from ..conftest import make_test_app

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'self'; frame-ancestors 'none'; object-src 'none'"
)
SECRET_DETAIL = "database password is hunter2"


@contextmanager
def another_app(app, **overrides):
    """A second app on the same (already migrated) database, with other settings."""
    other = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], **overrides)
    try:
        yield other
    finally:
        with other.app_context():
            db.engine.dispose()


def assert_baseline_headers(response):
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(("path", "status"), [
    ("/", 200), ("/bestaat-niet", 404), ("/static/css/app.css", 200), ("/api/v1/bestaat-niet", 404),
])
def test_every_answer_carries_the_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert_baseline_headers(response)
    assert "Strict-Transport-Security" not in response.headers


def test_a_redirect_carries_the_security_headers(client):
    response = client.post("/taal", data={"lang": "nl", "next": "/"})
    assert response.status_code == 302
    assert_baseline_headers(response)


def test_hsts_is_sent_in_production_only(app):
    with another_app(app, APP_ENV="production") as production:
        response = production.test_client().get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert_baseline_headers(response)


def test_signed_in_pages_are_never_stored(client, make, login):
    login(client, make.user(OrganisationKind.DONOR))
    for path in ("/", "/privacy", "/bestaat-niet"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    assert client.get("/static/css/app.css").headers.get("Cache-Control") != "no-store"


def test_public_pages_for_visitors_may_be_cached(client):
    assert client.get("/").headers.get("Cache-Control") != "no-store"


def test_api_answers_are_never_stored(client):
    assert client.get("/api/v1/bestaat-niet").headers["Cache-Control"] == "no-store"


def test_api_errors_are_problem_json(client):
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    body = response.get_json(force=True)
    assert body["type"] == "about:blank" and body["title"] == "Not Found" and body["status"] == 404
    assert body["detail"]


@pytest.fixture(scope="module")
def failing_app(app):
    """A separate app that shows error pages instead of raising, with routes that fail on purpose."""
    with another_app(app, PROPAGATE_EXCEPTIONS=False) as failing:
        yield _with_failing_routes(failing)


def _with_failing_routes(failing):
    @public
    def broken():
        raise RuntimeError(SECRET_DETAIL)

    @public
    def refuse(code):
        abort(code)

    for prefix in ("", "/api/v1"):
        failing.add_url_rule(f"{prefix}/kapot", f"broken{prefix}", broken)
        failing.add_url_rule(f"{prefix}/fout/<int:code>", f"refuse{prefix}", refuse)
    return failing


def test_server_error_page_shows_an_incident_id_and_nothing_of_the_stack(failing_app, caplog):
    with caplog.at_level(logging.ERROR):
        response = failing_app.test_client().get("/kapot")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    incident = re.search(r"Foutcode: ([0-9A-F]{8})\.", page).group(1)
    assert SECRET_DETAIL not in page and "Traceback" not in page and "RuntimeError" not in page
    assert 'class="utrecht-body"' in page and "0800-1508" in page
    logged = [record for record in caplog.records if incident in record.getMessage()]
    assert logged and logged[0].exc_info and SECRET_DETAIL in str(logged[0].exc_info[1])
    assert_baseline_headers(response)


def test_each_server_error_gets_its_own_incident_id(failing_app):
    client = failing_app.test_client()
    pages = [client.get("/kapot").get_data(as_text=True) for _ in range(3)]
    ids = {re.search(r"Foutcode: ([0-9A-F]{8})", page).group(1) for page in pages}
    assert len(ids) == 3


def test_api_server_error_is_problem_json_with_the_incident(failing_app):
    response = failing_app.test_client().get("/api/v1/kapot")
    body = response.get_json(force=True)
    assert response.status_code == 500 and response.content_type == "application/problem+json"
    assert re.fullmatch(r"[0-9A-F]{8}", body["incident"]) and body["incident"] in body["detail"]
    assert SECRET_DETAIL not in response.get_data(as_text=True)


@pytest.mark.parametrize(("code", "title"), [
    (400, "Dit verzoek klopt niet"),
    (403, "Geen toegang"),
    (404, "Pagina niet gevonden"),
    (429, "Te veel pogingen"),
])
def test_error_pages_are_plain_dutch_in_the_layout(failing_app, code, title):
    response = failing_app.test_client().get(f"/fout/{code}")
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert f'<h1 class="utrecht-heading-1">{title}</h1>' in page
    assert 'href="tel:08001508"' in page and 'id="main"' in page
    assert_baseline_headers(response)


@pytest.mark.parametrize("code", [400, 403, 404, 429])
def test_api_error_answers_are_problem_json(failing_app, code):
    response = failing_app.test_client().get(f"/api/v1/fout/{code}")
    assert response.status_code == code and response.content_type == "application/problem+json"
    assert response.get_json(force=True)["status"] == code


def test_wrong_method_page_keeps_the_allow_header(client):
    response = client.post("/privacy")
    assert response.status_code == 405
    assert "Dit kan hier niet" in response.get_data(as_text=True)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}


def test_expired_form_gets_a_clear_message(app):
    with another_app(app, WTF_CSRF_ENABLED=True) as guarded:
        response = guarded.test_client().post("/taal", data={"lang": "en", "next": "/"})
    assert response.status_code == 400
    assert "Het formulier is verlopen" in response.get_data(as_text=True)
