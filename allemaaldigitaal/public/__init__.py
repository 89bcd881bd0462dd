"""Public pages: home with live figures, accessibility and privacy statements, language choice."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
