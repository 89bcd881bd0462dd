"""The running tallies (migration 0024) counted here, in Python, from the devices and their history."""
import math
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.models import (
    Claim,
    Device,
    DeviceEvent,
    DeviceMilestone,
    DeviceTally,
    Donation,
    MilestoneDays,
    StatusEventPeriod,
)

COUNTED = (S.RECEIVED, S.HANDED_OUT)
MILESTONES = {S.READY: (S.RECEIVED, S.READY), S.HANDED_OUT: (S.READY, S.HANDED_OUT)}


def period_start(moment: datetime) -> datetime:
    """The period a moment falls in, worked out here: its UTC month, but the month's last two hours apart."""
    moment = moment.astimezone(UTC)
    if moment.hour >= 22 and (moment + timedelta(days=1)).month != moment.month:
        return moment.replace(minute=0, second=0, microsecond=0)
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def counted_tallies(session) -> Counter:
    rows = session.execute(
        select(Donation.donor_id, Donation.refurbisher_id, Claim.care_organisation_id, Device.status)
        .join(Donation, Donation.id == Device.donation_id).outerjoin(Claim, Claim.id == Device.claim_id)
    )
    return Counter(tuple(row) for row in rows)


def kept_tallies(session) -> Counter:
    rows = session.execute(select(DeviceTally.donor_id, DeviceTally.workshop_id, DeviceTally.care_organisation_id,
                                  DeviceTally.status, DeviceTally.devices).where(DeviceTally.devices != 0))
    return Counter({tuple(row[:4]): row[4] for row in rows})


def status_events(session) -> list[tuple[int, S, datetime]]:
    return session.execute(select(DeviceEvent.device_id, DeviceEvent.to_status, DeviceEvent.created_at)
                           .where(DeviceEvent.to_status.is_not(None)).order_by(DeviceEvent.id)).all()


def counted_periods(session) -> Counter:
    return Counter((status, period_start(when)) for _device, status, when in status_events(session)
                   if status in COUNTED)


def kept_periods(session) -> Counter:
    rows = session.execute(select(StatusEventPeriod.to_status, StatusEventPeriod.period_start, StatusEventPeriod.events))
    return Counter({(status, start): events for status, start, events in rows if events})


def counted_milestones(session) -> dict[int, dict[S, datetime]]:
    firsts: dict[int, dict[S, datetime]] = {}
    for device, status, when in status_events(session):
        if status in (S.RECEIVED, S.READY, S.HANDED_OUT):
            reached = firsts.setdefault(device, {})
            reached[status] = min(reached.get(status, when), when)
    return firsts


def days_between(firsts: dict[S, datetime], start: S, end: S) -> float | None:
    if start in firsts and end in firsts and firsts[end] >= firsts[start]:
        return (firsts[end] - firsts[start]).total_seconds() / 86400
    return None


def assert_tallies_match(session) -> None:
    session.flush()
    assert kept_tallies(session) == counted_tallies(session)
    assert kept_periods(session) == counted_periods(session)
    expected = counted_milestones(session)
    kept = {row.device_id: row for row in session.scalars(select(DeviceMilestone))}
    assert set(kept) == set(expected)
    expected_days = Counter()
    for device, firsts in expected.items():
        row = kept[device]
        assert (row.received_at, row.ready_at, row.handed_out_at) == tuple(
            firsts.get(status) for status in (S.RECEIVED, S.READY, S.HANDED_OUT))
        for milestone, (start, end) in MILESTONES.items():
            days = days_between(firsts, start, end)
            stored = row.days_to_ready if milestone == S.READY else row.days_to_handout
            assert stored == (None if days is None else pytest.approx(days, abs=1e-6))
            if days is not None:
                expected_days[milestone, period_start(firsts[end]), math.floor(days)] += 1
    rows = session.execute(select(MilestoneDays.milestone, MilestoneDays.period_start, MilestoneDays.days,
                                  MilestoneDays.devices).where(MilestoneDays.devices != 0))
    assert Counter({tuple(row[:3]): row[3] for row in rows}) == expected_days
