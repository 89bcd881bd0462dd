"""Requests per second and latency of the API under gunicorn, beside a bare Flask endpoint; prints medians.

Usage: python bench/scan.py [--runs R] [--duration S] [--worker-class gthread|sync ...] [--database-url URL]

Needs wrk and gunicorn (`make bench-tools`). A fresh SQLite file in a temporary folder (or, with a PostgreSQL
URL as in TEST_DATABASE_URL, a new schema that is dropped afterwards) gets the demo campaign, a workshop API
token and fresh pledged devices for the scans. The app runs under gunicorn with 2 workers and production
settings; a bare Flask app (one JSON route, nothing else) runs under the same gunicorn settings. wrk then
measures, in each run and in this order, with 16 connections for S seconds each:

- bare            GET /                          the bare Flask app: the ceiling
- floor           GET /api/v1/me                 no token: the app's least work for an API request (hooks, routing,
                                                 a 401 problem+json; no database), the ceiling of any API endpoint
- home            GET /                          the anonymous home page
- me              GET /api/v1/me                 bearer token
- device          GET /api/v1/devices/{tag}      bearer token; cycles over devices with a history
- scan            POST /api/v1/scans             bearer token; each request scans a different pledged device

An endpoint that answers 404 or 405 to a first probe is skipped with a line saying so. The figures are the
medians over the runs: requests/s, the share of the bare endpoint's requests/s, p50 and p99 latency. After the
scans, the device events are counted in the database: each accepted scan must have written exactly one.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from donation_import import Database
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from allemaaldigitaal import create_app
from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Device, DeviceEvent, Organisation, User
from allemaaldigitaal.demo.services import load_demo_data
from allemaaldigitaal.devices.services import DeviceSpecs
from allemaaldigitaal.donations.device_import import insert_devices
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

BENCH_DIR = Path(__file__).resolve().parent
#: the goals of issue 11: share of the bare endpoint's requests/s, and p99 in ms
GOALS = {"device": (0.50, 50.0), "scan": (0.25, 50.0)}
#: statuses whose devices have a timeline, wipes and checks worth reading
READ_STATUSES = (DeviceStatus.WIPED, DeviceStatus.READY, DeviceStatus.RECEIVED)


def bare_app() -> Flask:
    """The ceiling: Flask with one JSON route and nothing else (gunicorn loads it as `scan:bare_app()`)."""
    app = Flask("bare")

    @app.get("/")
    def index():
        return {"ok": True}

    return app


@dataclass
class Seed:
    token: str
    read_tags: list[str]
    scan_tags: list[str]
    #: one device per worker class for the first probe of the scan endpoint; never in scan_tags
    probe_tags: list[str]


def seed(app: Flask, scan_devices: int, probes: int) -> Seed:
    """The demo campaign, an API token for its first workshop, and pledged devices in a donation it is assigned."""
    with app.app_context(), app.test_request_context():
        upgrade()
        load_demo_data("bench-password-123", devices=300)
        workshop = db.session.scalar(
            select(User).join(Organisation).where(Organisation.kind == K.REFURBISHER).order_by(User.id)
        )
        _token, raw = create_token(workshop, "bench")
        donor = db.session.scalar(select(User).join(Organisation).where(Organisation.kind == K.DONOR).order_by(User.id))
        donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
        specs = [DeviceSpecs(brand="Lenovo", model="ThinkPad T480", serial_number=f"BENCH{number:07d}")
                 for number in range(scan_devices + probes)]
        tags = insert_devices(donation, donor, specs)
        read_tags = list(db.session.scalars(
            select(Device.asset_tag).where(Device.status.in_(READ_STATUSES), Device.custodian_id == workshop.organisation_id)
            .order_by(Device.id).limit(50)
        ))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return Seed(raw, read_tags, tags[probes:], tags[:probes])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_environment(database_url: str, port: int) -> dict[str, str]:
    """Production settings, as a real deployment runs; WEB_CONCURRENCY unset (gunicorn gets --workers)."""
    env = {key: value for key, value in os.environ.items() if key != "WEB_CONCURRENCY"}
    env.update({
        "APP_ENV": "production", "DATABASE_URL": database_url, "SECRET_KEY": "bench-" + "x" * 48,
        "BASE_URL": f"http://127.0.0.1:{port}", "MAIL_URL": "smtp://127.0.0.1:25",
        "CONTACT_EMAIL": "bench@example.org", "CONTACT_PHONE": "0800 0000",
        "RATELIMIT_STORAGE_URI": "memory://",
        # the bare app lives here; a PYTHONPATH given (another checkout to compare with) is kept
        "PYTHONPATH": os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")])),
    })
    return env


class Gunicorn:
    """gunicorn serving one app on a free port until closed."""

    def __init__(self, target: str, worker_class: str, threads: int, env: dict[str, str], port: int):
        self.port = port
        command = [
            sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", worker_class,
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning", target,
        ]
        if worker_class == "gthread":
            command[5:5] = ["--threads", str(threads)]
        self.process = subprocess.Popen(command, env=env)
        self._wait()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped with code {self.process.returncode}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).read()
                return
            except (OSError, urllib.error.HTTPError):
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within 30 s")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


LUA = """
-- written by bench/scan.py
local method, headers, threads_total = %(method)s, %(headers)s, %(threads)d
local paths, bodies = %(paths)s, %(bodies)s
local counter, threads = 0, {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function request()
  -- thread i takes items i, i+T, i+2T, ...: no two requests share an item until the list is used up
  local index = (id + counter * threads_total) %% #paths + 1
  counter = counter + 1
  return wrk.format(method, paths[index], headers, bodies and bodies[index] or nil)
end

function done(summary, latency, requests)
  io.write(string.format(
    '\\nRESULT {"requests": %%d, "duration_us": %%d, "status_errors": %%d, "socket_errors": %%d, '
    .. '"p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def lua_list(items: list[str] | None) -> str:
    return "nil" if items is None else "{" + ",".join(json.dumps(item) for item in items) + "}"


@dataclass
class Target:
    """One endpoint to measure: GET paths, or a POST with one JSON body per request."""

    name: str
    server: str
    paths: list[str]
    bodies: list[str] | None = None
    token: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if self.bodies is not None:
            headers["Content-Type"] = "application/json"
        return headers


@dataclass
class Result:
    rps: float
    p50: float
    p99: float
    requests: int
    ok: int
    socket_errors: int


def run_wrk(url: str, target: Target, args, folder: Path) -> Result:
    script = folder / f"{target.name}.lua"
    lua_headers = "{" + ",".join(f"[{json.dumps(k)}]={json.dumps(v)}" for k, v in target.headers().items()) + "}"
    script.write_text(LUA % {
        "method": json.dumps("POST" if target.bodies is not None else "GET"), "headers": lua_headers,
        "threads": args.wrk_threads, "paths": lua_list(target.paths), "bodies": lua_list(target.bodies),
    })
    command = ["wrk", "-t", str(args.wrk_threads), "-c", str(args.connections), "-d", f"{args.duration}s",
               "--timeout", "10s", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    data = json.loads(output.rsplit("RESULT ", 1)[1])
    seconds = data["duration_us"] / 1e6
    return Result(
        rps=data["requests"] / seconds, p50=data["p50_us"] / 1000, p99=data["p99_us"] / 1000,
        requests=data["requests"], ok=data["requests"] - data["status_errors"], socket_errors=data["socket_errors"],
    )


def probe(url: str, target: Target) -> int:
    """The status of one request like the measured ones (for a scan: on a device kept for this)."""
    body = target.bodies[0].encode() if target.bodies is not None else None
    request = urllib.request.Request(url + target.paths[0], data=body, headers=target.headers(),
                                     method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def scan_body(tag: str, action: str) -> str:
    return json.dumps({"code": tag, "action": action})


@dataclass
class Measured:
    results: dict[str, list[Result]] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def targets(data: Seed, scan_slice: list[str], action: str) -> list[Target]:
    return [
        Target("bare", "bare", ["/"]),
        Target("floor", "app", ["/api/v1/me"]),
        Target("home", "app", ["/"]),
        Target("me", "app", ["/api/v1/me"], token=data.token),
        Target("device", "app", [f"/api/v1/devices/{tag}" for tag in data.read_tags], token=data.token),
        Target("scan", "app", ["/api/v1/scans"] * len(scan_slice), [scan_body(tag, action) for tag in scan_slice],
               token=data.token),
    ]


def measure(worker_class: str, data: Seed, database_url: str, args, folder: Path) -> tuple[Measured, int]:
    """Every run measures every endpoint in turn; returns the results and how many scans were accepted."""
    servers = {}
    app_port, bare_port = free_port(), free_port()
    servers["app"] = Gunicorn("allemaaldigitaal:create_app()", worker_class, args.threads,
                              app_environment(database_url, app_port), app_port)
    servers["bare"] = Gunicorn("scan:bare_app()", worker_class, args.threads, app_environment(database_url, bare_port),
                               bare_port)
    measured, accepted = Measured(), 0
    try:
        probe_status = probe(servers["app"].url, Target("scan", "app", ["/api/v1/scans"],
                                                        [scan_body(data.probe_tags[0], args.scan_action)], data.token))
        for run in range(args.runs):
            scan_slice = data.scan_tags[run * args.scans_per_run:(run + 1) * args.scans_per_run]
            for target in targets(data, scan_slice, args.scan_action):
                status = probe_status if target.name == "scan" else probe(servers[target.server].url, target)
                if status in (404, 405):
                    measured.skipped[target.name] = f"answers {status}: not there yet?"
                    continue
                if target.name != "scan":
                    run_wrk(servers[target.server].url, Target(target.name, target.server, target.paths[:1],
                                                               token=target.token), _warmup(args), folder)
                result = run_wrk(servers[target.server].url, target, args, folder)
                measured.results.setdefault(target.name, []).append(result)
                if target.name == "scan":
                    accepted += result.ok
                    if result.requests > len(scan_slice):
                        print(f"  run {run + 1}: {result.requests} scans for {len(scan_slice)} devices:"
                              " raise --scans-per-run", file=sys.stderr)
                bare = measured.results.get("bare", [None])[-1]
                if bare is not None:
                    measured.ratios.setdefault(target.name, []).append(result.rps / bare.rps)
    finally:
        for server in servers.values():
            server.close()
    return measured, accepted


def _warmup(args):
    """A short wrk run before each measured one: workers have imported, connected and filled their caches."""
    return argparse.Namespace(**{**vars(args), "duration": 2})


def scan_events(app: Flask, tags: list[str]) -> tuple[int, int]:
    """(device events, devices no longer pledged) of the scan devices."""
    with app.app_context():
        device_ids = select(Device.id).where(Device.asset_tag.in_(tags))
        events = db.session.scalar(select(func.count()).select_from(DeviceEvent).where(DeviceEvent.device_id.in_(device_ids)))
        moved = db.session.scalar(select(func.count()).select_from(Device).where(
            Device.asset_tag.in_(tags), Device.status != DeviceStatus.PLEDGED))
        db.session.remove()
        db.engine.dispose()
    return events, moved


def report(worker_class: str, measured: Measured, runs: int) -> None:
    print(f"\ngunicorn --workers 2 --worker-class {worker_class}; medians of {runs} runs")
    print(f"{'endpoint':<8} {'req/s':>8} {'of bare':>8} {'p50 ms':>8} {'p99 ms':>8}  {'non-2xx':>8}  goal")
    for name in ("bare", "floor", "home", "me", "device", "scan"):
        if name in measured.skipped:
            print(f"{name:<8} skipped: {measured.skipped[name]}")
            continue
        results = measured.results.get(name, [])
        if not results:
            continue
        rps = statistics.median(r.rps for r in results)
        ratio = statistics.median(measured.ratios[name])
        p50, p99 = statistics.median(r.p50 for r in results), statistics.median(r.p99 for r in results)
        failed = sum(r.requests - r.ok for r in results)
        goal = ""
        if name in GOALS:
            share, latency = GOALS[name]
            met = ratio >= share and p99 < latency
            goal = f"{'met' if met else 'NOT met'} (≥ {share:.0%} of bare, p99 < {latency:.0f} ms)"
        print(f"{name:<8} {rps:>8.0f} {ratio:>8.0%} {p50:>8.1f} {p99:>8.1f}  {failed:>8}  {goal}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--worker-class", nargs="+", default=["gthread"], choices=["gthread", "sync"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--scans-per-run", type=int, default=8000, help="distinct pledged devices per scan run")
    parser.add_argument("--scan-action", default="receive")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: run make bench-tools")
    database = Database(args.database_url)
    folder = Path(tempfile.mkdtemp())
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": database.url, "SECRET_KEY": "bench", "APP_ENV": "bench"})
        classes = len(args.worker_class)
        data = seed(app, args.scans_per_run * args.runs * classes, classes)
        print(f"database: {make_dialect(database.url)}; wrk -t{args.wrk_threads} -c{args.connections} "
              f"-d{args.duration}s per endpoint; {len(data.read_tags)} devices to read")
        before, _moved = scan_events(app, data.scan_tags)
        accepted = 0
        for number, worker_class in enumerate(args.worker_class):
            share = args.scans_per_run * args.runs
            data_for_class = Seed(data.token, data.read_tags, data.scan_tags[number * share:(number + 1) * share],
                                  data.probe_tags[number:])
            measured, scanned = measure(worker_class, data_for_class, database.url, args, folder)
            accepted += scanned
            report(worker_class, measured, args.runs)
        after, moved = scan_events(app, data.scan_tags)
        if moved:
            # every scan is of another device, and only an accepted scan moves one: the moved devices are the accepted
            # scans (wrk's count of 2xx answers misses the requests still under way when its time is up)
            new = after - before
            verdict = "OK" if new == moved and accepted <= moved else "WRONG"
            print(f"\nscans answered 2xx within wrk's time: {accepted}; accepted (devices moved): {moved}; "
                  f"new device events: {new}; events per accepted scan: {new / moved:.3f} {verdict}")
    finally:
        database.drop()
        shutil.rmtree(folder, ignore_errors=True)


def make_dialect(url: str) -> str:
    return url.split(":", 1)[0]


if __name__ == "__main__":
    main()
