"""The append-only history of every device: audit trail and chain of custody."""
from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import DeviceStatus
from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow


class DeviceEvent(db.Model):
    __tablename__ = "device_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)
    #: empty for the event that records the device's creation
    from_status: Mapped[DeviceStatus | None] = mapped_column(enum_column(DeviceStatus, "event_from"))
    to_status: Mapped[DeviceStatus] = mapped_column(enum_column(DeviceStatus, "event_to"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    device = relationship("Device")
    actor = relationship("User")
    organisation = relationship("Organisation")
