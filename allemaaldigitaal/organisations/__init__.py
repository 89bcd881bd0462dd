"""Organisations and their people: invitations, members, deactivation."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
