"""Claims for devices by care organisations, and handouts to people."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from allemaaldigitaal.core.enums import ClaimStatus, HandoutKind
from allemaaldigitaal.extensions import db

from .types import UTCDateTime, enum_column, utcnow


class Claim(db.Model):
    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint("laptops_requested >= 0 AND tablets_requested >= 0", name="counts_not_negative"),
        CheckConstraint("laptops_requested + tablets_requested > 0", name="asks_for_something"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    care_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    laptops_requested: Mapped[int] = mapped_column(default=0)
    tablets_requested: Mapped[int] = mapped_column(default=0)
    #: free text; the form warns not to write names, health details or other personal data
    purpose: Mapped[str] = mapped_column(Text)
    #: the date the care organisation would like the devices by
    wanted_by: Mapped[date | None]
    status: Mapped[ClaimStatus] = mapped_column(
        enum_column(ClaimStatus, "claim_status"), default=ClaimStatus.SUBMITTED
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: why a coordinator rejected the claim; shown to the care organisation
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    #: set whenever devices are allocated to or released from the claim; writing it takes the claim's row lock,
    #: so allocations to one claim follow each other (see care.allocation)
    allocation_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    care_organisation = relationship("Organisation")
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    devices = relationship("Device", back_populates="claim")


class Handout(db.Model):
    __tablename__ = "handouts"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'loan' AND loan_until IS NOT NULL) OR (kind = 'gift' AND loan_until IS NULL)",
            name="loan_has_end_date",
        ),
        # open loans by end date: the overdue ones, counted on the dashboard and listed on the loans page
        Index("ix_handouts_open_loans", "kind", "returned_at", "loan_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)
    care_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: a pseudonym chosen by the care organisation; never a name or address; empty once erased (care.retention)
    recipient_reference: Mapped[str] = mapped_column(String(40))
    kind: Mapped[HandoutKind] = mapped_column(enum_column(HandoutKind, "handout_kind"))
    loan_until: Mapped[date | None]
    handed_out_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handed_out_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    #: when the retention period was over and the reference and note were erased (care.retention)
    personal_data_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the care organisation was reminded that the loan ends (care.reminders)
    loan_reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the care organisation marked the paper handover form as signed by both; the paper itself is never stored
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    device = relationship("Device", foreign_keys=[device_id])
    care_organisation = relationship("Organisation")
    handed_out_by = relationship("User", foreign_keys=[handed_out_by_id])
