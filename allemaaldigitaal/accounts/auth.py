"""Signing in and out, donor sign-up, password changes and ending sessions."""
import re

from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

from .passwords import check_password_rules, hash_password, needs_rehash, rehash, verify_dummy, verify_password
from .services import create_user, find_user_by_email, normalise_email

POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")


def may_sign_in(user: User) -> bool:
    """Only active people of active organisations may sign in."""
    return user.active and user.organisation.active


def sign_in(email: str, password: str) -> User | None:
    """The user with these credentials, or None; audits both outcomes and upgrades old hashes."""
    typed = (email or "").strip().lower()
    user = find_user_by_email(typed) if typed else None
    if user is None or not user.password_hash:
        verify_dummy(password)
        return _refuse(typed, "unknown account" if user is None else "no password")
    if not verify_password(user.password_hash, password):
        return _refuse(typed, "wrong password")
    if not may_sign_in(user):
        return _refuse(typed, "account or organisation not active")
    if needs_rehash(user.password_hash):
        user.password_hash = rehash(password)
    user.last_login_at = utcnow()
    record_audit("login", user, subject=user.email)
    return user


def _refuse(typed_email: str, reason: str) -> None:
    record_audit("login_failed", None, subject=typed_email[:254] or None, detail=reason)
    return None


def end_all_sessions(user: User) -> None:
    """Every session of this user ends at its next request; the caller commits."""
    user.session_version = (user.session_version or 0) + 1


def sign_out(user: User) -> None:
    """Sign out everywhere."""
    end_all_sessions(user)
    record_audit("logout", user, subject=user.email)


def change_password(user: User, current_password: str, new_password: str) -> None:
    """A new password after checking the current one; other sessions of the user end."""
    if not verify_password(user.password_hash, current_password):
        raise DomainError(_l("Je huidige wachtwoord klopt niet."), "current_password")
    try:
        user.password_hash = hash_password(new_password)
    except DomainError as error:
        raise DomainError(error.message, "new_password") from error
    end_all_sessions(user)
    record_audit("password_changed", user, subject=user.email)


def normalise_postcode(postcode: str | None) -> str | None:
    """'1234ab' → '1234 AB'; empty → None."""
    postcode = (postcode or "").strip()
    if not postcode:
        return None
    match = POSTCODE.fullmatch(postcode)
    if match is None:
        raise DomainError(_l("Vul een postcode in zoals 1234 AB."), "postcode")
    return f"{match[1]} {match[2].upper()}"


def sign_up_donor(
    organisation_name: str, contact_name: str, email: str, password: str,
    postcode: str | None = None, city: str | None = None,
) -> User:
    """A new donor organisation and its first user; checks everything before writing."""
    organisation_name = (organisation_name or "").strip()
    if not organisation_name:
        raise DomainError(_l("Vul de naam van je organisatie in."), "organisation")
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise DomainError(
            _l("Er is al een account met dit e-mailadres. Log in, of kies een ander e-mailadres."), "email"
        )
    if not (contact_name or "").strip():
        raise DomainError(_l("Vul je naam in."), "name")
    check_password_rules(password)
    organisation = Organisation(
        kind=OrganisationKind.DONOR,
        name=organisation_name,
        contact_name=contact_name.strip(),
        contact_email=email,
        postcode=normalise_postcode(postcode),
        city=(city or "").strip() or None,
    )
    db.session.add(organisation)
    user = create_user(email, contact_name, organisation, password)
    db.session.flush()
    record_audit("signup", user, subject=email)
    return user
