"""Password reset: the same answer for every address, a single-use link that expires, the same password rules, and
the user's other sessions and links end with it."""
import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select, update

from allemaaldigitaal.accounts.passwords import verify_password
from allemaaldigitaal.accounts.reset import choose_password, request_reset
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AuditEvent, OutboxMail, PasswordReset, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.transaction import commit_or_rollback

from ..conftest import throttled_app
from ..mailbox import empty_outbox, html_of, links_in, without_csrf

PASSWORD = "het oude wachtwoord"
NEW_PASSWORD = "een heel nieuw wachtwoord"
FORGOT = "/wachtwoord-vergeten"
SENT_TEXT = "Kijk in je mail"


@pytest.fixture
def outbox(app):
    return empty_outbox(app)


@pytest.fixture
def user(make, session):
    person = make.user(K.CARE, email="anna@zorg.example", name="Anna de Vries", password=PASSWORD)
    session.commit()
    return person


def ask(client, email: str):
    """Ask for a link, and let the response end, as a browser does: the mail goes out after the response."""
    response = client.post(FORGOT, data={"email": email})
    response.close()
    return response


def mailed_reset_path(outbox, email: str) -> str:
    message = [message for message in outbox if message.to == [email]][-1]
    links = [urlsplit(link).path for link in links_in(message)]
    path, = [path for path in links if path.startswith(FORGOT + "/")]
    return path


def choose(client, path: str, password: str = NEW_PASSWORD, again: str | None = None):
    return client.post(path, data={"password": password, "password_confirm": again or password})


def can_sign_in(client, email: str, password: str) -> bool:
    return client.post("/login", data={"email": email, "password": password}).status_code == 302


def test_the_login_page_offers_a_link_for_a_forgotten_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert f'href="{FORGOT}"' in page and "Wachtwoord vergeten?" in page


def test_the_form_asks_for_the_address(client):
    page = client.get(FORGOT).get_data(as_text=True)
    assert 'name="email"' in page and 'autocomplete="email"' in page and "Stuur me een link" in page


def test_a_signed_in_person_changes_the_password_on_the_profile_instead(client, login, user):
    login(client, user, PASSWORD)
    assert client.get(FORGOT).location == "/profiel"


def test_the_mailed_link_sets_a_new_password_once(client, user, outbox, session):
    response = ask(client, " Anna@Zorg.example ")
    assert response.status_code == 200 and SENT_TEXT in response.get_data(as_text=True)
    message, = outbox
    assert message.to == ["anna@zorg.example"] and message.subject == "Nieuw wachtwoord kiezen voor allemaaldigitaal"
    assert "Hallo Anna de Vries," in message.body and "60 minuten" in message.body
    path = mailed_reset_path(outbox, "anna@zorg.example")
    assert f'<a href="http://127.0.0.1:5000{path}"' in html_of(message)

    page = client.get(path)
    assert page.status_code == 200 and "anna@zorg.example" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    done = choose(client, path)
    assert done.status_code == 302 and done.location == "/login"
    assert "Je wachtwoord is gewijzigd" in client.get("/login").get_data(as_text=True)
    assert can_sign_in(client, "anna@zorg.example", NEW_PASSWORD)
    client.post("/logout")
    assert not can_sign_in(client, "anna@zorg.example", PASSWORD)

    again = client.get(path)
    assert again.status_code == 404 and again.headers["Cache-Control"] == "no-store"
    assert "Deze link werkt niet meer" in again.get_data(as_text=True) and f'href="{FORGOT}"' in again.get_data(as_text=True)
    assert choose(client, path, "nog een ander wachtwoord").status_code == 404
    assert verify_password(session.get(User, user.id).password_hash, NEW_PASSWORD)


def same_page(client, email: str) -> str:
    return without_csrf(ask(client, email).get_data(as_text=True)).replace(email, "ADDRESS")


