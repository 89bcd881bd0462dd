"""Password reset end to end against a real SMTP server (aiosmtpd on 127.0.0.1): the mail arrives, the link works
once, an unknown address gets the same page and no mail, and a mail server that is down loses nothing."""
import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from allemaaldigitaal.core.models import OutboxMail
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db

from ..conftest import add_donor, app_builder, migrated_database
from ..mailbox import without_csrf
from ..smtp_server import SmtpServer, html_part, link_path, text_of

PASSWORD = "het oude wachtwoord"
NEW_PASSWORD = "een heel nieuw wachtwoord"
FORGOT = "/wachtwoord-vergeten"


@pytest.fixture(scope="module")
def database(fresh_database):
    return migrated_database(fresh_database, "reset_smtp")


@pytest.fixture
def server():
    with SmtpServer() as running:
        yield running


@pytest.fixture
def build(database):
    """build(server): an app that mails over SMTP to this server, with links from BASE_URL."""
    with app_builder(database, BASE_URL="https://allemaaldigitaal.example") as make:
        def build_for(server: SmtpServer):
            application = make(MAIL_BACKEND="smtp", MAIL_URL=server.url)
            with application.app_context():
                commit_or_rollback(lambda: db.session.execute(delete(OutboxMail)))
            return application
        yield build_for


def ask(client, email: str):
    """Post the form the way a browser does: the server closes the response, then sends the mail."""
    response = client.post(FORGOT, data={"email": email})
    body = response.get_data(as_text=True)
    response.close()
    return response.status_code, body


def test_a_reset_link_arrives_by_smtp_works_once_and_an_unknown_address_gets_the_same_page_and_no_mail(build, server):
    application = build(server)
    email = add_donor(application, PASSWORD)
    client = application.test_client()

    status, page = ask(client, email)
    assert status == 200 and "Kijk in je mail" in page
    message, = server.to(email)
    assert message["Subject"] == "Nieuw wachtwoord kiezen voor allemaaldigitaal"
    assert message.get_content_type() == "multipart/alternative" and "https://allemaaldigitaal.example" in html_part(message)
    path = link_path(message, "/wachtwoord-vergeten/")
    assert f"https://allemaaldigitaal.example{path}" in text_of(message)

    assert client.get(path).status_code == 200
    assert client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}).location == "/login"
    assert client.post("/login", data={"email": email, "password": NEW_PASSWORD}).status_code == 302
    client.post("/logout")
    assert client.post(path, data={"password": "nog een ander", "password_confirm": "nog een ander"}).status_code == 404
    assert client.get(path).status_code == 404

    received = len(server.received)
    unknown_status, unknown_page = ask(client, "niemand@example.org")
    assert (unknown_status, without_csrf(unknown_page).replace("niemand@example.org", "X")) == (
        status, without_csrf(page).replace(email, "X")
    )
    assert len(server.received) == received and server.to("niemand@example.org") == []


def test_the_answer_does_not_wait_for_the_mail_server(build):
    """The mail goes out after the response, so a slow mail server tells nobody that the address has an account."""
    delay = 2.0
    with SmtpServer(delay=delay) as slow:
        application = build(slow)
        email = add_donor(application, PASSWORD)
        client = application.test_client()
        started = time.monotonic()
        response = client.post(FORGOT, data={"email": email})
        answered = time.monotonic() - started
        assert response.status_code == 200 and slow.received == [], "answered before the mail was sent"
        response.close()
        assert answered < delay <= time.monotonic() - started
        assert len(slow.to(email)) == 1


def test_a_reset_mail_waits_in_the_outbox_while_the_server_is_down_and_send_mail_delivers_it(build):
    server = SmtpServer()
    application = build(server)
    email = add_donor(application, PASSWORD)
    client = application.test_client()
    status, page = ask(client, email)
    assert status == 200 and "Kijk in je mail" in page, "the person is not bothered with the mail server"
    with application.app_context():
        mail, = db.session.scalars(select(OutboxMail))
        assert mail.sent_at is None and mail.attempts >= 1 and email not in mail.last_error
        commit_or_rollback(lambda: db.session.execute(
            update(OutboxMail).values(next_attempt_at=utcnow() - timedelta(seconds=1))
        ))
    with server:
        result = application.test_cli_runner().invoke(args=["send-mail", "--once"])
        assert "sent 1" in result.output
    message, = server.to(email)
    path = link_path(message, "/wachtwoord-vergeten/")
    assert client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}).status_code == 302
