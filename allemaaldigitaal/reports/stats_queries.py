"""The aggregate queries behind reports.stats, each shaped to read one index in its own order (migration 0021):
counts of index ranges, devices counted per donation and claim before anything is joined, medians of durations,
the longest waiting per status."""
from datetime import datetime

from sqlalchemy import Float, String, case, cast, func, literal, literal_column, or_, select, true, union_all

from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.models import Claim, Device, DeviceEvent, Donation, Organisation
from allemaaldigitaal.core.models.events import FIRSTS_STATUSES, MONTHS_STATUSES
from allemaaldigitaal.extensions import db


def counts(*queries) -> tuple[int, ...]:
    """Many counts in one round trip: each a count(*) over one index range."""
    return tuple(db.session.execute(select(*[query.scalar_subquery() for query in queries])).one())


def device_count(*conditions):
    return select(func.count()).select_from(Device).where(*conditions)


def month_count(events, status: S, start: datetime, end: datetime):
    """The status events in [start, end): a range of ix_device_events_months."""
    return select(func.count()).select_from(DeviceEvent).where(
        _one_of(MONTHS_STATUSES), DeviceEvent.to_status == status, DeviceEvent.created_at >= start,
        DeviceEvent.created_at < end, events,
    )


def _one_of(statuses: tuple[str, ...]):
    """to_status IN (…) with the statuses written out, as in the condition of a partial index on device_events."""
    return DeviceEvent.to_status.in_([literal(status, String, literal_execute=True) for status in statuses])


def devices_per_organisation(devices) -> list[tuple[int, int | None, int | None, S, int]]:
    """(donor, workshop, care organisation, status, devices): the devices counted per donation, claim and status in
    the order of ix_devices_donation_claim_status, then the few thousand groups joined to their donation and claim."""
    grouped = (
        select(Device.donation_id, Device.claim_id, Device.status.label("status"), func.count().label("devices"))
        .where(devices).group_by(Device.donation_id, Device.claim_id, Device.status).subquery()
    )
    keys = (Donation.donor_id, Donation.refurbisher_id, Claim.care_organisation_id, grouped.c.status)
    return db.session.execute(
        select(*keys, func.sum(grouped.c.devices)).select_from(grouped)
        .join(Donation, Donation.id == grouped.c.donation_id).outerjoin(Claim, Claim.id == grouped.c.claim_id)
        .group_by(*keys)
    ).all()


def organisations(ids: set[int]) -> dict[int, tuple[str, str | None]]:
    """{id: (name, province)} of these organisations."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.province).where(Organisation.id.in_(ids))
    )
    return {id_: (name, province) for id_, name, province in rows}


def days_between(start, end):
    """SQL for the days (with fraction) from start to end, on SQLite and PostgreSQL."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return func.date_part("epoch", end - start) / literal_column("86400.0")  # double precision: faster than numeric


def _median(durations):
    """The median of a one-column CTE of numbers and how many there are, as one row (NULL, 0 when none):
    PostgreSQL's percentile_cont, on SQLite the middle one or two of the sorted numbers."""
    days, many = durations.c.days, select(func.count()).select_from(durations).scalar_subquery()
    if db.session.get_bind().dialect.name == "postgresql":
        median = func.percentile_cont(0.5).within_group(cast(days, Float))
        return select(median.label("median"), func.count().label("n")).select_from(durations).subquery()
    middle = select(days).order_by(days).limit(literal_column("2") - many % 2).offset((many - 1) // 2).subquery()
    return select(func.avg(middle.c.days).label("median"), many.label("n")).subquery()


def median_days(events, since: datetime) -> tuple[float | None, int, float | None, int]:
    """Median days from first received to first ready, and from first ready to first handed out, over the devices
    that reached the later status since `since`; with how many devices each median covers. One query."""
    def first(status: S):
        return func.min(case((DeviceEvent.to_status == status, DeviceEvent.created_at)))

    firsts = (
        select(DeviceEvent.device_id, first(S.RECEIVED).label("received"), first(S.READY).label("ready"),
               first(S.HANDED_OUT).label("handed_out"))
        .where(_one_of(FIRSTS_STATUSES), events)  # all in ix_device_events_firsts, in device order
        .group_by(DeviceEvent.device_id)
        .having(or_(first(S.READY) >= since, first(S.HANDED_OUT) >= since))
        .cte("firsts")
    )

    def durations(name, start, end):  # a CTE: worked out once, however often the median reads it
        return select(days_between(start, end).label("days")).where(
            end >= since, start.is_not(None), end >= start
        ).cte(name)

    to_ready = _median(durations("to_ready", firsts.c.received, firsts.c.ready))
    to_handout = _median(durations("to_handout", firsts.c.ready, firsts.c.handed_out))
    both = to_ready.join(to_handout, true())  # one row each
    row = db.session.execute(
        select(to_ready.c.median, to_ready.c.n, to_handout.c.median, to_handout.c.n).select_from(both)
    ).one()
    return (_float(row[0]), row[1] or 0, _float(row[2]), row[3] or 0)


def _float(value) -> float | None:
    return None if value is None else float(value)


def waiting_longest(devices, statuses, limit: int) -> list[tuple]:
    """(asset tag, status, since, holder's name) of the `limit` devices waiting longest in each status, in the given
    order; one query, the first `limit` entries of ix_devices_status_changed per status."""
    holder = Organisation.__table__.alias("holder")
    per_status = [
        select(Device.asset_tag, Device.status.label("status"), Device.status_changed_at, holder.c.name,
               literal_column(str(number)).label("number"), Device.id)
        .select_from(Device).outerjoin(holder, holder.c.id == Device.custodian_id)
        .where(devices, Device.status == status).order_by(Device.status_changed_at, Device.id).limit(limit)
        .subquery()
        for number, status in enumerate(statuses)
    ]
    rows = union_all(*[select(*query.c) for query in per_status]).subquery()
    return db.session.execute(
        select(*list(rows.c)[:4]).order_by(rows.c.number, rows.c.status_changed_at, rows.c.id)
    ).all()
