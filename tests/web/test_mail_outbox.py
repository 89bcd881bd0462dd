"""The mail outbox against a real SMTP server: kept while the server is down, sent once by any number of workers."""
import logging
import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update

from allemaaldigitaal.core.models import OutboxMail
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web import mail_commands, outbox
from allemaaldigitaal.web.mail import Letter, queue, send_queued, take_queued

from ..conftest import app_builder, migrated_database
from ..smtp_server import SmtpServer, text_of

LINK = "https://allemaaldigitaal.example/uitnodiging/geheim-token"
#: the test server asks for a login without TLS: it listens on 127.0.0.1 only
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def letter(number: int = 0, to: str | None = None) -> Letter:
    context = {"inviter": "Sanne", "inviter_organisation": "Werkplaats Oost", "organisation": f"Zorg {number}",
               "kind": "zorgorganisatie", "new_organisation": False, "link": LINK, "days": 7}
    return Letter("invitation", to or f"mens{number}@example.org", "Uitnodiging voor allemaaldigitaal", context)


@pytest.fixture(scope="module")
def database(fresh_database):
    return migrated_database(fresh_database, "outbox")


@pytest.fixture
def build(database):
    """build(server, **settings): an app on the outbox database that sends over SMTP to this server."""
    with app_builder(database) as make:
        def build_for(server: SmtpServer, **settings):
            application = make(**{"MAIL_BACKEND": "smtp", "MAIL_URL": server.url, **settings})
            with application.app_context():
                commit_or_rollback(lambda: db.session.execute(delete(OutboxMail)))
            return application
        yield build_for


@pytest.fixture
def server():
    with SmtpServer() as running:
        yield running


def queued(application, *letters: Letter, due: bool = False) -> list[int]:
    """Queue letters as a unit of work does, and commit; due: as if their first try's time had passed."""
    with application.test_request_context():
        commit_or_rollback(lambda: [queue(item) for item in letters])
        ids = take_queued()
        if due:
            commit_or_rollback(lambda: db.session.execute(
                update(OutboxMail).where(OutboxMail.id.in_(ids)).values(next_attempt_at=utcnow() - timedelta(seconds=1))
            ))
    return ids


def rows(application) -> list[OutboxMail]:
    with application.app_context():
        found = list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))
        db.session.expunge_all()
        return found


def make_due(application) -> None:
    """Time passes: every waiting mail's next try is now."""
    with application.app_context():
        commit_or_rollback(lambda: db.session.execute(
            update(OutboxMail).where(OutboxMail.sent_at.is_(None)).values(next_attempt_at=utcnow() - timedelta(seconds=1))
        ))


def test_a_queued_mail_goes_out_over_smtp_after_the_commit_and_its_text_is_then_dropped(build, server):
    application = build(server)
    with application.test_request_context():
        commit_or_rollback(lambda: queue(letter(1)))
        assert send_queued()
    message, = server.to("mens1@example.org")
    assert message["Subject"] == "Uitnodiging voor allemaaldigitaal" and LINK in text_of(message)
    assert message["Auto-Submitted"] == "auto-generated" and message["From"] == "allemaaldigitaal <noreply@localhost>"
    row, = rows(application)
    assert row.sent_at is not None and row.attempts == 1 and row.last_error is None
    assert message["Message-ID"] == row.message_id
    assert (row.text, row.html) == ("", ""), "a sent mail's links may be secret: its text is not kept"
    assert row.recipient == "mens1@example.org" and row.template == "invitation"


def test_a_write_that_is_rolled_back_sends_nothing(build, server):
    application = build(server)
    with application.test_request_context():
        with pytest.raises(RuntimeError):
            commit_or_rollback(lambda: (queue(letter(2)), _fail()))
        assert send_queued()
    assert rows(application) == [] and server.received == []


def _fail():
    raise RuntimeError("the write failed")


