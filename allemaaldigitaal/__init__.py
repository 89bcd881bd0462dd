"""allemaaldigitaal: follows every donated device from pledge to person."""
from importlib import import_module
from pathlib import Path

from flask import Flask

from .config import load_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: the feature packages, each with an init_app(app) that adds its pages, API endpoints and commands
FEATURES = ("public", "accounts", "organisations", "start", "devices", "donations", "workshop", "care", "reports", "demo", "ops")


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: config, extensions, request hooks, web layer, API, features; nothing else."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(PROJECT_ROOT / "templates"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(load_config(app.instance_path, overrides))
    trust_proxies(app)
    register_extensions(app)
    register_request_hooks(app)
    register_web(app)
    register_api(app)
    register_features(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind N proxies, take the client's address and scheme from their X-Forwarded-* headers."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    count = app.config["TRUSTED_PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def register_extensions(app: Flask) -> None:
    from .core import models  # noqa: F401  (registers the tables for migrations)
    from .core.sqlite import configure_sqlite
    from .extensions import csrf, db, limiter, migrate

    configure_sqlite(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)


def register_request_hooks(app: Flask) -> None:
    """In this order: session checks, the API's bearer token, then the access check; audits after."""
    from .accounts.bearer import load_api_user
    from .accounts.sessions import init_login
    from .core.access import enforce_access
    from .core.audit import write_deferred_audit

    init_login(app)
    app.before_request(load_api_user)
    app.before_request(enforce_access)
    app.teardown_request(write_deferred_audit)


def register_web(app: Flask) -> None:
    from .web import init_app

    init_app(app)


def register_api(app: Flask) -> None:
    from .api import init_api

    init_api(app)


def register_features(app: Flask) -> None:
    for name in FEATURES:
        import_module(f"{__name__}.{name}").init_app(app)
