"""Handouts: a delivered device given or lent to a person, known only by a reference the care organisation chose.

Only the care organisation that holds the device hands it out (a coordinator does not): the handout and the step
to handed_out are written together or not at all. Afterwards the care organisation marks the paper handover form
as signed by both; the paper, a scan or a photo of it is never stored.
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from allemaaldigitaal.core.enums import DeviceStatus, HandoutKind, OrganisationKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import LifecycleError, apply_transition
from allemaaldigitaal.core.models import Device, Handout, User
from allemaaldigitaal.core.models.types import today_here, utcnow
from allemaaldigitaal.extensions import db

from .recipient_reference import checked_reference

NOT_IN_CUSTODY = _l("Dit apparaat is niet bij jullie organisatie. Alleen wie het heeft, kan het uitreiken.")
LOAN_NEEDS_DATE = _l("Vul bij bruikleen in tot wanneer het apparaat wordt uitgeleend.")
LOAN_IN_PAST = _l("De einddatum van de bruikleen moet na vandaag liggen.")
GIFT_HAS_NO_DATE = _l("Een schenking heeft geen einddatum. Kies bruikleen, of laat de datum leeg.")
NOT_YOURS = _l("Alleen de zorgorganisatie die het apparaat uitreikte, kan het formulier als getekend melden.")
ALREADY_SIGNED = _l("Het formulier is al als getekend gemeld.")
NOT_OPEN = _l("Deze uitreiking is al afgesloten: het apparaat is terug of kwijt.")


def _checked_kind(kind: HandoutKind | str, loan_until: date | None) -> HandoutKind:
    kind = HandoutKind(kind)
    if kind == HandoutKind.LOAN and loan_until is None:
        raise DomainError(LOAN_NEEDS_DATE, "loan_until")
    if kind == HandoutKind.LOAN and loan_until <= today_here():
        raise DomainError(LOAN_IN_PAST, "loan_until")
    if kind == HandoutKind.GIFT and loan_until is not None:
        raise DomainError(GIFT_HAS_NO_DATE, "loan_until")
    return kind


def _require_delivered(device: Device) -> None:
    if device.status != DeviceStatus.DELIVERED:
        raise LifecycleError(_l("Alleen een afgeleverd apparaat kan worden uitgereikt. Dit apparaat is '%(status)s'.",
                                status=device.status.label), "not_delivered")


def register_handout(
    device: Device,
    actor: User | None,
    recipient_reference: str,
    kind: HandoutKind,
    loan_until: date | None = None,
) -> Handout:
    """The handover record of a delivered device; the handed_out transition follows it (hand_out does both)."""
    _require_delivered(device)
    if device.custodian is None or device.custodian.kind != OrganisationKind.CARE:
        raise LifecycleError(_l("Het apparaat is nog niet bij een zorgorganisatie."), "not_in_custody")
    reference = checked_reference(recipient_reference)
    kind = _checked_kind(kind, loan_until)
    handout = Handout(
        device=device,
        care_organisation=device.custodian,
        recipient_reference=reference,
        kind=kind,
        loan_until=loan_until,
        handed_out_by_id=actor.id if actor else None,
    )
    db.session.add(handout)
    device.handout = handout
    return handout


def hand_out(
    device: Device, actor: User, recipient_reference: str, kind: HandoutKind | str, loan_until: date | None = None
) -> Handout:
    """Give or lend the device to a person: the handout and the step delivered → handed_out; never commits."""
    _require_delivered(device)
    if actor.kind != OrganisationKind.CARE or device.custodian_id != actor.organisation_id:
        raise LifecycleError(NOT_IN_CUSTODY, "not_in_custody")
    handout = register_handout(device, actor, recipient_reference, kind, loan_until)
    apply_transition(device, DeviceStatus.HANDED_OUT, actor=actor)
    return handout


def mark_signed(handout: Handout, actor: User) -> Handout:
    """The care organisation says the paper form is signed by the person and by itself; never commits."""
    if actor.kind != OrganisationKind.CARE or handout.care_organisation_id != actor.organisation_id:
        raise DomainError(NOT_YOURS, "handout")
    if handout.returned_at is not None:
        raise DomainError(NOT_OPEN, "handout")
    # one conditional UPDATE, so two people marking at the same moment do not both win
    db.session.flush()
    marked = db.session.execute(
        update(Handout)
        .where(Handout.id == handout.id, Handout.signed_at.is_(None), Handout.returned_at.is_(None))
        .values(signed_at=utcnow(), signed_marked_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(handout)
    if marked.rowcount != 1:
        raise DomainError(ALREADY_SIGNED if handout.returned_at is None else NOT_OPEN, "handout")
    return handout
