"""The audit trail: every device event and every security-log entry, filtered, a page at a time.

One filter serves the page and the API. Pages run newest first and are found by keyset (the time and id of the
row at a page's edge, in an opaque cursor), so the last page costs the same few queries as the first. The security
log never holds passwords or tokens, so nothing here can show them.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import get_timezone, lazy_gettext as _l
from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import selectinload

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.audit import ACTIONS
from allemaaldigitaal.core.enums import EventKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AuditEvent, Device, DeviceEvent, Organisation, User
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.cursors import LAST, InvalidCursor, decode_cursor, encode_cursor, keyset_window, parse_moment

__all__ = ["LAST", "LOGS", "AuditFilter", "AuditFilterRefused", "AuditPage", "InvalidCursor", "kinds_of"]

PER_PAGE = 50
MAX_PER_PAGE = 200
#: the two logs: the history of every device, and the security log (sign-ins, refusals, invitations ...)
LOGS = {"devices": _l("Apparaatgeschiedenis"), "security": _l("Beveiligingslog")}
MODELS = {"devices": DeviceEvent, "security": AuditEvent}


def kinds_of(log: str) -> list[str]:
    """The kinds of entry a log holds: the device event kinds, or the security log's actions."""
    return EventKind.values() if log == "devices" else sorted(ACTIONS)


class AuditFilterRefused(DomainError):
    """A filter that does not fit its log (a device in the security log, an unknown kind); `field` names it."""


@dataclass(frozen=True)
class AuditPage:
    """One page of entries, newest first, with the cursors of the pages around it (None at either end)."""

    log: str
    entries: list
    next: str | None
    previous: str | None
    first: bool
    last: bool
    #: organisation names by id, for the entries on this page
    organisations: dict[int, str]


@dataclass(frozen=True)
class AuditFilter:
    """Entries of one log by device (canonical tag), organisation, user, kind and days (inclusive, Amsterdam time)."""

    log: str = "devices"
    tag: str | None = None
    organisation: int | None = None
    user: int | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self):
        if self.log not in LOGS:
            raise AuditFilterRefused(_l("Kies de apparaatgeschiedenis of het beveiligingslog."), "log")
        if self.tag and self.log != "devices":
            raise AuditFilterRefused(_l("Een apparaat kunt u alleen in de apparaatgeschiedenis zoeken."), "tag")
        if self.kind and self.kind not in kinds_of(self.log):
            raise AuditFilterRefused(_l("Dit soort gebeurtenis staat niet in dit log."), "kind")
        if self.since and self.until and self.since > self.until:
            raise AuditFilterRefused(_l("De begindatum ligt na de einddatum."), "until")

    @property
    def model(self):
        return MODELS[self.log]

    def where(self, user: User) -> Select:
        """The entries the user may see that pass the filter, unordered."""
        model = self.model
        query = scoped(model, user)
        if self.tag:
            query = query.where(model.device_id == select(Device.id).where(Device.asset_tag == self.tag).scalar_subquery())
        if self.organisation is not None:
            query = query.where(model.organisation_id == self.organisation)
        if self.user is not None:
            query = query.where(model.actor_id == self.user)
        if self.kind:
            query = query.where((model.kind if model is DeviceEvent else model.action) == self.kind)
        if self.since:
            query = query.where(model.created_at >= start_of(self.since))
        if self.until:
            query = query.where(model.created_at < start_of(self.until + timedelta(days=1)))
        return query

    def page(self, user: User, cursor: str | None = None, limit: int = PER_PAGE) -> AuditPage:
        """The page after (or before) the cursor's entry, newest first; raises InvalidCursor."""
        model = self.model
        backwards, boundary = decode_cursor(cursor, parse_moment)
        key = tuple_(model.created_at, model.id)
        query = self.where(user)
        if boundary is not None:
            query = query.where(key > tuple_(*boundary) if backwards else key < tuple_(*boundary))
        order = [model.created_at.asc(), model.id.asc()] if backwards else [model.created_at.desc(), model.id.desc()]
        rows = list(db.session.scalars(query.order_by(*order).limit(limit + 1).options(*_loads(model))))
        rows, first, last = keyset_window(rows, limit, backwards, boundary)
        return AuditPage(
            log=self.log, entries=rows,
            next=None if last or not rows else encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id, False),
            previous=None if first or not rows else encode_cursor(rows[0].created_at.isoformat(), rows[0].id, True),
            first=first, last=last, organisations=_organisation_names(rows),
        )


def _loads(model) -> tuple:
    if model is DeviceEvent:
        return (selectinload(DeviceEvent.device).load_only(Device.asset_tag), selectinload(DeviceEvent.actor))
    return (selectinload(AuditEvent.actor),)


def _organisation_names(rows) -> dict[int, str]:
    """The names of the organisations on a page, in one query."""
    ids = {row.organisation_id for row in rows if row.organisation_id is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all())


def start_of(day: date) -> datetime:
    """The first moment of a day in Amsterdam, as an aware datetime."""
    return datetime.combine(day, time(), tzinfo=ZoneInfo(str(get_timezone())))


def entry_kind(entry) -> str:
    """The kind of a device event, or the action of a security-log entry."""
    return entry.kind.value if isinstance(entry, DeviceEvent) else entry.action
