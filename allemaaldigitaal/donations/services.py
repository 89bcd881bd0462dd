"""Donations: made by a donor, numbered per year; assigned to or taken by a workshop; edited or cancelled until collected.

Which workshops may take a donation: those in the province of the donor organisation (Organisation.province).
A donation whose donor has no province is assigned by a coordinator.
"""
from dataclasses import asdict, dataclass, fields
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from allemaaldigitaal.accounts.services import normalise_email
from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Device, Donation, DonationCounter, Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.postcode import clean_postcode

from . import letters

#: the most devices of one kind a single pledge may announce
MAX_EXPECTED = 10_000
#: longest text per field, as the columns allow
MAX_LENGTHS = {
    "pickup_address": 200, "pickup_city": 100, "contact_name": 200, "contact_phone": 40, "contact_email": 254,
    "notes": 2000,
}
#: what a donor must fill in for a pledge
REQUIRED = ("pickup_address", "pickup_postcode", "pickup_city", "contact_name", "contact_phone", "contact_email")
REQUIRED_MESSAGES = {
    "pickup_address": _l("Vul het adres in waar we de apparaten ophalen."),
    "pickup_postcode": _l("Vul de postcode in."),
    "pickup_city": _l("Vul de plaats in."),
    "contact_name": _l("Vul de naam van de contactpersoon in."),
    "contact_phone": _l("Vul een telefoonnummer in."),
    "contact_email": _l("Vul een e-mailadres in."),
}
NOT_YOURS = _l("Dit is geen donatie van jullie.")
NOT_TEXT = ("pickup_from", "pickup_until", "expected_laptops", "expected_tablets")


@dataclass(frozen=True)
class PickupDetails:
    """Where, when and how many devices can be picked up; create_donation lets every field stay empty."""

    pickup_address: str | None = None
    pickup_postcode: str | None = None
    pickup_city: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    pickup_from: datetime | None = None
    pickup_until: datetime | None = None
    notes: str | None = None
    #: how many laptops and tablets the donor expects to give
    expected_laptops: int = 0
    expected_tablets: int = 0


def next_donation_reference() -> str:
    """DON-<year>-<number>: the year's counter raised by one in a single statement, so two donations never share one.

    The first donation of a year inserts the year's row; a simultaneous one meets the conflict and raises it
    instead (PostgreSQL waits for the other's row lock, SQLite for the write lock).
    """
    year = utcnow().year
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    counter = DonationCounter.__table__
    statement = (
        insert(counter).values(year=year, last=1)
        .on_conflict_do_update(index_elements=[counter.c.year], set_={"last": counter.c.last + 1})
        .returning(counter.c.last)
    )
    number = db.session.execute(statement).scalar_one()
    return f"DON-{year}-{number:05d}"


def create_donation(
    donor: Organisation, actor: User | None, pickup: PickupDetails = PickupDetails(),
    refurbisher: Organisation | None = None,
) -> Donation:
    """A donation with a new reference; checks only that the donor is a donor (pledge() checks the details)."""
    if donor.kind != K.DONOR:
        raise DomainError(_l("Alleen een donateur kan een donatie doen."), "donor")
    donation = Donation(
        reference=next_donation_reference(), donor=donor, refurbisher=refurbisher,
        created_by_id=actor.id if actor else None, **asdict(pickup),
    )
    db.session.add(donation)
    db.session.flush()
    return donation


def clean_pickup(pickup: PickupDetails) -> PickupDetails:
    """The details trimmed and checked as a pledge needs them; the first problem is refused on its field."""
    text = {
        field.name: (getattr(pickup, field.name) or "").strip() or None
        for field in fields(PickupDetails) if field.name not in NOT_TEXT
    }
    for name in REQUIRED:
        if text[name] is None:
            raise DomainError(REQUIRED_MESSAGES[name], name)
    for name, length in MAX_LENGTHS.items():
        if text[name] is not None and len(text[name]) > length:
            raise DomainError(_l("Gebruik hoogstens %(max)d tekens.", max=length), name)
    text["pickup_postcode"] = clean_postcode(text["pickup_postcode"], "pickup_postcode")
    text["contact_email"] = _clean_email(text["contact_email"])
    _check_window(pickup.pickup_from, pickup.pickup_until)
    _check_expected(pickup.expected_laptops, pickup.expected_tablets)
    return PickupDetails(**{**asdict(pickup), **text})


def _clean_email(email: str) -> str:
    try:
        return normalise_email(email)
    except DomainError as error:
        raise DomainError(error.message, "contact_email") from error


def _check_window(start: datetime | None, end: datetime | None) -> None:
    for name, moment in (("pickup_from", start), ("pickup_until", end)):
        if moment is not None and moment.tzinfo is None:
            raise DomainError(_l("Geef een tijd met tijdzone."), name)
    if start is not None and end is not None and end <= start:
        raise DomainError(_l("Het einde van de ophaaltijd moet na het begin liggen."), "pickup_until")


def _check_expected(laptops: int, tablets: int) -> None:
    for name, count in (("expected_laptops", laptops), ("expected_tablets", tablets)):
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_EXPECTED:
            raise DomainError(_l("Vul een aantal in van 0 tot en met %(max)s.", max=MAX_EXPECTED), name)
    if laptops + tablets == 0:
        raise DomainError(_l("Vul in hoeveel laptops of tablets je wilt geven."), "expected_laptops")


def pledge(actor: User, pickup: PickupDetails) -> Donation:
    """A donor's new donation, with every detail checked."""
    return create_donation(actor.organisation, actor, clean_pickup(pickup))