def test_every_address_gets_the_same_page_but_only_an_active_account_gets_a_mail(client, make, session, user, outbox):
    gone = make.user(K.DONOR, email="weg@example.org", password=PASSWORD)
    gone.active = False
    closed = make.user(K.CARE, email="dicht@example.org", password=PASSWORD)
    closed.organisation.active = False
    session.commit()
    answer = same_page(client, "anna@zorg.example")
    assert SENT_TEXT in answer and "ADDRESS" in answer
    for email in ("niemand@example.org", "weg@example.org", "dicht@example.org"):
        assert same_page(client, email) == answer
    assert [message.to for message in outbox] == [["anna@zorg.example"]]
    assert session.scalar(select(func.count()).select_from(PasswordReset)) == 1


def test_an_address_that_is_not_valid_is_refused_next_to_the_field(client, outbox):
    response = client.post(FORGOT, data={"email": "geen adres"})
    assert response.status_code == 200 and "Dit e-mailadres klopt niet" in response.get_data(as_text=True)
    assert outbox == []


def test_every_request_is_in_the_security_log_without_the_link(client, user, outbox, session):
    ask(client, "anna@zorg.example")
    ask(client, "niemand@example.org")
    path = mailed_reset_path(outbox, "anna@zorg.example")
    choose(client, path)
    token = path.rsplit("/", 1)[1]
    events = session.execute(
        select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.subject, AuditEvent.detail).order_by(AuditEvent.id)
    ).all()[-3:]
    assert [event[:3] for event in events] == [
        ("password_reset_requested", user.id, "anna@zorg.example"),
        ("password_reset_requested", None, "niemand@example.org"),
        ("password_reset", user.id, "anna@zorg.example"),
    ]
    assert events[1].detail == "unknown account"
    assert all(token not in (event.detail or "") for event in events)


def test_only_the_hash_of_the_link_is_stored_and_the_sent_mail_keeps_no_text(client, user, outbox, session):
    ask(client, "anna@zorg.example")
    token = mailed_reset_path(outbox, "anna@zorg.example").rsplit("/", 1)[1]
    reset, = session.scalars(select(PasswordReset))
    assert reset.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert timedelta(minutes=59) < reset.expires_at - utcnow() <= timedelta(minutes=60)
    mail, = session.scalars(select(OutboxMail).where(OutboxMail.template == "password_reset"))
    assert mail.sent_at is not None and token not in mail.text + mail.html


def test_an_expired_link_is_refused_with_a_way_to_ask_a_new_one(client, user, outbox, session):
    ask(client, "anna@zorg.example")
    path = mailed_reset_path(outbox, "anna@zorg.example")
    session.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    for response in (client.get(path), choose(client, path)):
        assert response.status_code == 404 and "Vraag een nieuwe link aan" in response.get_data(as_text=True)
    assert verify_password(session.get(User, user.id).password_hash, PASSWORD)


@pytest.mark.parametrize("token", ["geen-geldige-link", "x" * 101, "%00"])
def test_a_made_up_link_is_refused(client, token):
    assert client.get(f"{FORGOT}/{token}").status_code == 404


def test_the_new_password_follows_the_same_rules(client, user, outbox, session):
    ask(client, "anna@zorg.example")
    path = mailed_reset_path(outbox, "anna@zorg.example")
    short = choose(client, path, "te kort")
    assert short.status_code == 200 and "minstens 12 tekens" in short.get_data(as_text=True)
    different = choose(client, path, NEW_PASSWORD, "iets heel anders hier")
    assert "De twee wachtwoorden zijn niet hetzelfde" in different.get_data(as_text=True)
    assert verify_password(session.get(User, user.id).password_hash, PASSWORD)
    assert choose(client, path).status_code == 302, "a refused try leaves the link usable"


def test_a_new_password_ends_every_other_session_and_every_other_open_link(app, client, login, user, outbox, session):
    elsewhere = app.test_client()
    login(elsewhere, user, PASSWORD)
    assert elsewhere.get("/profiel").status_code == 200
    ask(client, "anna@zorg.example")
    first = mailed_reset_path(outbox, "anna@zorg.example")
    ask(client, "anna@zorg.example")
    second = mailed_reset_path(outbox, "anna@zorg.example")
    assert first != second
    assert choose(client, second).status_code == 302
    assert elsewhere.get("/profiel").status_code == 302, "the other session has ended"
    assert client.get(first).status_code == 404, "the older link closed with it"


