"""Mail in tests: the locmem outbox (tests run with TESTING, so no mail leaves the machine), the links in a mail,
a mail server that is down; and pages without their CSRF tokens, to compare two answers."""
import re
import socket
from urllib.parse import urlsplit

from flask import Flask

LINK = re.compile(r"https?://\S+")
CSRF = re.compile(r'(name="csrf_token" value=")[^"]+"')


def empty_outbox(app: Flask) -> list:
    """The app's outbox, emptied; every mail the app sends from now on is appended to it."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


def links_in(message) -> list[str]:
    """Every address in the plain-text part of a mail."""
    return LINK.findall(message.body)


def mailed_path(app: Flask, email: str, part: str) -> str:
    """The path of the link holding part in the last mail the app sent to this address (the host is BASE_URL's)."""
    message = [message for message in app.extensions["mailman"].outbox if message.to == [email]][-1]
    link, = [link for link in links_in(message) if part in link]
    return urlsplit(link).path


def html_of(message) -> str:
    (html, mimetype), = message.alternatives
    assert mimetype == "text/html"
    return html


def closed_port() -> int:
    """A local port nobody listens on: an SMTP server there refuses the connection at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def break_mail_server(app: Flask, monkeypatch) -> None:
    """Send through real SMTP to a server that is not there, as when the mail server is down."""
    state = app.extensions["mailman"]
    monkeypatch.setattr(state, "backend", "smtp")
    monkeypatch.setattr(state, "server", "127.0.0.1")
    monkeypatch.setattr(state, "port", closed_port())
    monkeypatch.setattr(state, "use_tls", False)
    monkeypatch.setattr(state, "timeout", 2)


def without_csrf(page: str) -> str:
    """A page without its CSRF tokens, which change every second, so two answers can be compared."""
    return CSRF.sub(r'\1"', page)
