"""The security audit log keeps events for the retention period only."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from allemaaldigitaal.models import AuditEvent
from allemaaldigitaal.models.types import utcnow
from allemaaldigitaal.services.audit import record_audit


def add_event(session, days_ago: int, subject: str) -> AuditEvent:
    event = record_audit("login_failed", None, subject=subject)
    event.created_at = utcnow() - timedelta(days=days_ago)
    session.flush()
    return event


def subjects(session) -> set[str]:
    return set(session.scalars(select(AuditEvent.subject)))


def test_prune_removes_only_events_older_than_the_retention(app, session):
    add_event(session, 400, "old@example.org")
    add_event(session, 364, "recent@example.org")
    session.commit()
    result = app.test_cli_runner().invoke(args=["prune-audit-log"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 " in result.output
    assert subjects(session) == {"recent@example.org"}


def test_prune_takes_a_shorter_period_from_the_command_line(app, session):
    add_event(session, 40, "a@example.org")
    add_event(session, 2, "b@example.org")
    session.commit()
    result = app.test_cli_runner().invoke(args=["prune-audit-log", "--days", "30"])
    assert "Removed 1 " in result.output
    assert subjects(session) == {"b@example.org"}


def test_unknown_audit_actions_are_refused(session):
    with pytest.raises(ValueError):
        record_audit("password_was_hunter2", None)
