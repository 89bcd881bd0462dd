"""Measure demo-data loading and the lifecycle's hot paths; prints medians of several runs.

Usage: python bench/lifecycle.py [--devices N] [--runs R] [--database-url URL]
Without --database-url a fresh SQLite file in a temporary folder is used.
"""
import argparse
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from allemaaldigitaal import create_app
from allemaaldigitaal.core.enums import DeviceStatus
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Device, DeviceEvent, User
from allemaaldigitaal.demo.services import load_demo_data
from allemaaldigitaal.extensions import db


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_ms(action, runs: int) -> float:
    return statistics.median(timed(action) for _ in range(runs)) * 1000


def status_counts():
    return db.session.execute(select(Device.status, func.count()).group_by(Device.status)).all()


def receive_pledged(limit: int) -> int:
    """Apply pledged -> received to up to `limit` devices in one transaction, then roll back."""
    actor = db.session.scalar(select(User).where(User.email.startswith("refurbisher@")))
    devices = db.session.scalars(select(Device).where(Device.status == DeviceStatus.PLEDGED).limit(limit)).all()
    for device in devices:
        apply_transition(device, DeviceStatus.RECEIVED, actor=actor)
    db.session.flush()
    db.session.rollback()
    return len(devices)


def history(device_id: int):
    return db.session.scalars(select(DeviceEvent).where(DeviceEvent.device_id == device_id)).all()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "APP_ENV": "bench"})
    with app.app_context():
        upgrade()
        load_seconds = timed(lambda: (load_demo_data("bench-password-123", devices=args.devices), db.session.commit()))
        print(f"database: {db.engine.dialect.name}; devices: {args.devices}")
        print(f"demo-data load: {load_seconds:.2f} s ({args.devices / load_seconds:.0f} devices/s)")
        print(f"status counts (home page query): median {median_ms(status_counts, args.runs * 4):.2f} ms")
        middle = args.devices // 2
        print(f"one device history: median {median_ms(lambda: history(middle), args.runs * 4):.2f} ms")
        count = receive_pledged(200)
        per_transition = median_ms(lambda: receive_pledged(200), args.runs) / max(count, 1)
        print(f"apply_transition pledged->received: median {per_transition:.3f} ms per device (batch of {count})")


if __name__ == "__main__":
    main()
