"""Measure importing a devices spreadsheet: read, validate, insert with tags and first events; prints medians.

Usage: python bench/donation_import.py [--rows N] [--runs R] [--database-url URL]
Without --database-url a fresh SQLite file in a temporary folder is used; with a PostgreSQL URL (as in
TEST_DATABASE_URL) the runs work in a new schema that is dropped afterwards. Each run imports a new file of
N rows (new serials) into a new donation and commits, as the confirm step of the import page does.
"""
import argparse
import io
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from flask_migrate import upgrade
from openpyxl import Workbook
from sqlalchemy import create_engine, make_url, text

from allemaaldigitaal import create_app
from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.core.models import Organisation
from allemaaldigitaal.donations import spreadsheet
from allemaaldigitaal.donations.device_import import add_devices
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

HEADER = "soort;merk;model;serienummer;eigen nummer;processor;werkgeheugen (GB);opslag (GB);soort opslag;lader erbij"


def csv_file(rows: int, run: str) -> bytes:
    lines = [HEADER] + [
        f"laptop;Lenovo;ThinkPad T480;{run}-{number:06d};IT-{number:05d};Intel Core i5-8250U;8;256;ssd;ja"
        for number in range(rows)
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def xlsx_file(rows: int, run: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Apparaten")
    sheet.append(HEADER.split(";"))
    for number in range(rows):
        sheet.append(["laptop", "Lenovo", "ThinkPad T480", f"{run}-{number:06d}", f"IT-{number:05d}",
                      "Intel Core i5-8250U", 8, 256, "ssd", "ja"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_once(data: bytes, donor) -> dict[str, float]:
    """One whole import, committed; the seconds of each step."""
    donation = create_donation(donor.organisation, donor)
    db.session.commit()
    times = {}
    start = time.perf_counter()
    sheet = spreadsheet.read_sheet(data)
    times["read"] = time.perf_counter() - start
    rows = [(row.number, row.cells) for row in sheet]
    mark = time.perf_counter()
    tags = add_devices(donation, donor, rows)
    db.session.commit()
    times["validate+insert+commit"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    assert len(tags) == len(rows)
    return times


def measure(label: str, make_file, rows: int, runs: int, donor) -> None:
    results = [import_once(make_file(rows, uuid.uuid4().hex[:8]), donor) for _ in range(runs)]
    medians = {step: statistics.median(result[step] for result in results) for step in results[0]}
    parts = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in medians.items() if step != "total")
    print(f"{label}: {rows} rows, median of {runs}: {medians['total']:.2f} s ({parts})")


class Database:
    """The URL to use: a new SQLite file, or a new schema in the given PostgreSQL database."""

    def __init__(self, url: str | None):
        self.admin_url, self.schema = url, None
        if url is None:
            self.url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}"
        else:
            self.schema = f"bench_{uuid.uuid4().hex[:8]}"
            self._admin(f'CREATE SCHEMA "{self.schema}"')
            with_path = make_url(url).update_query_dict({"options": f"-csearch_path={self.schema}"})
            self.url = with_path.render_as_string(hide_password=False)

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def drop(self) -> None:
        if self.schema:
            self._admin(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    database = Database(args.database_url)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": database.url, "SECRET_KEY": "bench", "APP_ENV": "bench"})
        with app.app_context(), app.test_request_context():
            upgrade()
            organisation = Organisation(kind=OrganisationKind.DONOR, name="Bench donor")
            donor = create_user("bench@donor.example", "Bench", organisation, None)
            db.session.commit()
            print(f"database: {db.engine.dialect.name}")
            measure("CSV import", csv_file, args.rows, args.runs, donor)
            measure("XLSX import", xlsx_file, args.rows, args.runs, donor)
            db.engine.dispose()
    finally:
        database.drop()


if __name__ == "__main__":
    main()
