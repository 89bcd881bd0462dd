"""Sending what is in the mail outbox: claim rows, send them over one connection, mark each sent or failed.

A sender first claims rows in a short transaction of its own (`SELECT … FOR UPDATE SKIP LOCKED` on
PostgreSQL; SQLite's write lock, BEGIN IMMEDIATE, on SQLite) and marks them with a random claim for
CLAIM_LEASE. Two senders, in one process or on two machines, never hold the same row, so no mail
goes out twice. No transaction stays open while the mail server is talked to. A failed mail waits
BACKOFF_FIRST, doubling up to BACKOFF_MAX, and is given up after GIVE_UP_AFTER tries or when the
server refuses the address for good. Once sent, the text is dropped: links in it may be secret.
"""
import re
import secrets
import smtplib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import delete, func, or_, select, update

from allemaaldigitaal.core.models import OutboxMail
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.transaction import commit_or_rollback, end_read_transaction
from allemaaldigitaal.extensions import db

#: longer than any send can take (MAIL_TIMEOUT per step); after it, a crashed sender's rows are free again
CLAIM_LEASE = timedelta(minutes=10)
#: a new mail is first tried by the request that wrote it; the worker takes it only after this
FIRST_TRY_GRACE = timedelta(seconds=30)
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)
#: about 16 hours of tries
GIVE_UP_AFTER = 20
BATCH_SIZE = 20
ERROR_MAX_LENGTH = 500
#: a mail server that is down or refuses (OSError, smtplib's errors among them); an address it cannot encode
SEND_ERRORS = (OSError, ValueError)
ADDRESS = re.compile(r"[^\s<>\"'(),;:\[\]{}]+@[^\s<>\"'(),;:\[\]{}]+")


@dataclass
class Report:
    """What one round of sending did."""

    sent: int = 0
    failed: int = 0
    gave_up: int = 0

    def add(self, other: "Report") -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.gave_up += other.gave_up


@dataclass
class Claimed:
    """Rows this sender holds: their values, read once, so sending needs no open transaction."""

    claim: str
    mails: list[dict] = field(default_factory=list)


def claim(limit: int = BATCH_SIZE, ids: Iterable[int] | None = None) -> Claimed:
    """Take up to `limit` mails that are due, or these `ids` whatever their time, in a transaction of their own."""
    token = secrets.token_hex(16)
    commit_or_rollback(lambda: _claim(token, limit, ids))
    end_read_transaction()
    mails = db.session.execute(
        select(OutboxMail.id, OutboxMail.recipient, OutboxMail.template, OutboxMail.subject, OutboxMail.text,
               OutboxMail.html, OutboxMail.message_id, OutboxMail.attempts)
        .where(OutboxMail.claim == token).order_by(OutboxMail.id)
    ).mappings().all()
    end_read_transaction()
    return Claimed(token, [dict(mail) for mail in mails])


def _claim(token: str, limit: int, ids: Iterable[int] | None) -> None:
    now = utcnow()
    free = _free(now) if ids is not None else (*_free(now), OutboxMail.next_attempt_at <= now)
    query = select(OutboxMail.id).where(*free).order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(limit)
    if ids is not None:
        query = query.where(OutboxMail.id.in_(list(ids)))
    chosen = list(db.session.scalars(query.with_for_update(skip_locked=True)))
    if chosen:
        db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_(chosen), *free)
            .values(claim=token, claimed_until=now + CLAIM_LEASE)
            .execution_options(synchronize_session=False)
        )


def _free(now) -> tuple:
    """Not sent, not given up, and nobody holds it."""
    return (
        OutboxMail.sent_at.is_(None),
        OutboxMail.gave_up_at.is_(None),
        or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now),
    )


def message_for(mail: dict, connection=None) -> EmailMultiAlternatives:
    """The e-mail of one outbox row; From is MAIL_DEFAULT_SENDER, replies go to CONTACT_EMAIL."""
    headers = {"Auto-Submitted": "auto-generated", "Message-ID": mail["message_id"]}
    if current_app.config.get("CONTACT_EMAIL"):
        headers["Reply-To"] = current_app.config["CONTACT_EMAIL"]
    message = EmailMultiAlternatives(mail["subject"], mail["text"], to=[mail["recipient"]], headers=headers,
                                     connection=connection)
    message.attach_alternative(mail["html"], "text/html")
    return message


def attempt(mails: list[dict]) -> tuple[list[int], dict[int, Exception]]:
    """Send each mail once over one connection: the ids that went out, and why the others did not."""
    sent, errors = [], {}
    connection = current_app.extensions["mailman"].get_connection()
    try:
        connection.open()
    except OSError as error:
        return [], {item["id"]: error for item in mails}
    try:
        for item in mails:
            try:
                message_for(item, connection).send()
            except SEND_ERRORS as error:
                errors[item["id"]] = error
            else:
                sent.append(item["id"])
    finally:
        _close(connection)
    return sent, errors


