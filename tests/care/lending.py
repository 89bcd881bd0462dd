"""Devices handed out by a care world's care organisation through the real handout service, with end dates set after."""
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import update

from allemaaldigitaal.care.handouts import register_handout
from allemaaldigitaal.core.enums import DeviceStatus, HandoutKind, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Device, Handout

from .conftest import CareWorld


def hand_out(world: CareWorld, kind: HandoutKind = HandoutKind.GIFT, loan_until: date | None = None,
             reference: str = "CL-1") -> Device:
    """A device delivered to the world's care organisation and handed out by it; a loan's end date may be any day."""
    device = world.device(DeviceStatus.DELIVERED)
    later = date.today() + timedelta(days=400) if kind == HandoutKind.LOAN else None
    handout = register_handout(device, world.care, reference, kind, later)
    apply_transition(device, DeviceStatus.HANDED_OUT, actor=world.care)
    if loan_until is not None:
        world.session.execute(update(Handout).where(Handout.id == handout.id).values(loan_until=loan_until))
        world.session.refresh(handout)
    world.session.flush()
    return device


def other_care_world(world: CareWorld) -> CareWorld:
    """The same world (workshops, coordinator) seen from another care organisation."""
    organisation = world.make.organisation(K.CARE, province="Utrecht", postcode="3512 AB")
    return replace(world, care=world.make.user(K.CARE, organisation=organisation))
