"""The API base: bearer tokens decide who calls, never the session cookie; errors are problem+json."""
import re

import pytest
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from allemaaldigitaal.accounts.tokens import create_token, revoke_token
from allemaaldigitaal.api import register_api_blueprint
from allemaaldigitaal.api.spec import ApiBlueprint
from allemaaldigitaal.core.access import allow, public, signed_in
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import ApiToken, AuditEvent
from allemaaldigitaal.extensions import db

from ..conftest import make_test_app
from ..factories import PASSWORD

PROBLEM = "application/problem+json"


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def token_for(session, user) -> str:
    _token, raw = create_token(user, "test")
    session.flush()
    return raw


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"]
    return body


@pytest.mark.parametrize("kind", list(K))
def test_me_answers_the_tokens_user_organisation_and_kind(client, session, make, kind):
    user = make.user(kind, name="Ans de Vries")
    response = client.get("/api/v1/me", headers=bearer(token_for(session, user)))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {
        "user": {"id": user.id, "email": user.email, "name": "Ans de Vries"},
        "organisation": {"id": user.organisation.id, "name": user.organisation.name},
        "kind": kind.value,
    }


def test_api_answers_are_not_cached(client, session, make):
    response = client.get("/api/v1/me", headers=bearer(token_for(session, make.user())))
    assert response.headers["Cache-Control"] == "no-store"


def test_using_a_token_notes_when_it_was_last_used(client, session, make):
    token, raw = create_token(make.user(), "script")
    session.flush()
    assert token.last_used_at is None
    client.get("/api/v1/me", headers=bearer(raw))
    session.refresh(token)
    assert token.last_used_at is not None


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer ad_not-a-real-token", "Basic dXNlcjpwYXNz", "Token ad_x"])
def test_no_or_a_wrong_token_answers_401_problem_with_a_bearer_challenge(client, make, header):
    make.user()
    response = client.get("/api/v1/me", headers={"Authorization": header} if header else {})
    body = assert_problem(response, 401)
    assert body["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_answers_401(client, session, make):
    token, raw = create_token(make.user(), "old")
    revoke_token(token)
    session.flush()
    response = client.get("/api/v1/me", headers=bearer(raw))
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_deactivated_user_answers_401(client, session, make):
    user = make.user()
    raw = token_for(session, user)
    user.active = False
    session.flush()
    assert_problem(client.get("/api/v1/me", headers=bearer(raw)), 401)


def test_a_user_of_a_deactivated_organisation_answers_401(client, session, make):
    user = make.user(K.CARE)
    raw = token_for(session, user)
    user.organisation.active = False
    session.flush()
    assert_problem(client.get("/api/v1/me", headers=bearer(raw)), 401)


def test_a_signed_in_browser_session_does_not_authenticate_the_api(client, make, login):
    user = make.user(K.DONOR)
    login(client, user)
    assert client.get("/profiel/tokens").status_code == 200  # the session works on web pages
    assert_problem(client.get("/api/v1/me"), 401)


def test_with_a_session_and_a_token_the_token_decides(client, session, make, login):
    browser_user = make.user(K.COORDINATOR)
    token_user = make.user(K.DONOR)
    login(client, browser_user)
    response = client.get("/api/v1/me", headers=bearer(token_for(session, token_user)))
    assert response.get_json()["user"]["id"] == token_user.id
    assert client.get("/profiel/tokens").status_code == 200  # and the browser session is untouched


def test_an_unknown_api_path_answers_404_problem(client):
    assert_problem(client.get("/api/v1/does-not-exist"), 404)


def test_a_wrong_method_answers_405_problem_with_allow(client, session, make):
    response = client.delete("/api/v1/me", headers=bearer(token_for(session, make.user())))
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


# A probe feature, registered on its own app exactly as later features register theirs.

probe = ApiBlueprint("api_probe", __name__, description="Only in these tests.")


class NameSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(max=10))


@probe.route("/probe/coordinators")
@allow(K.COORDINATOR)
@probe.response(200, NameSchema)
def coordinators_only():
    return {"name": "ok"}


@probe.route("/probe/names", methods=["POST"])
@signed_in
@probe.arguments(NameSchema)
@probe.response(200, NameSchema)
def echo_name(data):
    return data


