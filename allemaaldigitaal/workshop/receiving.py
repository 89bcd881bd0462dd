"""Receiving a device in the workshop: the one step every receive path (page, scan station, API) takes."""
from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Device, DeviceEvent, Organisation, User
from allemaaldigitaal.donations.services import mark_collected


def receiving_workshop(actor: User, device: Device) -> Organisation:
    """The workshop that takes custody: the actor's own, or for a coordinator the donation's workshop."""
    if actor.kind == K.REFURBISHER:
        return actor.organisation
    workshop = device.donation.refurbisher
    if actor.kind != K.COORDINATOR or workshop is None:
        raise DomainError(_l("Alleen een werkplaats kan apparaten ontvangen. Wijs de donatie eerst toe."), "status")
    return workshop


def receive_device(actor: User, device: Device, note: str | None = None) -> DeviceEvent:
    """pledged (or lost) → received, custody to the workshop; the first device received marks its donation collected."""
    workshop = receiving_workshop(actor, device)
    event = apply_transition(device, DeviceStatus.RECEIVED, actor=actor, note=note, custodian=workshop)
    donation = device.donation
    if donation.refurbisher_id == workshop.id and donation.collected_at is None:
        mark_collected(donation, actor)
    return event
