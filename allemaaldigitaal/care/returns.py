"""Returns: a device that comes back from the person who had it, on its way to a workshop to be wiped again.

The way back follows the lifecycle table (handed_out or delivered → returned → wiped → ready → …):

1. Who has the device in hand when it comes back records the return (→ returned). Mostly that is the care
   organisation that handed it out: the device stays in its custody and shows in its list "Terug naar de
   werkplaats", with the workshop that prepared it (the donation's workshop). A workshop that gets the device
   straight from the person records the return itself and holds the device at once.
2. The workshop takes in a returned device that a care organisation still holds: custody moves to the workshop
   (a custody_moved event; the status stays returned, as the device came back already). From then on the device is
   in the workshop's list to wipe, and the workshop takes the next steps.
3. The workshop wipes it again: the wipe guard counts only wipes since the device's last intake, and a return is an
   intake (core.enums.INTAKE), so wipes from before the return never count.

A return ends the handout and releases the claim (the lifecycle's effect). Every return step of the app (this
module's API, the scan station, the device page) goes through return_device; it never commits.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import LifecycleError, apply_transition, record_event
from allemaaldigitaal.core.models import Device, DeviceEvent, Organisation, User
from allemaaldigitaal.extensions import db
from allemaaldigitaal.workshop.receiving import receiving_workshop

#: how a device came back, for the note in its history (optional)
CONDITIONS = {
    "works": _l("Werkt"),
    "damaged": _l("Beschadigd"),
    "incomplete": _l("Niet compleet (bijvoorbeeld zonder lader)"),
    "broken": _l("Werkt niet"),
}
NOTE_MAX = 500


def return_device(actor: User, device: Device, note: str | None = None, condition: str | None = None) -> DeviceEvent:
    """Record the return of a device, or take a returned device into the actor's workshop; never commits."""
    if actor.kind == K.DONOR:
        raise LifecycleError(_l("Deze stap hoort niet bij jouw soort organisatie."), "not_your_step")
    note = _note(note, condition)
    if device.status == S.RETURNED:
        return _take_in(actor, device, note)
    if actor.kind == K.CARE and device.custodian_id != actor.organisation_id:
        raise LifecycleError(
            _l("Dit apparaat is niet bij jullie organisatie. Alleen wie het heeft, kan het terugmelden."),
            "not_in_custody",
        )
    custodian = actor.organisation if actor.kind == K.REFURBISHER else None
    return apply_transition(device, S.RETURNED, actor=actor, note=note, custodian=custodian)


def _take_in(actor: User, device: Device, note: str | None) -> DeviceEvent:
    """A returned device that a care organisation still holds comes into the workshop: custody moves, status stays."""
    holder = device.custodian
    if holder is not None and holder.kind == K.REFURBISHER:
        raise LifecycleError(_l("Dit apparaat is al terug in de werkplaats."), "already_in_workshop")
    if actor.kind == K.CARE:
        raise LifecycleError(
            _l("Dit apparaat is al teruggemeld. Breng het naar de werkplaats; die neemt het in."), "already_returned"
        )
    workshop = receiving_workshop(actor, device)
    deltas = {"custodian_id": [device.custodian_id, workshop.id]}
    device.custodian = workshop
    event = record_event(device, EventKind.CUSTODY_MOVED, actor=actor, deltas=deltas, note=note)
    db.session.flush()
    return event


def _note(note: str | None, condition: str | None) -> str | None:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise LifecycleError(_l("Schrijf hoogstens %(max)s tekens.", max=NOTE_MAX), "note_too_long")
    if condition is None:
        return note or None
    if condition not in CONDITIONS:
        raise LifecycleError(_l("Kies een staat uit de lijst."), "condition")
    said = str(_l("Staat bij terugkomst: %(condition)s.", condition=CONDITIONS[condition]))
    return f"{said} {note}".strip()


def bring_back(user: User) -> Select:
    """Returned devices the user's care organisation still holds: to bring to the workshop that prepared them."""
    return scoped(Device, user).where(Device.status == S.RETURNED, Device.custodian_id == user.organisation_id)


def workshop_of(device: Device) -> Organisation | None:
    """Where a returned device goes back to: the workshop of its donation."""
    return device.donation.refurbisher
