"""Donations: made by a donor, numbered per year."""
from dataclasses import asdict, dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Donation, Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db


@dataclass(frozen=True)
class PickupDetails:
    """Where and when the devices of a donation can be picked up; every field may stay empty."""

    pickup_address: str | None = None
    pickup_postcode: str | None = None
    pickup_city: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    pickup_from: datetime | None = None
    pickup_until: datetime | None = None
    notes: str | None = None


def next_donation_reference() -> str:
    """DON-<year>-<number>, counting per year."""
    prefix = f"DON-{utcnow().year}-"
    count = db.session.scalar(select(func.count()).where(Donation.reference.startswith(prefix)))
    return f"{prefix}{count + 1:05d}"


def create_donation(
    donor: Organisation, actor: User | None, pickup: PickupDetails = PickupDetails(),
    refurbisher: Organisation | None = None,
) -> Donation:
    if donor.kind != OrganisationKind.DONOR:
        raise DomainError(_l("Alleen een donateur kan een donatie doen."), "donor")
    donation = Donation(
        reference=next_donation_reference(), donor=donor, refurbisher=refurbisher,
        created_by_id=actor.id if actor else None, **asdict(pickup),
    )
    db.session.add(donation)
    db.session.flush()
    return donation
