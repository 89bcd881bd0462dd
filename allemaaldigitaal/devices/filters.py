"""One filter for every list of devices: the device list page, label printing, the API and the exports use this one.

It always starts from access.scoped, so a filter can only narrow what the user may see, never widen it.
A page of the list is found by keyset (the sort key and the id of the row at its edge, in an opaque cursor),
so every page, the last one included, costs the same two queries however many devices there are. Sorting by
status reads, per status, the few rows that may be on the page from the status index (a UNION ALL), rather than
sorting every device by its place in the lifecycle.
"""
from dataclasses import dataclass, replace

from sqlalchemy import Select, True_, and_, case, false, func, or_, select, union_all
from sqlalchemy.orm import selectinload

from allemaaldigitaal.core.access import scoped, visible
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus
from allemaaldigitaal.core.models import Claim, Device, Donation, User
from allemaaldigitaal.core.queries import one_of
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.cursors import (  # noqa: F401 (LAST and InvalidCursor: the list's views use them from here)
    LAST,
    InvalidCursor,
    decode_cursor,
    encode_cursor,
    keyset_window,
    parse_moment,
    whole,
)

from .text_search import count_matching, short_text_ids, text_condition

#: the lifecycle's order of the statuses, for sorting by status
STATUS_ORDER = case(*((Device._status == status, number) for number, status in enumerate(DeviceStatus)), else_=99)
PER_PAGE = 50
#: when at most this many devices pass the filter (five pages), they are found first and sorted instead of walking the
#: sort order's index (DeviceFilter._few_ids)
FEW = 250


@dataclass(frozen=True)
class Sort:
    """A sort order: its key (besides the id, which breaks ties) and whether the key runs downwards."""

    key: object
    descending: bool
    #: how the key's value is written in a cursor: "datetime", "int" or "str"
    kind: str


SORTS: dict[str, Sort] = {
    #: the order the devices were added in (labels print in this order)
    "added": Sort(Device.id, False, "int"),
    "newest": Sort(Device.created_at, True, "datetime"),
    "oldest": Sort(Device.created_at, False, "datetime"),
    "status": Sort(STATUS_ORDER, False, "int"),
    "tag": Sort(Device.asset_tag, False, "str"),
    "longest_in_status": Sort(Device.status_changed_at, False, "datetime"),
}
#: the list page starts with the newest; the filter itself (labels, exports) keeps the order of adding
LIST_SORT = "newest"


@dataclass(frozen=True)
class DevicePage:
    """One page of a filtered list, with the cursors of the pages around it (None at either end)."""

    devices: list[Device]
    total: int
    next: str | None
    previous: str | None
    first: bool
    last: bool


@dataclass(frozen=True)
class DeviceFilter:
    """Devices of a donation (by reference), status, kind, workshop, care organisation, text, or tags; empty: all."""

    donation: str | None = None
    status: DeviceStatus | None = None
    tags: tuple[str, ...] = ()
    kind: DeviceKind | None = None
    #: an organisation id: the workshop the donation is assigned to, or that holds the device
    workshop: int | None = None
    #: an organisation id: the care organisation whose claim the device is on, or that holds it
    care: int | None = None
    #: part of a tag, serial number, brand and model, or donor asset number
    text: str | None = None
    sort: str = "added"

    def where(self, user: User) -> Select:
        """The user's devices that pass the filter, unordered."""
        query = scoped(Device, user)
        for condition in self._conditions():
            query = query.where(condition)
        return query

    def _conditions(self) -> list:
        conditions = []
        # IN (SELECT id …) rather than EXISTS per row: the database finds the donation or claims once, by index
        if self.donation:
            conditions.append(Device.donation_id.in_(
                select(Donation.id).where(Donation.reference == self.donation.strip())))
        if self.status is not None:
            conditions.append(Device.status == self.status)
        if self.kind is not None:
            conditions.append(Device.kind == self.kind)
        if self.tags:
            conditions.append(Device.asset_tag.in_(self.tags))
        if self.workshop is not None:
            # counted from one index, which holds both (migration 0027)
            conditions.append(or_(
                one_of(Device.donation_id, select(Donation.id).where(Donation.refurbisher_id == self.workshop)),
                Device.custodian_id == self.workshop))
        if self.care is not None:
            conditions.append(or_(
                one_of(Device.claim_id, select(Claim.id).where(Claim.care_organisation_id == self.care)),
                Device.custodian_id == self.care))
        if self.text and self.text.strip():
            conditions.append(text_condition(self.text))
        return conditions

    def query(self, user: User) -> Select:
        """The user's devices that pass the filter, in the chosen order (the id breaks ties)."""
        return self.where(user).order_by(*_order(SORTS[self.sort], backwards=False))

    def devices(self, user: User, offset: int = 0, limit: int | None = None) -> list[Device]:
        return list(db.session.scalars(self.query(user).offset(offset).limit(limit)))

    def count(self, user: User) -> int:
        """How many pass; counted on the table itself (not a subquery of whole rows), so indexes can answer it. A text
        may be counted from the search table or columns (text_search.count_matching)."""
        if self.text and self.text.strip():
            counted = count_matching(self.text, self._within(user))
            if counted is not None:
                return counted
        # count(*), not count(id): an index without the id can answer it
        return db.session.scalar(self.where(user).with_only_columns(func.count(), maintain_column_froms=True))

    def _within(self, user: User):
        """The user's scope and every filter but the text, as one condition on the devices; None: all devices."""
        within = [condition for condition in (visible(Device, user), *replace(self, text=None)._conditions())
                  if not isinstance(condition, True_)]
        return and_(*within) if within else None

    def _few_ids(self, user: User, query: Select):
        """The ids of the few devices that pass, found by indexes or a narrow copy of the searched text rather than by
        walking the sort order's index past every other device; None where the database finds them as well itself.

        A text too short for the trigram index could only be tested device by device: its ids come from the narrow
        copy (text_search.short_text_ids). Otherwise SQLite, which walks that index whatever passes, gets the ids by
        the filters' own indexes; PostgreSQL's planner makes that choice itself."""
        if self.text and self.text.strip():
            short = short_text_ids(self.text, self._within(user))
            if short is not None:
                return short
        if db.session.get_bind().dialect.name == "sqlite":
            return query.with_only_columns(Device.id)
        return None

    def page(self, user: User, cursor: str | None = None, limit: int = PER_PAGE, options=()) -> DevicePage:
        """The page that starts after (or ends before) the cursor's row; raises InvalidCursor."""
        sort = SORTS[self.sort]
        backwards, boundary = read_cursor(cursor, sort)
        total = self.count(user)
        query = self.where(user)
        few = self._few_ids(user, query) if total <= FEW else None
        if few is not None:
            query = select(Device).where(Device.id.in_(few))
        elif sort.key is STATUS_ORDER:
            query = select(Device).where(Device.id.in_(self._status_arms(query, boundary, backwards, limit + 1)))
        if boundary is not None:
            query = query.where(_beyond(sort, boundary, backwards))
        rows = list(db.session.scalars(
            query.order_by(*_order(sort, backwards)).limit(limit + 1).options(*options)
        ))
        rows, first, last = keyset_window(rows, limit, backwards, boundary)
        return DevicePage(
            devices=rows, total=total,
            next=None if last or not rows else make_cursor(sort, rows[-1], backwards=False),
            previous=None if first or not rows else make_cursor(sort, rows[0], backwards=True),
            first=first, last=last,
        )


    def _status_arms(self, query: Select, boundary: tuple | None, backwards: bool, limit: int):
        """The ids that may be on the page when sorting by status: per status, the first `limit` by id beyond the
        boundary, each read from the status index; the page is then sorted from these few, never from all rows."""
        arms = []
        for rank, status in enumerate(DeviceStatus):
            if self.status is not None and status != self.status:
                continue
            arm = query.with_only_columns(Device.id).where(Device._status == status)
            if boundary is not None:
                value, device_id = boundary
                if (rank > value) if backwards else (rank < value):
                    continue
                if rank == value:
                    arm = arm.where(Device.id < device_id if backwards else Device.id > device_id)
            arm = arm.order_by(Device.id.desc() if backwards else Device.id.asc()).limit(limit).subquery()
            arms.append(select(arm.c.id))
        return union_all(*arms) if arms else select(Device.id).where(false())


