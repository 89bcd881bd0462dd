"""Refurbishment checks (one row per inspection) and the known storage media of each device."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from allemaaldigitaal.core.enums import ConditionGrade, StorageType
from allemaaldigitaal.extensions import db

from .types import UTCDateTime, enum_column, utcnow


class DeviceCheck(db.Model):
    """One inspection of a device in the workshop: who, when, and what was found."""

    __tablename__ = "device_checks"
    __table_args__ = (
        CheckConstraint(
            "battery_health_pct IS NULL OR (battery_health_pct >= 0 AND battery_health_pct <= 100)",
            name="battery_health_percentage",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    condition_grade: Mapped[ConditionGrade] = mapped_column(enum_column(ConditionGrade, "check_condition_grade"))
    #: None for a device without a battery
    battery_health_pct: Mapped[int | None]
    screen_ok: Mapped[bool]
    screen_note: Mapped[str | None] = mapped_column(String(200))
    keyboard_ok: Mapped[bool]
    keyboard_note: Mapped[str | None] = mapped_column(String(200))
    ports_ok: Mapped[bool]
    ports_note: Mapped[str | None] = mapped_column(String(200))
    camera_ok: Mapped[bool]
    camera_note: Mapped[str | None] = mapped_column(String(200))
    accessories: Mapped[str | None] = mapped_column(Text)
    os_installed: Mapped[str | None] = mapped_column(String(100))
    #: each lock that applied to the device and was removed; or none applied at all
    activation_lock_cleared: Mapped[bool] = mapped_column(default=False)
    google_frp_cleared: Mapped[bool] = mapped_column(default=False)
    chromebook_enrolment_cleared: Mapped[bool] = mapped_column(default=False)
    locks_not_applicable: Mapped[bool] = mapped_column(default=False)
    #: the drive serials seen during the check, comma-separated (each is also a StorageMedium)
    drive_serials: Mapped[str | None] = mapped_column(String(500))

    device = relationship("Device")
    checked_by = relationship("User")

    @property
    def account_locks_cleared(self) -> bool:
        return self.locks_not_applicable or (
            self.activation_lock_cleared or self.google_frp_cleared or self.chromebook_enrolment_cleared
        )


class StorageMedium(db.Model):
    """A drive known to belong to a device (from a check or a wipe report): how a drive serial finds its device."""

    __tablename__ = "storage_media"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)
    #: stripped and in capitals, so one drive is one row however it was typed
    serial: Mapped[str] = mapped_column(String(100), unique=True)
    medium_type: Mapped[StorageType | None] = mapped_column(enum_column(StorageType, "storage_medium_type"))
    capacity_gb: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    device = relationship("Device")
