"""Password reset by e-mail: a single-use link that works PASSWORD_RESET_MINUTES; only its SHA-256 is stored.

Asking for a link gives the same answer for every address and does the same work: the letter is
rendered and an audit entry written either way; only an active account gets a link and a mail.
Choosing the new password follows change_password: the same rules and hashing (argon2, outside any
transaction), and the user's other sessions end. Every other open link of the user closes with it.
"""
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import get_locale, lazy_gettext as _l
from sqlalchemy import select, update

from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import PasswordReset, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.transaction import end_read_transaction
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.mail import Letter, queue, render, site_url

from .auth import close_reset_links, end_all_sessions
from .passwords import hash_password
from .services import find_user_by_email, normalise_email
from .tokens import hash_token

SUBJECT = _l("Nieuw wachtwoord kiezen voor allemaaldigitaal")
LINK_CLOSED = _l("Deze link werkt niet meer. Vraag een nieuwe link aan.")
#: longer than any token we make; longer input is not looked up at all
TOKEN_MAX_LENGTH = 100


def reset_minutes() -> int:
    return int(current_app.config["PASSWORD_RESET_MINUTES"])


def may_reset(user: User | None) -> bool:
    """Only an active person of an active organisation gets a link (an unconfirmed address may: the mail proves it)."""
    return user is not None and user.active and user.organisation.active


def request_reset(email: str) -> str:
    """A new link mailed to an active account; for any other address the same work and no mail. Returns the address."""
    email = normalise_email(email)
    user = find_user_by_email(email)
    token = secrets.token_urlsafe(32)
    letter = reset_letter(user if may_reset(user) else None, email, token)
    if not may_reset(user):
        render(letter)
        record_audit("password_reset_requested", None, subject=email, detail=_refusal(user))
        return email
    expires_at = utcnow() + timedelta(minutes=reset_minutes())
    db.session.add(PasswordReset(user=user, token_hash=hash_token(token), expires_at=expires_at))
    record_audit("password_reset_requested", user, subject=email)
    queue(letter)
    return email


def _refusal(user: User | None) -> str:
    """Why no mail went out (for the audit log only)."""
    return "unknown account" if user is None else "account or organisation not active"


def reset_letter(user: User | None, email: str, token: str) -> Letter:
    """The mail with the link, in the language of the page it was asked from."""
    context = {
        "name": user.name if user else "",
        "link": site_url("password_reset.choose", token=token),
        "minutes": reset_minutes(),
        "new_link": site_url("password_reset.forgot"),
    }
    return Letter("password_reset", email, SUBJECT, context, get_locale().language)


def open_reset(token: str) -> PasswordReset | None:
    """The reset behind this link, if it can still be used: not used, not expired, its user still active."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow() or not may_reset(reset.user):
        return None
    return reset


def choose_password(token: str, password: str) -> User:
    """Set the new password if the link still works; closes every open link of the user and ends their sessions.

    argon2 runs before the transaction reads anything; then the link is read again and claimed, so two
    uses at once set the password only once.
    """
    end_read_transaction()
    try:
        new_hash = hash_password(password)
    except DomainError as error:
        raise DomainError(error.message, "password") from error
    reset = open_reset(token)
    if reset is None or not _claim(reset):
        raise DomainError(LINK_CLOSED)
    user = reset.user
    user.password_hash = new_hash
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    end_all_sessions(user)
    close_reset_links(user)
    record_audit("password_reset", user, subject=user.email, detail=f"reset link {reset.id}")
    return user


def _claim(reset: PasswordReset) -> bool:
    """Mark the link used, unless another request did so first."""
    result = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1
