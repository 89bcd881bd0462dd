"""Data-wipe records, one per storage medium (NIST SP 800-88 / IEEE 2883)."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from allemaaldigitaal.core.enums import StorageType, WipeLevel, WipeTechnique, WipeVerification
from allemaaldigitaal.extensions import db

from .types import UTCDateTime, enum_column, utcnow


class WipeRecord(db.Model):
    __tablename__ = "wipe_records"
    __table_args__ = (
        CheckConstraint("finished_at >= started_at", name="finished_after_start"),
        CheckConstraint(
            "report_sha256 IS NULL OR length(report_sha256) = 64", name="sha256_length"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)
    medium_type: Mapped[StorageType] = mapped_column(enum_column(StorageType, "medium_type"))
    medium_serial: Mapped[str] = mapped_column(String(100))
    medium_capacity_gb: Mapped[int | None]
    level: Mapped[WipeLevel] = mapped_column(enum_column(WipeLevel, "wipe_level"))
    technique: Mapped[WipeTechnique] = mapped_column(enum_column(WipeTechnique, "wipe_technique"))
    tool: Mapped[str] = mapped_column(String(100))
    tool_version: Mapped[str | None] = mapped_column(String(50))
    verification: Mapped[WipeVerification] = mapped_column(
        enum_column(WipeVerification, "wipe_verification")
    )
    passed: Mapped[bool]
    result_note: Mapped[str | None] = mapped_column(Text)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: reference of an external report (Blancco, nwipe) and the SHA-256 of its file; one report, one record
    report_reference: Mapped[str | None] = mapped_column(String(200))
    report_sha256: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    device = relationship("Device")
    operator = relationship("User")
