"""The mail outbox: every e-mail is written here first, in the transaction that causes it, then sent."""
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from allemaaldigitaal.extensions import db

from .types import UTCDateTime, utcnow


class OutboxMail(db.Model):
    """One rendered e-mail to one address; kept when the mail server is down, marked when it went out."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    #: the template's name, so the log can say which mail failed without naming the address
    template: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    #: the same Message-ID on every try, so a receiver can drop a copy
    message_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    #: why the last try failed, without the address
    last_error: Mapped[str | None] = mapped_column(String(500))
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: a sender that takes the mail marks it with its own claim until claimed_until; then another may take it
    claim: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: no more tries: the server refused the address for good, or every try failed
    gave_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.template} attempts={self.attempts}>"
