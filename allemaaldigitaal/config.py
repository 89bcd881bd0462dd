"""Settings from the environment; SQLite in instance/ by default."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

from sqlalchemy import make_url

MIB = 2**20
#: the shortest SECRET_KEY production accepts, in bytes
MIN_SECRET_KEY_BYTES = 32
#: the local help point on the handover form when HANDOVER_HELP_POINT is not set
DEFAULT_HANDOVER_HELP_POINT = "Informatiepunt Digitale Overheid in de bibliotheek bij u in de buurt"


class ConfigError(RuntimeError):
    """The environment does not describe a safe configuration."""


def _sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "allemaaldigitaal.sqlite")


def _development_secret(instance_path: str) -> str:
    """A key kept in instance/ so sessions survive a restart on one machine."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Read the settings; refuse to run in production with an unsafe configuration."""
    env = os.environ
    settings = {
        "APP_ENV": env.get("APP_ENV", "development"),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or _sqlite_url(instance_path),
        "SECRET_KEY": env.get("SECRET_KEY"),
        "BASE_URL": env.get("BASE_URL"),
        "DEMO_PASSWORD": env.get("DEMO_PASSWORD", "demo-wachtwoord-2020"),
        "SQLITE_BUSY_TIMEOUT_MS": int(env.get("SQLITE_BUSY_TIMEOUT_MS", "5000")),
        "DATABASE_CONNECT_TIMEOUT": int(env.get("DATABASE_CONNECT_TIMEOUT", "5")),
        "DATABASE_STATEMENT_TIMEOUT_MS": int(env.get("DATABASE_STATEMENT_TIMEOUT_MS", "15000")),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(MIB))),
        "UPLOAD_MAX_CONTENT_LENGTH": int(env.get("UPLOAD_MAX_CONTENT_LENGTH", str(20 * MIB))),
        "WEB_CONCURRENCY": int(env.get("WEB_CONCURRENCY", "1")),
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "CONTACT_EMAIL": env.get("CONTACT_EMAIL"),
        "CONTACT_PHONE": env.get("CONTACT_PHONE"),
        #: where people get local help with their device, printed on the handover form (care/handover_form.py)
        "HANDOVER_HELP_POINT": env.get("HANDOVER_HELP_POINT") or DEFAULT_HANDOVER_HELP_POINT,
        "TRUSTED_PROXY_COUNT": int(env.get("TRUSTED_PROXY_COUNT", "0")),
        "INVITATION_DAYS": int(env.get("INVITATION_DAYS", "7")),
        "CONFIRMATION_DAYS": int(env.get("CONFIRMATION_DAYS", "7")),
        #: the SMTP server as one address, e.g. smtp://user:password@host:587 (web/mail_settings.py); it wins over MAIL_SERVER
        "MAIL_URL": env.get("MAIL_URL"),
        "MAIL_SERVER": env.get("MAIL_SERVER"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "587")),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "true").strip().lower() in {"1", "true", "yes", "on"},
        "MAIL_USERNAME": env.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "allemaaldigitaal <noreply@localhost>"),
        "MAIL_TIMEOUT": int(env.get("MAIL_TIMEOUT", "10")),
        "AUDIT_RETENTION_DAYS": int(env.get("AUDIT_RETENTION_DAYS", "365")),
        #: months after a handout ends before its recipient reference is erased (care/retention.py)
        "RECIPIENT_RETENTION_MONTHS": int(env.get("RECIPIENT_RETENTION_MONTHS", "24")),
        "RATELIMIT_ENABLED": True,
        "LOGIN_LIMIT_PER_IP": "20 per minute",
        #: per account and source, the first failures are free, then each waits longer (accounts/throttling.py)
        "LOGIN_FREE_FAILURES": int(env.get("LOGIN_FREE_FAILURES", "5")),
        "LOGIN_BACKOFF_FIRST_SECONDS": int(env.get("LOGIN_BACKOFF_FIRST_SECONDS", "15")),
        "LOGIN_BACKOFF_MAX_SECONDS": int(env.get("LOGIN_BACKOFF_MAX_SECONDS", str(15 * 60))),
        "LOGIN_FAILURES_KEPT_SECONDS": int(env.get("LOGIN_FAILURES_KEPT_SECONDS", str(24 * 3600))),
        "SIGNUP_LIMIT_PER_IP": "10 per hour",
        "INVITATION_LIMIT_PER_USER": "30 per hour",
        "PASSWORD_CHANGE_LIMIT": "5 per 15 minutes",
        "PASSWORD_RESET_MINUTES": int(env.get("PASSWORD_RESET_MINUTES", "60")),
        "PASSWORD_RESET_LIMIT_PER_IP": "10 per hour",
        "PASSWORD_RESET_LIMIT_PER_ADDRESS": "3 per hour",
        "PASSWORD_HASH_TIME_COST": 3,
        "PASSWORD_HASH_MEMORY_COST": 65536,
        "PASSWORD_HASH_PARALLELISM": 4,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=30),
        "SESSION_ABSOLUTE_TIMEOUT": timedelta(hours=12),
    }
    settings.update(overrides or {})
    production = settings["APP_ENV"] == "production"
    settings.setdefault("SESSION_COOKIE_SECURE", production)
    settings.setdefault("REMEMBER_COOKIE_SECURE", production)
    settings.setdefault("SQLALCHEMY_ENGINE_OPTIONS", _engine_options(settings))
    if production:
        _refuse_unsafe_production(settings)
    settings["SECRET_KEY"] = settings["SECRET_KEY"] or _development_secret(instance_path)
    #: in development without BASE_URL, links in mails follow the local address the app was opened on (web/mail.py)
    settings.setdefault("BASE_URL_FROM_REQUEST", settings["APP_ENV"] == "development" and not settings["BASE_URL"])
    settings["BASE_URL"] = (settings["BASE_URL"] or "http://127.0.0.1:5000").rstrip("/")
    return settings


