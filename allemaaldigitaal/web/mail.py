"""E-mail (Flask-Mailman): plain text and HTML from templates/mail/, sent after the commit; no tracking.

Each mail is one text template, mail/<name>.txt; its HTML part is the same paragraphs in
mail/_layout.html, so the two never say different things. Without MAIL_SERVER the console backend
prints every mail in the log (development); tests get Flask-Mailman's locmem outbox.
"""
from dataclasses import dataclass, field

from flask import Flask, current_app, make_response, render_template, url_for
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives, Mail

mail = Mail()
LINK_START = ("https://", "http://")


@dataclass(frozen=True)
class Letter:
    """One e-mail to one address; rendered in the recipient's language (Dutch unless known)."""

    template: str
    to: str
    subject: str
    context: dict = field(default_factory=dict)
    language: str = "nl"


def site_url(endpoint: str, **values) -> str:
    """The full address of a page, for a mail: BASE_URL and the path."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def secret_link_page(body, status: int = 200):
    """A page opened from a mailed link with a secret in its address: kept out of caches and Referer headers."""
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def init_mail(app: Flask) -> None:
    app.config["MAIL_BACKEND"] = mail_backend(app.config, app.testing)
    mail.init_app(app)


def mail_backend(config, testing: bool) -> str:
    """locmem in tests, SMTP with a MAIL_SERVER, else the console (production refuses to start without one)."""
    if config.get("MAIL_BACKEND"):
        return config["MAIL_BACKEND"]
    if testing:
        return "locmem"
    return "smtp" if config.get("MAIL_SERVER") else "console"


def paragraphs(text: str) -> list[str]:
    """The blocks of a text mail, split on empty lines."""
    blocks = (block.strip() for block in text.replace("\r\n", "\n").split("\n\n"))
    return [block for block in blocks if block]


def is_link(paragraph: str) -> bool:
    return paragraph.startswith(LINK_START) and not any(space in paragraph for space in " \n\t")


def compose(letter: Letter) -> EmailMultiAlternatives:
    """The message in the letter's language, with its HTML alternative."""
    with force_locale(letter.language):
        subject = str(letter.subject)
        text = render_template(f"mail/{letter.template}.txt", **letter.context)
        html = render_template(
            "mail/_layout.html", subject=subject, language=letter.language, paragraphs=paragraphs(text), is_link=is_link
        )
    message = EmailMultiAlternatives(subject, text, to=[letter.to], headers=_headers())
    message.attach_alternative(html, "text/html")
    return message


def _headers() -> dict:
    """Automatic mail (RFC 3834): out-of-office replies stay away; replies go to the campaign if it has an address."""
    headers = {"Auto-Submitted": "auto-generated"}
    if current_app.config.get("CONTACT_EMAIL"):
        headers["Reply-To"] = current_app.config["CONTACT_EMAIL"]
    return headers


def send(letter: Letter) -> bool:
    """Send one letter after the commit; False when it could not be sent (logged, without the address)."""
    try:
        compose(letter).send()
    except OSError as error:
        current_app.logger.error("Could not send the %s e-mail: %s", letter.template, error)
        return False
    return True
