"""Receiving in the workshop: the one step every receive path (page, scan station, API) takes, and a donation's intake.

A donation's intake: scan each device of the donation (a device of another donation is refused), register a device
that arrived without a pledge and receive it at once, and close the intake when all that came is in. Closing keeps
the devices still pledged as they are (they never reached the workshop, so they are not `lost`): they are the
donation's missing devices, and one that turns up later can still be received.
"""
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Device, DeviceEvent, Donation, Organisation, PreprintedLabel, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tags import InvalidTag, format_tag, tag_in_code
from allemaaldigitaal.devices.filters import device_by_tag
from allemaaldigitaal.donations.device_import import add_one
from allemaaldigitaal.donations.services import NOT_YOURS, is_collected, mark_collected, takeable
from allemaaldigitaal.extensions import db
from allemaaldigitaal.start.queues import first_rows

#: the form fields a refusal belongs to
CODE_FIELD = "code"
LABEL_FIELD = "preprinted_tag"
#: written in the history of a device registered on arrival
REGISTERED_ON_ARRIVAL = _l("Aangemeld bij ontvangst: het apparaat stond niet op de lijst van de donateur.")
#: donations per page of the receive list
PER_PAGE = 25
#: open donations a workshop is offered to take
TAKE_LIMIT = 25
#: devices per list on a donation's receive page
DEVICE_LIMIT = 500


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


def _scanned_tag(code: str, field: str) -> str:
    try:
        return tag_in_code(code)
    except InvalidTag as error:
        raise DomainError(str(error), field) from error


def receive_scanned(actor: User, donation: Donation, code: str) -> Device:
    """The device of this donation with the scanned tag, received; a device of another donation is refused."""
    if donation.cancelled_at is not None:
        raise DomainError(_l("Deze donatie is geannuleerd."), CODE_FIELD)
    tag = _scanned_tag(code, CODE_FIELD)
    device = device_by_tag(actor, tag)
    if device is None:
        raise DomainError(_not_found(tag, donation), CODE_FIELD)
    if device.donation_id != donation.id:
        raise DomainError(_l(
            "Apparaat %(tag)s hoort bij donatie %(other)s, niet bij deze donatie. Leg het apart en ontvang het bij "
            "donatie %(other)s.", tag=format_tag(tag), other=device.donation.reference), CODE_FIELD)
    if device.status not in (DeviceStatus.PLEDGED, DeviceStatus.LOST):
        raise DomainError(_l("Apparaat %(tag)s is al ontvangen. Het heeft nu de status '%(status)s'.",
                             tag=format_tag(tag), status=device.status.label), CODE_FIELD)
    receive_device(actor, device)
    return device


def _not_found(tag: str, donation: Donation):
    if unlinked_label(tag, donation) is not None:
        return _l("Code %(tag)s is een voorgedrukt label dat nog op geen apparaat zit. Meld het apparaat aan als "
                  "apparaat zonder toezegging, met deze code.", tag=format_tag(tag))
    return _l("Er is geen apparaat met code %(tag)s bij jullie. Controleer de code. Stond het apparaat niet op de "
              "lijst? Meld het dan aan als apparaat zonder toezegging.", tag=format_tag(tag))


def unlinked_label(tag: str, donation: Donation) -> PreprintedLabel | None:
    """The pre-printed label of the donation's workshop with this tag, while it is on no device."""
    if donation.refurbisher_id is None:
        return None
    return db.session.scalar(select(PreprintedLabel).where(
        PreprintedLabel.tag == tag, PreprintedLabel.workshop_id == donation.refurbisher_id,
        PreprintedLabel.device_id.is_(None),
    ))


def register_and_receive(actor: User, donation: Donation, row: Mapping[str, object], label_code: str = "") -> Device:
    """A device that arrived without a pledge: added to the donation (with a pre-printed label or a new tag), received."""
    label = _scanned_tag(label_code, LABEL_FIELD) if (label_code or "").strip() else None
    device = add_one(donation, actor, row, label)
    receive_device(actor, device, str(REGISTERED_ON_ARRIVAL))
    return device