def is_collected(donation: Donation) -> bool:
    """Collected: marked so by the workshop, or any of its devices has reached a workshop."""
    if donation.collected_at is not None:
        return True
    return bool(db.session.scalar(select(exists().where(
        Device.donation_id == donation.id, Device.status.not_in((DeviceStatus.PLEDGED, DeviceStatus.CANCELLED)),
    ))))


def may_change(donation: Donation) -> bool:
    """The donor may still edit or cancel it: not cancelled and not collected."""
    return donation.cancelled_at is None and not is_collected(donation)


def _check_changeable(donation: Donation) -> None:
    if donation.cancelled_at is not None:
        raise DomainError(_l("Deze donatie is geannuleerd."))
    if is_collected(donation):
        raise DomainError(_l("De apparaten zijn al opgehaald. Neem contact op met de werkplaats."))


def _check_own(donation: Donation, actor: User) -> None:
    if actor.organisation_id != donation.donor_id:
        raise DomainError(NOT_YOURS)


def edit(donation: Donation, actor: User, pickup: PickupDetails) -> Donation:
    """The donor changes the details, until the donation is collected or cancelled."""
    _check_own(donation, actor)
    _check_changeable(donation)
    for name, value in asdict(clean_pickup(pickup)).items():
        setattr(donation, name, value)
    db.session.flush()
    return donation


def cancel(donation: Donation, actor: User) -> Donation:
    """The donor cancels: its pledged devices go to cancelled, each through the lifecycle."""
    _check_own(donation, actor)
    _check_changeable(donation)
    donation.cancelled_at = utcnow()
    pledged = db.session.scalars(
        select(Device).where(Device.donation_id == donation.id, Device.status == DeviceStatus.PLEDGED).order_by(Device.id)
    )
    for device in pledged:
        apply_transition(device, DeviceStatus.CANCELLED, actor=actor, note=str(_l("Donatie geannuleerd door de donateur.")))
    db.session.flush()
    return donation


def _check_open_for_a_workshop(donation: Donation) -> None:
    if donation.cancelled_at is not None:
        raise DomainError(_l("Deze donatie is geannuleerd."))
    if is_collected(donation):
        raise DomainError(_l("De apparaten zijn al opgehaald."))


def active_workshops() -> Select:
    return select(Organisation).where(Organisation.kind == K.REFURBISHER, Organisation.active).order_by(Organisation.name)


def assign(donation: Donation, actor: User, workshop: Organisation) -> Donation:
    """A coordinator gives the donation to a workshop (again, while it is not collected); both hear of it by mail."""
    if actor.kind != K.COORDINATOR:
        raise DomainError(_l("Alleen een coördinator kan een donatie toewijzen."))
    if workshop.kind != K.REFURBISHER or not workshop.active:
        raise DomainError(_l("Kies een werkplaats."), "workshop")
    _check_open_for_a_workshop(donation)
    if donation.refurbisher_id == workshop.id:
        raise DomainError(_l("Deze werkplaats heeft de donatie al."), "workshop")
    return _give_to(donation, workshop)


def takeable(workshop: Organisation) -> Select:
    """Unassigned, open donations whose donor is in the workshop's province, the oldest first."""
    if workshop.kind != K.REFURBISHER or not workshop.province:
        return select(Donation).where(Donation.id.is_(None))
    return (
        select(Donation)
        .where(Donation.refurbisher_id.is_(None), Donation.cancelled_at.is_(None), Donation.collected_at.is_(None))
        .where(Donation.donor.has(Organisation.province == workshop.province))
        .order_by(Donation.created_at, Donation.id)
    )


def take(donation: Donation, actor: User) -> Donation:
    """A workshop takes an unassigned donation from its province."""
    workshop = actor.organisation
    if actor.kind != K.REFURBISHER:
        raise DomainError(_l("Alleen een werkplaats kan een donatie oppakken."))
    if donation.refurbisher_id == workshop.id:
        raise DomainError(_l("Jullie werkplaats heeft deze donatie al."))
    if donation.refurbisher_id is not None:
        raise DomainError(_l("Een andere werkplaats heeft deze donatie al."))
    _check_open_for_a_workshop(donation)
    if not workshop.province or donation.donor.province != workshop.province:
        raise DomainError(_l("Deze donatie ligt buiten jullie provincie."))
    return _give_to(donation, workshop)


def _give_to(donation: Donation, workshop: Organisation) -> Donation:
    donation.refurbisher = workshop
    db.session.flush()
    letters.assigned(donation)
    return donation


def mark_collected(donation: Donation, actor: User) -> Donation:
    """The workshop (or a coordinator) notes that the devices were picked up; the donor hears of it by mail."""
    if actor.kind == K.REFURBISHER and actor.organisation_id != donation.refurbisher_id:
        raise DomainError(NOT_YOURS)
    if actor.kind not in (K.REFURBISHER, K.COORDINATOR):
        raise DomainError(_l("Alleen de werkplaats kan dit doen."))
    if donation.refurbisher_id is None:
        raise DomainError(_l("Wijs de donatie eerst toe aan een werkplaats."))
    if donation.cancelled_at is not None:
        raise DomainError(_l("Deze donatie is geannuleerd."))
    if donation.collected_at is not None:
        raise DomainError(_l("Deze donatie is al opgehaald."))
    donation.collected_at = utcnow()
    db.session.flush()
    letters.collected(donation)
    return donation
