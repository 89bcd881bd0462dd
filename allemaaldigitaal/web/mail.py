"""E-mail: plain text and HTML from templates/mail/, written to the outbox with the change that causes it, then sent.

Each mail is one text template, mail/<name>.txt; its HTML part is the same paragraphs in
mail/_layout.html, so the two never say different things. No tracking.

How to send one (from a service or view, inside the unit of work that commits):

    queue(Letter("invitation", email, _l("Uitnodiging voor allemaaldigitaal"), context, language))

The letter is rendered at once (in its language, with links from BASE_URL) and stored in the
outbox table in the caller's transaction: a write that is rolled back sends nothing, and a mail
that was committed is never lost. After the request (after its response went out) the mails it
queued are sent, with a quick retry; whatever is left, the `send-mail` worker sends (web/outbox.py).
A view that wants to tell the person whether the mail went out calls send_queued() after its commit.

Where mail goes (web/mail_settings.py): the SMTP server of MAIL_URL; in development without one the
console and a .eml file per mail in instance/mail/; in tests Flask-Mailman's locmem outbox.
"""
import secrets
from dataclasses import dataclass, field
from email.utils import parseaddr

from flask import Flask, current_app, g, has_app_context, has_request_context, make_response, render_template, request, url_for
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives, Mail
from sqlalchemy import inspect

from allemaaldigitaal.core.models import OutboxMail
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db

from . import outbox
from .mail_settings import mail_backend, mail_folder, smtp_config

mail = Mail()
LINK_START = ("https://", "http://")
#: flask.g: the outbox rows this request (or command) queued and has not sent yet
QUEUED = "queued_mail"
#: pauses before the quick retries right after the request, and the most time they may take
QUICK_RETRY_PAUSES = (0.2, 0.5)
QUICK_RETRY_BUDGET_SECONDS = 3.0
#: the address links start with outside a request in development, when BASE_URL is not set
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Letter:
    """One e-mail to one address; rendered in the recipient's language (Dutch unless known)."""

    template: str
    to: str
    subject: str
    context: dict = field(default_factory=dict)
    language: str = "nl"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def base_url() -> str:
    """Where links in mails (and on labels) start: BASE_URL; in development without it, this server's address.

    Only a loopback address (127.0.0.1, localhost, [::1], any port) is taken from the request, so a
    forged Host header never puts another site in a mail; elsewhere set BASE_URL.
    """
    config = current_app.config
    if config.get("BASE_URL_FROM_REQUEST") and has_request_context():
        host = request.host.lower()
        if any(host == name or host.startswith(name + ":") for name in LOOPBACK_HOSTS):
            return request.host_url.rstrip("/")
    return config.get("BASE_URL") or DEVELOPMENT_BASE_URL


def site_url(endpoint: str, **values) -> str:
    """The full address of a page, for a mail or a label: base_url() and the path; also outside a request."""
    if has_request_context():
        return base_url() + url_for(endpoint, **values)
    return base_url() + current_app.url_map.bind("localhost").build(endpoint, values)


def secret_link_page(body, status: int = 200):
    """A page opened from a mailed link with a secret in its address: kept out of caches and Referer headers."""
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def init_mail(app: Flask) -> None:
    from .mail_commands import send_mail_command

    app.config.update(smtp_config(app.config))
    app.config.setdefault("MAIL_FILE_PATH", mail_folder(app.instance_path))
    app.config["MAIL_BACKEND"] = mail_backend(app.config, app.testing)
    mail.init_app(app)
    app.after_request(send_after_response)
    app.cli.add_command(send_mail_command)


def paragraphs(text: str) -> list[str]:
    """The blocks of a text mail, split on empty lines."""
    blocks = (block.strip() for block in text.replace("\r\n", "\n").split("\n\n"))
    return [block for block in blocks if block]


def is_link(paragraph: str) -> bool:
    return paragraph.startswith(LINK_START) and not any(space in paragraph for space in " \n\t")


def render(letter: Letter) -> Rendered:
    """Subject, text and HTML in the letter's language."""
    with force_locale(letter.language):
        subject = str(letter.subject)
        text = render_template(f"mail/{letter.template}.txt", base_url=base_url(), **letter.context)
        html = render_template(
            "mail/_layout.html", subject=subject, language=letter.language, paragraphs=paragraphs(text), is_link=is_link
        )
    return Rendered(subject, text, html)


def compose(letter: Letter) -> EmailMultiAlternatives:
    """The message as it will be sent, with its HTML alternative (for a preview or a test)."""
    rendered = render(letter)
    return outbox.message_for({
        "subject": rendered.subject, "text": rendered.text, "html": rendered.html, "recipient": letter.to,
        "message_id": new_message_id(),
    })


def new_message_id() -> str:
    """A Message-ID in the sender's domain, made without asking the network for this machine's name."""
    _name, address = parseaddr(current_app.config.get("MAIL_DEFAULT_SENDER") or "")
    domain = address.rpartition("@")[2] or "allemaaldigitaal.localhost"
    return f"<{utcnow():%Y%m%d%H%M%S}.{secrets.token_hex(12)}@{domain}>"


def queue(letter: Letter) -> Letter:
    """Render the letter and add it to the outbox in the caller's transaction; it is sent after the commit.

    Call it inside the unit of work (a service, or the action given to commit_or_rollback). Returns the letter.
    """
    rendered = render(letter)
    row = OutboxMail(
        recipient=letter.to, language=letter.language, template=letter.template, subject=rendered.subject[:255],
        text=rendered.text, html=rendered.html, message_id=new_message_id(),
        next_attempt_at=utcnow() + outbox.FIRST_TRY_GRACE,
    )
    db.session.add(row)
    g.setdefault(QUEUED, []).append(row)
    return letter


def take_queued() -> list[int]:
    """The ids of the mails queued here whose transaction committed (a rolled-back row has none); forgets them."""
    rows = g.pop(QUEUED, None) or []
    return [state.identity[0] for state in map(inspect, rows) if state.has_identity]


def send_queued() -> bool:
    """After the commit: send now what this request queued, with a quick retry; False if a mail did not go out.

    A mail that did not go out stays in the outbox: the worker tries again later.
    """
    ids = take_queued()
    if not ids:
        return True
    return outbox.send_now(ids, QUICK_RETRY_PAUSES, QUICK_RETRY_BUDGET_SECONDS)


def send(letter: Letter) -> bool:
    """Queue one letter in a transaction of its own and send it now; for a mail that goes with no other write."""
    commit_or_rollback(lambda: queue(letter))
    return send_queued()


def send_after_response(response):
    """after_request: the mails this request queued are sent once its response has gone out."""
    ids = take_queued()
    if ids:
        app = current_app._get_current_object()
        response.call_on_close(lambda: _send_in_background(app, ids))
    return response


def _send_in_background(app: Flask, ids: list[int]) -> None:
    """Runs when the server closes the response; in an app context of its own unless one is open (a test's)."""
    if has_app_context() and current_app._get_current_object() is app:
        _send_or_log(app, ids)
        return
    with app.app_context():
        _send_or_log(app, ids)


def _send_or_log(app: Flask, ids: list[int]) -> None:
    try:
        outbox.send_now(ids, QUICK_RETRY_PAUSES, QUICK_RETRY_BUDGET_SECONDS)
    except Exception:  # the worker sends it later; a failure here must not reach the server
        app.logger.exception("Could not send %d queued e-mails after the response; the worker will", len(ids))
