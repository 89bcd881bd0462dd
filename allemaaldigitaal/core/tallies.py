"""The dashboard's running tallies (migration 0024, models.tallies) counted again from the devices and their history.

The database's triggers keep the tallies up to date; nothing else writes them. A bulk load (the demo campaign) is
the one exception: there keeping them step by step costs more than counting everything again in one pass at the
end, so `counted_afterwards` sets the tally triggers aside for the load and counts afresh (never the lifecycle's
own triggers). Never commits.
"""
from collections.abc import Iterator
from contextlib import closing, contextmanager

from sqlalchemy import Float, Integer, and_, case, cast, delete, extract, func, insert, literal, select, text, union_all
from sqlalchemy.sql.elements import ColumnElement

from allemaaldigitaal.extensions import db

from .enums import DeviceStatus as S
from .models import (
    Claim,
    Device,
    DeviceEvent,
    DeviceMilestone,
    DeviceTally,
    Donation,
    MilestoneDays,
    StatusEventPeriod,
)

#: the SQLite triggers of migration 0024
SQLITE_TRIGGERS = (
    "devices_tally_insert", "devices_tally_update", "devices_tally_delete", "donations_move_tallies",
    "claims_move_tallies", "device_events_tally_period", "device_events_milestones", "device_milestones_days_insert",
    "device_milestones_days_update",
)
#: PostgreSQL's tally triggers of migration 0024, per table
PG_TRIGGERS = {
    "devices": ("devices_tally_inserted", "devices_tally_updated", "devices_tally_deleted"),
    "donations": ("donations_move_tallies",), "claims": ("claims_move_tallies",),
    "device_events": ("device_events_tally",),
    "device_milestones": ("device_milestones_days_insert", "device_milestones_days_update"),
}
#: PostgreSQL's tables where the triggers leave their changes until the commit
PG_CHANGES = ("device_tally_changes", "status_event_period_changes", "milestone_day_changes")
COUNTED = (S.RECEIVED, S.HANDED_OUT)
FIRSTS = {S.RECEIVED: "received_at", S.READY: "ready_at", S.HANDED_OUT: "handed_out_at"}
#: the milestone, when it was reached, and the days it took
MEASURES = (
    (S.READY, DeviceMilestone.ready_at, DeviceMilestone.days_to_ready),
    (S.HANDED_OUT, DeviceMilestone.handed_out_at, DeviceMilestone.days_to_handout),
)


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


@contextmanager
def counted_afterwards() -> Iterator[None]:
    """The tally triggers set aside while the block writes, then put back and every tally counted again. On
    PostgreSQL this locks the tables against other writers until the commit (as the bulk load does anyway)."""
    if not _sqlite():
        _switch_pg_triggers("DISABLE")
        yield
        _switch_pg_triggers("ENABLE")
        recount()
        return
    raw = db.session.connection().connection.dbapi_connection
    with closing(raw.cursor()) as cursor:
        cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                       f"AND name IN ({', '.join('?' * len(SQLITE_TRIGGERS))})", SQLITE_TRIGGERS)
        aside = cursor.fetchall()
        for name, _sql in aside:
            cursor.execute(f'DROP TRIGGER "{name}"')  # names read from the catalogue just now
    yield
    with closing(raw.cursor()) as cursor:
        for _name, sql in aside:
            cursor.execute(sql)
    recount()


def _switch_pg_triggers(switch: str) -> None:
    for table, names in PG_TRIGGERS.items():
        for name in names:
            db.session.execute(text(f"ALTER TABLE {table} {switch} TRIGGER {name}"))  # our own names


def recount() -> None:
    """Every tally counted again from the devices and their history."""
    for model in (DeviceTally, StatusEventPeriod, MilestoneDays, DeviceMilestone):
        db.session.execute(delete(model))
    keys = (Donation.donor_id, Donation.refurbisher_id, Claim.care_organisation_id, Device.status)
    db.session.execute(insert(DeviceTally).from_select(
        ["donor_id", "workshop_id", "care_organisation_id", "status", "devices"],
        select(*keys, func.count()).join(Donation, Donation.id == Device.donation_id)
        .outerjoin(Claim, Claim.id == Device.claim_id).group_by(*keys),
    ))
    period = period_start(DeviceEvent.created_at)
    db.session.execute(insert(StatusEventPeriod).from_select(
        ["to_status", "period_start", "events"],
        select(DeviceEvent.to_status, period, func.count()).where(DeviceEvent.to_status.in_(COUNTED))
        .group_by(DeviceEvent.to_status, period),
    ))
    _recount_milestones()
    if not _sqlite():  # the changes waiting for this transaction's commit (migration 0024) are counted here already
        for changes in PG_CHANGES:
            db.session.execute(text(f"DELETE FROM {changes} WHERE xact = txid_current()"))


def _recount_milestones() -> None:
    firsts = [func.min(case((DeviceEvent.to_status == status, DeviceEvent.created_at))) for status in FIRSTS]
    db.session.execute(insert(DeviceMilestone).from_select(
        ["device_id", *FIRSTS.values()],
        select(DeviceEvent.device_id, *firsts).where(DeviceEvent.to_status.in_(FIRSTS)).group_by(DeviceEvent.device_id),
    ))
    m = DeviceMilestone
    db.session.execute(m.__table__.update().values(days_to_ready=days_between(m.received_at, m.ready_at),
                                                   days_to_handout=days_between(m.ready_at, m.handed_out_at)))
    db.session.execute(delete(MilestoneDays))  # where the triggers are in place, they counted these meanwhile
    per_day = union_all(*[
        select(literal(milestone.value).label("milestone"), period_start(reached).label("period_start"),
               whole_days(days).label("days")).where(days.is_not(None))
        for milestone, reached, days in MEASURES
    ]).subquery()
    db.session.execute(insert(MilestoneDays).from_select(
        ["milestone", "period_start", "days", "devices"],
        select(per_day.c.milestone, per_day.c.period_start, per_day.c.days, func.count())
        .group_by(per_day.c.milestone, per_day.c.period_start, per_day.c.days),
    ))


def period_start(moment) -> ColumnElement:
    """The start of the tallies' period of a time: its UTC month, but the last two hours of the month's last day
    a period each (as migration 0024's triggers)."""
    if _sqlite():
        last_hours = and_(func.strftime("%H", moment) >= "22",
                          func.strftime("%m", moment, "+1 day") != func.strftime("%m", moment))
        return case((last_hours, func.strftime("%Y-%m-%d %H:00:00.000000", moment)),
                    else_=func.strftime("%Y-%m-01 00:00:00.000000", moment))
    utc = moment.op("AT TIME ZONE")(text("'UTC'"))
    next_day = moment + text("interval '1 day'")
    last_hours = and_(extract("hour", utc) >= 22,
                      func.date_trunc("month", next_day, "UTC") != func.date_trunc("month", moment, "UTC"))
    return case((last_hours, func.date_trunc("hour", moment, "UTC")), else_=func.date_trunc("month", moment, "UTC"))


def days_between(start, end) -> ColumnElement:
    """Days from start to end, with fraction; none unless end is at or after start."""
    days = func.julianday(end) - func.julianday(start) if _sqlite() else extract("epoch", end - start) / 86400
    return case((end >= start, cast(days, Float)))


def whole_days(days) -> ColumnElement:
    return cast(days if _sqlite() else func.floor(days), Integer)

