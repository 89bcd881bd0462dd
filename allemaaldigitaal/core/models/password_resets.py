"""Links that let someone choose a new password: single use, time-limited, only the hash stored."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from allemaaldigitaal.extensions import db

from .types import UTCDateTime, utcnow


class PasswordReset(db.Model):
    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: SHA-256 of the random token; the token itself is only in the mailed link
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: when the link was used, or closed because another link of the user was used
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")
