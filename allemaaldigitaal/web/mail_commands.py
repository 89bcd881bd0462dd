"""`flask --app allemaaldigitaal send-mail`: the worker that sends what is waiting in the mail outbox."""
import signal
import threading
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db

from . import outbox

#: in loop mode, old mail is pruned at most this often
PRUNE_EVERY_SECONDS = 3600


@click.command("send-mail")
@click.option("--once", is_flag=True, help="Send what is due, prune, and stop (for cron). Without it: keep running.")
@click.option("--interval", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds between rounds when running on.")
@click.option("--batch", default=outbox.BATCH_SIZE, show_default=True, type=click.IntRange(min=1, max=1000),
              help="Mails claimed at a time.")
@click.option("--keep-days", default=30, show_default=True, type=click.IntRange(min=1),
              help="Sent and given-up mails older than this are deleted.")
@with_appcontext
def send_mail_command(once: bool, interval: float, batch: int, keep_days: int) -> None:
    """Send the e-mails waiting in the outbox; several workers may run at once, no mail goes out twice."""
    if once:
        report, pruned = send_round(batch), prune(keep_days)
        click.echo(f"sent {report.sent}, failed {report.failed}, given up {report.gave_up}, pruned {pruned}, "
                   f"waiting {outbox.waiting()}")
        return
    stop = threading.Event()
    for name in ("SIGTERM", "SIGINT"):
        signal.signal(getattr(signal, name), lambda _signal, _frame: stop.set())
    click.echo(f"Sending mail every {interval:g} s; stop with Ctrl+C or SIGTERM.")
    run_worker(stop, interval, batch, keep_days)


def send_round(batch: int) -> outbox.Report:
    return outbox.send_all_due(batch)


def prune(keep_days: int) -> int:
    return commit_or_rollback(lambda: outbox.prune_sent(keep_days))


def run_worker(stop: threading.Event, interval: float, batch: int, keep_days: int) -> None:
    """Rounds until stop is set; a database that is away for a while is waited for, not fatal."""
    last_prune = 0.0
    while not stop.is_set():
        try:
            report = send_round(batch)
            if report.sent or report.failed or report.gave_up:
                current_app.logger.info("Mail: sent %d, failed %d, given up %d", report.sent, report.failed, report.gave_up)
            if time.monotonic() - last_prune >= PRUNE_EVERY_SECONDS:
                prune(keep_days)
                last_prune = time.monotonic()
        except SQLAlchemyError:
            current_app.logger.exception("The mail worker could not reach the database; trying again")
        finally:
            db.session.remove()
        stop.wait(interval)
