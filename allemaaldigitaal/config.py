"""Settings from the environment; SQLite in instance/ by default."""
import os
import secrets
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
    }
    settings.update(overrides or {})
    if not settings["SECRET_KEY"]:
        if settings["APP_ENV"] == "production":
            raise ConfigError("SECRET_KEY is not set. Set it in the environment before starting.")
        settings["SECRET_KEY"] = _development_secret(instance_path)
    return settings
