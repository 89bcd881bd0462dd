"""Donations and devices: creating them with a tag and the first event."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..enums import DeviceKind, OrganisationKind
from ..extensions import db
from ..lifecycle import record_creation
from ..models import Device, Donation, Organisation, User
from ..models.types import utcnow
from ..tags import generate_tag
from . import DomainError


def next_donation_reference() -> str:
    """DON-<year>-<number>, counting per year."""
    prefix = f"DON-{utcnow().year}-"
    count = db.session.scalar(select(func.count()).where(Donation.reference.startswith(prefix)))
    return f"{prefix}{count + 1:05d}"


def create_donation(donor: Organisation, actor: User | None, **details) -> Donation:
    if donor.kind != OrganisationKind.DONOR:
        raise DomainError(_l("Alleen een donateur kan een donatie doen."), "donor")
    donation = Donation(reference=next_donation_reference(), donor=donor, **details)
    donation.created_by_id = actor.id if actor else None
    db.session.add(donation)
    db.session.flush()
    return donation


def unused_asset_tag() -> str:
    """A fresh tag that no device has yet."""
    while True:
        tag = generate_tag()
        if db.session.scalar(select(Device.id).where(Device.asset_tag == tag)) is None:
            return tag


def add_device(donation: Donation, actor: User | None, kind: DeviceKind, **specs) -> Device:
    """A pledged device with a new asset tag and the event that starts its history."""
    device = Device(donation=donation, kind=DeviceKind(kind), asset_tag=unused_asset_tag(), **specs)
    db.session.add(device)
    db.session.flush()
    record_creation(device, actor=actor)
    return device
