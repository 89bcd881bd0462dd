"""Accounts: sign-in, sessions, donor sign-up, the profile, personal API tokens and the security log."""
from flask import Flask


def init_app(app: Flask) -> None:
    from allemaaldigitaal.api import register_api_blueprint

    from .api import blp
    from .commands import commands
    from .reset_views import bp as reset_bp
    from .token_views import bp as tokens_bp
    from .views import bp

    app.register_blueprint(bp)
    app.register_blueprint(tokens_bp)
    app.register_blueprint(reset_bp)
    register_api_blueprint(app, blp)
    for command in commands:
        app.cli.add_command(command)
