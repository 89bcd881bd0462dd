"""Time the data-wipe certificate of one donation of 1,000 devices, each with a wipe record; prints medians.

Usage: python bench/certificate.py [--devices N] [--runs R] [--database-url URL]
Without --database-url a fresh SQLite file in a temporary folder is used; on PostgreSQL the bench works
in a schema of its own that it drops afterwards. A run is what the POST does
before its commit: gather the devices and wipe records, render the PDF, hash it and insert the row
(rolled back after each run). The render alone is reported beside it.
"""
import argparse
import random
import statistics
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from allemaaldigitaal import create_app
from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind
from allemaaldigitaal.core.models import Organisation
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations import certificates
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db
from allemaaldigitaal.printing.certificate import certificate_pdf

BASE_URL = "https://allemaaldigitaal.nl"


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def donation_with_wiped_devices(count: int):
    """A donation of `count` laptops, each received and wiped (one medium, one passed record), committed."""
    people = {
        kind: create_user(f"{kind.value}@bench.example", "Łukasz Wiśniewski",
                          Organisation(kind=kind, name=f"Ağaoğlu {kind.value}"), None)
        for kind in OrganisationKind
    }
    donor, workshop = people[OrganisationKind.DONOR], people[OrganisationKind.REFURBISHER]
    donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
    cast = Cast(coordinator=people[OrganisationKind.COORDINATOR], refurbishers=[workshop],
                care=[people[OrganisationKind.CARE]], claims=[])
    rng = random.Random(2020)
    for number in range(count):
        device = add_device(donation, donor, DeviceSpecs(kind="laptop", brand="Dell", model="Latitude 7490",
                                                          serial_number=f"SN{number:06d}", storage_gb=256))
        bring_to(device, DeviceStatus.WIPED, cast, rng, workshop)
    db.session.commit()
    return donation, workshop


def issue_and_roll_back(donation, workshop) -> None:
    certificates.issue_certificate(donation, workshop, BASE_URL)
    db.session.rollback()


@contextmanager
def own_database(url: str | None):
    """A fresh SQLite file, or a fresh schema on the given PostgreSQL database, dropped afterwards."""
    if not url:
        yield f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}"
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with own_database(args.database_url) as url:
        measure(url, args.devices, args.runs)


def measure(url: str, devices: int, runs: int) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "APP_ENV": "bench"})
    with app.test_request_context():
        upgrade()
        donation, workshop = donation_with_wiped_devices(devices)
        data = certificates.certificate_data(donation, certificates.new_code(), BASE_URL, workshop, utcnow())
        content = certificate_pdf(data)
        issue = [timed(lambda: issue_and_roll_back(donation, workshop)) for _ in range(runs)]
        render = [timed(lambda: certificate_pdf(data)) for _ in range(runs)]
        print(f"database: {db.engine.dialect.name}; devices: {devices}; runs: {runs}")
        print(f"PDF: {len(content) / 1024:.0f} KiB")
        print(f"issue certificate (gather, render, hash, insert): median {statistics.median(issue):.3f} s, "
              f"max {max(issue):.3f} s (target <= 1 s)")
        print(f"render only: median {statistics.median(render):.3f} s")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
