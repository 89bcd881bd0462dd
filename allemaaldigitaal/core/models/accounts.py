"""Invitations, personal API tokens and the security audit log."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.extensions import db

from .types import UTCDateTime, enum_column, utcnow


class Invitation(db.Model):
    """A single-use link to join an organisation, or to start a new one of a given kind."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the random token; the token itself is only in the link
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "invitation_kind"))
    #: empty when the invited person starts a new organisation
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    organisation = relationship("Organisation")
    created_by = relationship("User", foreign_keys=[created_by_id])


class ApiToken(db.Model):
    """A personal access token; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    #: SHA-256 of the token
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: the first characters, so the owner can recognise it
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")


class AuditEvent(db.Model):
    """Security events: sign-ins, refusals, invitations, deactivations. Never secrets."""

    __tablename__ = "audit_events"
    __table_args__ = (
        # the audit trail: newest first (keyset paging), on its own or within an organisation, user or action
        Index("ix_audit_events_created_at_id", "created_at", "id"),
        Index("ix_audit_events_organisation_created", "organisation_id", "created_at", "id"),
        Index("ix_audit_events_actor_created", "actor_id", "created_at", "id"),
        Index("ix_audit_events_action_created", "action", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    #: what the action was about, e.g. an e-mail address or "user 12"
    subject: Mapped[str | None] = mapped_column(String(254))
    detail: Mapped[str | None] = mapped_column(Text)
    ip_address: Mapped[str | None] = mapped_column(String(45))

    actor = relationship("User")
