"""Data-wipe certificates issued for a donation: each one kept, so anyone holding one can check it."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from allemaaldigitaal.extensions import db

from .types import UTCDateTime, utcnow


class Certificate(db.Model):
    """One issued certificate; a later one for the same donation does not replace it."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint("pending_count >= 0 AND pending_count <= device_count", name="pending_within_devices"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the short verification code printed on the certificate (Crockford Base32, grouped: XXXX-XXXX-XXXX)
    code: Mapped[str] = mapped_column(String(14), unique=True)
    donation_id: Mapped[int] = mapped_column(ForeignKey("donations.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    device_count: Mapped[int]
    #: devices not yet wiped (nor recycled) when it was issued; 0 means complete
    pending_count: Mapped[int]
    #: SHA-256 (hex) of the PDF exactly as it was handed out
    sha256: Mapped[str] = mapped_column(String(64))
    #: the PDF itself, so the API hands out the very same bytes later
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    donation = relationship("Donation")
    issued_by = relationship("User")

    @property
    def complete(self) -> bool:
        return self.pending_count == 0
