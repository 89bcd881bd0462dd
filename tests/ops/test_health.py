"""GET /health: ok or fail for a load balancer, which check failed for a coordinator."""
import pytest
from sqlalchemy import text

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.extensions import db

from ..conftest import make_test_app
from ..web.test_security_headers import free_port, postgresql_url


def assert_plain_answer(response, status: int, body: dict):
    assert (response.status_code, response.get_json()) == (status, body)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_health_is_ok_on_a_migrated_database(client):
    assert_plain_answer(client.get("/health"), 200, {"status": "ok"})


@pytest.fixture
def behind_on_migrations(session):
    """The database records an older revision than the migration scripts' head (rolled back after the test)."""
    session.execute(text("UPDATE alembic_version SET version_num = '0001'"))


def test_health_fails_without_details_when_migrations_are_behind(client, behind_on_migrations):
    assert_plain_answer(client.get("/health"), 503, {"status": "fail"})


def test_health_fails_when_a_revision_is_unknown_to_the_scripts(client, session):
    session.execute(text("INSERT INTO alembic_version (version_num) VALUES ('9999')"))
    assert_plain_answer(client.get("/health"), 503, {"status": "fail"})


def test_a_coordinator_sees_which_check_failed(client, make, login, behind_on_migrations):
    login(client, make.user(K.COORDINATOR))
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "fail", "checks": {"database": "ok", "migrations": "fail"}}


@pytest.mark.parametrize("kind", [K.DONOR, K.REFURBISHER, K.CARE])
def test_other_signed_in_users_see_only_ok_or_fail(client, make, login, behind_on_migrations, kind):
    login(client, make.user(kind))
    assert client.get("/health").get_json() == {"status": "fail"}


def test_health_fails_on_a_database_that_was_never_migrated(empty_app):
    assert_plain_answer(empty_app.test_client().get("/health"), 503, {"status": "fail"})


@pytest.mark.parametrize("url", [
    pytest.param(postgresql_url(free_port()), id="postgresql-closed-port"),
    pytest.param("sqlite:////nonexistent-folder/allemaaldigitaal.sqlite", id="sqlite-missing-file"),
])
def test_health_fails_as_json_when_the_database_is_unreachable(url):
    unreachable = make_test_app(url)
    try:
        assert_plain_answer(unreachable.test_client().get("/health"), 503, {"status": "fail"})
    finally:
        with unreachable.app_context():
            db.engine.dispose()
