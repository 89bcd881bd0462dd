"""Time `flask demo-data --devices N` into a fresh database, as an operator runs it; prints seconds per run.

Usage: python bench/demo_data.py [--devices 100000] [--runs 2] [--postgresql URL] [--no-sqlite]
Each run gets an empty database migrated first (not timed): a new SQLite file in a temporary folder, and with
--postgresql (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) a new schema that is dropped afterwards.
Also times the first (uncached) count of the public impact figures on the loaded database.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

FLASK = [sys.executable, "-m", "flask", "--app", "allemaaldigitaal"]
IMPACT = (
    "from allemaaldigitaal import create_app\n"
    "from allemaaldigitaal.core.models.types import utcnow\n"
    "from allemaaldigitaal.reports.impact import count_public_impact\n"
    "import time\n"
    "with create_app().app_context():\n"
    "    start = time.perf_counter(); count_public_impact(utcnow()); print(time.perf_counter() - start)\n"
)


def run(url: str, *args: str) -> float:
    env = {**os.environ, "DATABASE_URL": url, "APP_ENV": "development", "DATABASE_STATEMENT_TIMEOUT_MS": "600000"}
    start = time.perf_counter()
    subprocess.run([*FLASK, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def impact_seconds(url: str) -> float:
    env = {**os.environ, "DATABASE_URL": url, "APP_ENV": "development", "DATABASE_STATEMENT_TIMEOUT_MS": "600000"}
    found = subprocess.run([sys.executable, "-c", IMPACT], env=env, check=True, capture_output=True, text=True)
    return float(found.stdout.split()[-1])


def admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def sqlite_run(devices: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.sqlite'}"
        run(url, "db", "upgrade")
        return run(url, "demo-data", "--devices", str(devices)), impact_seconds(url)


def postgresql_run(base: str, devices: int) -> tuple[float, float]:
    schema = f"bench_demo_{uuid.uuid4().hex[:8]}"
    admin(base, f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
        run(url, "db", "upgrade")
        return run(url, "demo-data", "--devices", str(devices)), impact_seconds(url)
    finally:
        admin(base, f'DROP SCHEMA "{schema}" CASCADE')


def report(name: str, runs: list[tuple[float, float]], devices: int) -> None:
    loads = [load for load, _impact in runs]
    print(f"{name}: demo-data --devices {devices}: " + ", ".join(f"{load:.1f} s" for load in loads)
          + f" (median {statistics.median(loads):.1f} s, {devices / statistics.median(loads):,.0f} devices/s);"
          + f" first impact count {statistics.median(impact for _load, impact in runs):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--postgresql")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.no_sqlite:
        report("SQLite", [sqlite_run(args.devices) for _ in range(args.runs)], args.devices)
    if args.postgresql:
        report("PostgreSQL", [postgresql_run(args.postgresql, args.devices) for _ in range(args.runs)], args.devices)


if __name__ == "__main__":
    main()
