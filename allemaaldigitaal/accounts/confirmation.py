"""Confirming the e-mail address after sign-up: a signed link that expires, then the password chosen at sign-up.

The link alone is not enough: whoever opens it also types the account's password. So someone who
signs up with another person's address cannot take over the account when that person clicks the link.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

from .auth import PasswordCheck
from .services import find_user_by_email, normalise_email

SALT = "allemaaldigitaal.email-confirmation"
#: longer than any link we make; longer input is not checked at all
TOKEN_MAX_LENGTH = 300
WRONG_PASSWORD = _l("Dit wachtwoord klopt niet. Gebruik het wachtwoord dat je bij het aanmelden koos.")
LINK_CLOSED = _l("Deze link werkt niet meer. Vraag een nieuwe link aan.")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def confirmation_days() -> int:
    return int(current_app.config["CONFIRMATION_DAYS"])


def confirmation_token(user: User) -> str:
    """The secret part of the link; it names the user and the address, and is signed with the app's key."""
    return _serializer().dumps({"user": user.id, "email": user.email})


def unconfirmed_user_for(token: str) -> User | None:
    """The user this link confirms; None for a wrong or expired link, or an address that is confirmed already."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    try:
        data = _serializer().loads(token, max_age=timedelta(days=confirmation_days()).total_seconds())
    except BadSignature:
        return None
    user_id = data.get("user") if isinstance(data, dict) else None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.email != data.get("email") or user.email_confirmed_at is not None:
        return None
    return user


def confirm_email(token: str, check: PasswordCheck) -> User:
    """Confirm the address if the link still works and the password, checked before this transaction, is the
    account's; the caller then signs the user in."""
    user = unconfirmed_user_for(token)
    if user is None:
        raise DomainError(LINK_CLOSED)
    if not check.matched or check.user_id != user.id or check.checked_hash != user.password_hash:
        raise DomainError(WRONG_PASSWORD, "password")
    if not (user.active and user.organisation.active):
        raise DomainError(_l("Dit account is gedeactiveerd. Je kunt niet inloggen."))
    user.email_confirmed_at = utcnow()
    user.last_login_at = user.email_confirmed_at
    record_audit("email_confirmed", user, subject=user.email)
    return user


def account_for_new_link(email: str) -> tuple[str, User | None]:
    """The address as stored, and its account if it has one; an address that is not valid is refused."""
    email = normalise_email(email)
    return email, find_user_by_email(email)
