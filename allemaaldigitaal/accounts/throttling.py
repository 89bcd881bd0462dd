"""Login throttling (Flask-Limiter): per IP address and per account.

A refused request raises a 429; security.register_error_pages answers it with the generic error page.
"""
from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from allemaaldigitaal.extensions import limiter


def _setting(key: str):
    return lambda: current_app.config[key]


login_per_ip = _setting("LOGIN_LIMIT_PER_IP")
login_per_account = _setting("LOGIN_LIMIT_PER_ACCOUNT")
signup_per_ip = _setting("SIGNUP_LIMIT_PER_IP")
password_change_per_user = _setting("PASSWORD_CHANGE_LIMIT")


def typed_email_key() -> str:
    """The account someone tries to sign in to: the typed e-mail, lower-cased (exists or not)."""
    email = (request.form.get("email") or "").strip().lower()
    return f"login-email:{email}" if email else f"login-ip:{get_remote_address()}"


def signed_in_user_key() -> str:
    return f"user:{current_user.get_id()}"


def failed(response) -> bool:
    """A form that succeeds redirects; anything else counts as a failed attempt."""
    return response.status_code != 302


@limiter.request_filter
def _limits_off_for_this_app() -> bool:
    """The limiter is shared by every app in a process; each app's own RATELIMIT_ENABLED decides."""
    return not current_app.config.get("RATELIMIT_ENABLED", True)
