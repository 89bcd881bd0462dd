"""Claims by care organisations and handouts to the people they help."""
from datetime import date

from flask_babel import lazy_gettext as _l

from allemaaldigitaal.accounts.services import require_coordinator
from allemaaldigitaal.core.enums import ClaimStatus, DeviceStatus, HandoutKind, OrganisationKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Claim, Device, Handout, Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db


def create_claim(care: Organisation, actor: User | None, laptops: int, tablets: int, purpose: str) -> Claim:
    if care.kind != OrganisationKind.CARE:
        raise DomainError(_l("Alleen een zorgorganisatie kan apparaten aanvragen."), "organisation")
    if laptops < 0 or tablets < 0 or laptops + tablets == 0:
        raise DomainError(_l("Vraag minstens één laptop of tablet aan."), "laptops_requested")
    if not purpose.strip():
        raise DomainError(_l("Schrijf kort op waarvoor je de apparaten nodig hebt."), "purpose")
    claim = Claim(
        care_organisation=care,
        laptops_requested=laptops,
        tablets_requested=tablets,
        purpose=purpose.strip(),
        status=ClaimStatus.SUBMITTED,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(claim)
    return claim


def approve_claim(claim: Claim, coordinator: User) -> Claim:
    """A coordinator approves a submitted claim, so devices can be allocated to it."""
    require_coordinator(coordinator)
    if claim.status != ClaimStatus.SUBMITTED:
        raise DomainError(_l("Deze aanvraag is al behandeld."), "claim")
    claim.status = ClaimStatus.APPROVED
    claim.decided_at = utcnow()
    return claim


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
