"""A campaign for the dashboard tests: devices walked through the real lifecycle, then their history moved back in
time, so each device has a known timeline; the expected figures are computed here from that timeline in Python."""
import itertools
import random
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from allemaaldigitaal.care.services import approve_claim, create_claim
from allemaaldigitaal.core import lifecycle
from allemaaldigitaal.core.enums import DeviceStatus as S, HandoutKind, OrganisationKind as K, StorageType
from allemaaldigitaal.core.models import Device, DeviceEvent, Handout
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.reports.stats import STAGES

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_serials = itertools.count(1)


@dataclass
class Built:
    device: Device
    donor: object
    workshop: object
    care: object | None
    #: (to_status, when) of every status event, oldest first
    timeline: list[tuple[S, datetime]] = field(default_factory=list)


class StatsWorld:
    """Organisations in some provinces (and some without), and devices with known histories."""

    def __init__(self, make, session, monkeypatch, seed: int = 11):
        self.make, self.session, self.rng = make, session, random.Random(seed)
        self.moment: datetime | None = None
        monkeypatch.setattr(lifecycle, "utcnow", self._clock)
        self.coordinator = make.user(K.COORDINATOR)
        org = make.organisation
        self.donors = [make.user(K.DONOR, org(K.DONOR, province=p)) for p in ("Utrecht", "Groningen", None)]
        self.workshops = [make.user(K.REFURBISHER, org(K.REFURBISHER, province=p)) for p in ("Utrecht", " Limburg ")]
        self.cares = [make.user(K.CARE, org(K.CARE, province=p)) for p in ("Noord-Holland", "")]
        self.claims = {care.id: approve_claim(create_claim(care.organisation, care, 40, 0, "Voor de buurt"),
                                              self.coordinator) for care in self.cares}
        self.built: list[Built] = []

    def _clock(self) -> datetime:
        """The lifecycle's clock: while a device is built each step comes some days after the one before."""
        if self.moment is None:
            return utcnow()
        self.moment = min(self.moment + timedelta(days=self.rng.uniform(0.2, 25)), utcnow())
        return self.moment

    def device(self, status: S, donor=None, workshop=None, care=None, start_days_ago: float | None = None) -> Built:
        """A device brought to `status`, its first step `start_days_ago` days ago and each next one days later."""
        rng = self.rng
        donor = donor or rng.choice(self.donors)
        workshop = workshop or rng.choice(self.workshops)
        care = care or rng.choice(self.cares)
        self.moment = utcnow() - timedelta(days=rng.uniform(1, 420) if start_days_ago is None else start_days_ago)
        try:
            donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
            device = add_device(donation, donor, DeviceSpecs(serial_number=f"STATS{next(_serials)}",
                                                             storage_type=StorageType.SSD))
            bring_to(device, status, Cast(self.coordinator, [workshop], [care], [self.claims[care.id]]), rng,
                     workshop)
            self.session.flush()
        finally:
            self.moment = None
        built = Built(device, donor, workshop, care if device.claim_id else None)
        built.timeline = [(to, when) for to, when in self.session.execute(
            select(DeviceEvent.to_status, DeviceEvent.created_at)
            .where(DeviceEvent.device_id == device.id, DeviceEvent.to_status.is_not(None)).order_by(DeviceEvent.id)
        )]
        assert built.timeline[-1][0] == device.status
        self.built.append(built)
        return built

    def lend(self, built: Built, until: date) -> None:
        """Make the device's handout a loan until that day."""
        handout = built.device.handout
        handout.kind, handout.loan_until = HandoutKind.LOAN, until
        self.session.flush()

    def bring_back(self, built: Built) -> None:
        """The person brings the device back to the care organisation."""
        care = built.care or self.cares[0]
        lifecycle.apply_transition(built.device, S.RETURNED, actor=care, note="Terug")
        self.session.flush()

    def build_mix(self, count: int) -> None:
        weights = {S.PLEDGED: 3, S.RECEIVED: 4, S.WIPED: 2, S.READY: 3, S.ALLOCATED: 3, S.DELIVERED: 2,
                   S.HANDED_OUT: 6, S.RETURNED: 1, S.RECYCLED: 1, S.CANCELLED: 1, S.LOST: 1}
        for status in self.rng.choices(list(weights), weights=list(weights.values()), k=count):
            self.device(status)


# ---- the expected figures, from the timelines ----

def status_of(built: Built) -> S:
    return built.timeline[-1][0]


def since(built: Built) -> datetime:
    """When the device came into its status (a new device: when it was added)."""
    return built.device.status_changed_at


def first(built: Built, status: S) -> datetime | None:
    return next((when for to, when in built.timeline if to == status), None)


def expected_pipeline(world: StatsWorld) -> Counter:
    return Counter(status_of(built) for built in world.built)


def month_of(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date().replace(day=1)


def expected_months(world: StatsWorld, status: S) -> Counter:
    return Counter(month_of(when) for built in world.built for to, when in built.timeline if to == status)


def stage_of(status: S) -> str:
    return next(stage.key for stage in STAGES if status in stage.statuses)


def expected_groups(world: StatsWorld, key) -> dict:
    """{group name: Counter of stage keys} for the devices `key` puts in a group (None leaves a device out)."""
    found: dict = defaultdict(Counter)
    for built in world.built:
        group = key(built)
        if group is not False:
            found[group][stage_of(status_of(built))] += 1
    return found


def province_of(built: Built):
    for org in ((built.care.organisation if built.care else None), built.workshop.organisation,
                built.donor.organisation):
        if org is not None and (org.province or "").strip():
            return org.province.strip()
    return None


def expected_median(world: StatsWorld, start: S, end: S, window_start: datetime) -> tuple[float | None, int]:
    days = []
    for built in world.built:
        began, reached = first(built, start), first(built, end)
        if began and reached and reached >= window_start:
            days.append((reached - began).total_seconds() / 86400)
    return (statistics.median(days) if days else None), len(days)


def expected_open_loans(session) -> int:
    today = datetime.now(AMSTERDAM).date()
    return sum(1 for handout in session.scalars(select(Handout)) if handout.kind == HandoutKind.LOAN
               and handout.returned_at is None and handout.loan_until < today)


@pytest.fixture(name="world")
def world_fixture(make, session, monkeypatch):
    return StatsWorld(make, session, monkeypatch)
