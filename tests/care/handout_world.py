"""Handouts made through the real hand-out service, then moved back in time for retention and reminders."""
from datetime import UTC, date, datetime, time

from sqlalchemy import update

from allemaaldigitaal.care.handouts import hand_out
from allemaaldigitaal.core.enums import DeviceStatus, HandoutKind
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Handout

from .conftest import CareWorld


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def handout(world: CareWorld, kind: HandoutKind = HandoutKind.GIFT, *, handed_out: datetime | None = None,
            loan_until: date | None = None, returned: datetime | None = None, reference: str = "CL-100",
            note: str | None = None) -> Handout:
    """A device handed out by the world's care organisation; dates set afterwards as if it happened then."""
    device = world.device(DeviceStatus.DELIVERED)
    made = hand_out(device, world.care, reference, kind, date(2999, 1, 1) if kind == HandoutKind.LOAN else None)
    if returned is not None:
        apply_transition(device, DeviceStatus.RETURNED, actor=world.care, custodian=world.care.organisation)
    values = {"note": note, "returned_at": returned}
    if handed_out is not None:
        values["handed_out_at"] = handed_out
    if kind == HandoutKind.LOAN:
        values["loan_until"] = loan_until
    world.session.execute(update(Handout).where(Handout.id == made.id).values(**values))
    world.session.refresh(made)
    return made