def missing_devices(donation: Donation) -> list[Device]:
    """The devices of the donation not received (yet): still pledged."""
    return list(db.session.scalars(
        select(Device).where(Device.donation_id == donation.id, Device.status == DeviceStatus.PLEDGED).order_by(Device.id)
    ))


def close_receiving(actor: User, donation: Donation) -> list[Device]:
    """The workshop has received all that came: the intake is closed; the devices still pledged are missing."""
    if actor.kind not in (K.REFURBISHER, K.COORDINATOR):
        raise DomainError(_l("Alleen de werkplaats kan dit doen."))
    if actor.kind == K.REFURBISHER and actor.organisation_id != donation.refurbisher_id:
        raise DomainError(NOT_YOURS)
    if donation.cancelled_at is not None:
        raise DomainError(_l("Deze donatie is geannuleerd."))
    if donation.closed_at is not None:
        raise DomainError(_l("Het ontvangen van deze donatie is al afgesloten."))
    if not is_collected(donation):
        raise DomainError(_l("De apparaten zijn nog niet opgehaald. Meld eerst dat ze zijn opgehaald, of scan de "
                             "apparaten die binnen zijn."))
    donation.closed_at = utcnow()
    db.session.flush()
    return missing_devices(donation)


@dataclass(frozen=True)
class Intake:
    """A donation with its devices counted: listed (all but cancelled), still to receive, and arrived."""

    donation: Donation
    listed: int
    waiting: int
    arrived: int

    @property
    def collected(self) -> bool:
        return self.donation.collected_at is not None or self.arrived > 0


def _sum(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


WAITING = _sum(Device.status == DeviceStatus.PLEDGED)
ARRIVED = _sum(Device.status.not_in((DeviceStatus.PLEDGED, DeviceStatus.CANCELLED)))
LISTED = _sum(Device.status != DeviceStatus.CANCELLED)


def _intakes(donations: Select) -> Select:
    """Donations with their counts (Intake's fields), one row each."""
    return (
        donations.outerjoin(Device, Device.donation_id == Donation.id)
        .with_only_columns(Donation, LISTED, WAITING, ARRIVED)
        .group_by(Donation.id)
        .options(selectinload(Donation.donor))
    )


def open_intakes(user: User, page: int = 1) -> tuple[list[Intake], int]:
    """One page of the donations with devices to receive (not collected yet, or devices still pledged), the oldest
    first, and how many there are: a workshop's own, or for a coordinator those of every workshop."""
    query = (
        _intakes(scoped(Donation, user))
        .where(Donation.refurbisher_id.is_not(None), Donation.cancelled_at.is_(None), Donation.closed_at.is_(None))
        .having(or_(WAITING > 0, and_(Donation.collected_at.is_(None), ARRIVED == 0)))
        .add_columns(func.count().over())
        .order_by(Donation.created_at, Donation.id)
        .offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    )
    rows = db.session.execute(query).all()
    return [Intake(*row[:4]) for row in rows], (rows[0][4] if rows else 0)


def intake_of(donation: Donation) -> Intake:
    row = db.session.execute(_intakes(select(Donation).where(Donation.id == donation.id))).one()
    return Intake(*row)


def donations_to_take(user: User, limit: int = TAKE_LIMIT) -> tuple[list[Donation], int]:
    """The open donations of the workshop's province it may take (the oldest first), and how many there are."""
    if user.kind != K.REFURBISHER:
        return [], 0
    return first_rows(takeable(user.organisation).options(selectinload(Donation.donor)), limit)


def waiting_devices(donation: Donation) -> tuple[list[Device], int]:
    """The donation's devices still to receive, in the order they were listed."""
    query = select(Device).where(Device.donation_id == donation.id, Device.status == DeviceStatus.PLEDGED)
    return first_rows(query.order_by(Device.id), DEVICE_LIMIT)


def arrived_devices(donation: Donation) -> tuple[list[Device], int]:
    """The donation's devices that reached the workshop, the latest received first."""
    query = select(Device).where(
        Device.donation_id == donation.id, Device.status.not_in((DeviceStatus.PLEDGED, DeviceStatus.CANCELLED)),
    )
    return first_rows(query.order_by(Device.status_changed_at.desc(), Device.id.desc()), DEVICE_LIMIT)
