"""The append-only history of every device: audit trail and chain of custody."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from allemaaldigitaal.extensions import db

from ..enums import DeviceStatus, EventKind
from .types import UTCDateTime, enum_column, utcnow


class DeviceEvent(db.Model):
    __tablename__ = "device_events"
    __table_args__ = (
        #: creation and status changes carry the status they lead to; other events leave the status alone
        CheckConstraint(
            "(kind IN ('created', 'status_changed')) = (to_status IS NOT NULL)", name="status_only_on_status_events"
        ),
        CheckConstraint("kind != 'created' OR from_status IS NULL", name="creation_has_no_from_status"),
        # the audit trail: newest first (keyset paging), on its own or within a device, organisation, user or kind
        Index("ix_device_events_created_at_id", "created_at", "id"),
        Index("ix_device_events_device_created", "device_id", "created_at", "id"),
        Index("ix_device_events_organisation_created", "organisation_id", "created_at", "id"),
        Index("ix_device_events_actor_created", "actor_id", "created_at", "id"),
        Index("ix_device_events_kind_created", "kind", "created_at", "id"),
        # a device's latest event (the lifecycle's history check): one index entry, not a walk along the primary key
        Index("ix_device_events_device_id_id", "device_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "event_kind"), default=EventKind.STATUS_CHANGED)
    from_status: Mapped[DeviceStatus | None] = mapped_column(enum_column(DeviceStatus, "event_from"))
    to_status: Mapped[DeviceStatus | None] = mapped_column(enum_column(DeviceStatus, "event_to"))
    #: what changed besides the status, as {"field": [before, after]} or facts such as {"medium_serial": "…"}
    deltas: Mapped[dict | None] = mapped_column(JSON)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    device = relationship("Device")
    actor = relationship("User")
    organisation = relationship("Organisation")