def test_the_outbox_keeps_a_mail_while_the_server_is_down_and_send_mail_sends_it_when_it_is_back(build, caplog):
    server = SmtpServer()
    application = build(server)
    with application.test_request_context():
        commit_or_rollback(lambda: queue(letter(3)))
        assert send_queued() is False
    row, = rows(application)
    assert row.sent_at is None and row.attempts == 1 + len(outbox_pauses()) and row.gave_up_at is None
    assert "ConnectionRefusedError" in row.last_error and "mens3@example.org" not in row.last_error
    assert row.next_attempt_at > utcnow() and LINK in row.text
    assert "Could not send the invitation e-mail" in caplog.text and "mens3@example.org" not in caplog.text

    runner = application.test_cli_runner()
    assert "sent 0" in runner.invoke(args=["send-mail", "--once"]).output, "not before its next try"
    make_due(application)
    assert "sent 0, failed 1" in runner.invoke(args=["send-mail", "--once"]).output, "still down"
    make_due(application)
    with server:
        result = runner.invoke(args=["send-mail", "--once"])
        assert result.exit_code == 0 and "sent 1, failed 0, given up 0, pruned 0, waiting 0" in result.output
        assert "sent 0" in runner.invoke(args=["send-mail", "--once"]).output
    message, = server.to("mens3@example.org")
    assert LINK in text_of(message)
    assert rows(application)[0].attempts == len(outbox_pauses()) + 3


def outbox_pauses():
    from allemaaldigitaal.web.mail import QUICK_RETRY_PAUSES

    return QUICK_RETRY_PAUSES


def test_a_failed_mail_waits_longer_after_each_try_and_is_given_up_in_the_end():
    assert [outbox.backoff(n) for n in (1, 2, 3, 7, 8, 30)] == [
        timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(hours=1), timedelta(hours=1),
        timedelta(hours=1),
    ]
    waited = sum((outbox.backoff(n) for n in range(1, outbox.GIVE_UP_AFTER)), timedelta())
    assert waited >= timedelta(hours=12), "a night without a mail server loses no mail"


def test_the_last_try_gives_a_mail_up(build):
    server = SmtpServer()
    application = build(server)
    queued(application, letter(4), due=True)
    with application.app_context():
        commit_or_rollback(lambda: db.session.execute(update(OutboxMail).values(attempts=outbox.GIVE_UP_AFTER - 1)))
        report = outbox.send_all_due()
    assert (report.sent, report.failed, report.gave_up) == (0, 0, 1)
    row, = rows(application)
    assert row.gave_up_at is not None and row.attempts == outbox.GIVE_UP_AFTER
    make_due(application)
    with server, application.app_context():
        assert outbox.send_all_due().sent == 0
    assert server.received == []


def test_an_address_the_server_refuses_for_good_is_given_up_at_once_and_the_others_still_go(build, server):
    server.refused.add("bestaat-niet@example.org")
    application = build(server)
    queued(application, letter(5, "bestaat-niet@example.org"), letter(6), due=True)
    with application.app_context():
        report = outbox.send_all_due()
    assert (report.sent, report.failed, report.gave_up) == (1, 0, 1)
    refused, sent = rows(application)
    assert refused.gave_up_at is not None and "550" in refused.last_error and "bestaat-niet" not in refused.last_error
    assert sent.sent_at is not None and [m["To"] for m in server.received] == ["mens6@example.org"]


def test_a_new_mail_is_left_to_the_request_that_wrote_it_before_the_worker_takes_it(build, server):
    application = build(server)
    queued(application, letter(7))
    with application.app_context():
        assert outbox.send_all_due().sent == 0
    make_due(application)
    with application.app_context():
        assert outbox.send_all_due().sent == 1


