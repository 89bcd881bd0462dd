"""Sessions: a fresh session at sign-in, timeouts, ending other sessions, cookie flags, CSRF."""
import re
import time

import pytest

from allemaaldigitaal.accounts.auth import end_all_sessions
from allemaaldigitaal.core.enums import OrganisationKind as K

from ..conftest import add_donor, app_builder, migrated_database
from ..factories import PASSWORD

IDLE = "Je bent uitgelogd omdat je een tijd niets hebt gedaan"
CSRF = re.compile(r'(name="csrf_token"[^>]*value=")([^"]+)')


def post_login(client, email, password=PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def signed_in(client) -> bool:
    return client.get("/profiel").status_code == 200


def flashed(client) -> list[str]:
    with client.session_transaction() as stored:
        return [message for _category, message in stored.get("_flashes", [])]


def shift(client, **seconds_ago):
    """Move the stored sign-in times into the past."""
    with client.session_transaction() as stored:
        for key, seconds in seconds_ago.items():
            stored[key] = int(time.time()) - seconds


def test_sign_in_starts_a_fresh_session_that_keeps_only_the_language(client, make, login):
    with client.session_transaction() as stored:
        stored["left_over"] = "from before"
        stored["lang"] = "en"
    user = make.user(K.DONOR)
    login(client, user)
    with client.session_transaction() as stored:
        assert "left_over" not in stored
        assert stored["lang"] == "en"
        assert stored["auth_version"] == user.session_version
        assert abs(stored["login_at"] - time.time()) < 5 and stored["seen_at"] == stored["login_at"]


def test_each_request_refreshes_the_last_seen_time(client, make, login):
    login(client, make.user(K.DONOR))
    shift(client, seen_at=29 * 60)
    assert signed_in(client)
    with client.session_transaction() as stored:
        assert time.time() - stored["seen_at"] < 5


def test_thirty_minutes_without_a_request_signs_out(client, make, login):
    login(client, make.user(K.DONOR))
    shift(client, seen_at=31 * 60)
    response = client.get("/profiel")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert any(IDLE in message for message in flashed(client))
    assert not signed_in(client)


def test_twelve_hours_after_sign_in_the_session_ends_even_when_in_use(client, make, login):
    login(client, make.user(K.DONOR))
    shift(client, login_at=12 * 3600 + 60, seen_at=10)
    assert client.get("/profiel").status_code == 302
    assert any("12 uur" in message for message in flashed(client))
    assert not signed_in(client)


def test_eleven_hours_after_sign_in_the_session_still_works(client, make, login):
    login(client, make.user(K.DONOR))
    shift(client, login_at=11 * 3600, seen_at=10)
    assert signed_in(client)


def test_a_session_without_sign_in_times_is_not_trusted(client, make, login):
    login(client, make.user(K.DONOR))
    with client.session_transaction() as stored:
        del stored["login_at"]
    assert not signed_in(client)


def two_clients(app, make, login):
    user = make.user(K.DONOR)
    here, elsewhere = app.test_client(), app.test_client()
    login(here, user)
    login(elsewhere, user)
    return user, here, elsewhere


def test_changing_the_password_signs_out_every_other_session(app, make, login):
    user, here, elsewhere = two_clients(app, make, login)
    data = {"current_password": PASSWORD, "new_password": "nieuw en heel geheim", "new_password_confirm": "nieuw en heel geheim"}
    assert here.post("/profiel/wachtwoord", data=data).status_code == 302
    response = elsewhere.get("/profiel")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert any("Je bent uitgelogd" in message for message in flashed(elsewhere))
    assert signed_in(here)
    assert not signed_in(elsewhere)


def test_signing_out_ends_the_sessions_on_other_devices_too(app, make, login):
    _user, here, elsewhere = two_clients(app, make, login)
    here.post("/logout")
    assert not signed_in(elsewhere)


def test_end_all_sessions_signs_out_every_session_of_the_user(app, make, login, session):
    user, here, elsewhere = two_clients(app, make, login)
    end_all_sessions(user)
    session.flush()
    assert not signed_in(here) and not signed_in(elsewhere)


def test_a_new_sign_in_after_end_all_sessions_works(client, make, login, session):
    user = make.user(K.DONOR)
    login(client, user)
    end_all_sessions(user)
    session.flush()
    login(client, user)
    assert signed_in(client)


@pytest.mark.parametrize("switch_off", ["user", "organisation"])
def test_deactivation_signs_out_at_the_next_request(client, make, login, session, switch_off):
    user = make.user(K.REFURBISHER)
    login(client, user)
    (user if switch_off == "user" else user.organisation).active = False
    session.flush()
    assert not signed_in(client)


def test_pages_for_signed_in_users_send_visitors_to_the_login_page_with_next(client):
    response = client.get("/profiel")
    assert response.status_code == 302 and response.location == "/login?next=%2Fprofiel"


# --- apps with other settings, on a database of their own ------------------------------------------

@pytest.fixture(scope="module")
def own_database(fresh_database):
    return migrated_database(fresh_database, "sessions")


@pytest.fixture
def other_app(own_database):
    """other_app(**settings): an app on the module's own database, closed after the test."""
    with app_builder(own_database) as build:
        yield build


def add_user(application) -> str:
    return add_donor(application, PASSWORD)


def session_cookie(response) -> str:
    cookie, = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    return cookie


def test_in_production_the_session_cookie_is_secure_httponly_and_samesite_lax(other_app):
    application = other_app(APP_ENV="production", SECRET_KEY="a production secret of 32 bytes or more",
                            BASE_URL="https://allemaaldigitaal.example", MAIL_SERVER="smtp.example.org",
                            CONTACT_EMAIL="hulp@allemaaldigitaal.example", CONTACT_PHONE="030 123 45 67")
    response = post_login(application.test_client(), add_user(application))
    assert response.status_code == 302
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in session_cookie(response).split("; ")


def test_outside_production_the_cookie_also_works_over_plain_http(other_app):
    application = other_app()
    response = post_login(application.test_client(), add_user(application))
    flags = session_cookie(response).split("; ")
    assert "HttpOnly" in flags and "SameSite=Lax" in flags and "Secure" not in flags
    assert not any(value.startswith("remember_token") for value in response.headers.getlist("Set-Cookie"))


def test_with_csrf_on_forms_need_the_token_and_sign_out_without_it_does_nothing(other_app):
    application = other_app(WTF_CSRF_ENABLED=True)
    email = add_user(application)
    client = application.test_client()
    assert post_login(client, email).status_code == 400
    token = CSRF.search(client.get("/login").get_data(as_text=True))[2]
    assert client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token}).status_code == 302
    assert client.post("/logout").status_code == 400
    profile = client.get("/profiel")
    assert profile.status_code == 200
    token = CSRF.search(profile.get_data(as_text=True))[2]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert not signed_in(client)
