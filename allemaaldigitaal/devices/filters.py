"""One filter for every list of devices: the device list page, label printing, the API and the exports use this one.

It always starts from access.scoped, so a filter can only narrow what the user may see, never widen it.
A page of the list is found by keyset (the sort key and the id of the row at its edge, in an opaque cursor),
so every page, the last one included, costs the same two queries however many devices there are.
"""
import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus
from allemaaldigitaal.core.models import Claim, Device, Donation, User
from allemaaldigitaal.core.tags import InvalidTag, normalise_tag
from allemaaldigitaal.extensions import db

#: the lifecycle's order of the statuses, for sorting by status
STATUS_ORDER = case(*((Device._status == status, number) for number, status in enumerate(DeviceStatus)), else_=99)
PER_PAGE = 50
#: a cursor that asks for the last page
LAST = "last"


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


class InvalidCursor(ValueError):
    """A page cursor that this list did not make."""


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
        if self.donation:
            conditions.append(Device.donation.has(Donation.reference == self.donation.strip()))
        if self.status is not None:
            conditions.append(Device.status == self.status)
        if self.kind is not None:
            conditions.append(Device.kind == self.kind)
        if self.tags:
            conditions.append(Device.asset_tag.in_(self.tags))
        if self.workshop is not None:
            conditions.append(or_(Device.donation.has(Donation.refurbisher_id == self.workshop),
                                  Device.custodian_id == self.workshop))
        if self.care is not None:
            conditions.append(or_(Device.claim.has(Claim.care_organisation_id == self.care),
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
        return db.session.scalar(select(func.count()).select_from(self.where(user).subquery()))

    def page(self, user: User, cursor: str | None = None, limit: int = PER_PAGE, options=()) -> DevicePage:
        """The page that starts after (or ends before) the cursor's row; raises InvalidCursor."""
        sort = SORTS[self.sort]
        backwards, boundary = read_cursor(cursor, sort)
        query = self.where(user)
        if boundary is not None:
            query = query.where(_beyond(sort, boundary, backwards))
        rows = list(db.session.scalars(
            query.order_by(*_order(sort, backwards)).limit(limit + 1).options(*options)
        ))
        more = len(rows) > limit
        rows = rows[:limit]
        if backwards:
            rows.reverse()
        first = not more if backwards else boundary is None
        last = boundary is None if backwards else not more
        return DevicePage(
            devices=rows, total=self.count(user),
            next=None if last or not rows else make_cursor(sort, rows[-1], backwards=False),
            previous=None if first or not rows else make_cursor(sort, rows[0], backwards=True),
            first=first, last=last,
        )


def text_condition(text: str):
    """Part of a tag (in any form), serial number, brand and model, or donor asset number."""
    text = text.strip()
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    brand_model = func.coalesce(Device.brand, "") + " " + func.coalesce(Device.model, "")
    conditions = [
        Device.serial_number.ilike(like, escape="\\"), brand_model.ilike(like, escape="\\"),
        Device.donor_asset_number.ilike(like, escape="\\"),
    ]
    try:
        conditions.append(Device.asset_tag == normalise_tag(text))
    except InvalidTag:
        compact = "".join(part for part in text.upper().replace("-", " ").split())
        if compact.isalnum():
            conditions.append(Device.asset_tag.startswith(compact))
            if compact.startswith("AD") and len(compact) > 2:
                conditions.append(Device.asset_tag.startswith(compact[2:]))
    return or_(*conditions)


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
    raw = json.dumps(["b" if backwards else "a", _key_of(sort, device), device.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def read_cursor(cursor: str | None, sort: Sort) -> tuple[bool, tuple | None]:
    """(backwards, (key, id) of the boundary row or None); the last page is backwards from nothing."""
    if not cursor:
        return False, None
    if cursor == LAST:
        return True, None
    try:
        direction, value, device_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return direction == "b", (_parse_key(sort, value), _whole(device_id))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidCursor(cursor) from error


def _whole(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not -2**62 < value < 2**62:
        raise ValueError(value)
    return value


def _parse_key(sort: Sort, value):
    if sort.kind == "datetime":
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError(value)
        return parsed
    if sort.kind == "int":
        return _whole(value)
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
