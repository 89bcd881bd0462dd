"""The aggregate queries behind reports.stats: counts of index ranges, sums of the running tallies (migration 0024),
medians found from the tallies and read from the middle of an index, the longest waiting per status."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal_column, select, union, union_all

from allemaaldigitaal.core.access import visible
from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.models import (
    Device,
    DeviceMilestone,
    DeviceTally,
    MilestoneDays,
    Organisation,
    StatusEventPeriod,
    User,
)
from allemaaldigitaal.core.tallies import MEASURES
from allemaaldigitaal.extensions import db

from .stats_periods import month_index


def counts(*queries) -> tuple[int, ...]:
    """Many counts in one round trip: each a count(*) over one index range."""
    return tuple(db.session.execute(select(*[query.scalar_subquery() for query in queries])).one())


def device_count(*conditions):
    return select(func.count()).select_from(Device).where(*conditions)


def events_per_month(tallies, statuses: tuple[S, ...], starts: list[datetime]) -> dict[tuple[S, int], int]:
    """{(status, number of the month): status events} for the months that begin at `starts` (the last one is where
    the last month ends): the periods of those months, added up per month (a few dozen rows)."""
    month = month_index(StatusEventPeriod.period_start, starts)
    rows = db.session.execute(
        select(StatusEventPeriod.to_status, month, func.sum(StatusEventPeriod.events))
        .where(StatusEventPeriod.to_status.in_(statuses), StatusEventPeriod.period_start >= starts[0],
               StatusEventPeriod.period_start < starts[-1], tallies)
        .group_by(StatusEventPeriod.to_status, month)
    )
    return {(status, number): int(events) for status, number, events in rows}


def devices_per_organisation(tallies) -> list[tuple[int, int | None, int | None, S, int]]:
    """(donor, workshop, care organisation, status, devices): the running tallies, a row per key."""
    return db.session.execute(
        select(DeviceTally.donor_id, DeviceTally.workshop_id, DeviceTally.care_organisation_id, DeviceTally.status,
               DeviceTally.devices).where(DeviceTally.devices > 0, tallies)
    ).all()


def tallied_organisations(tallies) -> dict[int, tuple[str, str | None]]:
    """{id: (name, province)} of the organisations that the tallies count devices of."""
    counted = (DeviceTally.donor_id, DeviceTally.workshop_id, DeviceTally.care_organisation_id)
    ids = union(*(select(column).where(DeviceTally.devices > 0, tallies) for column in counted)).subquery()
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.province).where(Organisation.id.in_(select(ids)))
    )
    return {id_: (name, province) for id_, name, province in rows}


@dataclass(frozen=True)
class Middle:
    """Where a median is: the devices counted, and the middle one's place among those that took `whole_days`."""

    devices: int
    whole_days: int = 0
    place: int = 0


def median_days(user: User, since: datetime) -> tuple[float | None, int, float | None, int]:
    """Median days from first received to first ready, and from first ready to first handed out, over the devices
    that reached the later milestone since `since` (the start of a month in Amsterdam); with how many devices each
    median covers. Two queries: the devices per whole day, then the one or two in the middle from the index."""
    counted = db.session.execute(
        select(MilestoneDays.milestone, MilestoneDays.days, func.sum(MilestoneDays.devices))
        .where(MilestoneDays.period_start >= since, visible(MilestoneDays, user))
        .group_by(MilestoneDays.milestone, MilestoneDays.days).order_by(MilestoneDays.milestone, MilestoneDays.days)
    ).all()
    middles = {milestone: middle([(days, int(devices)) for found, days, devices in counted if found == milestone])
               for milestone, _reached, _days in MEASURES}
    found = db.session.execute(select(*[
        _middle_days(days, reached, middles[milestone], since, visible(DeviceMilestone, user))
        for milestone, reached, days in MEASURES
    ])).one()
    to_ready, to_handout = (_float(value) for value in found)
    return to_ready, middles[S.READY].devices, to_handout, middles[S.HANDED_OUT].devices


def middle(per_day: list[tuple[int, int]]) -> Middle:
    """Where the median is, from (whole days, devices) in order of days: the lower middle device's whole day and
    its place among the devices of that day."""
    devices = sum(count for _days, count in per_day)
    rank = (devices - 1) // 2
    for whole_days, count in per_day:
        if rank < count:
            return Middle(devices, whole_days, rank)
        rank -= count
    return Middle(0)


def _middle_days(days, reached, found: Middle, since: datetime, milestones):
    """The mean of the middle one (odd count) or two (even) days: walked from the first device of the middle's
    whole day along the index of the days, skipping devices that got there before `since`."""
    taken = 0 if found.devices == 0 else 2 - found.devices % 2
    walk = (
        select(days.label("days")).where(days >= found.whole_days, reached >= since, milestones)
        .order_by(days).limit(taken).offset(found.place).subquery()
    )
    return select(func.avg(walk.c.days)).scalar_subquery()


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
