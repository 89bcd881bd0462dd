"""E-mail: which backend sends, the text and HTML parts, the language, a failed send, development mail files."""
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask_babel import lazy_gettext as _l
from flask_migrate import upgrade
from sqlalchemy import select

from allemaaldigitaal.core.models import OutboxMail
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.mail import Letter, compose, is_link, paragraphs, queue, send, send_queued
from allemaaldigitaal.web.mail_settings import DEVELOPMENT_BACKEND, mail_backend

from ..conftest import make_test_app
from ..mailbox import break_mail_server, empty_outbox, html_of

LETTER = Letter(
    "invitation", "nieuw@example.org", _l("Uitnodiging voor allemaaldigitaal"),
    {"inviter": "Sanne <b>de</b> Vries", "inviter_organisation": "Werkplaats & Co", "organisation": "Zorg Oost",
     "kind": "zorgorganisatie", "new_organisation": False, "link": "https://example.org/uitnodiging/abc", "days": 7},
)


@pytest.mark.parametrize(("config", "testing", "backend"), [
    ({}, True, "locmem"),
    ({"MAIL_URL": "smtp://smtp.example.org"}, True, "locmem"),
    ({"MAIL_URL": "smtp://smtp.example.org"}, False, "smtp"),
    ({"MAIL_SERVER": "smtp.example.org"}, False, "smtp"),
    ({"APP_ENV": "development"}, False, DEVELOPMENT_BACKEND),
    ({"MAIL_BACKEND": "console", "MAIL_URL": "smtp://smtp.example.org"}, False, "console"),
])
def test_the_backend_follows_the_settings(config, testing, backend):
    assert mail_backend(config, testing) == backend


def test_development_without_a_mail_server_prints_each_mail_and_keeps_it_as_a_file(tmp_path, capsys):
    """What `make run` does: a newcomer finds the link in the terminal and in instance/mail/ without a mail server."""
    application = make_test_app(f"sqlite:///{tmp_path}/mail.sqlite", TESTING=False, MAIL_FILE_PATH=str(tmp_path / "mail"))
    assert application.config["MAIL_BACKEND"] == DEVELOPMENT_BACKEND
    with application.app_context():
        upgrade()
        with application.test_request_context():
            commit_or_rollback(lambda: queue(LETTER))
            assert send_queued()
        db.engine.dispose()
    printed = capsys.readouterr().out
    assert "To: nieuw@example.org" in printed and "https://example.org/uitnodiging/abc" in printed
    saved, = (tmp_path / "mail").glob("*.eml")
    assert str(saved) in printed and saved.name.endswith("-nieuw@example.org.eml")
    message = message_from_bytes(saved.read_bytes(), policy=policy.default)
    assert message["To"] == "nieuw@example.org" and message["Subject"] == "Uitnodiging voor allemaaldigitaal"
    assert "https://example.org/uitnodiging/abc" in message.get_body(("plain",)).get_content()
    assert '<a href="https://example.org/uitnodiging/abc"' in message.get_body(("html",)).get_content()


def test_the_development_mail_folder_is_in_the_instance_folder(tmp_path):
    application = make_test_app(f"sqlite:///{tmp_path}/mail.sqlite", TESTING=False)
    assert application.config["MAIL_FILE_PATH"] == str(Path(application.instance_path) / "mail")


def test_the_html_part_says_what_the_text_says_with_links_and_everything_escaped(app):
    with app.test_request_context():
        message = compose(LETTER)
    html = html_of(message)
    assert message.subject == "Uitnodiging voor allemaaldigitaal" and message.to == ["nieuw@example.org"]
    assert "Sanne <b>de</b> Vries van Werkplaats & Co nodigt je uit voor Zorg Oost" in message.body
    assert "Sanne &lt;b&gt;de&lt;/b&gt; Vries van Werkplaats &amp; Co" in html
    assert '<a href="https://example.org/uitnodiging/abc"' in html and 'lang="nl"' in html
    assert "0800-1508" in message.body and "0800-1508" in html and "<hr" in html
    assert "<img" not in html and "<script" not in html and "<link" not in html and "style=" in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_replies_go_to_the_campaign_when_it_has_an_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "CONTACT_EMAIL", "hulp@allemaaldigitaal.example")
    with app.test_request_context():
        assert compose(LETTER).extra_headers["Reply-To"] == "hulp@allemaaldigitaal.example"


def test_a_letter_is_written_in_its_language(app):
    with app.test_request_context():
        message = compose(Letter(LETTER.template, LETTER.to, LETTER.subject, LETTER.context, "en"))
    assert message.subject == "Invitation to allemaaldigitaal"
    assert "invites you to join Zorg Oost" in message.body and 'lang="en"' in html_of(message)


def test_send_puts_the_mail_in_the_outbox(app, session):
    outbox = empty_outbox(app)
    with app.test_request_context():
        assert send(LETTER)
    assert [message.to for message in outbox] == [["nieuw@example.org"]]


def test_a_mail_server_that_is_down_makes_send_say_so_and_log_it_without_the_address(app, session, monkeypatch, caplog):
    break_mail_server(app, monkeypatch)
    with app.test_request_context():
        assert send(LETTER) is False
    assert "Could not send the invitation e-mail" in caplog.text and "nieuw@example.org" not in caplog.text
    row, = session.scalars(select(OutboxMail).where(OutboxMail.recipient == "nieuw@example.org"))
    assert row.sent_at is None and row.last_error and "nieuw@example.org" not in row.last_error


def test_queue_outside_a_unit_of_work_is_refused_rather_than_sent_on_the_side(app, session):
    with app.test_request_context():
        queue(LETTER)
        with pytest.raises(RuntimeError, match="unsaved changes"):
            commit_or_rollback(lambda: None)
        session.rollback()


def test_paragraphs_split_on_empty_lines_and_only_a_bare_address_is_a_link():
    assert paragraphs("Hallo,\r\n\r\n  Een\nregel  \n\n\n\nhttps://x.example/a\n") == ["Hallo,", "Een\nregel", "https://x.example/a"]
    assert is_link("https://x.example/a") and not is_link("Zie https://x.example/a") and not is_link("javascript:x")
