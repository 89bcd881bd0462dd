"""Organisations and user accounts."""
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Organisation, User
from allemaaldigitaal.core.models.organisations import normalised_name
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

from .passwords import hash_password


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise DomainError(_l("Dit e-mailadres klopt niet. Controleer het en probeer opnieuw."), "email") from error


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def may_sign_in(user: User) -> bool:
    """Only active people of active organisations may sign in, once their e-mail address is confirmed."""
    return user.email_confirmed_at is not None and user.active and user.organisation.active


def require_coordinator(user: User) -> None:
    """Refuse the action unless a coordinator does it."""
    if user.kind != OrganisationKind.COORDINATOR:
        raise DomainError(_l("Alleen een coördinator kan dit doen."))


def organisation_named(name: str) -> Organisation | None:
    """An organisation with this name, of any kind, compared as the unique rule compares names (case, spaces)."""
    return db.session.scalar(
        select(Organisation).where(Organisation.name_key == normalised_name(name)).order_by(Organisation.id)
    )


def find_or_create_organisation(name: str, kind: OrganisationKind) -> Organisation:
    """The organisation with this name (case-insensitive); it must be of the same kind."""
    name = name.strip()
    if not name:
        raise DomainError(_l("Vul de naam van de organisatie in."), "organisation")
    organisation = organisation_named(name)
    if organisation is None:
        organisation = Organisation(name=name, kind=kind)
        db.session.add(organisation)
    elif organisation.kind != kind:
        raise DomainError(
            _l("De organisatie %(name)s bestaat al, maar is een %(kind)s.", name=name, kind=organisation.kind.label),
            "organisation",
        )
    return organisation


def create_user(
    email: str, name: str, organisation: Organisation, password: str | None, *, confirmed: bool = True
) -> User:
    """A new active user; the e-mail address must not be in use yet.

    confirmed: the address is known to work (an accepted mailed invitation, the command line, the demo);
    a donor who signs up confirms it later through a mailed link.
    """
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise DomainError(_l("Er is al een account met dit e-mailadres."), "email")
    if not name.strip():
        raise DomainError(_l("Vul een naam in."), "name")
    user = User(
        email=email,
        name=name.strip(),
        organisation=organisation,
        password_hash=hash_password(password) if password is not None else None,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    return user


#: the longest name a user can have, as in the table
NAME_MAX_LENGTH = 200


def change_name(user: User, name: str) -> None:
    """The user's own name, trimmed; audited without the old or new name."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_l("Vul je naam in."), "name")
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(_l("Gebruik hoogstens %(max)d tekens.", max=NAME_MAX_LENGTH), "name")
    if name == user.name:
        return
    user.name = name
    record_audit("name_changed", user, subject=user.email)
