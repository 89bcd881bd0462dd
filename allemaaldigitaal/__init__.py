"""allemaaldigitaal: follows every donated device from pledge to person."""
from flask import Flask

from .config import load_config


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, commands, nothing else."""
    app = Flask(__name__, instance_relative_config=True, template_folder="../templates")
    _ensure_instance_folder(app)
    app.config.from_mapping(load_config(app.instance_path, overrides))
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    return app


def _ensure_instance_folder(app: Flask) -> None:
    from pathlib import Path

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (registers the tables for migrations)
    from .extensions import babel, db, migrate
    from .sqlite import configure_sqlite

    configure_sqlite(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    db.init_app(app)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIRECTORY", _migrations_path()))
    babel.init_app(app)


def _migrations_path() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "migrations")


def register_blueprints(app: Flask) -> None:
    from .public.views import bp as public_bp

    app.register_blueprint(public_bp)


def register_commands(app: Flask) -> None:
    from .cli import commands

    for command in commands:
        app.cli.add_command(command)
