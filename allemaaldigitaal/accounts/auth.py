"""Signing in and out, donor sign-up, password changes and ending sessions."""
from typing import NamedTuple

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Organisation, PasswordReset, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.transaction import end_read_transaction
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.postcode import clean_postcode

from .passwords import hash_password, needs_rehash, rehash, verify_dummy, verify_password
from .services import create_user, find_user_by_email, may_sign_in, normalise_email, organisation_named
from .tokens import revoke_api_tokens


class PasswordCheck(NamedTuple):
    """What checking a typed password found, in plain values that outlive the read transaction."""

    email: str
    user_id: int | None
    #: the stored hash the password was checked against; None when there is none
    checked_hash: str | None
    matched: bool
    #: the same password hashed with today's parameters, when the stored hash is older
    new_hash: str | None = None


def check_password(email: str, password: str) -> PasswordCheck:
    """Look the account up, end that read, then run argon2 (slow on purpose) outside any transaction."""
    typed = (email or "").strip().lower()
    user = find_user_by_email(typed) if typed else None
    user_id, stored = (user.id, user.password_hash) if user else (None, None)
    end_read_transaction()
    if not stored:
        verify_dummy(password)
        return PasswordCheck(typed, user_id, None, matched=False)
    matched = verify_password(stored, password)
    new_hash = rehash(password) if matched and needs_rehash(stored) else None
    return PasswordCheck(typed, user_id, stored, matched, new_hash)


def sign_in(check: PasswordCheck) -> User | None:
    """The user, if the check matched and still holds when the user is read again; audits both outcomes."""
    user = db.session.get(User, check.user_id) if check.user_id is not None else None
    reason = _refusal(check, user)
    if reason is not None:
        record_audit("login_failed", None, subject=check.email[:254] or None, detail=reason)
        return None
    if check.new_hash:
        user.password_hash = check.new_hash
    user.last_login_at = utcnow()
    record_audit("login", user, subject=user.email)
    return user


def _refusal(check: PasswordCheck, user: User | None) -> str | None:
    """Why the sign-in is refused (for the audit log only), or None."""
    if user is None:
        return "unknown account"
    if check.checked_hash is None:
        return "no password"
    if not check.matched:
        return "wrong password"
    if user.password_hash != check.checked_hash:
        return "password changed during sign-in"
    if user.email_confirmed_at is None:
        return "e-mail address not confirmed"
    if not may_sign_in(user):
        return "account or organisation not active"
    return None


def end_all_sessions(user: User) -> None:
    """Every session of this user ends at its next request; the caller commits."""
    user.session_version = (user.session_version or 0) + 1


def close_reset_links(user: User) -> None:
    """Every password-reset link of this user that is still open stops working; the caller commits."""
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )


def sign_out(user: User, also_api_tokens: bool = False) -> None:
    """Sign out everywhere; when asked, the user's API tokens stop working too."""
    end_all_sessions(user)
    record_audit("logout", user, subject=user.email)
    if also_api_tokens:
        revoke_api_tokens(user, user, "signed out everywhere")


def change_password(user: User, current_password: str, new_password: str) -> None:
    """A new password after checking the current one; other sessions of the user end.

    argon2 runs outside any transaction: the user's hash is read, that read ends, both passwords are
    hashed, and the write reads the user again, refusing if the hash changed meanwhile.
    """
    user_id, stored = user.id, user.password_hash
    end_read_transaction()
    if not verify_password(stored, current_password):
        raise DomainError(_l("Je huidige wachtwoord klopt niet."), "current_password")
    try:
        new_hash = hash_password(new_password)
    except DomainError as error:
        raise DomainError(error.message, "new_password") from error
    user = db.session.get(User, user_id)
    if user.password_hash != stored:
        raise DomainError(_l("Je wachtwoord is net op een andere plek gewijzigd. Log opnieuw in."), "current_password")
    user.password_hash = new_hash
    end_all_sessions(user)
    close_reset_links(user)
    record_audit("password_changed", user, subject=user.email)


class SignUp(NamedTuple):
    """The account a sign-up is about: a new unconfirmed one, or the one that already has the address."""

    user: User
    is_new: bool


def name_taken_message():
    """Refused whatever the e-mail address, so it tells nothing about accounts; says how to join that organisation."""
    contact = current_app.config.get("CONTACT_EMAIL")
    if contact:
        return _l(
            "Er is al een organisatie met deze naam. Werk je daar? Vraag dan een collega om je uit te nodigen. "
            "Dat doet je collega via Mijn organisatie → Iemand uitnodigen. Lukt dat niet? Mail dan naar %(email)s.",
            email=contact,
        )
    return _l(
        "Er is al een organisatie met deze naam. Werk je daar? Vraag dan een collega om je uit te nodigen. "
        "Dat doet je collega via Mijn organisatie → Iemand uitnodigen. Lukt dat niet? Neem dan contact op met de "
        "campagne. Hoe dat kan, staat onderaan deze pagina."
    )


def sign_up_donor(
    organisation_name: str, contact_name: str, email: str, password: str,
    postcode: str | None = None, city: str | None = None,
) -> SignUp:
    """A new donor organisation and its first, unconfirmed user; checks everything before writing.

    An address that already has an account writes nothing and returns that account, after the same
    password hashing, so the caller can answer both the same way (an e-mail tells the rest). The hash
    is made before the first query, so no transaction waits on argon2.
    """
    organisation_name = (organisation_name or "").strip()
    if not organisation_name:
        raise DomainError(_l("Vul de naam van je organisatie in."), "organisation")
    email = normalise_email(email)
    if not (contact_name or "").strip():
        raise DomainError(_l("Vul je naam in."), "name")
    postcode = clean_postcode(postcode)
    password_hash = hash_password(password)
    if organisation_named(organisation_name) is not None:
        raise DomainError(name_taken_message(), "organisation")
    existing = find_user_by_email(email)
    if existing is not None:
        return SignUp(existing, is_new=False)
    organisation = Organisation(
        kind=OrganisationKind.DONOR,
        name=organisation_name,
        contact_name=contact_name.strip(),
        contact_email=email,
        postcode=postcode,
        city=(city or "").strip() or None,
    )
    db.session.add(organisation)
    user = create_user(email, contact_name, organisation, None, confirmed=False)
    user.password_hash = password_hash
    db.session.flush()
    record_audit("signup", user, subject=email)
    return SignUp(user, is_new=True)
