"""The security audit log keeps events for the retention period only."""
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from allemaaldigitaal.core.access import get_visible_or_404
from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import AuditEvent, Organisation
from allemaaldigitaal.core.models.types import utcnow


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


def test_a_refused_look_is_audited_without_committing_the_requests_own_writes(app, session, make):
    viewer, other = make.user(K.DONOR), make.user(K.CARE)
    session.commit()
    with app.test_request_context("/"):
        session.add(Organisation(kind=K.DONOR, name="Half geschreven"))
        session.flush()
        with pytest.raises(NotFound):
            get_visible_or_404(Organisation, other.organisation_id, viewer)
        assert session.scalars(select(AuditEvent)).all() == []  # nothing written while the request runs
    assert session.scalar(select(Organisation).where(Organisation.name == "Half geschreven")) is None
    denied = session.scalars(select(AuditEvent).where(AuditEvent.action == "access_denied")).all()
    assert [(event.actor_id, event.subject) for event in denied] == [
        (viewer.id, f"organisations {other.organisation_id}")
    ]


def test_a_long_audit_subject_is_cut_to_the_column(session):
    event = record_audit("access_denied", None, subject="/" + "x" * 5000)
    session.flush()
    assert len(event.subject) == 254