def test_using_the_link_while_signed_in_as_that_person_signs_out(client, login, user, outbox):
    ask(client, "anna@zorg.example")
    login(client, user, PASSWORD)
    assert choose(client, mailed_reset_path(outbox, "anna@zorg.example")).location == "/login"
    assert client.get("/profiel").status_code == 302


def test_a_link_stops_working_when_its_account_is_deactivated(client, user, outbox, session):
    ask(client, "anna@zorg.example")
    path = mailed_reset_path(outbox, "anna@zorg.example")
    session.get(User, user.id).active = False
    session.commit()
    assert client.get(path).status_code == 404


def test_a_link_works_only_once_even_when_the_service_is_called_twice(app, user, outbox, session):
    with app.test_request_context():
        request_reset("anna@zorg.example")
        session.commit()
    message, = session.scalars(select(OutboxMail))
    link, = [word for word in message.text.split() if "/wachtwoord-vergeten/" in word]
    token = urlsplit(link).path.rsplit("/", 1)[1]
    assert commit_or_rollback(lambda: choose_password(token, NEW_PASSWORD)).id == user.id
    with pytest.raises(DomainError, match="Deze link werkt niet meer"):
        commit_or_rollback(lambda: choose_password(token, "nog een ander wachtwoord"))
    assert verify_password(session.get(User, user.id).password_hash, NEW_PASSWORD)


def test_an_address_that_was_never_confirmed_is_confirmed_by_the_link(client, make, session, outbox):
    person = make.user(K.DONOR, email="nieuw@donor.example", password=PASSWORD)
    person.email_confirmed_at = None
    session.commit()
    assert not can_sign_in(client, "nieuw@donor.example", PASSWORD)
    ask(client, "nieuw@donor.example")
    assert choose(client, mailed_reset_path(outbox, "nieuw@donor.example")).status_code == 302
    assert session.get(User, person.id).email_confirmed_at is not None
    assert can_sign_in(client, "nieuw@donor.example", NEW_PASSWORD)


def test_the_mail_is_written_in_the_language_of_the_page(client, user, outbox, session):
    client.post("/taal", data={"lang": "en", "next": "/"})
    ask(client, "anna@zorg.example")
    assert session.scalar(select(OutboxMail.language).where(OutboxMail.template == "password_reset")) == "en"


@pytest.fixture(scope="module")
def limited_app(fresh_database):
    with throttled_app(fresh_database("reset_limits").url) as application:
        yield application


def test_asking_is_throttled_per_address_from_any_source(limited_app):
    client = limited_app.test_client()
    answers = [
        client.post(FORGOT, data={"email": "doel@example.org"}, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    assert client.post(FORGOT, data={"email": "ander@example.org"}, environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200


def test_asking_is_throttled_per_source(limited_app):
    client = limited_app.test_client()
    answers = [
        client.post(FORGOT, data={"email": f"p{n}@example.org"}, environ_base={"REMOTE_ADDR": "10.1.0.1"}).status_code
        for n in range(11)
    ]
    assert answers == [200] * 10 + [429]


def test_guessing_links_is_throttled(limited_app):
    client = limited_app.test_client()
    guesses = [
        client.post(f"{FORGOT}/geraden", data={"password": "x" * 12, "password_confirm": "x" * 12},
                    environ_base={"REMOTE_ADDR": "10.2.0.1"}).status_code
        for _ in range(21)
    ]
    assert guesses == [404] * 20 + [429]


def test_changing_the_password_on_the_profile_closes_open_reset_links(client, login, user, outbox):
    ask(client, "anna@zorg.example")
    path = mailed_reset_path(outbox, "anna@zorg.example")
    login(client, user, PASSWORD)
    changed = client.post("/profiel/wachtwoord", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD,
    })
    assert changed.status_code == 302
    assert client.get(path).status_code == 404, "a link asked before the change no longer works"
