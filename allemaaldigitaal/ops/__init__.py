"""Running the service: the health check for load balancers, and backup and restore commands."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .commands import backup, restore
    from .health import bp

    app.register_blueprint(bp)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
