"""Measure how fast the outbox empties with 1, 2 or more send-mail workers; checks that no mail goes out twice.

Usage: python bench/mail_outbox.py [--workers 1 2 4] [--mails N] [--batch B] [--smtp-delay S] [--database URL]

A real SMTP server (aiosmtpd) on 127.0.0.1 receives the mail; each worker is an app instance of
its own (its own engine and connections) in a thread, all on one database: a fresh SQLite file in a
temporary folder, or the PostgreSQL database given with --database (a scratch one: it is migrated to the
head and its mail_outbox emptied).
--smtp-delay makes the server take that long over each message, as a remote server does.
"""
import argparse
import asyncio
import socket
import tempfile
import threading
import time
from dataclasses import replace
from datetime import timedelta

from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import delete, update

from allemaaldigitaal import create_app
from allemaaldigitaal.core.models import OutboxMail
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web import outbox
from allemaaldigitaal.web.mail import Letter, queue


class Counter:
    def __init__(self, delay: float):
        self.delay, self.recipients, self.lock = delay, [], threading.Lock()

    async def handle_DATA(self, _server, _session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_app(url: str, port: int):
    return create_app({
        "TESTING": True, "APP_ENV": "testing", "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
        "MAIL_BACKEND": "smtp", "MAIL_URL": f"smtp://127.0.0.1:{port}?tls=none&timeout=10",
    })


def fill(app, mails: int) -> None:
    letter = Letter("no_signup", "", "Bench", {"signup": "https://allemaaldigitaal.example/aanmelden"})
    with app.test_request_context():
        commit_or_rollback(lambda: db.session.execute(delete(OutboxMail)))
        commit_or_rollback(lambda: [queue(replace(letter, to=f"m{n}@example.org")) for n in range(mails)])
        commit_or_rollback(lambda: db.session.execute(update(OutboxMail).values(next_attempt_at=utcnow() - timedelta(1))))


def run(url: str, workers: int, mails: int, batch: int, delay: float) -> None:
    handler, port = Counter(delay), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    apps = [make_app(url, port) for _ in range(workers)]
    fill(apps[0], mails)
    start = threading.Barrier(workers + 1)

    def work(app) -> None:
        with app.app_context():
            start.wait()
            outbox.send_all_due(batch)

    threads = [threading.Thread(target=work, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    controller.stop()
    for app in apps:
        with app.app_context():
            db.engine.dispose()
    twice = len(handler.recipients) - len(set(handler.recipients))
    print(f"{workers} worker(s): {mails} mails in {seconds:.2f} s = {mails / seconds:.0f} mails/s; "
          f"received {len(handler.recipients)}, twice {twice}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--mails", type=int, default=400)
    parser.add_argument("--batch", type=int, default=outbox.BATCH_SIZE)
    parser.add_argument("--smtp-delay", type=float, default=0.0)
    parser.add_argument("--database", help="a PostgreSQL URL; default a fresh SQLite file")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database or f"sqlite:///{folder}/bench.sqlite"
        app = make_app(url, 25)
        with app.app_context():
            upgrade()
            db.engine.dispose()
        for workers in options.workers:
            run(url, workers, options.mails, options.batch, options.smtp_delay)


if __name__ == "__main__":
    main()
