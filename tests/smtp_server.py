"""A real SMTP server for the mail tests (aiosmtpd on 127.0.0.1), and apps that send to it over SMTP."""
import asyncio
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import quote, urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from .mailbox import LINK, closed_port


class SmtpServer:
    """Keeps every message it accepts. Can be stopped and started again on the same port, refuse addresses,
    ask for a login, or take its time over each message."""

    def __init__(self, *, login: tuple[str, str] | None = None, delay: float = 0.0):
        self.port = closed_port()
        self.login = login
        self.delay = delay
        self.refused: set[str] = set()
        self.received: list[EmailMessage] = []
        self.logins: list[str] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        """The MAIL_URL of this server (no TLS: it runs on this machine)."""
        user = f"{quote(self.login[0], safe='')}:{quote(self.login[1], safe='')}@" if self.login else ""
        return f"smtp://{user}127.0.0.1:{self.port}?tls=none&timeout=5"

    def start(self) -> "SmtpServer":
        options = {"auth_require_tls": False, "auth_required": True, "authenticator": self._authenticate} if self.login else {}
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def _authenticate(self, _server, _session, _envelope, _mechanism, auth_data) -> AuthResult:
        user, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append(user)
        return AuthResult(success=(user, password) == self.login)

    async def handle_RCPT(self, _server, _session, envelope, address, _options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server, _session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        with self._lock:
            self.received.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [message for message in self.received if message["To"] == address]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link_path(message: EmailMessage, part: str) -> str:
    """The path of the one link in the mail's text that holds part."""
    link, = [link for link in LINK.findall(text_of(message)) if part in link]
    return urlsplit(link).path
