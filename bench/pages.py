"""Server time of the device list, the audit trail, the dashboard and the figures at 100,000 devices; prints medians.

Usage: python bench/pages.py [--devices N] [--runs R] [--database-url URL] [--no-demo]

A fresh SQLite file in a temporary folder (or, with a PostgreSQL URL as in TEST_DATABASE_URL, a new schema that is
dropped afterwards) gets N devices in ten donations (bulk insert, as the spreadsheet import does), moved along the
lifecycle in set-based steps that the database's safety net checks, with a scan of every device and a security log
of sign-ins: about 4 device events a device. Each request then runs in this process through Flask's test client
(no network, no server): once to warm up, then R times; the table gives the median and the slowest in ms against
the goal of issue 13 (every list page, the last one included, in at most 50 ms), with the median CPU time of
this process beside it (on SQLite the database works in this process, so on a busy machine the CPU time is the
better estimate of what the request costs). A path that answers 404 (a page
that is not there yet) or anything but 200 is skipped with a line saying so.

The seeded devices only get as far as wiped, so the dashboard is measured a second time on the demo campaign
(`flask demo-data`, N devices, every status, a year of history: the throughput medians have tens of thousands of
devices behind them) in a database of its own; --no-demo leaves that out.
"""
import argparse
import os
import random
import statistics
import time
from dataclasses import dataclass
from datetime import timedelta

from donation_import import Database
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from allemaaldigitaal import create_app
from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceKind, OrganisationKind as K
from allemaaldigitaal.core.models import AuditEvent, Device, Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.demo.services import demo_email, load_demo_data
from allemaaldigitaal.devices.services import DeviceSpecs
from allemaaldigitaal.donations.device_import import insert_devices
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

GOAL_MS = 50.0
PASSWORD = "bench-wachtwoord-123"
DONATIONS = 10
MODELS = [("Lenovo", "ThinkPad T480", DeviceKind.LAPTOP), ("Dell", "Latitude 5490", DeviceKind.LAPTOP),
          ("HP", "EliteBook 840 G5", DeviceKind.LAPTOP), ("Apple", "iPad 6", DeviceKind.TABLET)]
#: (share of devices by id % 20, from, to, days ago): set-based steps along the lifecycle
STEPS = [
    (range(0, 16), "pledged", "received", 50), (range(0, 10), "received", "wiped", 40),
    (range(16, 18), "pledged", "cancelled", 45), (range(10, 11), "received", "lost", 30),
    (range(11, 12), "received", "recycled", 20),
]


@dataclass(frozen=True)
class Person:
    """What the measurements need of a seeded person, kept after the seeding session is gone."""

    id: int
    email: str
    organisation_id: int


@dataclass(frozen=True)
class Seeded:
    people: dict[K, Person]
    #: the tag of a device with a history
    tag: str