def _order(sort: Sort, backwards: bool) -> list:
    down = sort.descending != backwards
    return [sort.key.desc(), Device.id.desc()] if down else [sort.key.asc(), Device.id.asc()]


def _beyond(sort: Sort, boundary: tuple, backwards: bool):
    """The rows after the boundary row in the walking direction."""
    value, device_id = boundary
    if sort.descending != backwards:
        return or_(sort.key < value, and_(sort.key == value, Device.id < device_id))
    return or_(sort.key > value, and_(sort.key == value, Device.id > device_id))


def _key_of(sort: Sort, device: Device):
    if sort.key is STATUS_ORDER:
        return list(DeviceStatus).index(device.status)
    value = getattr(device, sort.key.key)
    return value.isoformat() if sort.kind == "datetime" else value


def make_cursor(sort: Sort, device: Device, backwards: bool) -> str:
    """An opaque cursor: the pages after (or before) this device."""
    return encode_cursor(_key_of(sort, device), device.id, backwards)


def read_cursor(cursor: str | None, sort: Sort) -> tuple[bool, tuple | None]:
    """(backwards, (key, id) of the boundary row or None); the last page is backwards from nothing."""
    return decode_cursor(cursor, lambda value: _parse_key(sort, value))


def _parse_key(sort: Sort, value):
    if sort.kind == "datetime":
        return parse_moment(value)
    if sort.kind == "int":
        return whole(value)
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def visible_donation(user: User, reference: str) -> Donation | None:
    """The donation with this reference, if the user may see it."""
    return db.session.scalar(scoped(Donation, user).where(Donation.reference == reference.strip()))


def donation_choices(user: User) -> list[tuple[Donation, int]]:
    """The donations the user may see, with the number of their devices the user may see, newest first."""
    devices = scoped(Device, user).subquery()
    query = (
        scoped(Donation, user)
        .outerjoin(devices, devices.c.donation_id == Donation.id)
        .with_only_columns(Donation, func.count(devices.c.id))
        .group_by(Donation.id)
        .order_by(Donation.created_at.desc(), Donation.id.desc())
    )
    return [(donation, count) for donation, count in db.session.execute(query)]


def device_by_tag(user: User, tag: str, options=()) -> Device | None:
    """The device with this canonical tag, if the user (signed in or not) may see it."""
    return db.session.scalar(DeviceFilter(tags=(tag,)).where(user).options(*options))


def any_device_with_tag(tag: str) -> bool:
    return db.session.scalar(select(Device.id).where(Device.asset_tag == tag)) is not None


#: what the list page shows of each device, loaded with the page in one more query
LIST_OPTIONS = (selectinload(Device.donation),)
