"""The demo campaign on paper: donations, devices and each device's dated path; no database here.

Each device's path is dated backwards from today: some time in its status now (short for a device on its way,
up to most of the year for one handed out or recycled), each step some days after the one before. Donations group
devices pledged at about the same time, so a year of campaign looks like one: every month devices come in and
go out, and recent donations are still on their way.
"""
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus as S, StorageType

#: how a device reaches each status from pledged
PATHS = {
    S.PLEDGED: (),
    S.RECEIVED: (S.RECEIVED,),
    S.WIPED: (S.RECEIVED, S.WIPED),
    S.READY: (S.RECEIVED, S.WIPED, S.READY),
    S.ALLOCATED: (S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED),
    S.DELIVERED: (S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED),
    S.HANDED_OUT: (S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED, S.HANDED_OUT),
    S.RETURNED: (S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED, S.HANDED_OUT, S.RETURNED),
    S.RECYCLED: (S.RECEIVED, S.RECYCLED),
    S.CANCELLED: (S.CANCELLED,),
    S.LOST: (S.RECEIVED, S.LOST),
}
#: share of devices per status, roughly as in a running campaign
SHARES = {
    S.PLEDGED: 30, S.RECEIVED: 25, S.WIPED: 20, S.READY: 35, S.ALLOCATED: 15, S.DELIVERED: 20,
    S.HANDED_OUT: 120, S.RETURNED: 8, S.RECYCLED: 15, S.CANCELLED: 7, S.LOST: 5,
}
#: days from the step before to this step (lowest, highest)
GAP_DAYS = {
    S.RECEIVED: (2, 21), S.WIPED: (1, 30), S.READY: (0.2, 7), S.ALLOCATED: (1, 30), S.DELIVERED: (1, 14),
    S.HANDED_OUT: (1, 30), S.RETURNED: (20, 120), S.RECYCLED: (1, 30), S.LOST: (5, 60), S.CANCELLED: (1, 20),
}
MODELS = {
    DeviceKind.LAPTOP: [("Dell", "Latitude 7490"), ("HP", "EliteBook 840 G5"), ("Lenovo", "ThinkPad T480")],
    DeviceKind.TABLET: [("Apple", "iPad (7e generatie)"), ("Samsung", "Galaxy Tab A 10.1")],
}
#: the longest a device has been in its status now, in days
TIME_IN_STATUS = {
    S.PLEDGED: 21, S.RECEIVED: 30, S.WIPED: 20, S.READY: 30, S.ALLOCATED: 14, S.DELIVERED: 14, S.HANDED_OUT: 330,
    S.RETURNED: 200, S.RECYCLED: 330, S.CANCELLED: 300, S.LOST: 300,
}
CAMPAIGN_DAYS = 365
#: devices per donation in a large campaign (a small one keeps 25, as a donor's first pledge)
DONATION_SIZES = (5, 10, 20, 25, 40, 60, 100)
SMALL_CAMPAIGN = 1000
#: a new claim per care organisation every so many days
CLAIM_EVERY_DAYS = 90


@dataclass
class DonationPlan:
    donor: int
    workshop: int
    created_at: datetime
    devices: list[int] = field(default_factory=list)


@dataclass
class DevicePlan:
    donation: int
    kind: DeviceKind
    brand: str
    model: str
    serial_number: str
    ram_gb: int
    storage_gb: int
    storage_type: StorageType
    media: int
    charger_included: bool
    created_at: datetime
    #: (status, when) from the first step after pledged to the device's status now
    steps: list[tuple[S, datetime]]
    care: int

    @property
    def status(self) -> S:
        return self.steps[-1][0] if self.steps else S.PLEDGED


@dataclass
class Campaign:
    donations: list[DonationPlan]
    devices: list[DevicePlan]
    claims_per_care: int
    start: datetime


@dataclass(frozen=True)
class Places:
    """The provinces of the demo organisations, by kind, in the order they were made."""

    donors: list[str]
    workshops: list[str]
    cares: list[str]


