"""Donations and the devices in them."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from allemaaldigitaal.core.enums import ConditionGrade, DeviceKind, DeviceStatus, StorageType
from allemaaldigitaal.extensions import db

from .types import UTCDateTime, enum_column, utcnow


class Donation(db.Model):
    __tablename__ = "donations"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    donor_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    pickup_address: Mapped[str | None] = mapped_column(String(200))
    pickup_postcode: Mapped[str | None] = mapped_column(String(10))
    pickup_city: Mapped[str | None] = mapped_column(String(100))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    pickup_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pickup_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str | None] = mapped_column(Text)
    #: how many laptops and tablets the donor expects to give (the devices themselves are listed later)
    expected_laptops: Mapped[int] = mapped_column(default=0, server_default="0")
    expected_tablets: Mapped[int] = mapped_column(default=0, server_default="0")
    #: set when the donor cancels; its pledged devices are cancelled with it
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: set when the workshop has picked the devices up; from then on the donor can no longer change the donation
    collected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: set when the workshop says it has received all that came; devices still pledged then were not received
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refurbisher_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    donor = relationship("Organisation", foreign_keys=[donor_id])
    refurbisher = relationship("Organisation", foreign_keys=[refurbisher_id])
    devices: Mapped[list["Device"]] = relationship(back_populates="donation")


class DonationCounter(db.Model):
    """The last donation number handed out in a year: one row per year, raised in one statement (race-free)."""

    __tablename__ = "donation_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int]


class Device(db.Model):
    __tablename__ = "devices"
    __table_args__ = (
        CheckConstraint("ram_gb IS NULL OR ram_gb >= 0", name="ram_not_negative"),
        CheckConstraint("storage_gb IS NULL OR storage_gb >= 0", name="storage_not_negative"),
        CheckConstraint("storage_media_count >= 1", name="at_least_one_medium"),
        # the device list's sort orders, with the id that breaks ties (keyset paging)
        Index("ix_devices_created_at_id", "created_at", "id"),
        Index("ix_devices_status_changed_at_id", "status_changed_at", "id"),
        # the device list's kind filter, counted and paged from the index; sorting by status reads each status in
        # the order of ids (SQLite's index on status holds the id already, PostgreSQL's does not)
        Index("ix_devices_kind_id", "kind", "id"),
        Index("ix_devices_status_id", "status", "id"),
        # the dashboard: devices per status since when (the stuck and the longest waiting)
        Index("ix_devices_status_changed", "status", "status_changed_at", "id"),
        # a workshop's or care organisation's devices (their donations or claims, or what they hold) counted from
        # the index alone
        Index("ix_devices_donation_custodian", "donation_id", "custodian_id"),
        Index("ix_devices_claim_custodian", "claim_id", "custodian_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: canonical asset tag, see allemaaldigitaal.tags
    asset_tag: Mapped[str] = mapped_column(String(10), unique=True)
    donation_id: Mapped[int] = mapped_column(ForeignKey("donations.id"))
    kind: Mapped[DeviceKind] = mapped_column(enum_column(DeviceKind, "device_kind"))
    brand: Mapped[str | None] = mapped_column(String(100))
    model: Mapped[str | None] = mapped_column(String(100))
    serial_number: Mapped[str | None] = mapped_column(String(100))
    donor_asset_number: Mapped[str | None] = mapped_column(String(100))
    cpu: Mapped[str | None] = mapped_column(String(100))
    ram_gb: Mapped[int | None]
    storage_gb: Mapped[int | None]
    storage_type: Mapped[StorageType | None] = mapped_column(enum_column(StorageType, "storage_type"))
    #: how many storage media need a wipe record before the device is ready
    storage_media_count: Mapped[int] = mapped_column(default=1)
    charger_included: Mapped[bool | None]
    condition_grade: Mapped[ConditionGrade | None] = mapped_column(
        enum_column(ConditionGrade, "condition_grade")
    )
    os_installed: Mapped[str | None] = mapped_column(String(100))
    #: Apple Activation Lock, Google FRP, Chromebook enrolment checked and removed
    account_locks_cleared: Mapped[bool] = mapped_column(default=False)
    #: set only by allemaaldigitaal.core.lifecycle.apply_transition
    _status: Mapped[DeviceStatus] = mapped_column(
        "status", enum_column(DeviceStatus, "device_status"), default=DeviceStatus.PLEDGED, index=True
    )
    custodian_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    handout_id: Mapped[int | None] = mapped_column(
        ForeignKey("handouts.id", use_alter=True), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    donation: Mapped[Donation] = relationship(back_populates="devices")
    custodian = relationship("Organisation", foreign_keys=[custodian_id])
    claim = relationship("Claim", back_populates="devices")
    handout = relationship("Handout", foreign_keys=[handout_id], post_update=True)
    events = relationship(
        "DeviceEvent", order_by="DeviceEvent.id", viewonly=True
    )
    wipe_records = relationship(
        "WipeRecord", order_by="WipeRecord.id", viewonly=True
    )

    @hybrid_property
    def status(self) -> DeviceStatus:
        return self._status

    def __repr__(self) -> str:
        return f"<Device {self.asset_tag} {self._status}>"