def _close(connection) -> None:
    try:
        connection.close()
    except OSError:
        current_app.logger.warning("The connection to the mail server did not close cleanly")


def finish(claimed: Claimed, sent: list[int], errors: dict[int, Exception], tries: dict[int, int]) -> Report:
    """Mark what went out and schedule the rest; only rows this sender still holds are touched."""
    by_id = {mail["id"]: mail for mail in claimed.mails}
    report = Report()

    def record() -> None:
        now = utcnow()
        for mail_id in sent:
            _mark(claimed.claim, mail_id, sent_at=now, attempts=by_id[mail_id]["attempts"] + tries[mail_id],
                  last_error=None, text="", html="")
            report.sent += 1
        for mail_id, error in errors.items():
            attempts = by_id[mail_id]["attempts"] + tries[mail_id]
            given_up = is_permanent(error) or attempts >= GIVE_UP_AFTER
            _mark(claimed.claim, mail_id, attempts=attempts, last_error=describe(error),
                  next_attempt_at=now + backoff(attempts), gave_up_at=now if given_up else None)
            report.gave_up += given_up
            report.failed += not given_up

    commit_or_rollback(record)
    for mail_id, error in errors.items():
        _log_failure(by_id[mail_id], by_id[mail_id]["attempts"] + tries[mail_id], error)
    return report


def _mark(token: str, mail_id: int, **values) -> None:
    db.session.execute(
        update(OutboxMail).where(OutboxMail.id == mail_id, OutboxMail.claim == token)
        .values(claim=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )


def _log_failure(mail: dict, attempts: int, error: Exception) -> None:
    level = current_app.logger.error if is_permanent(error) or attempts >= GIVE_UP_AFTER else current_app.logger.warning
    level("Could not send the %s e-mail (outbox %d, try %d): %s", mail["template"], mail["id"], attempts, describe(error))


def backoff(attempts: int) -> timedelta:
    """The wait after this many failed tries: BACKOFF_FIRST, doubling, at most BACKOFF_MAX."""
    return min(BACKOFF_FIRST * 2 ** min(max(attempts - 1, 0), 20), BACKOFF_MAX)


def is_permanent(error: Exception) -> bool:
    """The address cannot be written, or the server refused it for good (5xx): trying again will not help."""
    if not isinstance(error, OSError):
        return True
    if not isinstance(error, smtplib.SMTPRecipientsRefused) or not error.recipients:
        return False
    return all(code >= 500 for code, _message in error.recipients.values())


def describe(error: Exception) -> str:
    """The error for the log and the outbox row, with any e-mail address taken out."""
    text = f"{type(error).__name__}: {error}"
    return ADDRESS.sub("[address]", text)[:ERROR_MAX_LENGTH]


def send_due(limit: int = BATCH_SIZE) -> Report:
    """One batch of due mails, one try each."""
    claimed = claim(limit)
    if not claimed.mails:
        return Report()
    sent, errors = attempt(claimed.mails)
    return finish(claimed, sent, errors, dict.fromkeys((mail["id"] for mail in claimed.mails), 1))


def send_all_due(limit: int = BATCH_SIZE) -> Report:
    """Batches until nothing is due: a failed mail waits, so this ends."""
    report = Report()
    while True:
        batch = send_due(limit)
        report.add(batch)
        if batch.sent + batch.failed + batch.gave_up < limit:
            return report


def send_now(ids: list[int], pauses: Iterable[float], budget_seconds: float) -> bool:
    """Send these mails at once, with a quick retry after each pause while time is left.

    False when one of them failed (it waits in the outbox for the worker); True when all went out, or
    another sender holds them.
    """
    claimed = claim(len(ids), ids)
    if not claimed.mails:
        return True
    started = time.monotonic()
    pending, sent, errors = list(claimed.mails), [], {}
    tries = dict.fromkeys((mail["id"] for mail in claimed.mails), 0)
    for pause in (0.0, *pauses):
        if not pending or (pause and time.monotonic() - started + pause > budget_seconds):
            break
        time.sleep(pause)
        went, errors = attempt(pending)
        for mail in pending:
            tries[mail["id"]] += 1
        sent += went
        pending = [mail for mail in pending if mail["id"] in errors]
    finish(claimed, sent, errors, tries)
    return not errors


def prune_sent(older_than_days: int) -> int:
    """Delete sent and given-up mails older than this; returns how many went."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    finished = func.coalesce(OutboxMail.sent_at, OutboxMail.gave_up_at)
    return db.session.execute(delete(OutboxMail).where(finished.is_not(None), finished < cutoff)).rowcount


def waiting() -> int:
    """Mails not sent yet and not given up."""
    return db.session.scalar(
        select(func.count()).select_from(OutboxMail).where(OutboxMail.sent_at.is_(None), OutboxMail.gave_up_at.is_(None))
    )
