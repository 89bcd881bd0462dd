"""8 threads on two app instances race to allocate 100 devices, automatically and by tag, on one file database.

Every device ends up allocated at most once (to one claim, with one allocation event per claim link), and no
claim holds more of a kind than it asked for. Runs on SQLite (a file) and, with TEST_DATABASE_URL, on PostgreSQL.
"""
import random
import threading
from collections import Counter

from sqlalchemy import func, select

from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.care.allocation import allocate_auto, allocate_tags, release_allocation
from allemaaldigitaal.care.claims import approve_claim, create_claim
from allemaaldigitaal.core.enums import ConditionGrade, DeviceKind, DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Claim, Device, DeviceEvent, Organisation, User
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

from ..conftest import app_builder, migrated_database

THREADS, DEVICES, OPERATIONS = 8, 100, 25
#: (laptops, tablets) per claim: 76 laptops and 38 tablets asked for; there are 66 laptops and 34 tablets
CLAIMS = [(12, 4), (9, 6), (15, 3), (8, 8), (10, 2), (5, 5), (10, 5), (7, 5)]


def build_campaign() -> tuple[list[int], list[str], int, int]:
    """Claims, ready devices in two workshops, and a coordinator; committed. Returns their ids and tags."""
    rng = random.Random(12)
    make = lambda kind, name, **where: Organisation(kind=kind, name=name, **where)  # noqa: E731
    coordinator = create_user("coordinator@race.example", "C", make(K.COORDINATOR, "Regie"), None)
    donor = create_user("donor@race.example", "D", make(K.DONOR, "Gever"), None)
    workshops = [create_user(f"w{n}@race.example", "W", make(K.REFURBISHER, f"Werkplaats {n}", province=province,
                                                                    postcode=postcode), None)
                 for n, (province, postcode) in enumerate([("Utrecht", "3511 AA"), ("Groningen", "9711 AD")])]
    cares = [create_user(f"z{n}@race.example", "Z", make(K.CARE, f"Zorg {n}", province="Utrecht", postcode="3512 JK"),
                         None) for n in range(4)]
    db.session.flush()
    claims = []
    for number, (laptops, tablets) in enumerate(CLAIMS):
        claim = create_claim(cares[number % 4].organisation, cares[number % 4], laptops, tablets, "Voor de buurt")
        db.session.flush()
        claims.append(approve_claim(claim, coordinator))
    cast = Cast(coordinator=coordinator, refurbishers=workshops, care=cares, claims=[])
    tags = []
    for number in range(DEVICES):
        workshop = workshops[number % 2]
        donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
        kind = DeviceKind.LAPTOP if number % 3 else DeviceKind.TABLET
        device = add_device(donation, donor, DeviceSpecs(kind=kind, serial_number=f"RACE-{number}"))
        bring_to(device, S.READY, cast, rng, workshop)
        device.condition_grade = rng.choice(list(ConditionGrade))
        tags.append(device.asset_tag)
    db.session.commit()
    return [claim.id for claim in claims], tags, coordinator.id, len(tags)


def race(applications, claim_ids, tags, coordinator_id) -> tuple[Counter, list[str]]:
    start = threading.Barrier(THREADS)
    outcomes: Counter = Counter()
    failures: list[str] = []
    lock = threading.Lock()

    def work(application, seed):
        rng = random.Random(seed)
        with application.app_context():
            try:
                start.wait()
                for _ in range(OPERATIONS):
                    outcome = one_operation(rng, claim_ids, tags, coordinator_id)
                    with lock:
                        outcomes[outcome] += 1
            except Exception as error:  # noqa: BLE001  (reported below)
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(applications[n % len(applications)], n)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return outcomes, failures


def one_operation(rng: random.Random, claim_ids, tags, coordinator_id) -> str:
    coordinator = db.session.get(User, coordinator_id)
    claim = db.session.get(Claim, rng.choice(claim_ids))
    choice = rng.random()
    try:
        if choice < 0.4:
            limits = rng.choice([{}, {"laptops": rng.randint(0, 4), "tablets": rng.randint(0, 2)}])
            taken = commit_or_rollback(lambda: allocate_auto(claim, coordinator, **limits))
            return f"auto took {min(len(taken), 1)}"
        if choice < 0.75:
            # mostly devices that looked ready a moment ago, as a coordinator's screen would show them
            ready = db.session.scalars(select(Device.asset_tag).where(Device.status == S.READY)).all()
            pool = ready if ready and rng.random() < 0.7 else tags
            chosen = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
            commit_or_rollback(lambda: allocate_tags(claim, coordinator, chosen))
            return "tags taken"
        device = db.session.scalar(select(Device).where(Device.status == S.ALLOCATED).limit(1))
        if device is None:
            return "nothing to release"
        commit_or_rollback(lambda: release_allocation(device, coordinator, "Race"))
        return "released"
    except DomainError:
        return "refused"
    finally:
        db.session.remove()


def test_racing_allocations_never_allocate_a_device_twice_nor_overfill_a_claim(fresh_database):
    url = migrated_database(fresh_database, "allocrace")
    with app_builder(url) as build:
        first, second = build(SQLITE_BUSY_TIMEOUT_MS=30_000), build(SQLITE_BUSY_TIMEOUT_MS=30_000)
        with first.app_context():
            claim_ids, tags, coordinator_id, count = build_campaign()
            db.session.remove()
        outcomes, failures = race([first, second], claim_ids, tags, coordinator_id)
        assert failures == []
        print(outcomes)
        assert outcomes["tags taken"] and outcomes["refused"] and outcomes["auto took 1"], outcomes
        with second.app_context():
            check_the_books(claim_ids, count)


def check_the_books(claim_ids, count) -> None:
    devices = db.session.scalars(select(Device)).all()
    assert len(devices) == count
    for device in devices:
        linked = device.claim_id is not None
        assert (device.status == S.ALLOCATED) == linked, device
        assert device.status in (S.READY, S.ALLOCATED)
    allocations = Counter(db.session.execute(
        select(DeviceEvent.device_id, DeviceEvent.to_status).where(DeviceEvent.kind == EventKind.STATUS_CHANGED)
    ).all())
    for device in devices:
        into, out = allocations[(device.id, S.ALLOCATED)], allocations[(device.id, S.READY)] - 1
        assert into - out == (1 if device.status == S.ALLOCATED else 0), "each allocation ended before the next"
    per_claim = Counter(db.session.execute(
        select(Device.claim_id, Device.kind).where(Device.claim_id.is_not(None))).all())
    for claim in db.session.scalars(select(Claim).where(Claim.id.in_(claim_ids))):
        assert per_claim[(claim.id, DeviceKind.LAPTOP)] <= claim.laptops_requested
        assert per_claim[(claim.id, DeviceKind.TABLET)] <= claim.tablets_requested
    assert db.session.scalar(select(func.count()).where(Device.status == S.ALLOCATED)) == sum(per_claim.values())
    # stock runs out before the claims are full: every device found a claim by the end or is still free
    assert sum(per_claim.values()) > 0
