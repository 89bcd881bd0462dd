"""Measure GET / while other clients keep failing to sign in; prints medians and p95 of several runs.

Usage: python bench/signin_contention.py [--threads 0 2 4] [--runs R] [--requests N] [--devices D]

A fresh SQLite file in a temporary folder, with the demo campaign and the production argon2
parameters (64 MiB, 3 passes, 4 lanes). For each number of threads, that many clients post a
wrong password for a demo account in a loop, while this thread asks for the home page N times;
a probe tries to take the write lock (without waiting) every few milliseconds to show how much
of the time someone holds it. Answers other than 200 are counted as errors.

To compare with another version of the code, run this file with PYTHONPATH pointing at a
checkout of that version: it imports whatever `allemaaldigitaal` Python finds first.
"""
import argparse
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select

import allemaaldigitaal
from allemaaldigitaal import create_app
from allemaaldigitaal.core.models import User
from allemaaldigitaal.demo.services import load_demo_data
from allemaaldigitaal.extensions import db

WRONG = "certainly not the password"
PROBE_INTERVAL = 0.005


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Hammer(threading.Thread):
    """A client that signs in with a wrong password until told to stop."""

    def __init__(self, app, email: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.client, self.email, self.stop, self.attempts = app.test_client(), email, stop, 0

    def run(self) -> None:
        while not self.stop.is_set():
            self.client.post("/login", data={"email": self.email, "password": WRONG})
            self.attempts += 1


class LockProbe(threading.Thread):
    """Tries BEGIN IMMEDIATE without waiting, over and over; counts how often the lock was taken."""

    def __init__(self, path: Path, stop: threading.Event):
        super().__init__(daemon=True)
        self.path, self.stop, self.tries, self.busy = path, stop, 0, 0

    def run(self) -> None:
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=0)
        while not self.stop.is_set():
            self.tries += 1
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
            except sqlite3.OperationalError:
                self.busy += 1
            time.sleep(PROBE_INTERVAL)
        connection.close()


def one_run(app, path: Path, email: str, threads: int, requests: int) -> dict:
    stop = threading.Event()
    hammers = [Hammer(app, email, stop) for _ in range(threads)]
    probe = LockProbe(path, stop)
    for worker in (*hammers, probe):
        worker.start()
    time.sleep(0.5 if threads else 0)
    client, latencies, errors = app.test_client(), [], 0
    started = time.perf_counter()
    for _ in range(requests):
        begin = time.perf_counter()
        status = client.get("/").status_code
        latencies.append((time.perf_counter() - begin) * 1000)
        errors += status != 200
    elapsed = time.perf_counter() - started
    stop.set()
    for worker in (*hammers, probe):
        worker.join()
    return {
        "median": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "errors": errors,
        "sign_ins_per_s": sum(hammer.attempts for hammer in hammers) / elapsed,
        "lock_busy": probe.busy / max(probe.tries, 1),
    }


def report(threads: int, runs: list[dict]) -> None:
    def median_of(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    per_run = ", ".join(f"{run['median']:.0f}/{run['p95']:.0f}" for run in runs)
    print(
        f"{threads} failing clients: GET / median {median_of('median'):.1f} ms, p95 {median_of('p95'):.1f} ms"
        f" (per run: {per_run} ms);"
        f" errors {sum(run['errors'] for run in runs)};"
        f" failed sign-ins {median_of('sign_ins_per_s'):.1f}/s; write lock busy {median_of('lock_busy'):.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[0, 2, 4])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--devices", type=int, default=300)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "bench.sqlite"
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench", "APP_ENV": "bench",
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        upgrade()
        load_demo_data("bench-password-123", devices=args.devices)
        db.session.commit()
        email = db.session.scalar(select(User.email).order_by(User.id))
        db.session.remove()
    print(f"code: {Path(allemaaldigitaal.__file__).parent}; SQLite busy timeout {app.config['SQLITE_BUSY_TIMEOUT_MS']} ms;"
          f" {args.runs} runs of {args.requests} GET / each (median/p95 per run)")
    for threads in args.threads:
        report(threads, [one_run(app, path, email, threads, args.requests) for _ in range(args.runs)])


if __name__ == "__main__":
    main()
