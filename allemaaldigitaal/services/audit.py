"""The security audit log: who did what, when, from where. Never passwords or tokens."""
from datetime import timedelta

from flask import has_request_context, request
from sqlalchemy import delete

from ..extensions import db
from ..models import AuditEvent, User
from ..models.types import utcnow

ACTIONS = frozenset({
    "login", "login_failed", "logout", "access_denied", "signup", "password_changed",
    "invitation_created", "invitation_accepted", "user_deactivated", "organisation_deactivated",
    "user_activated", "organisation_activated",
    "token_created", "token_revoked",
})


def record_audit(action: str, actor: User | None, subject: str | None = None, detail: str | None = None) -> AuditEvent:
    """Append one audit event; the caller commits."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        organisation_id=actor.organisation_id if actor else None,
        subject=subject,
        detail=detail,
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def prune_audit_events(older_than_days: int) -> int:
    """Delete audit events older than the retention period; returns how many went."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    return db.session.execute(delete(AuditEvent).where(AuditEvent.created_at < cutoff)).rowcount
