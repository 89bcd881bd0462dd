"""Signing in and out, passwords, the audit of sign-ins, and the profile."""
import re

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from allemaaldigitaal.accounts.passwords import PARAMETERS, check_password_rules, hash_password, verify_password
from allemaaldigitaal.config import load_config
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AuditEvent
from allemaaldigitaal.extensions import db

from ..factories import PASSWORD

FAILED = "Inloggen is niet gelukt"
CSRF = re.compile(r'(name="csrf_token"[^>]*value=")([^"]+)')


def post_login(client, email, password=PASSWORD, next_url=None):
    path = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(path, data={"email": email, "password": password})


def body_without_tokens(response, email: str = "") -> str:
    """The page with the session's CSRF token and the typed e-mail left out."""
    text = CSRF.sub(r"\1", response.get_data(as_text=True))
    return text.replace(email, "EMAIL") if email else text


def signed_in(client) -> bool:
    return client.get("/profiel").status_code == 200


def audit_rows(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


# --- signing in -------------------------------------------------------------------------------

def test_login_page_shows_a_form_with_email_and_password(client):
    body = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in body and 'name="password"' in body and 'type="password"' in body


def test_right_password_signs_in_and_goes_to_the_start_page(client, make):
    user = make.user(K.DONOR, password=PASSWORD)
    response = post_login(client, user.email)
    assert response.status_code == 302 and response.location == "/start"
    assert signed_in(client)
    assert user.last_login_at is not None


def test_email_is_matched_without_regard_to_case_or_spaces(client, make):
    user = make.user(K.DONOR, email="Jansen@Example.org", password=PASSWORD)
    assert post_login(client, "  JANSEN@example.ORG ").status_code == 302
    assert user.email == "jansen@example.org"


def test_wrong_password_and_unknown_email_give_the_same_answer(client, make):
    user = make.user(K.DONOR, email="known@example.org", password=PASSWORD)
    wrong = post_login(client, user.email, "not the password at all")
    unknown = post_login(client, "nobody@example.org", "not the password at all")
    assert wrong.status_code == unknown.status_code == 200
    assert FAILED in wrong.get_data(as_text=True)
    assert body_without_tokens(wrong, user.email) == body_without_tokens(unknown, "nobody@example.org")
    assert not signed_in(client)


@pytest.mark.parametrize("switch_off", ["user", "organisation"])
def test_inactive_people_and_people_of_deactivated_organisations_cannot_sign_in(client, make, switch_off):
    user = make.user(K.CARE, password=PASSWORD)
    (user if switch_off == "user" else user.organisation).active = False
    response = post_login(client, user.email)
    assert response.status_code == 200 and FAILED in response.get_data(as_text=True)
    assert not signed_in(client)


def test_a_user_without_a_password_cannot_sign_in(client, make):
    user = make.user(K.REFURBISHER)
    response = post_login(client, user.email, "")
    assert response.status_code == 200 and not signed_in(client)
    response = post_login(client, user.email, "any password at all")
    assert FAILED in response.get_data(as_text=True)


def test_empty_fields_get_a_message_each(client):
    body = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Vul je e-mailadres in." in body and "Vul je wachtwoord in." in body


def test_a_signed_in_visitor_of_the_login_page_goes_on_to_the_start_page(client, make, login):
    login(client, make.user(K.DONOR))
    assert client.get("/login").location == "/start"


def test_after_sign_in_a_local_next_page_is_opened(client, make):
    user = make.user(K.DONOR, password=PASSWORD)
    assert post_login(client, user.email, next_url="/profiel").location == "/profiel"


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"])
def test_after_sign_in_a_next_page_elsewhere_is_refused(client, make, target):
    user = make.user(K.DONOR, password=PASSWORD)
    response = client.post("/login", query_string={"next": target}, data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/start"


def test_sign_in_rehashes_a_password_hashed_with_other_parameters(client, make):
    user = make.user(K.DONOR)
    old = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(PASSWORD)
    user.password_hash = old
    assert post_login(client, user.email).status_code == 302
    assert user.password_hash != old
    assert "m=8,t=1,p=1" in user.password_hash
    assert verify_password(user.password_hash, PASSWORD)


def test_production_parameters_are_argon2id_64_mib_3_passes_4_lanes(app, client, make, monkeypatch):
    defaults = load_config(app.instance_path, {"SECRET_KEY": "x"})
    for key in PARAMETERS:
        monkeypatch.setitem(app.config, key, defaults[key])
    user = make.user(K.DONOR, password=PASSWORD)
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    checked = spy_on_argon2_checks(monkeypatch)
    assert post_login(client, "nobody@example.org").status_code == 200
    assert post_login(client, user.email, "not the password at all").status_code == 200
    assert checked == ["m=65536,t=3,p=4", "m=65536,t=3,p=4"], "an unknown e-mail must cost a full password check too"
    assert post_login(client, user.email).status_code == 302
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def spy_on_argon2_checks(monkeypatch) -> list[str]:
    """The parameters of every argon2 verification from now on."""
    checked = []
    verify = PasswordHasher.verify

    def recording(self, hash, password):
        checked.append(hash.split("$")[3])
        return verify(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", recording)
    return checked


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=12, max_size=128))
def test_any_password_of_12_to_128_characters_is_accepted(password):
    check_password_rules(password)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=11), st.text(min_size=129, max_size=400)))
