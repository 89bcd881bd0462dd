"""Security headers on every answer, request size limits, and the generic error pages."""
import io
import logging
import re
import socket
import threading
import time
from contextlib import contextmanager

import pytest
from flask import abort, request
from sqlalchemy import text

from allemaaldigitaal.core.access import public
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.security import accepts_uploads

from ..conftest import TEST_DATABASE_URL, make_test_app

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
    with another_app(app, APP_ENV="production", SECRET_KEY="k" * 32, BASE_URL="https://allemaal.example",
                     MAIL_SERVER="smtp.example.org", CONTACT_EMAIL="hulp@allemaal.example",
                     CONTACT_PHONE="030 123 45 67") as production:
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
    assert body["type"] == "about:blank" and body["title"] == "Niet gevonden" and body["status"] == 404
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


MIB = 2**20


class LazyBody(io.RawIOBase):
    """A request body of `size` bytes that are made only when read; counts how many the app read."""

    def __init__(self, size: int):
        self.size, self.position, self.read_bytes = size, 0, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.position

    def seek(self, offset, whence=io.SEEK_SET):
        self.position = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence] + offset
        return self.position

    def readinto(self, buffer):
        count = max(0, min(len(buffer), self.size - self.position))
        buffer[:count] = b"a" * count
        self.position += count
        self.read_bytes += count
        return count


def post_lazy_body(client, path: str, size: int, content_type: str):
    """POST a body of this size; returns the answer and how many bytes of the body the app read."""
    body = LazyBody(size)
    response = client.post(path, input_stream=body, content_type=content_type)
    return response, body.read_bytes


def test_the_default_limits_are_1_mib_and_20_mib_for_uploads(app):
    assert (app.config["MAX_CONTENT_LENGTH"], app.config["UPLOAD_MAX_CONTENT_LENGTH"]) == (MIB, 20 * MIB)


def test_a_150_mb_anonymous_post_is_refused_without_reading_it(client):
    response, read = post_lazy_body(client, "/login", 150 * MIB, "application/x-www-form-urlencoded")
    page = response.get_data(as_text=True)
    assert (response.status_code, read) == (413, 0)
    assert '<h1 class="utrecht-heading-1">Te groot om te versturen</h1>' in page and 'id="main"' in page
    assert_baseline_headers(response)


@pytest.fixture(scope="module")
def size_app(app):
    """An app with a plain form, an upload form and an API endpoint that read what they get."""
    with another_app(app) as sized:
        yield _with_reading_routes(sized)


def _with_reading_routes(sized):
    @public
    def form():
        return {"fields": len(request.form)}

    @public
    @accepts_uploads
    def upload():
        return {"bytes": sum(len(upload.read()) for upload in request.files.values())}

    @public
    def echo():
        return {"keys": len(request.get_json())}

    sized.add_url_rule("/formulier", "form", form, methods=["POST"])
    sized.add_url_rule("/bestand", "upload", upload, methods=["POST"])
    sized.add_url_rule("/api/v1/bestand", "api_upload", upload, methods=["POST"])
    sized.add_url_rule("/api/v1/echo", "echo", echo, methods=["POST"])
    return sized


def a_file(size: int) -> dict:
    return {"bestand": (io.BytesIO(b"x" * size), "apparaten.xlsx")}


def test_an_upload_endpoint_takes_a_file_over_the_global_limit(size_app):
    client = size_app.test_client()
    for path in ("/bestand", "/api/v1/bestand"):
        response = client.post(path, data=a_file(2 * MIB))
        assert (response.status_code, response.get_json()) == (200, {"bytes": 2 * MIB}), path
    assert client.post("/formulier", data=a_file(2 * MIB)).status_code == 413


def test_an_upload_endpoint_refuses_more_than_the_upload_limit_unread(size_app):
    response, read = post_lazy_body(size_app.test_client(), "/bestand", 21 * MIB, "multipart/form-data; boundary=x")
    assert (response.status_code, read) == (413, 0)


