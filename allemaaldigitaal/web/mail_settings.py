"""Where mail goes: one MAIL_URL for the SMTP server (or the older MAIL_SERVER settings), else a local backend.

    smtp://[user[:password]@]host[:port][?tls=starttls|none][&timeout=seconds]   port 587 unless given; STARTTLS
    smtps://[user[:password]@]host[:port][?timeout=seconds]                      port 465 unless given; TLS at once

Write a user name or password with `@`, `:`, `/` or `%` percent-encoded (`@` as `%40`). `tls=none` sends in
the clear, for a relay on the same machine; a password is then accepted only for a loopback host.
"""
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from allemaaldigitaal.config import ConfigError

DEFAULT_PORTS = {"smtp": 587, "smtps": 465}
TLS_CHOICES = ("starttls", "none")
#: the backend that prints each mail and keeps it as a file in instance/mail/ (development, no MAIL_URL)
DEVELOPMENT_BACKEND = "allemaaldigitaal.web.mail_development"


class MailUrlError(ValueError):
    """MAIL_URL does not describe an SMTP server; the message never holds the password."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    #: "starttls", "ssl" (smtps://) or "none"
    security: str = "starttls"
    timeout: int | None = None

    def as_config(self) -> dict:
        """The Flask-Mailman settings for this server."""
        settings = {
            "MAIL_SERVER": self.host,
            "MAIL_PORT": self.port,
            "MAIL_USERNAME": self.username,
            "MAIL_PASSWORD": self.password,
            "MAIL_USE_TLS": self.security == "starttls",
            "MAIL_USE_SSL": self.security == "ssl",
        }
        if self.timeout is not None:
            settings["MAIL_TIMEOUT"] = self.timeout
        return settings


def parse_mail_url(url: str) -> SmtpSettings:
    """The SMTP server a MAIL_URL names; MailUrlError says what is wrong with it."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError as error:
        raise MailUrlError("MAIL_URL cannot be read as an address, e.g. smtp://user:password@host:587") from error
    if parts.scheme not in DEFAULT_PORTS:
        raise MailUrlError("MAIL_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise MailUrlError("MAIL_URL names no host, e.g. smtp://smtp.example.nl:587")
    if parts.path not in ("", "/") or parts.fragment:
        raise MailUrlError("MAIL_URL takes no path: smtp://user:password@host:port?tls=starttls")
    try:
        port = DEFAULT_PORTS[parts.scheme] if parts.port is None else parts.port
    except ValueError as error:
        raise MailUrlError("MAIL_URL has a port that is not a number from 1 to 65535") from error
    if port == 0:
        raise MailUrlError("MAIL_URL has a port that is not a number from 1 to 65535")
    options = _options(parts.query)
    security = _security(parts.scheme, options.pop("tls", None))
    timeout = _timeout(options.pop("timeout", None))
    if options:
        raise MailUrlError(f"MAIL_URL has an unknown option: {sorted(options)[0]} (known: tls, timeout)")
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if password and security == "none" and not _is_loopback(parts.hostname):
        raise MailUrlError("MAIL_URL would send the password unencrypted: use tls=starttls or smtps://")
    return SmtpSettings(parts.hostname, port, username, password, security, timeout)


def _options(query: str) -> dict[str, str]:
    try:
        found = parse_qs(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError as error:
        raise MailUrlError("MAIL_URL has options that cannot be read: write ?tls=starttls&timeout=10") from error
    if any(len(values) > 1 for values in found.values()):
        raise MailUrlError("MAIL_URL gives an option twice")
    return {name: values[0] for name, values in found.items()}


def _security(scheme: str, tls: str | None) -> str:
    if scheme == "smtps":
        if tls is not None:
            raise MailUrlError("MAIL_URL: smtps:// always uses TLS; leave out the tls option")
        return "ssl"
    tls = "starttls" if tls is None else tls.lower()
    if tls not in TLS_CHOICES:
        raise MailUrlError("MAIL_URL: tls must be starttls or none")
    return tls


def _timeout(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 600:
        raise MailUrlError("MAIL_URL: timeout must be a whole number of seconds from 1 to 600")
    return int(value)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def smtp_config(config) -> dict:
    """The SMTP settings MAIL_URL gives (it wins over MAIL_SERVER and the rest); nothing without one."""
    if not config.get("MAIL_URL"):
        return {}
    try:
        return parse_mail_url(config["MAIL_URL"]).as_config()
    except MailUrlError as error:
        raise ConfigError(str(error)) from error


def has_smtp_server(config) -> bool:
    return bool(config.get("MAIL_URL") or config.get("MAIL_SERVER"))


def mail_backend(config, testing: bool) -> str:
    """An explicit MAIL_BACKEND; locmem in tests; SMTP with a server; else the console and instance/mail/."""
    if config.get("MAIL_BACKEND"):
        return config["MAIL_BACKEND"]
    if testing:
        return "locmem"
    return "smtp" if has_smtp_server(config) else DEVELOPMENT_BACKEND


def mail_folder(instance_path: str) -> str:
    """Where the development backend keeps each mail as a file."""
    return str(Path(instance_path) / "mail")
