"""Public pages: home with live figures, accessibility and privacy statements, language choice."""
from flask import Flask


def init_app(app: Flask) -> None:
    from . import style  # noqa: F401  (registers the style page on the blueprint)
    from .views import bp

    app.register_blueprint(bp)
