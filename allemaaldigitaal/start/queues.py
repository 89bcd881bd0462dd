"""The lists of a start page: short, bounded and scoped to the organisation.

Every query starts from access.scoped, so a list never holds another organisation's rows. A list costs one
query whatever its length: at most LIMIT rows, with the total counted in the same query (a window function).
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import format_date, gettext as _, ngettext
from sqlalchemy import Select, func
from sqlalchemy.orm import joinedload

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import DeviceStatus, LabelledEnum, OrganisationKind as K
from allemaaldigitaal.core.models import Claim, Device, Donation, Handout, Invitation, User
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.formatting import format_datetime, format_number

from . import actions as a

LIMIT = 5


@dataclass(frozen=True)
class Badge:
    """A status, with how many are in it when it stands for several rows."""

    status: LabelledEnum
    count: int | None = None


@dataclass(frozen=True)
class Row:
    title: str
    url: str | None = None
    detail: str = ""
    badges: tuple[Badge, ...] = ()


@dataclass(frozen=True)
class Queue:
    #: stable name, used as the section's id
    name: str
    title: str
    #: what the list says when nothing waits
    empty: str
    rows: list[Row]
    total: int
    #: the page with the whole list, once it exists
    more_url: str | None = None

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def first_rows(query: Select, limit: int = LIMIT) -> tuple[list, int]:
    """The first `limit` rows of a query of one model, and how many rows it has in all."""
    found = db.session.execute(query.add_columns(func.count().over()).limit(limit)).all()
    return [row[0] for row in found], (found[0][1] if found else 0)


def status_counts(devices: Select, keep_zero: bool = False) -> list[Badge]:
    """How many of these devices are in each status, in the order of the lifecycle."""
    per_status = dict(db.session.execute(
        devices.with_only_columns(Device.status, func.count()).group_by(Device.status)
    ).all())
    return [Badge(status, per_status.get(status, 0)) for status in DeviceStatus if keep_zero or per_status.get(status)]


def device_queue(name: str, title: str, empty: str, devices: Select, more_url: str | None,
                 detail: Callable[[Device], str], limit: int = LIMIT) -> Queue:
    """Devices, the longest waiting first."""
    query = devices.options(joinedload(Device.donation).joinedload(Donation.donor))
    found, total = first_rows(query.order_by(Device.status_changed_at, Device.id), limit)
    rows = [
        Row(format_tag(device.asset_tag), a.link(a.DEVICE, tag=device.asset_tag), detail(device), (Badge(device.status),))
        for device in found
    ]
    return Queue(name, title, empty, rows, total, more_url)


def model_of(device: Device) -> str:
    return " ".join(part for part in (device.brand, device.model) if part) or str(device.kind.label)


def with_donation(device: Device) -> str:
    return f"{model_of(device)} · {device.donation.reference}"


def with_donor(device: Device) -> str:
    donation = device.donation
    place = f", {donation.pickup_city}" if donation.pickup_city else ""
    return f"{model_of(device)} · {donation.reference} · {donation.donor.name}{place}"


def donation_queue(name: str, title: str, empty: str, user: User, donations: Select, more_url: str | None) -> Queue:
    """Donations in the query's order, each with its devices per status (one query for all of them)."""
    found, total = first_rows(donations.options(joinedload(Donation.donor)))
    per_donation: dict[int, list[Badge]] = {donation.id: [] for donation in found}
    if found:
        counts = db.session.execute(
            scoped(Device, user).with_only_columns(Device.donation_id, Device.status, func.count())
            .where(Device.donation_id.in_(per_donation)).group_by(Device.donation_id, Device.status)
        ).all()
        order = list(DeviceStatus)
        for donation_id, status, count in sorted(counts, key=lambda row: order.index(row[1])):
            per_donation[donation_id].append(Badge(status, count))
    rows = [_donation_row(donation, user, per_donation[donation.id]) for donation in found]
    return Queue(name, title, empty, rows, total, more_url)


