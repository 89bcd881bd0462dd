"""Measure automatic allocation: N ready devices shared out over C approved claims, each claim in its own commit.

Usage: python bench/allocate.py [--devices N] [--claims C] [--runs R] [--database-url URL]
Without --database-url a fresh SQLite file in a temporary folder is used; with a PostgreSQL URL (as in
TEST_DATABASE_URL) the runs work in a new schema that is dropped afterwards. The devices (two thirds laptops,
in four workshops, graded A/B/C) are made ready once; each run makes C new claims that together ask for exactly
N devices and allocates each claim in full with care.allocation.allocate_auto in its own unit of work, as the
allocate button does. Between runs (not timed) every device is released to ready again.
"""
import argparse
import random
import statistics
import time

from donation_import import Database
from flask_migrate import upgrade
from sqlalchemy import func, select

from allemaaldigitaal import create_app
from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.care.allocation import allocate_auto, release_allocation
from allemaaldigitaal.care.claims import approve_claim, create_claim
from allemaaldigitaal.core.enums import ConditionGrade, DeviceKind, DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Device, Organisation
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

WORKSHOPS = [("Utrecht", "3511 AA"), ("Noord-Holland", "1011 AB"), ("Groningen", "9711 AD"), ("Limburg", "6211 AE")]
PROVINCES = [province for province, _ in WORKSHOPS]


def ready_devices(count: int):
    """The coordinator, and `count` ready devices spread over four workshops; committed."""
    rng = random.Random(2020)
    coordinator = create_user("bench@coordinator.example", "Bench", Organisation(kind=K.COORDINATOR, name="Regie"), None)
    donor = create_user("bench@donor.example", "Bench", Organisation(kind=K.DONOR, name="Gever"), None)
    workshops = [
        create_user(f"bench{n}@workshop.example", "Bench",
                    Organisation(kind=K.REFURBISHER, name=f"Werkplaats {n}", province=province, postcode=postcode), None)
        for n, (province, postcode) in enumerate(WORKSHOPS)
    ]
    care = create_user("bench@care.example", "Bench", Organisation(kind=K.CARE, name="Zorg"), None)
    cast = Cast(coordinator=coordinator, refurbishers=workshops, care=[care], claims=[])
    for number in range(count):
        workshop = workshops[number % len(workshops)]
        if number % 50 == 0:
            donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
        kind = DeviceKind.TABLET if number % 3 == 0 else DeviceKind.LAPTOP
        device = add_device(donation, donor, DeviceSpecs(kind=kind, serial_number=f"BENCH-{number:06d}"))
        bring_to(device, DeviceStatus.READY, cast, rng, workshop)
        device.condition_grade = rng.choice(list(ConditionGrade))
    db.session.commit()
    return coordinator


def claims_for(coordinator, devices: int, claims: int, run: int):
    """`claims` approved claims that together ask for exactly the ready laptops and tablets; committed."""
    have = dict(db.session.execute(
        select(Device.kind, func.count()).where(Device.status == DeviceStatus.READY).group_by(Device.kind)).all())
    made = []
    for number in range(claims):
        care = Organisation(kind=K.CARE, name=f"Zorg {run}-{number}", province=PROVINCES[number % len(PROVINCES)],
                            postcode=WORKSHOPS[number % len(WORKSHOPS)][1])
        laptops = share(have.get(DeviceKind.LAPTOP, 0), claims, number)
        tablets = share(have.get(DeviceKind.TABLET, 0), claims, number)
        claim = create_claim(care, coordinator, laptops, tablets, "Bench")
        db.session.flush()
        made.append(approve_claim(claim, coordinator))
    db.session.commit()
    return made


def share(total: int, parts: int, number: int) -> int:
    return total // parts + (1 if number < total % parts else 0)


def allocate_all(coordinator, claims) -> tuple[float, float, int]:
    """Seconds (wall clock, and this process's CPU) to allocate every claim in full, each in its own commit, and
    the devices allocated."""
    allocated = 0
    start, cpu = time.perf_counter(), time.process_time()
    for claim in claims:
        allocated += len(commit_or_rollback(lambda claim=claim: allocate_auto(claim, coordinator)))
    return time.perf_counter() - start, time.process_time() - cpu, allocated


def release_all(coordinator) -> None:
    def release():
        for device in db.session.scalars(select(Device).where(Device.status == DeviceStatus.ALLOCATED)).all():
            release_allocation(device, coordinator)

    commit_or_rollback(release)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    database = Database(args.database_url)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": database.url, "SECRET_KEY": "bench", "APP_ENV": "bench"})
        with app.app_context(), app.test_request_context():
            upgrade()
            print(f"database: {db.engine.dialect.name}")
            mark = time.perf_counter()
            coordinator = ready_devices(args.devices)
            print(f"setup: {args.devices} ready devices in {time.perf_counter() - mark:.1f} s (not counted)")
            times, cpu_times = [], []
            for run in range(args.runs):
                claims = claims_for(coordinator, args.devices, args.claims, run)
                seconds, cpu, allocated = allocate_all(coordinator, claims)
                assert allocated == args.devices, f"allocated {allocated} of {args.devices}"
                times.append(seconds)
                cpu_times.append(cpu)
                release_all(coordinator)
            median = statistics.median(times)
            runs = ", ".join(f"{seconds:.2f}" for seconds in times)
            print(f"auto-allocate {args.devices} devices over {args.claims} claims, median of {args.runs}: "
                  f"{median:.2f} s ({median / args.devices * 1000:.2f} ms a device; runs: {runs} s; "
                  f"CPU of this process, median: {statistics.median(cpu_times):.2f} s)")
            db.engine.dispose()
    finally:
        database.drop()


if __name__ == "__main__":
    main()
