"""The security audit log: who did what, when, from where. Never passwords or tokens."""
from datetime import timedelta

from flask import current_app, g, has_request_context, request
from sqlalchemy import delete

from allemaaldigitaal.extensions import db

from .models import AuditEvent, User
from .models.types import utcnow

#: audit events that wait on flask.g for the end of the request
DEFERRED = "deferred_audit_events"
SUBJECT_MAX_LENGTH = 254

ACTIONS = frozenset({
    "login", "login_failed", "logout", "access_denied", "signup", "email_confirmed", "password_changed",
    "invitation_created", "invitation_accepted", "user_deactivated", "organisation_deactivated",
    "user_activated", "organisation_activated",
    "invitation_cancelled", "name_changed", "organisation_updated",
    "token_created", "token_revoked",
    "password_reset_requested", "password_reset",
    "export.devices", "export.donations", "export.claims", "export.handouts",
})


def _event(action: str, actor: User | None, subject: str | None, detail: str | None) -> AuditEvent:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    return AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        organisation_id=actor.organisation_id if actor else None,
        subject=subject[:SUBJECT_MAX_LENGTH] if subject else subject,
        detail=detail,
        ip_address=request.remote_addr if has_request_context() else None,
    )


def record_audit(action: str, actor: User | None, subject: str | None = None, detail: str | None = None) -> AuditEvent:
    """Append one audit event to the caller's transaction; the caller commits."""
    event = _event(action, actor, subject, detail)
    db.session.add(event)
    return event


def record_audit_after_request(action: str, actor: User | None, subject: str | None = None) -> None:
    """Audit in a transaction of its own at the end of the request, whatever becomes of the request's writes.

    For read helpers (a refused look at a page or row): they must never commit the request's work.
    """
    if not has_request_context():
        record_audit(action, actor, subject)
        return
    g.setdefault(DEFERRED, []).append(_event(action, actor, subject, None))


def write_deferred_audit(_error: BaseException | None = None) -> None:
    """teardown_request: drop what the request left uncommitted, then write the waiting audit events."""
    events = g.pop(DEFERRED, None)
    if not events:
        return
    db.session.rollback()
    db.session.add_all(events)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("Could not write %d audit events", len(events))


def prune_audit_events(older_than_days: int) -> int:
    """Delete audit events older than the retention period; returns how many went."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    return db.session.execute(delete(AuditEvent).where(AuditEvent.created_at < cutoff)).rowcount