def _engine_options(settings: dict) -> dict:
    """Check connections before use; on PostgreSQL, give up on a server that does not answer."""
    url = make_url(settings["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        return {"pool_pre_ping": True}
    # options given in the URL (such as a search_path) are kept: connect_args would replace them
    given = url.query.get("options", "")
    statement_timeout = f"-c statement_timeout={settings['DATABASE_STATEMENT_TIMEOUT_MS']}"
    connect_args = {
        "connect_timeout": settings["DATABASE_CONNECT_TIMEOUT"],
        "options": f"{given} {statement_timeout}".strip(),
    }
    return {"pool_pre_ping": True, "connect_args": connect_args}


def _refuse_unsafe_production(settings: dict) -> None:
    """Stop with every reason at once: a short key, no public address, throttling per worker, no mail server."""
    problems = []
    secret = settings["SECRET_KEY"] or ""
    if len(secret.encode()) < MIN_SECRET_KEY_BYTES:
        problems.append(
            f"SECRET_KEY is missing or shorter than {MIN_SECRET_KEY_BYTES} bytes. "
            "Make one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    if not settings["BASE_URL"]:
        problems.append("BASE_URL is not set. Set it to the public address, e.g. https://allemaaldigitaal.nl")
    if settings["RATELIMIT_STORAGE_URI"].startswith("memory://") and settings["WEB_CONCURRENCY"] > 1:
        problems.append(
            f"RATELIMIT_STORAGE_URI is memory:// but WEB_CONCURRENCY is {settings['WEB_CONCURRENCY']}: "
            "each worker would count sign-in attempts on its own. Use redis://… or memcached://…"
        )
    if not (settings.get("MAIL_URL") or settings.get("MAIL_SERVER") or settings.get("MAIL_BACKEND")):
        problems.append(
            "MAIL_URL is not set: no e-mail (sign-up, invitation, password reset) could be sent. "
            "Set it like smtp://user:password@smtp.example.nl:587 (MAIL_SERVER and the rest still work too)."
        )
    for name in ("CONTACT_EMAIL", "CONTACT_PHONE"):
        if not (settings.get(name) or "").strip():
            problems.append(f"{name} is not set: people need the campaign's contact for help with this app.")
    if problems:
        raise ConfigError("Refusing to start in production:\n- " + "\n- ".join(problems))