@probe.route("/probe/refused", methods=["POST"])
@signed_in
def refused():
    raise DomainError("Deze naam is al in gebruik.", "name")


@probe.route("/probe/open")
@public
def open_to_all():
    return {"open": True}


@pytest.fixture(scope="module")
def probe_app(app):
    """The app on the same database, with CSRF on and the probe feature registered."""
    application = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], WTF_CSRF_ENABLED=True)
    register_api_blueprint(application, probe)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def probe_client(probe_app, session):
    """Its requests share one app context, so they all work in the test's rolled-back transaction."""
    with probe_app.app_context():
        yield probe_app.test_client()


def test_a_kind_without_permission_answers_403_problem_and_is_audited(probe_client, session, make):
    donor = make.user(K.DONOR)
    response = probe_client.get("/api/v1/probe/coordinators", headers=bearer(token_for(session, donor)))
    assert_problem(response, 403)
    denied = select(AuditEvent).where(AuditEvent.action == "access_denied", AuditEvent.actor_id == donor.id)
    assert session.scalar(denied) is not None


def test_a_token_has_its_users_permissions(probe_client, session, make):
    coordinator = make.user(K.COORDINATOR)
    response = probe_client.get("/api/v1/probe/coordinators", headers=bearer(token_for(session, coordinator)))
    assert response.status_code == 200


def test_invalid_input_answers_422_problem_with_field_errors(probe_client, session, make):
    raw = token_for(session, make.user())
    response = probe_client.post("/api/v1/probe/names", json={"name": "far too long a name"}, headers=bearer(raw))
    body = assert_problem(response, 422)
    assert list(body["errors"]["json"]) == ["name"]
    missing = assert_problem(probe_client.post("/api/v1/probe/names", json={}, headers=bearer(raw)), 422)
    assert "name" in missing["errors"]["json"]


def test_a_services_domain_error_answers_422_problem_for_its_field(probe_client, session, make):
    response = probe_client.post("/api/v1/probe/refused", json={}, headers=bearer(token_for(session, make.user())))
    body = assert_problem(response, 422)
    assert body["detail"] == "Deze naam is al in gebruik."
    assert body["errors"] == {"json": {"name": ["Deze naam is al in gebruik."]}}


def test_api_posts_need_no_csrf_token_but_web_forms_do(probe_client, session, make):
    raw = token_for(session, make.user())
    response = probe_client.post("/api/v1/probe/names", json={"name": "Ans"}, headers=bearer(raw))
    assert response.status_code == 200
    assert response.get_json() == {"name": "Ans"}
    tokens = session.scalar(select(func.count()).select_from(ApiToken))
    assert probe_client.post("/profiel/tokens", data={"name": "x"}, headers=bearer(raw)).status_code == 400
    assert session.scalar(select(func.count()).select_from(ApiToken)) == tokens


def test_a_public_api_endpoint_needs_no_token(probe_client):
    assert probe_client.get("/api/v1/probe/open").get_json() == {"open": True}


def test_probe_endpoints_are_documented_from_their_access_decorators(probe_client):
    paths = probe_client.get("/api/v1/openapi.json").get_json()["paths"]
    coordinators = paths["/api/v1/probe/coordinators"]["get"]
    assert coordinators["security"] == [{"bearerAuth": []}]
    assert set(coordinators["responses"]) >= {"200", "401", "403"}
    assert coordinators["x-organisation-kinds"] == ["coordinator"]
    names = paths["/api/v1/probe/names"]["post"]
    assert set(names["responses"]) >= {"200", "401", "422"}
    assert "403" not in names["responses"]
    assert paths["/api/v1/probe/open"]["get"]["security"] == []


def test_a_browser_session_cannot_post_to_the_api_without_a_token(probe_client, make):
    user = make.user(K.DONOR, password=PASSWORD)
    form = probe_client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)[1]
    response = probe_client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf})
    assert response.status_code == 302 and probe_client.get("/profiel").status_code == 200
    assert_problem(probe_client.post("/api/v1/probe/names", json={"name": "ok"}), 401)


def test_an_api_blueprint_always_lives_under_the_api_prefix():
    assert ApiBlueprint("api_elsewhere", __name__, url_prefix="/extra").url_prefix == "/api/v1/extra"
    assert ApiBlueprint("api_plain", __name__).url_prefix == "/api/v1"
