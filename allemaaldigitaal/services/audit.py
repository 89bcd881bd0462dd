"""The security audit log: who did what, when, from where. Never passwords or tokens."""
from flask import has_request_context, request

from ..extensions import db
from ..models import AuditEvent, User

ACTIONS = frozenset({
    "login", "login_failed", "logout", "access_denied", "signup", "password_changed",
    "invitation_created", "invitation_accepted", "user_deactivated", "organisation_deactivated",
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
