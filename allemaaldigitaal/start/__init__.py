"""The start page per role, where sign-in lands: a greeting, what to do next, and what waits."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
