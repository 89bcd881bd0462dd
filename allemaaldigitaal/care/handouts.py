"""Handouts: a delivered device given or lent to a person, known only by a reference the care organisation chose."""
from datetime import date

from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.enums import DeviceStatus, HandoutKind, OrganisationKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Device, Handout, User
from allemaaldigitaal.extensions import db


def register_handout(
    device: Device,
    actor: User | None,
    recipient_reference: str,
    kind: HandoutKind,
    loan_until: date | None = None,
) -> Handout:
    """The handover form of a delivered device; the handed_out transition follows it."""
    if device.status != DeviceStatus.DELIVERED:
        raise DomainError(_l("Alleen een afgeleverd apparaat kan worden uitgereikt."), "device")
    if device.custodian is None or device.custodian.kind != OrganisationKind.CARE:
        raise DomainError(_l("Het apparaat is nog niet bij een zorgorganisatie."), "device")
    kind = HandoutKind(kind)
    if (kind == HandoutKind.LOAN) != (loan_until is not None):
        raise DomainError(_l("Vul bij bruikleen een einddatum in, en bij een schenking niet."), "loan_until")
    if not recipient_reference.strip():
        raise DomainError(_l("Vul een kenmerk voor de ontvanger in (geen naam)."), "recipient_reference")
    handout = Handout(
        device=device,
        care_organisation=device.custodian,
        recipient_reference=recipient_reference.strip(),
        kind=kind,
        loan_until=loan_until,
        handed_out_by_id=actor.id if actor else None,
    )
    db.session.add(handout)
    device.handout = handout
    return handout
