"""Personal API tokens: stored only hashed, shown once, revocable by their owner only, and made by the CLI."""
import hashlib
import re

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.accounts.tokens import create_token, revoke_token, user_for_token
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import ApiToken, AuditEvent
from allemaaldigitaal.extensions import db

from ..api.test_openapi import ORIGIN, axe_violations, browser_on

TOKEN = re.compile(r"ad_[A-Za-z0-9_-]{43}")


def audits(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def token_count(session) -> int:
    return session.scalar(select(func.count()).select_from(ApiToken))


def every_stored_value(session) -> list[str]:
    """Every value in every column of every table, as text."""
    values = []
    for table in db.metadata.sorted_tables:
        for row in session.execute(select(table)):
            values.extend(str(value) for value in row if value is not None)
    return values


# The service


def test_a_new_token_is_random_recognisable_and_stored_only_as_its_hash(session, make):
    token, raw = create_token(make.user(), "Voorraadscript")
    session.flush()
    assert TOKEN.fullmatch(raw)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:8]
    assert create_token(make.user(), "Tweede")[1] != raw


def test_the_raw_token_appears_in_no_database_column(session, make):
    _token, raw = create_token(make.user(), "Voorraadscript")
    session.flush()
    stored = every_stored_value(session)
    secret_part = raw[len("ad_"):]
    assert not [value for value in stored if secret_part in value]


def test_making_and_revoking_are_audited_by_name_and_prefix_never_the_token(session, make):
    user = make.user()
    token, raw = create_token(user, "Voorraadscript")
    revoke_token(token)
    session.flush()
    for action in ("token_created", "token_revoked"):
        [event] = audits(session, action)
        assert event.actor_id == user.id
        assert event.subject == f"Voorraadscript ({token.prefix}…)"
        assert raw not in (event.subject + (event.detail or ""))


def test_revoking_twice_changes_nothing_more(session, make):
    token, _raw = create_token(make.user(), "x")
    revoke_token(token)
    first = token.revoked_at
    revoke_token(token)
    assert token.revoked_at == first
    assert len(audits(session, "token_revoked")) == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_short_name(session, make, name):
    with pytest.raises(DomainError) as refused:
        create_token(make.user(), name)
    assert refused.value.field == "name"


def test_user_for_token_refuses_what_does_not_look_like_a_token(session, make):
    create_token(make.user(), "x")
    session.flush()
    for raw in (None, "", "ad_", "no-prefix", "ad_" + "x" * 500):
        assert user_for_token(raw) is None


# The token pages


def test_signing_in_is_needed_for_the_token_page(client):
    response = client.get("/profiel/tokens")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_token_page_lists_only_your_own_tokens(client, session, make, login):
    user = make.user(K.COORDINATOR)
    create_token(user, "Mijn script")
    create_token(make.user(K.DONOR), "Script van een ander")
    session.flush()
    login(client, user)
    page = client.get("/profiel/tokens").get_data(as_text=True)
    assert "Mijn script" in page
    assert "Script van een ander" not in page


def test_making_a_token_shows_it_once_and_it_works(client, session, make, login):
    user = make.user(K.REFURBISHER)
    login(client, user)
    response = client.post("/profiel/tokens", data={"name": "Werkplaatsscanner"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    [raw] = set(TOKEN.findall(response.get_data(as_text=True)))
    assert raw not in client.get("/profiel/tokens").get_data(as_text=True)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.get_json()["user"]["id"] == user.id
    assert [event.subject for event in audits(session, "token_created")] == [f"Werkplaatsscanner ({raw[:8]}…)"]


def test_a_token_without_a_name_is_not_made(client, session, make, login):
    login(client, make.user())
    before = token_count(session)
    response = client.post("/profiel/tokens", data={"name": "  "})
    assert response.status_code == 200
    assert "Geef de sleutel een naam." in response.get_data(as_text=True)
    assert token_count(session) == before


def test_revoking_your_token_stops_it_at_once(client, session, make, login):
    user = make.user(K.CARE)
    token, raw = create_token(user, "Oud script")
    session.flush()
    login(client, user)
    response = client.post(f"/profiel/tokens/{token.id}/intrekken")
    assert response.status_code == 302
    session.refresh(token)
    assert token.revoked_at is not None
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


@pytest.mark.parametrize("kind", [K.DONOR, K.COORDINATOR])
def test_nobody_can_revoke_another_users_token(client, session, make, login, kind):
    other_token, raw = create_token(make.user(K.DONOR), "Van een ander")
    session.flush()
    login(client, make.user(kind))
    response = client.post(f"/profiel/tokens/{other_token.id}/intrekken")
    assert response.status_code == 404
    session.refresh(other_token)
    assert other_token.revoked_at is None
    assert audits(session, "token_revoked") == []
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


# The command line


@pytest.fixture
def cli(app, session):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def test_create_token_prints_a_token_that_works(cli, client, make):
    user = make.user(K.DONOR)
    result = cli("create-token", "--email", user.email.upper(), "--name", "Koppeling")
    assert result.exit_code == 0, result.output
    raw = result.stdout.strip()
    assert TOKEN.fullmatch(raw)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.get_json()["user"]["email"] == user.email


def test_create_token_refuses_an_unknown_or_deactivated_user(cli, session, make):
    user = make.user()
    user.active = False
    session.flush()
    before = token_count(session)
    assert cli("create-token", "--email", "nobody@example.org").exit_code != 0
    assert cli("create-token", "--email", user.email).exit_code != 0
    assert token_count(session) == before


# In the browser


def test_the_token_pages_pass_axe_also_with_an_error_and_with_a_new_token(browser, client, session, make, login):
    user = make.user(K.CARE)
    revoke_token(create_token(user, "Oud script")[0])
    session.flush()
    login(client, user)
    with browser_on(browser, client) as (page, outside, failures):
        page.goto(f"http://{ORIGIN}/profiel/tokens")
        assert axe_violations(page) == ""
        page.click("button.app-submit")
        assert page.locator("#name[aria-invalid=true]").count() == 1
        assert axe_violations(page) == ""
        page.fill("#name", "Nieuw script")
        page.click("button.app-submit")
        assert TOKEN.fullmatch(page.input_value("#token"))
        assert axe_violations(page) == ""
    assert outside == []
    assert failures == []
