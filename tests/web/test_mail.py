"""E-mail: which backend sends, the text and HTML parts, the language, and a failed send."""
import pytest
from flask_babel import lazy_gettext as _l

from allemaaldigitaal.web.mail import Letter, compose, is_link, mail_backend, paragraphs, send

from ..conftest import make_test_app
from ..mailbox import break_mail_server, empty_outbox, html_of

LETTER = Letter(
    "invitation", "nieuw@example.org", _l("Uitnodiging voor allemaaldigitaal"),
    {"inviter": "Sanne <b>de</b> Vries", "inviter_organisation": "Werkplaats & Co", "organisation": "Zorg Oost",
     "kind": "zorgorganisatie", "new_organisation": False, "link": "https://example.org/uitnodiging/abc", "days": 7},
)


@pytest.mark.parametrize(("config", "testing", "backend"), [
    ({}, True, "locmem"),
    ({"MAIL_SERVER": "smtp.example.org"}, True, "locmem"),
    ({"MAIL_SERVER": "smtp.example.org"}, False, "smtp"),
    ({"APP_ENV": "development"}, False, "console"),
    ({"MAIL_BACKEND": "file", "MAIL_SERVER": "smtp.example.org"}, False, "file"),
])
def test_the_backend_follows_the_settings(config, testing, backend):
    assert mail_backend(config, testing) == backend


def test_development_without_a_mail_server_prints_mail_in_the_log(tmp_path):
    application = make_test_app(f"sqlite:///{tmp_path}/mail.sqlite", TESTING=False)
    assert application.config["MAIL_BACKEND"] == "console"


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


def test_send_puts_the_mail_in_the_outbox(app):
    outbox = empty_outbox(app)
    with app.test_request_context():
        assert send(LETTER)
    assert [message.to for message in outbox] == [["nieuw@example.org"]]


def test_a_mail_server_that_is_down_makes_send_say_so_and_log_it(app, monkeypatch, caplog):
    break_mail_server(app, monkeypatch)
    with app.test_request_context():
        assert send(LETTER) is False
    assert "Could not send the invitation e-mail" in caplog.text and "nieuw@example.org" not in caplog.text


def test_paragraphs_split_on_empty_lines_and_only_a_bare_address_is_a_link():
    assert paragraphs("Hallo,\r\n\r\n  Een\nregel  \n\n\n\nhttps://x.example/a\n") == ["Hallo,", "Een\nregel", "https://x.example/a"]
    assert is_link("https://x.example/a") and not is_link("Zie https://x.example/a") and not is_link("javascript:x")