def seed(devices: int) -> Seeded:
    """Organisations, people, N devices with their history, and a security log; committed."""
    people = {kind: create_user(f"bench@{kind.value}.example", f"Bench {kind.value}",
                                Organisation(kind=kind, name=f"Bench {kind.value}"), PASSWORD)
              for kind in (K.COORDINATOR, K.DONOR, K.REFURBISHER, K.CARE)}
    other = create_user("bench@other-workshop.example", "Bench other", Organisation(kind=K.REFURBISHER,
                                                                                     name="Bench other workshop"), None)
    db.session.flush()
    workshops = [people[K.REFURBISHER], other]
    per_donation = -(-devices // DONATIONS)
    for number in range(DONATIONS):
        donor = people[K.DONOR]
        donation = create_donation(donor.organisation, donor, refurbisher=workshops[number % 2].organisation)
        count = min(per_donation, devices - number * per_donation)
        specs = [DeviceSpecs(kind=kind, brand=brand, model=model, serial_number=f"SN{number:02d}{row:06d}",
                             donor_asset_number=f"IT-{number:02d}-{row:05d}")
                 for row in range(count) for brand, model, kind in [MODELS[_spread(row) % len(MODELS)]]]
        insert_devices(donation, donor, specs)
        db.session.commit()
    for shares, before, after, days in STEPS:
        _step(shares, before, after, workshops, utcnow() - timedelta(days=days))
    _scan_every_device(people[K.REFURBISHER], utcnow() - timedelta(days=10))
    _care_holds_some(people[K.CARE])
    _security_log(list(people.values()) + [other], devices // 5)
    db.session.commit()
    return Seeded(people={kind: Person(user.id, user.email, user.organisation_id) for kind, user in people.items()},
                  tag=db.session.scalar(select(Device.asset_tag).order_by(Device.id).offset(devices // 2).limit(1)))


def _spread(number: int) -> int:
    """A fixed scramble of a number, so that models are not tied to the shares of the lifecycle steps."""
    return (number * 2654435761) % 2**32 >> 7


def _step(shares: range, before: str, after: str, workshops, at) -> None:
    """One lifecycle step for a share of the devices: the status (checked by the safety net), then its events."""
    which = f"devices.id % 20 BETWEEN {shares.start} AND {shares.stop - 1} AND devices.status = '{before}'"
    ids = list(db.session.scalars(text(f"SELECT id FROM devices WHERE {which}")))
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        db.session.execute(text(
            "UPDATE devices SET status = :after, status_changed_at = :at, custodian_id = "
            "(SELECT refurbisher_id FROM donations WHERE donations.id = devices.donation_id) WHERE id IN :ids"
        ).bindparams(db.bindparam("ids", expanding=True)), {"after": after, "at": at, "ids": chunk})
        for workshop in workshops:
            db.session.execute(text(
                "INSERT INTO device_events (device_id, kind, from_status, to_status, actor_id, organisation_id, "
                "created_at, note) SELECT devices.id, 'status_changed', :before, :after, :actor, :organisation, :at, "
                ":note FROM devices JOIN donations ON donations.id = devices.donation_id "
                "WHERE devices.id IN :ids AND donations.refurbisher_id = :organisation"
            ).bindparams(db.bindparam("ids", expanding=True)),
                {"before": before, "after": after, "actor": workshop.id, "organisation": workshop.organisation_id,
                 "at": at, "note": "bench" if after in ("lost", "recycled") else None, "ids": chunk})
        db.session.commit()


def _scan_every_device(workshop, at) -> None:
    db.session.execute(text(
        "INSERT INTO device_events (device_id, kind, actor_id, organisation_id, created_at) "
        "SELECT id, 'scanned', :actor, :organisation, :at FROM devices"
    ), {"actor": workshop.id, "organisation": workshop.organisation_id, "at": at})
    db.session.commit()


def _care_holds_some(care) -> None:
    """One wiped device in 200 is with the care organisation (its custody), for the care scope."""
    db.session.execute(text("UPDATE devices SET custodian_id = :care WHERE id % 200 = 3 AND status = 'wiped'"),
                       {"care": care.organisation_id})
    db.session.commit()


def _security_log(users, count: int) -> None:
    rng, now = random.Random(13), utcnow()
    rows = [{"action": rng.choice(["login", "login", "logout", "login_failed", "access_denied"]),
             "actor_id": user.id, "organisation_id": user.organisation_id, "subject": user.email,
             "ip_address": "127.0.0.1", "created_at": now - timedelta(minutes=rng.randrange(90 * 24 * 60))}
            for user in (rng.choice(users) for _ in range(count))]
    db.session.execute(insert(AuditEvent.__table__), rows)
    db.session.commit()


def paths(data: Seeded) -> list[tuple[str, str, str]]:
    """(who, label, path) of every measured request."""
    workshop, care = data.people[K.REFURBISHER].organisation_id, data.people[K.CARE].organisation_id
    user = data.people[K.REFURBISHER].email
    since = (utcnow() - timedelta(days=45)).date().isoformat()
    until = (utcnow() - timedelta(days=35)).date().isoformat()
    c = "coordinator"
    return [
        (c, "list newest, first", "/apparaten"), (c, "list newest, last", "/apparaten?pagina=last"),
        (c, "list by status, first", "/apparaten?sort=status"), (c, "list by status, last", "/apparaten?sort=status&pagina=last"),
        (c, "list by tag, last", "/apparaten?sort=tag&pagina=last"),
        (c, "list longest in status, last", "/apparaten?sort=longest_in_status&pagina=last"),
        (c, "list received, oldest, last", "/apparaten?status=received&sort=oldest&pagina=last"),
        (c, "list tablets, by status, last", "/apparaten?kind=tablet&sort=status&pagina=last"),
        (c, "list text 'elitebook'", "/apparaten?q=elitebook"),
        (c, "list text 'elitebook', last", "/apparaten?q=elitebook&pagina=last"),
        (c, "list text serial part", "/apparaten?q=SN030001"), (c, "list text tag", f"/apparaten?q={data.tag}"),
        (c, "list text no match", "/apparaten?q=zzzz"),
        (c, "list short text 'hp', last", "/apparaten?q=hp&pagina=last"),
        (c, "list one character '4', last", "/apparaten?q=4&pagina=last"),
        (c, "list short text, no match", "/apparaten?q=zq"),
        (c, "list text + laptops, by status, last", "/apparaten?q=elitebook&kind=laptop&sort=status&pagina=last"),
        (c, "list care org + received (none)", f"/apparaten?care={care}&status=received"),
        (c, "list workshop, last", f"/apparaten?workshop={workshop}&pagina=last"),
        (c, "list care org, first", f"/apparaten?care={care}"), (c, "list care org, last", f"/apparaten?care={care}&pagina=last"),
        ("refurbisher", "workshop's own list, last", "/apparaten?pagina=last"),
        ("care", "care's own list, first", "/apparaten"), ("care", "care's own list, last", "/apparaten?pagina=last"),
        ("donor", "donor's list by status, last", "/apparaten?sort=status&pagina=last"),
        ("donor", "donor's list text, last", "/apparaten?q=elitebook&pagina=last"),
        ("refurbisher", "workshop's list '4', last", "/apparaten?q=4&pagina=last"),
        ("care", "care's list text", "/apparaten?q=elitebook"),
        (c, "API devices by status, last", "/api/v1/devices?sort=status&cursor=last"),
        (c, "audit, first", "/audit"), (c, "audit, last", "/audit?pagina=last"),
        (c, "audit scans of a workshop, last", f"/audit?kind=scanned&organisation={workshop}&pagina=last"),
        (c, "audit of a device", f"/audit?tag={data.tag}"), (c, "audit by user, last", f"/audit?user={user}&pagina=last"),
        (c, "audit 10 days, last", f"/audit?since={since}&until={until}&pagina=last"),
        (c, "audit lost, last", "/audit?kind=status_changed&pagina=last"),
        (c, "security log, first", "/audit?log=security"), (c, "security log, last", "/audit?log=security&pagina=last"),
        (c, "security failed logins, last", "/audit?log=security&kind=login_failed&pagina=last"),
        (c, "API events, last", "/api/v1/events?cursor=last"),
        (c, "API security log by user", f"/api/v1/events?log=security&user={data.people[K.CARE].id}"),
        (c, "dashboard", "/dashboard"), (c, "API stats", "/api/v1/stats"),
    ]


def clients(app: Flask, data: Seeded) -> dict:
    """A signed-in test client for each role, and the coordinator's bearer token."""
    found = {}
    for kind, person in data.people.items():
        client = app.test_client()
        assert client.post("/login", data={"email": person.email, "password": PASSWORD}).status_code == 302
        found[kind.value] = client
    with app.app_context():
        found["token"] = create_token(db.session.get(User, data.people[K.COORDINATOR].id), "bench")[1]
        db.session.commit()
    return found


DEMO_PATHS = [("coordinator", "dashboard, demo campaign", "/dashboard"),
              ("coordinator", "API stats, demo campaign", "/api/v1/stats")]


def measure(app: Flask, data: Seeded, runs: int, measured: list[tuple[str, str, str]]) -> None:
    """Median wall time and median CPU time of this process (on SQLite the database works in this process too)."""
    signed_in = clients(app, data)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a busy machine inflates wall time)")
    print(f"{'request':<36} {'wall ms':>8} {'max ms':>7} {'cpu ms':>7}  goal ≤{GOAL_MS:.0f} ms")
    for who, label, path in measured:
        client = signed_in[who]
        headers = {"Authorization": f"Bearer {signed_in['token']}"} if path.startswith("/api/") else {}
        status = client.get(path, headers=headers).status_code
        if status != 200:
            print(f"{label:<36} skipped: {path} answers {status}")
            continue
        walls, cpus = [], []
        for _ in range(runs):
            start, cpu = time.perf_counter(), time.process_time()
            client.get(path, headers=headers)
            walls.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        wall = statistics.median(walls)
        verdict = "ok" if wall <= GOAL_MS else "SLOW"
        print(f"{label:<36} {wall:8.1f} {max(walls):7.1f} {statistics.median(cpus):7.1f}  {verdict}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def bench_app(url: str) -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "APP_ENV": "bench",
                       "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})


def analyse() -> None:
    """As autovacuum would have by now: planner statistics, and PostgreSQL's visibility map (index-only scans)."""
    db.session.remove()
    if db.engine.dialect.name != "postgresql":
        with db.engine.begin() as connection:  # committed: the app's SQLite connections begin every transaction
            connection.execute(text("ANALYZE"))
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        tables = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
        # this schema's tables only: a database-wide VACUUM would also wait for every other schema in it
        quoted = ", ".join(f'"{name}"' for (name,) in tables)
        connection.execute(text(f"VACUUM ANALYZE {quoted}"))


def measure_on_demo(url: str | None, devices: int, runs: int) -> None:
    """The dashboard and /api/v1/stats on the demo campaign of `devices` devices."""
    database = Database(url)
    try:
        app = bench_app(database.url)
        with app.app_context(), app.test_request_context():
            upgrade()
            mark = time.perf_counter()
            load_demo_data(PASSWORD, devices=devices)
            db.session.commit()
            print(f"\ndemo campaign: {devices} devices loaded in {time.perf_counter() - mark:.0f} s (not counted)")
            analyse()
            person = db.session.scalar(select(User).where(User.email == demo_email("coordinator")))
            people = {K.COORDINATOR: Person(person.id, person.email, person.organisation_id)}
        measure(app, Seeded(people=people, tag=""), runs, DEMO_PATHS)
        with app.app_context():
            db.engine.dispose()
    finally:
        database.drop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url")
    parser.add_argument("--no-demo", action="store_true", help="leave out the dashboard on the demo campaign")
    args = parser.parse_args()
    database = Database(args.database_url)
    try:
        app = bench_app(database.url)
        with app.app_context(), app.test_request_context():
            upgrade()
            print(f"database: {db.engine.dialect.name}")
            mark = time.perf_counter()
            data = seed(args.devices)
            events = db.session.scalar(text("SELECT count(*) FROM device_events"))
            audit = db.session.scalar(text("SELECT count(*) FROM audit_events"))
            print(f"setup: {args.devices} devices, {events} device events, {audit} security-log entries in "
                  f"{time.perf_counter() - mark:.0f} s (not counted)")
            db.session.commit()
            analyse()
        measure(app, data, args.runs, paths(data))
        with app.app_context():
            db.engine.dispose()
    finally:
        database.drop()
    if not args.no_demo:
        measure_on_demo(args.database_url, args.devices, args.runs)


if __name__ == "__main__":
    main()