def plan_campaign(count: int, places: Places, rng: random.Random, now: datetime) -> Campaign:
    """`count` devices in donations over the last year, each with a plausible dated path."""
    start = now - timedelta(days=CAMPAIGN_DAYS)
    targets = rng.choices(list(SHARES), weights=list(SHARES.values()), k=count)
    paths = sorted((_dated_steps(PATHS[target], target, rng, now) for target in targets), key=lambda path: path[0])
    cares_near = {province: [i for i, where in enumerate(places.cares) if where == province] for province in places.workshops}
    donations, devices = [], []
    for size in _donation_sizes(count, rng):
        created = paths[len(devices)][0]
        donor = rng.randrange(len(places.donors))
        donation = DonationPlan(donor, _workshop_for(places, places.donors[donor], len(donations)), created)
        donations.append(donation)
        near = cares_near[places.workshops[donation.workshop]]
        for _pledged, steps in paths[len(devices):len(devices) + size]:
            donation.devices.append(len(devices))
            devices.append(_device(len(donations) - 1, donation, steps, near, len(places.cares), rng))
    claims = 1 if count < SMALL_CAMPAIGN else CAMPAIGN_DAYS // CLAIM_EVERY_DAYS
    return Campaign(donations, devices, claims, start)


def claim_number(campaign: Campaign, allocated_at: datetime) -> int:
    """Which of a care organisation's claims (0 = the first) a device allocated then went to."""
    days = (allocated_at - campaign.start).days
    return min(campaign.claims_per_care - 1, max(0, days // CLAIM_EVERY_DAYS))


def _donation_sizes(count: int, rng: random.Random) -> list[int]:
    sizes, left = [], count
    while left > 0:
        size = 25 if count < SMALL_CAMPAIGN else rng.choice(DONATION_SIZES)
        sizes.append(min(size, left))
        left -= sizes[-1]
    return sizes


def _workshop_for(places: Places, province: str, number: int) -> int:
    """A workshop in the donor's province (as workshops take donations), else one in turn."""
    near = [index for index, where in enumerate(places.workshops) if where == province]
    return near[number % len(near)] if near else number % len(places.workshops)


def _device(donation_number: int, donation: DonationPlan, steps: list, near: list[int], cares: int,
            rng: random.Random) -> DevicePlan:
    """One device; it goes to a care organisation in its workshop's province most of the time, when there is one."""
    kind = DeviceKind.LAPTOP if rng.random() < 0.75 else DeviceKind.TABLET
    brand, model = rng.choice(MODELS[kind])
    return DevicePlan(
        donation=donation_number, kind=kind, brand=brand, model=model,
        serial_number=f"SN{rng.randrange(10**9):09d}", ram_gb=rng.choice((4, 8, 16)),
        storage_gb=rng.choice((128, 256, 512)),
        storage_type=StorageType.SSD if kind == DeviceKind.LAPTOP else StorageType.EMMC,
        media=2 if kind == DeviceKind.LAPTOP and rng.random() < 0.05 else 1,
        charger_included=rng.random() < 0.9,
        # pledged with the donation; the first step is at least a day after the device's own planned pledge
        created_at=donation.created_at + timedelta(minutes=rng.randrange(120)),
        steps=steps,
        care=rng.choice(near) if near and rng.random() < 0.7 else rng.randrange(cares),
    )


def _dated_steps(path: tuple[S, ...], target: S, rng: random.Random, now: datetime) -> tuple[datetime, list]:
    """When the device was pledged, and its steps, dated backwards from now; all within the campaign's year."""
    gaps = [rng.uniform(*GAP_DAYS[step]) for step in path]
    waited = rng.uniform(0.05, TIME_IN_STATUS[target])
    total = waited + sum(gaps)
    if total > CAMPAIGN_DAYS - 2:
        squeeze = (CAMPAIGN_DAYS - 2) * rng.uniform(0.5, 1.0) / total
        gaps, waited = [gap * squeeze for gap in gaps], waited * squeeze
    at = now - timedelta(days=waited + sum(gaps))
    created, steps = at, []
    for step, gap in zip(path, gaps, strict=True):
        at += timedelta(days=gap)
        steps.append((step, at))
    return created, steps
