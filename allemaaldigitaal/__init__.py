"""allemaaldigitaal: follows every donated device from pledge to person."""
from pathlib import Path

from flask import Flask

from .config import load_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, commands, nothing else."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(PROJECT_ROOT / "templates"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(load_config(app.instance_path, overrides))
    trust_proxies(app)
    register_extensions(app)
    register_request_hooks(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind N proxies, take the client's address and scheme from their X-Forwarded-* headers."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    count = app.config["TRUSTED_PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (registers the tables for migrations)
    from .extensions import csrf, db, limiter, migrate
    from .i18n import init_babel
    from .sqlite import configure_sqlite

    configure_sqlite(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    init_babel(app)


def register_request_hooks(app: Flask) -> None:
    """In this order: session checks, the API's bearer token, then the access check."""
    from .access import enforce_access
    from .api.auth import load_api_user
    from .auth.sessions import init_login
    from .security import add_security_headers

    init_login(app)
    app.before_request(load_api_user)
    app.before_request(enforce_access)
    app.after_request(add_security_headers)


def register_blueprints(app: Flask) -> None:
    from .api import init_api
    from .auth.views import bp as auth_bp
    from .organisations.views import bp as organisations_bp
    from .public.views import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(organisations_bp)
    init_api(app)


def register_error_handlers(app: Flask) -> None:
    from .security import register_error_pages

    register_error_pages(app)


def register_commands(app: Flask) -> None:
    from .cli import commands

    for command in commands:
        app.cli.add_command(command)