def test_a_claim_that_a_crashed_sender_left_behind_expires(build, server):
    application = build(server)
    ids = queued(application, letter(8), due=True)
    with application.app_context():
        assert [mail["id"] for mail in outbox.claim(ids=ids).mails] == ids
        assert outbox.send_all_due().sent == 0, "held by the other sender"
        commit_or_rollback(lambda: db.session.execute(
            update(OutboxMail).values(claimed_until=utcnow() - timedelta(seconds=1))
        ))
        assert outbox.send_all_due().sent == 1
    assert len(server.received) == 1


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_on_several_app_instances_at_once_send_every_mail_exactly_once(build, workers):
    """Apps on one database (one SQLite file, or one PostgreSQL schema), each its own engine, in threads."""
    count = 24
    with SmtpServer(delay=0.01) as server:
        applications = [build(server) for _ in range(workers)]
        queued(applications[0], *(letter(100 + n) for n in range(count)), due=True)
        reports, start = [], threading.Barrier(workers)

        def work(application) -> None:
            with application.app_context():
                start.wait()
                reports.append(outbox.send_all_due(limit=2))

        threads = [threading.Thread(target=work, args=(application,)) for application in applications]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    addresses = sorted(message["To"] for message in server.received)
    assert addresses == sorted(f"mens{100 + n}@example.org" for n in range(count)), "each mail exactly once"
    assert sum(report.sent for report in reports) == count
    assert all(row.sent_at is not None and row.attempts == 1 for row in rows(applications[0]))


def test_the_worker_runs_rounds_until_it_is_told_to_stop(build, server):
    application = build(server)
    queued(application, letter(9), due=True)
    stop = threading.Event()
    with application.app_context():
        thread = threading.Thread(target=_run_briefly, args=(application, stop))
        thread.start()
        deadline = utcnow() + timedelta(seconds=10)
        while not server.received and utcnow() < deadline:
            stop.wait(0.05)
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive() and [m["To"] for m in server.received] == ["mens9@example.org"]


def _run_briefly(application, stop: threading.Event) -> None:
    with application.app_context():
        mail_commands.run_worker(stop, interval=0.05, batch=5, keep_days=30)


def test_sent_and_given_up_mail_is_pruned_after_the_days_kept(build, server):
    application = build(server)
    queued(application, letter(10), letter(11), letter(12), due=True)
    with application.app_context():
        outbox.send_all_due()
        old = utcnow() - timedelta(days=31)
        commit_or_rollback(lambda: db.session.execute(
            update(OutboxMail).where(OutboxMail.recipient != "mens12@example.org").values(sent_at=old)
        ))
        queued(application, letter(13))
    result = application.test_cli_runner().invoke(args=["send-mail", "--once", "--keep-days", "30"])
    assert "pruned 2" in result.output and "waiting 1" in result.output
    assert sorted(row.recipient for row in rows(application)) == ["mens12@example.org", "mens13@example.org"]


def test_the_smtp_login_comes_from_mail_url(build):
    with SmtpServer(login=("postbus", "geheim: w@chtwoord/%")) as server:
        assert "geheim%3A%20w%40chtwoord%2F%25@" in server.url
        application = build(server)
        queued(application, letter(14), due=True)
        with application.app_context():
            assert outbox.send_all_due().sent == 1
        assert server.logins == ["postbus"] and len(server.received) == 1


def test_a_wrong_smtp_password_keeps_the_mail_and_logs_no_password(build, caplog):
    with SmtpServer(login=("postbus", "goed")) as server:
        application = build(server, MAIL_URL=f"smtp://postbus:fout-wachtwoord@127.0.0.1:{server.port}?tls=none&timeout=1")
        queued(application, letter(15), due=True)
        with caplog.at_level(logging.WARNING), application.app_context():
            assert outbox.send_all_due().failed == 1
    row, = rows(application)
    assert row.last_error.startswith("SMTP") and "fout-wachtwoord" not in caplog.text + row.last_error
    assert server.received == []


def test_the_outbox_counts_only_what_still_waits(build, server):
    application = build(server)
    queued(application, letter(16), letter(17), due=True)
    with application.app_context():
        assert outbox.waiting() == 2
        outbox.send_all_due()
        assert outbox.waiting() == 0
        assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 2
