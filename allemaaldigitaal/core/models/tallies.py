"""Running tallies for the coordinator's dashboard, kept by database triggers (migration 0024), never by the app.

The dashboard reads these few thousand rows instead of counting a hundred thousand devices and their history at
every request. A trigger changes them in the same statement as the devices, events, donations or claims they
depend on, so they are never behind; the app only reads them.
"""
from datetime import datetime

from sqlalchemy import Float, Index, func, literal_column
from sqlalchemy.orm import Mapped, mapped_column

from allemaaldigitaal.extensions import db

from ..enums import DeviceStatus
from .types import UTCDateTime, enum_column


class DeviceTally(db.Model):
    """How many devices of a donor, at a workshop (or none yet), allocated to a care organisation (or none), are in a
    status now: the organisations of the device's donation and claim."""

    __tablename__ = "device_tallies"
    __table_args__ = (
        # one row per key; an organisation that is not there counts as 0 (ids start at 1)
        Index("uq_device_tallies_key", "donor_id", func.coalesce(literal_column("workshop_id"), 0),
              func.coalesce(literal_column("care_organisation_id"), 0), "status", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    donor_id: Mapped[int]
    workshop_id: Mapped[int | None]
    care_organisation_id: Mapped[int | None]
    status: Mapped[DeviceStatus] = mapped_column(enum_column(DeviceStatus, "tally_status"))
    devices: Mapped[int]


class StatusEventPeriod(db.Model):
    """How many status events to received or handed out began in a period: a UTC month, except the last two hours
    of the month's last day, which are a period each. A month in Amsterdam begins at 22:00 or 23:00 UTC on the last
    day of the month before, so it is a range of whole periods."""

    __tablename__ = "status_event_periods"
    __table_args__ = {"sqlite_with_rowid": False}  # the counts kept in the key's own order

    to_status: Mapped[DeviceStatus] = mapped_column(enum_column(DeviceStatus, "period_status"), primary_key=True)
    period_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    events: Mapped[int]


class DeviceMilestone(db.Model):
    """When a device was first received, first ready and first handed out, and the days between (none when the
    later came first)."""

    __tablename__ = "device_milestones"
    __table_args__ = (
        # the days in order, within a period (the median)
        Index("ix_device_milestones_days_to_ready", "days_to_ready", "ready_at"),
        Index("ix_device_milestones_days_to_handout", "days_to_handout", "handed_out_at"),
    )

    device_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handed_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    days_to_ready: Mapped[float | None] = mapped_column(Float)
    days_to_handout: Mapped[float | None] = mapped_column(Float)


class MilestoneDays(db.Model):
    """How many devices reached a milestone (ready: days since received; handed out: days since ready) in a period
    (as StatusEventPeriod), after so many whole days."""

    __tablename__ = "milestone_days"
    __table_args__ = {"sqlite_with_rowid": False}

    milestone: Mapped[DeviceStatus] = mapped_column(enum_column(DeviceStatus, "milestone_status"), primary_key=True)
    period_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    days: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    devices: Mapped[int]
