"""Flask-Login set-up and the session rules: idle and absolute timeouts, one version per user.

At sign-in the session gets the user's session_version and two times (signed in, last seen).
Each request checks them: an expired session or an old version signs the user out.
"""
import time

from flask import Flask, Request, current_app, flash, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from allemaaldigitaal.api.auth import is_api_request
from allemaaldigitaal.core.models import User
from allemaaldigitaal.extensions import db, login_manager

from .services import may_sign_in

LOGIN_AT = "login_at"
SEEN_AT = "seen_at"
VERSION = "auth_version"
#: survives signing in and out
KEPT = ("lang",)


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie session; a request without the cookie (API clients, first visits) skips the signer."""

    def open_session(self, app: Flask, request: Request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def init_login(app: Flask) -> None:
    app.session_interface = SessionCookies()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in om deze pagina te bekijken.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str
    login_manager.user_loader(load_user)
    app.before_request(check_session)


def load_user(user_id: str) -> User | None:
    """The signed-in user, if the session's version is still the user's and the user may sign in."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not may_sign_in(user) or session.get(VERSION) != user.session_version:
        return None
    return user


def start_session(user: User) -> None:
    """A fresh session for this user: nothing of the old one is kept but the language."""
    _clear()
    login_user(user)
    now = int(time.time())
    session[VERSION] = user.session_version
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


def keep_session_after_version_change(user: User) -> None:
    """After ending the user's other sessions, this one stays valid."""
    session[VERSION] = user.session_version


def end_session() -> None:
    logout_user()
    _clear()


def _clear() -> None:
    kept = {key: session[key] for key in KEPT if key in session}
    session.clear()
    session.update(kept)


def _expired(now: int) -> str | None:
    """Why this session has ended, or None."""
    config = current_app.config
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return _("Je bent uitgelogd. Log opnieuw in.")
    if now - login_at > config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds():
        hours = int(config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds() // 3600)
        return _("Je bent na %(hours)s uur vanzelf uitgelogd. Log opnieuw in.", hours=hours)
    if now - seen_at > config["SESSION_IDLE_TIMEOUT"].total_seconds():
        return _("Je bent uitgelogd omdat je een tijd niets hebt gedaan. Log opnieuw in.")
    return None


def check_session():
    """before_request: sign out an expired, replaced or no longer allowed session."""
    g.pop("_login_user", None)
    if request.endpoint == "static" or is_api_request() or "_user_id" not in session:
        return None
    now = int(time.time())
    reason = _expired(now)
    if reason is None and not current_user.is_authenticated:
        reason = _("Je bent uitgelogd. Log opnieuw in.")
    if reason is not None:
        end_session()
        flash(reason, "info")
        return None
    session[SEEN_AT] = now
    return None