def _donation_row(donation: Donation, user: User, badges: list[Badge]) -> Row:
    devices = sum(badge.count for badge in badges)
    detail = ngettext("%(num)s apparaat", "%(num)s apparaten", devices) if devices else _("Nog geen apparaten")
    if user.kind != K.DONOR:
        detail = f"{donation.donor.name} · {detail}"
    return Row(donation.reference, a.link(a.DONATION, reference=donation.reference), detail, tuple(badges))


def collect_queue(name: str, title: str, empty: str, donations: Select, more_url: str | None,
                  limit: int = LIMIT) -> Queue:
    """Donations to pick up, the oldest first, each with its donor, place, pickup time and expected devices."""
    query = donations.options(joinedload(Donation.donor)).order_by(Donation.created_at, Donation.id)
    found, total = first_rows(query, limit)
    rows = [
        Row(donation.reference, a.link(a.RECEIVE_DONATION, reference=donation.reference), pickup_detail(donation))
        for donation in found
    ]
    return Queue(name, title, empty, rows, total, more_url)


def pickup_detail(donation: Donation) -> str:
    """Donor, place, pickup time and the devices expected, as far as known."""
    parts = [donation.donor.name, donation.pickup_city]
    if donation.pickup_from is not None:
        parts.append(_("van %(start)s", start=format_datetime(donation.pickup_from)))
    if donation.pickup_until is not None:
        parts.append(_("tot %(end)s", end=format_datetime(donation.pickup_until)))
    parts.append(_("%(laptops)s laptops en %(tablets)s tablets", laptops=format_number(donation.expected_laptops),
                   tablets=format_number(donation.expected_tablets)))
    return " · ".join(part for part in parts if part)


def claim_queue(name: str, title: str, empty: str, user: User, claims: Select, more_url: str | None) -> Queue:
    """Claims, the oldest first."""
    found, total = first_rows(claims.options(joinedload(Claim.care_organisation)).order_by(Claim.created_at, Claim.id))
    rows = [Row(
        _("Aanvraag %(number)s", number=claim.id), a.link(a.CLAIM, claim_id=claim.id), _claim_detail(claim, user),
        (Badge(claim.status),),
    ) for claim in found]
    return Queue(name, title, empty, rows, total, more_url)


def _claim_detail(claim: Claim, user: User) -> str:
    """What the claim asks for; the care organisation's name for everyone but the organisation itself."""
    asked = _("laptops: %(laptops)s, tablets: %(tablets)s", laptops=claim.laptops_requested,
              tablets=claim.tablets_requested)
    if claim.care_organisation_id == user.organisation_id:
        return asked
    return f"{claim.care_organisation.name} · {asked}"


def handout_queue(name: str, title: str, empty: str, handouts: Select, more_url: str | None) -> Queue:
    """Handouts, the latest first."""
    query = handouts.options(joinedload(Handout.device)).order_by(Handout.handed_out_at.desc(), Handout.id.desc())
    found, total = first_rows(query)
    rows = [Row(
        format_tag(handout.device.asset_tag), a.link(a.DEVICE, tag=handout.device.asset_tag),
        _handout_detail(handout), (Badge(handout.kind),),
    ) for handout in found]
    return Queue(name, title, empty, rows, total, more_url)


def _handout_detail(handout: Handout) -> str:
    given = _("%(reference)s, op %(date)s", reference=handout.recipient_reference or _("kenmerk gewist"),
              date=format_date(handout.handed_out_at, "long"))
    if handout.loan_until is None:
        return given
    return f"{given} · " + _("terug op %(date)s", date=format_date(handout.loan_until, "long"))


def invitation_queue(name: str, title: str, empty: str, invitations: Select, more_url: str | None) -> Queue:
    """Invitations, the newest first."""
    query = invitations.options(joinedload(Invitation.organisation))
    found, total = first_rows(query.order_by(Invitation.created_at.desc(), Invitation.id.desc()))
    rows = [Row(invitation.email, None, _invited_to(invitation)) for invitation in found]
    return Queue(name, title, empty, rows, total, more_url)


def _invited_to(invitation: Invitation) -> str:
    if invitation.organisation is not None:
        return invitation.organisation.name
    return _("Nieuwe organisatie: %(name)s (%(kind)s)", name=invitation.organisation_name, kind=invitation.kind.label)
