"""Flask-Login set-up: loading the signed-in user."""
from flask import Flask

from ..extensions import db, login_manager
from ..models import User


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))
