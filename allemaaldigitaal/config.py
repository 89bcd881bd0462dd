"""Settings from the environment; SQLite in instance/ by default."""
import os
import secrets
from datetime import timedelta
from pathlib import Path


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
    """Read the settings; refuse to run in production without a secret key."""
    env = os.environ
    settings = {
        "APP_ENV": env.get("APP_ENV", "development"),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or _sqlite_url(instance_path),
        "SECRET_KEY": env.get("SECRET_KEY"),
        "BASE_URL": env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "DEMO_PASSWORD": env.get("DEMO_PASSWORD", "demo-wachtwoord-2020"),
        "SQLITE_BUSY_TIMEOUT_MS": int(env.get("SQLITE_BUSY_TIMEOUT_MS", "5000")),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "CONTACT_EMAIL": env.get("CONTACT_EMAIL"),
        "TRUSTED_PROXY_COUNT": int(env.get("TRUSTED_PROXY_COUNT", "0")),
        "INVITATION_DAYS": int(env.get("INVITATION_DAYS", "7")),
        "AUDIT_RETENTION_DAYS": int(env.get("AUDIT_RETENTION_DAYS", "365")),
        "RATELIMIT_ENABLED": True,
        "LOGIN_LIMIT_PER_IP": "20 per minute",
        "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
        "SIGNUP_LIMIT_PER_IP": "10 per hour",
        "PASSWORD_CHANGE_LIMIT": "5 per 15 minutes",
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
    settings.setdefault("SESSION_COOKIE_SECURE", settings["APP_ENV"] == "production")
    settings.setdefault("REMEMBER_COOKIE_SECURE", settings["APP_ENV"] == "production")
    if not settings["SECRET_KEY"]:
        if settings["APP_ENV"] == "production":
            raise ConfigError("SECRET_KEY is not set. Set it in the environment before starting.")
        settings["SECRET_KEY"] = _development_secret(instance_path)
    return settings
