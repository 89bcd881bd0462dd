"""The campaign's figures for the coordinator's dashboard and GET /api/v1/stats: counts only, no personal data.

Each figure is one aggregate query (the pipeline and the four breakdowns share one, and one more for the
organisations' names; rows are never loaded one by one), so the dashboard costs the same number of queries for ten
devices or a hundred thousand. The counts by status, organisation and month and the throughput are read from the
running tallies that the database keeps (migration 0024, core.models.tallies); these count the whole campaign, so
the dashboard is for coordinators. Months are calendar months in Europe/Amsterdam.

- pipeline: devices per status in lifecycle order, with how many of them are stuck (STUCK_AFTER);
- months: devices received (intake) and handed out per month, the last MONTHS months, from the device history;
- per donor, workshop (the donation's workshop), care organisation (the claim the device is linked to now) and
  province: the TOP largest, each with its devices per stage (STAGES). A device's province is that of the care
  organisation it is allocated to; before that, of the workshop of its donation; before that, of the donor;
- throughput: median days from a device's first arrival to its first `ready`, and from that to its first
  handout, over the devices that reached the later status in the last MONTHS months;
- waiting: per stage the LONGEST devices that have waited longest since their last status change;
- open claims (submitted, or approved with devices still to allocate) and overdue loans.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from allemaaldigitaal.core.access import visible
from allemaaldigitaal.core.enums import ClaimStatus, DeviceStatus as S, HandoutKind
from allemaaldigitaal.core.models import Claim, Device, DeviceTally, Handout, StatusEventPeriod, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

from .stats_periods import month_starts, today_in_amsterdam
from .stats_queries import (
    counts,
    device_count,
    devices_per_organisation,
    events_per_month,
    median_days,
    tallied_organisations,
    waiting_longest,
)

#: how long a device may stay in a status before the dashboard warns about it
STUCK_AFTER: dict[S, timedelta] = {S.RECEIVED: timedelta(days=30), S.ALLOCATED: timedelta(days=14)}
#: how many organisations or provinces each breakdown shows
TOP = 10
#: how many of the longest waiting devices each stage lists
LONGEST = 5
#: how many months the chart and the throughput look back, this month included
MONTHS = 12
#: the statuses where a device waits for someone to take the next step
WAITING = (S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED, S.RETURNED)
OPEN_CLAIMS = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
#: the breakdowns, as named in DashboardStats
BREAKDOWNS = ("provinces", "workshops", "care_organisations", "donors")


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    #: in lifecycle order
    statuses: tuple[S, ...]


#: the columns of the breakdowns: the lifecycle in six steps; every status is in exactly one stage
STAGES = (
    Stage("pledged", _l("Toegezegd"), (S.PLEDGED,)),
    Stage("in_workshop", _l("In de werkplaats"), (S.RECEIVED, S.WIPED, S.RETURNED)),
    Stage("ready", _l("Klaar voor uitgifte"), (S.READY,)),
    Stage("on_the_way", _l("Onderweg naar zorg"), (S.ALLOCATED, S.DELIVERED)),
    Stage("handed_out", _l("Uitgereikt"), (S.HANDED_OUT,)),
    Stage("ended", _l("Afgevallen"), (S.RECYCLED, S.CANCELLED, S.LOST)),
)
STAGE_NUMBER = {status: number for number, stage in enumerate(STAGES) for status in stage.statuses}


@dataclass(frozen=True)
class StatusCount:
    status: S
    count: int
    #: how many have been in this status longer than STUCK_AFTER allows (0 where no limit is set)
    stuck: int = 0


@dataclass(frozen=True)
class MonthCount:
    month: date
    intake: int
    handout: int


@dataclass(frozen=True)
class GroupCount:
    """One organisation or province with its devices per stage (keys of STAGES)."""

    name: str | None
    stages: dict[str, int]
    total: int


@dataclass(frozen=True)
class Throughput:
    received_to_ready_days: float | None
    received_to_ready_devices: int
    ready_to_handed_out_days: float | None
    ready_to_handed_out_devices: int


@dataclass(frozen=True)
class WaitingDevice:
    asset_tag: str
    status: S
    since: datetime
    days: int
    #: the organisation that holds the device now, if any
    holder: str | None


@dataclass(frozen=True)
class Stuck:
    status: S
    days: int
    count: int


@dataclass(frozen=True)
class DashboardStats:
    pipeline: list[StatusCount]
    months: list[MonthCount]
    provinces: list[GroupCount]
    workshops: list[GroupCount]
    care_organisations: list[GroupCount]
    donors: list[GroupCount]
    throughput: Throughput
    waiting: dict[S, list[WaitingDevice]]
    submitted_claims: int
    approved_claims_open: int
    devices_to_allocate: int
    overdue_loans: int
    generated_at: datetime = field(default_factory=utcnow)

    @property
    def total_devices(self) -> int:
        return sum(row.count for row in self.pipeline)

    @property
    def stuck(self) -> list[Stuck]:
        """The statuses with a limit, how long the limit is, and how many devices are past it."""
        per_status = {row.status: row.stuck for row in self.pipeline}
        return [Stuck(status, limit.days, per_status.get(status, 0)) for status, limit in STUCK_AFTER.items()]


def dashboard_stats(user: User) -> DashboardStats:
    """Every figure of the dashboard, of what the user may see: a coordinator sees all (the tallies count the whole
    campaign, so no one else sees those)."""
    now = utcnow()
    devices = visible(Device, user)
    tallies = visible(DeviceTally, user)
    per_organisation = devices_per_organisation(tallies)
    return DashboardStats(
        pipeline=pipeline(per_organisation, devices, now),
        months=months(user, now),
        **breakdowns(per_organisation, tallied_organisations(tallies)),
        throughput=throughput(user, month_starts(now, MONTHS)[0]),
        waiting=waiting(devices, now),
        **open_claims(user),
        overdue_loans=overdue_loans(user),
        generated_at=now,
    )


def pipeline(per_organisation: list[tuple], devices, now: datetime) -> list[StatusCount]:
    """Devices per status in lifecycle order, zeros included (added up from the breakdowns' tallies), and how many
    of them are stuck: one query of counts over ranges of ix_devices_status_changed."""
    found = Counter()
    for *_organisations, status, count in per_organisation:
        found[status] += int(count)
    late = dict(zip(STUCK_AFTER, counts(*[
        device_count(devices, Device.status == status, Device.status_changed_at < now - limit)
        for status, limit in STUCK_AFTER.items()
    ]), strict=True))
    return [StatusCount(status, found[status], late.get(status, 0)) for status in S]


def months(user: User, now: datetime) -> list[MonthCount]:
    """Devices received and handed out per month, oldest month first: one query over the tallies of status events
    per period."""
    starts = month_starts(now, MONTHS)
    found = events_per_month(visible(StatusEventPeriod, user), (S.RECEIVED, S.HANDED_OUT), starts)
    return [MonthCount(today_in_amsterdam(start).replace(day=1), found.get((S.RECEIVED, number), 0),
                       found.get((S.HANDED_OUT, number), 0))
            for number, start in enumerate(starts[:-1])]


def breakdowns(rows: list[tuple], found: dict[int, tuple[str, str | None]]) -> dict[str, list[GroupCount]]:
    """The TOP donors, workshops (the donation's), care organisations (the claim's, while a device is linked to one)
    and provinces with the most devices, each with its devices per stage; devices without a workshop or claim are
    left out of those. Ties go by name, unknown provinces last. `found`: {id: (name, province)} of the
    organisations in the rows."""
    per_holders: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(STAGES))
    for donor, workshop, care, status, count in rows:
        per_holders[care, workshop, donor][STAGE_NUMBER[status]] += count
    tallies: dict[str, dict] = {name: defaultdict(lambda: [0] * len(STAGES)) for name in BREAKDOWNS}
    for holders, stages in per_holders.items():
        care, workshop, donor = holders
        province = _province(*(found.get(org, (None, None))[1] for org in holders))
        for name, key in zip(BREAKDOWNS, (province, workshop, care, donor), strict=True):
            if name == "provinces" or key is not None:
                tally = tallies[name][key]
                tallies[name][key] = [before + more for before, more in zip(tally, stages, strict=True)]
    result = {}
    for name, tally in tallies.items():
        groups = [GroupCount(key if name == "provinces" else found[key][0],
                             {stage.key: count for stage, count in zip(STAGES, per_stage, strict=True)},
                             sum(per_stage))
                  for key, per_stage in tally.items()]
        result[name] = sorted(groups, key=lambda row: (-row.total, row.name is None, row.name or ""))[:TOP]
    return result


def _province(*provinces: str | None) -> str | None:
    """The first province that is filled in (spaces around it trimmed, as SQL's trim)."""
    return next((province.strip(" ") for province in provinces if (province or "").strip(" ")), None)


def throughput(user: User, since: datetime) -> Throughput:
    to_ready, to_ready_n, to_handout, to_handout_n = median_days(user, since)
    return Throughput(to_ready, to_ready_n, to_handout, to_handout_n)


def waiting(devices, now: datetime) -> dict[S, list[WaitingDevice]]:
    """Per waiting status (in lifecycle order) the devices waiting longest, oldest first."""
    found: dict[S, list[WaitingDevice]] = {status: [] for status in WAITING}
    for tag, status, since, holder in waiting_longest(devices, WAITING, LONGEST):
        found[status].append(WaitingDevice(tag, status, since, (now - since).days, holder))
    return found


def open_claims(user: User) -> dict[str, int]:
    """Submitted claims, approved claims that still wait for devices, and how many devices they still wait for."""
    linked = (select(Device.claim_id, func.count().label("linked")).where(Device.claim_id.is_not(None))
              .group_by(Device.claim_id).subquery())
    outstanding = Claim.laptops_requested + Claim.tablets_requested - func.coalesce(linked.c.linked, 0)
    rows = db.session.execute(
        select(Claim.status, func.count(), func.sum(outstanding))
        .outerjoin(linked, linked.c.claim_id == Claim.id)
        .where(Claim.status.in_(OPEN_CLAIMS), visible(Claim, user),
               or_(Claim.status == ClaimStatus.SUBMITTED, outstanding > 0))
        .group_by(Claim.status)
    ).all()
    found = {status: (count, devices or 0) for status, count, devices in rows}
    submitted, approved = found.get(ClaimStatus.SUBMITTED, (0, 0)), found.get(ClaimStatus.APPROVED, (0, 0))
    return {"submitted_claims": submitted[0], "approved_claims_open": approved[0],
            "devices_to_allocate": submitted[1] + approved[1]}


def overdue_loans(user: User) -> int:
    """Loans not returned whose end date has passed (in Amsterdam)."""
    return db.session.scalar(
        select(func.count()).select_from(Handout)
        .where(Handout.kind == HandoutKind.LOAN, Handout.returned_at.is_(None),
               Handout.loan_until < today_in_amsterdam(utcnow()), visible(Handout, user))
    )