def test_shorter_or_longer_passwords_are_refused_with_a_message(password):
    with pytest.raises(DomainError, match="minstens 12|hoogstens 128") as refused:
        check_password_rules(password)
    assert refused.value.field == "password"


def test_hash_password_refuses_a_short_password(app):
    with app.app_context(), pytest.raises(DomainError, match="minstens 12 tekens"):
        hash_password("kort")


# --- audit ----------------------------------------------------------------------------------------

def test_sign_in_failed_sign_in_and_sign_out_are_audited_without_the_password(client, make, session):
    user = make.user(K.DONOR, password=PASSWORD)
    post_login(client, "Someone.Else@Example.org", "secret typed password")
    post_login(client, user.email)
    client.post("/logout")
    failed, = audit_rows("login_failed")
    assert failed.subject == "someone.else@example.org" and failed.actor_id is None
    row = db.session.execute(select(AuditEvent.__table__).where(AuditEvent.id == failed.id)).one()
    assert not any("secret typed password" in str(value) for value in row)
    login, = audit_rows("login")
    logout, = audit_rows("logout")
    assert login.actor_id == logout.actor_id == user.id
    assert login.organisation_id == user.organisation_id and login.created_at is not None


# --- signing out ----------------------------------------------------------------------------------

def test_sign_out_is_a_post_and_ends_the_session(client, make, login):
    user = make.user(K.DONOR)
    login(client, user)
    version = user.session_version
    assert client.get("/logout").status_code == 405
    assert signed_in(client)
    response = client.post("/logout")
    assert response.status_code == 302 and response.location == "/"
    assert not signed_in(client)
    assert user.session_version == version + 1


# --- profile and password change ----------------------------------------------------------------

def test_profile_shows_name_email_organisation_and_kind(client, make, login):
    user = make.user(K.CARE, name="Fatima de Vries", email="fatima@example.org")
    login(client, user)
    body = client.get("/profiel").get_data(as_text=True)
    for text in ("Fatima de Vries", "fatima@example.org", user.organisation.name, "Zorgorganisatie"):
        assert text in body


def test_profile_links_to_the_api_tokens_page_when_that_page_exists(app, client, make, login):
    login(client, make.user(K.DONOR))
    body = client.get("/profiel").get_data(as_text=True)
    assert ('href="/profiel/tokens"' in body) == ("api_tokens.index" in app.view_functions)


def change(client, current=PASSWORD, new="een nieuw lang wachtwoord", confirm=None):
    data = {"current_password": current, "new_password": new, "new_password_confirm": confirm or new}
    return client.post("/profiel/wachtwoord", data=data)


def test_changing_the_password_keeps_this_session_and_is_audited(client, make, login):
    user = make.user(K.DONOR)
    login(client, user)
    response = change(client)
    assert response.status_code == 302 and response.location == "/profiel"
    assert signed_in(client)
    assert verify_password(user.password_hash, "een nieuw lang wachtwoord")
    assert [row.actor_id for row in audit_rows("password_changed")] == [user.id]


@pytest.mark.parametrize("current, new, confirm, message", [
    ("wrong current password", "een nieuw lang wachtwoord", None, "Je huidige wachtwoord klopt niet."),
    (PASSWORD, "te kort", None, "minstens 12 tekens"),
    (PASSWORD, "x" * 129, None, "hoogstens 128 tekens"),
    (PASSWORD, "een nieuw lang wachtwoord", "een ander lang wachtwoord", "niet hetzelfde"),
])
def test_a_refused_password_change_says_why_and_changes_nothing(client, make, login, current, new, confirm, message):
    user = make.user(K.DONOR)
    login(client, user)
    old_hash, version = user.password_hash, user.session_version
    response = change(client, current, new, confirm)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert (user.password_hash, user.session_version) == (old_hash, version)
    assert audit_rows("password_changed") == []
