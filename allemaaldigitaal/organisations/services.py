"""Coordinators switch users and organisations off and on again, and keep an organisation's details."""
import re
from dataclasses import dataclass, fields

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.accounts.auth import end_all_sessions
from allemaaldigitaal.accounts.services import normalise_email, require_coordinator
from allemaaldigitaal.accounts.tokens import revoke_api_tokens
from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Organisation, User
from allemaaldigitaal.core.models.organisations import normalised_name
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.postcode import clean_postcode

PROVINCES = (
    "Drenthe", "Flevoland", "Friesland", "Gelderland", "Groningen", "Limburg",
    "Noord-Brabant", "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland",
)
#: the longest text each detail may hold, as in the table
MAX_LENGTHS = {
    "name": 200, "contact_name": 200, "contact_email": 254, "contact_phone": 40,
    "address": 200, "postcode": 10, "city": 100, "province": 40,
}
#: digits, spaces and + - ( ), with 10 to 15 digits: 030 123 4567, +31 (0)30-1234567
PHONE = re.compile(r"^\+?[0-9 ()-]+$")


@dataclass(frozen=True)
class OrganisationDetails:
    """What a coordinator can change about an organisation; empty text means "not known"."""

    name: str
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    province: str | None = None


def update_organisation(actor: User, organisation: Organisation, details: OrganisationDetails) -> list[str]:
    """Check every detail first, then write them all; returns the names of the details that changed."""
    require_coordinator(actor)
    checked = _checked_details(organisation, details)
    changed = [item.name for item in fields(checked) if getattr(organisation, item.name) != getattr(checked, item.name)]
    for name in changed:
        setattr(organisation, name, getattr(checked, name))
    if changed:
        record_audit(
            "organisation_updated", actor, subject=organisation.name,
            detail=f"organisation {organisation.id}: {', '.join(changed)}",
        )
    return changed


def _checked_details(organisation: Organisation, details: OrganisationDetails) -> OrganisationDetails:
    """The details trimmed and normalised, or a DomainError next to the first field that is wrong."""
    text = {item.name: _trimmed(getattr(details, item.name)) for item in fields(details)}
    for name, value in text.items():
        if value is not None and len(value) > MAX_LENGTHS[name]:
            raise DomainError(_l("Gebruik hoogstens %(max)d tekens.", max=MAX_LENGTHS[name]), name)
    if text["name"] is None:
        raise DomainError(_l("Vul de naam van de organisatie in."), "name")
    if _name_taken(organisation, text["name"]):
        raise DomainError(_l("Er is al een organisatie van deze soort met deze naam. Kies een andere naam."), "name")
    return OrganisationDetails(**{
        **text,
        "contact_email": _contact_email(text["contact_email"]),
        "contact_phone": _phone(text["contact_phone"]),
        "postcode": clean_postcode(text["postcode"]),
        "province": _province(text["province"], organisation.province),
    })


def _trimmed(value: str | None) -> str | None:
    """Inner runs of spaces become one; empty becomes None."""
    value = " ".join((value or "").split())
    return value or None


def _name_taken(organisation: Organisation, name: str) -> bool:
    """Another organisation of the same kind has this name, compared as the unique rule compares it."""
    return db.session.scalar(
        select(Organisation.id).where(
            Organisation.kind == organisation.kind,
            Organisation.name_key == normalised_name(name),
            Organisation.id != organisation.id,
        )
    ) is not None


def _contact_email(email: str | None) -> str | None:
    if email is None:
        return None
    try:
        return normalise_email(email)
    except DomainError as error:
        raise DomainError(error.message, "contact_email") from error


def _phone(phone: str | None) -> str | None:
    digits = sum(char.isdigit() for char in phone or "")
    if phone is not None and (PHONE.fullmatch(phone) is None or not 10 <= digits <= 15):
        raise DomainError(_l("Vul een telefoonnummer in zoals 030 123 4567."), "contact_phone")
    return phone


def _province(province: str | None, current: str | None) -> str | None:
    """One of the twelve provinces; a value stored before this list existed may stay."""
    if province is not None and province not in PROVINCES and province != current:
        raise DomainError(_l("Kies een provincie uit de lijst."), "province")
    return province


def deactivate_user(actor: User, user: User) -> None:
    """The user can no longer sign in; every session of the user ends and every API token is revoked."""
    require_coordinator(actor)
    if user.id == actor.id:
        raise DomainError(_l("Je kunt je eigen account niet deactiveren. Vraag een andere coördinator."))
    user.active = False
    end_all_sessions(user)
    revoke_api_tokens(user, actor, "user deactivated")
    record_audit("user_deactivated", actor, subject=user.email, detail=f"user {user.id}")


def activate_user(actor: User, user: User) -> None:
    require_coordinator(actor)
    user.active = True
    record_audit("user_activated", actor, subject=user.email, detail=f"user {user.id}")


def deactivate_organisation(actor: User, organisation: Organisation) -> None:
    """No member of the organisation can sign in any more; their sessions end and their API tokens are revoked."""
    require_coordinator(actor)
    if organisation.id == actor.organisation_id:
        raise DomainError(
            _l("Je kunt je eigen organisatie niet deactiveren. Vraag een coördinator van een andere organisatie.")
        )
    organisation.active = False
    for member in _members(organisation):
        end_all_sessions(member)
        revoke_api_tokens(member, actor, "organisation deactivated")
    record_audit("organisation_deactivated", actor, subject=organisation.name, detail=f"organisation {organisation.id}")


def activate_organisation(actor: User, organisation: Organisation) -> None:
    require_coordinator(actor)
    organisation.active = True
    record_audit("organisation_activated", actor, subject=organisation.name, detail=f"organisation {organisation.id}")


def _members(organisation: Organisation) -> list[User]:
    return list(db.session.scalars(select(User).where(User.organisation_id == organisation.id)))
