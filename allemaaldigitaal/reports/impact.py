"""The campaign's public figures: devices collected, refurbished, handed out and recycled, in total, per province
and per month. Counts only: never a name, an organisation, a device or anything about the people who got one.

What counts, read from the device history (status events; a step that was taken back does not count):
- collected: devices received in a workshop at least once; counted once, at their first intake;
- refurbished: devices that reached `ready` at least once (wiped, checked, locks removed); once, the first time;
- handed out: every handout to a person (each step to `handed_out`): a device that came back and went to a
  second person counts twice; how many are in use now is on the home page;
- recycled: devices recycled responsibly (the step to `recycled`).
Province: where it happened. Collected counts in the donor's province (where the devices were given),
refurbished and recycled in the province of the workshop that did it, handed out in the province of the care
organisation. An organisation without a province counts under "unknown".
Months: calendar months in Europe/Amsterdam, the last MONTHS with this one; totals and provinces count all time.

The figures are cached in the process for CACHE_SECONDS: every visitor in that time gets the same counts.
"""
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.lifecycle import REVERSALS
from allemaaldigitaal.core.models import Device, DeviceEvent, Donation, Organisation
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

from .stats_periods import month_index, month_starts, today_in_amsterdam

MONTHS = 12
CACHE_SECONDS = 60
#: the status step behind each figure, in the order they are shown
STEPS = {"collected": S.RECEIVED, "refurbished": S.READY, "handed_out": S.HANDED_OUT, "recycled": S.RECYCLED}
#: figures counted once per device (the first time); the others count every step
ONCE = (S.RECEIVED, S.READY, S.RECYCLED)


@dataclass(frozen=True)
class Figures:
    collected: int = 0
    refurbished: int = 0
    handed_out: int = 0
    recycled: int = 0

    def plus(self, step: S, count: int) -> "Figures":
        name = next(name for name, status in STEPS.items() if status == step)
        return Figures(**{**vars(self), name: getattr(self, name) + count})


@dataclass(frozen=True)
class ProvinceFigures:
    #: as the organisations write it; None for organisations without a province
    province: str | None
    figures: Figures


@dataclass(frozen=True)
class MonthFigures:
    month: date
    figures: Figures


@dataclass(frozen=True)
class PublicImpact:
    totals: Figures
    provinces: list[ProvinceFigures]
    months: list[MonthFigures]
    counted_at: datetime


_cache: dict[str, tuple[float, PublicImpact]] = {}
_lock = threading.Lock()


def public_impact(clock=time.monotonic) -> PublicImpact:
    """The figures, counted at most once per CACHE_SECONDS per database (they hold nothing per user or language)."""
    key = db.engine.url.render_as_string(hide_password=True)
    with _lock:
        cached = _cache.get(key)
        if cached and clock() - cached[0] < CACHE_SECONDS:
            return cached[1]
    counted = count_public_impact(utcnow())
    with _lock:
        _cache[key] = (clock(), counted)
    return counted


def forget_cached_figures() -> None:
    with _lock:
        _cache.clear()


def count_public_impact(now: datetime) -> PublicImpact:
    """Count the figures now: one aggregate query over the counted steps."""
    starts = month_starts(now, MONTHS)
    event, donor, actor = aliased(DeviceEvent), aliased(Organisation), aliased(Organisation)
    province = func.nullif(func.trim(case((event.to_status == S.RECEIVED, donor.province), else_=actor.province)), "")
    month = case((event.created_at < starts[0], -1), else_=month_index(event.created_at, starts))
    counted = _counted_steps().subquery()
    rows = db.session.execute(
        select(event.to_status, month, func.lower(province), func.min(province), func.count())
        .join(counted, counted.c.id == event.id)
        .join(Device, Device.id == event.device_id)
        .join(Donation, Donation.id == Device.donation_id)
        .join(donor, donor.id == Donation.donor_id)
        .outerjoin(actor, actor.id == event.organisation_id)
        .group_by(event.to_status, month, func.lower(province))
    ).all()
    totals, by_province, by_month = Figures(), {}, {}
    for step, number, key, name, count in rows:
        step = S(step)
        totals = totals.plus(step, count)
        shown, figures = by_province.get(key, (name, Figures()))
        by_province[key] = (shown, figures.plus(step, count))
        if number >= 0:
            by_month[number] = by_month.get(number, Figures()).plus(step, count)
    provinces = sorted(by_province.values(), key=lambda item: (item[0] is None, (item[0] or "").lower()))
    return PublicImpact(
        totals=totals,
        provinces=[ProvinceFigures(name, figures) for name, figures in provinces],
        months=[MonthFigures(today_in_amsterdam(start).replace(day=1), by_month.get(number, Figures()))
                for number, start in enumerate(starts[:-1])],
        counted_at=now,
    )


def _counted_steps():
    """The ids of the events that count: the first step per device to a ONCE status, every step to handed_out;
    never a step that was taken back (its undo event names it in deltas.undoes). One pass over the history: only
    status events carry these statuses, and only the few events that may be undos are read as JSON."""
    undo = or_(*[and_(DeviceEvent.from_status == step, DeviceEvent.to_status.in_(backs))
                 for step, backs in REVERSALS.items() if step in ONCE])
    undone = select(DeviceEvent.deltas["undoes"].as_integer()).where(
        undo, DeviceEvent.deltas["undoes"].as_integer().is_not(None)
    ).cte("undone")
    each = case((DeviceEvent.to_status == S.HANDED_OUT, DeviceEvent.id), else_=0)
    return (
        select(func.min(DeviceEvent.id).label("id"))
        .where(DeviceEvent.to_status.in_(STEPS.values()), DeviceEvent.id.not_in(select(undone)))
        .group_by(DeviceEvent.device_id, DeviceEvent.to_status, each)
    )


def impact_json(impact: PublicImpact) -> dict:
    """The figures for the JSON feed: plain numbers with the names of STEPS; months as YYYY-MM."""
    return {
        "counted_at": impact.counted_at.isoformat(),
        "totals": vars(impact.totals),
        "provinces": [{"province": row.province, **vars(row.figures)} for row in impact.provinces],
        "months": [{"month": row.month.strftime("%Y-%m"), **vars(row.figures)} for row in impact.months],
    }