def test_api_413_is_problem_json_in_dutch_and_nothing_is_read(size_app):
    response, read = post_lazy_body(size_app.test_client(), "/api/v1/echo", 150 * MIB, "application/json")
    body = response.get_json(force=True)
    assert (response.status_code, read) == (413, 0)
    assert response.content_type == "application/problem+json"
    assert body["status"] == 413 and body["detail"].startswith("Wat je stuurt is groter dan we hier aannemen.")


def test_the_upload_limit_is_in_place_before_the_csrf_check_reads_the_form(app):
    with another_app(app, WTF_CSRF_ENABLED=True) as guarded:
        client = _with_reading_routes(guarded).test_client()
        assert client.post("/bestand", data=a_file(2 * MIB)).status_code == 400  # no CSRF token: refused as expired
        assert client.post("/formulier", data=a_file(2 * MIB)).status_code == 413


def free_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgresql_url(port: int) -> str:
    return f"postgresql+psycopg://allemaal@127.0.0.1:{port}/allemaal"


@contextmanager
def app_on(url: str, **overrides):
    unreachable = make_test_app(url, **overrides)
    try:
        yield unreachable
    finally:
        with unreachable.app_context():
            db.engine.dispose()


def assert_unavailable_page(response):
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert '<h1 class="utrecht-heading-1">Even niet bereikbaar</h1>' in page and re.search(r"Foutcode: [0-9A-F]{8}\.", page)
    assert_baseline_headers(response)


def assert_unavailable_problem(response):
    body = response.get_json(force=True)
    assert response.status_code == 503 and response.content_type == "application/problem+json"
    assert body["incident"] in body["detail"] and body["detail"].startswith("Het systeem is even niet bereikbaar.")


@pytest.mark.parametrize("url", [
    pytest.param(postgresql_url(free_port()), id="postgresql-closed-port"),
    pytest.param("sqlite:////nonexistent-folder/allemaaldigitaal.sqlite", id="sqlite-missing-file"),
])
def test_an_unreachable_database_gives_503_fast_in_the_layout_and_as_problem_json(url):
    with app_on(url) as unreachable:
        client = unreachable.test_client()
        started = time.monotonic()
        assert_unavailable_page(client.get("/"))
        assert_unavailable_problem(client.get("/api/v1/me", headers={"Authorization": "Bearer ad_onbekend"}))
        assert time.monotonic() - started < 2


@pytest.fixture
def hung_server():
    """A port that takes connections and never answers, as a hung database server; it gives up after 10 s."""
    server = socket.create_server(("127.0.0.1", 0))
    giving_up = threading.Timer(10, server.close)
    giving_up.start()
    yield server.getsockname()[1]
    giving_up.cancel()
    server.close()


def test_a_hung_database_server_gives_503_after_the_connect_timeout(hung_server):
    with app_on(postgresql_url(hung_server), DATABASE_CONNECT_TIMEOUT=2) as stuck:
        started = time.monotonic()
        response = stuck.test_client().get("/")
        waited = time.monotonic() - started
    assert_unavailable_page(response)
    assert 1.5 < waited < 5


needs_postgresql = pytest.mark.skipif(not TEST_DATABASE_URL, reason="statement_timeout is a PostgreSQL setting")


@pytest.fixture(scope="module")
def slow_app(app):
    """An app whose statements may take 50 ms, with a page and an API endpoint that take longer."""
    with another_app(app, DATABASE_STATEMENT_TIMEOUT_MS=50) as slow:
        @public
        def sleep():
            db.session.execute(text("SELECT pg_sleep(2)"))
            return "uitgeslapen"

        slow.add_url_rule("/slaap", "sleep", sleep)
        slow.add_url_rule("/api/v1/slaap", "api_sleep", sleep)
        yield slow


@needs_postgresql
def test_a_statement_over_the_timeout_gives_503_in_the_layout_and_as_problem_json(slow_app):
    client = slow_app.test_client()
    started = time.monotonic()
    assert_unavailable_page(client.get("/slaap"))
    assert_unavailable_problem(client.get("/api/v1/slaap"))
    assert time.monotonic() - started < 1.5
