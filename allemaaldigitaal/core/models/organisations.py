"""Organisations and the people who work for them."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.extensions import db

from .types import UTCDateTime, enum_column, utcnow


def normalised_name(name: str) -> str:
    """How a name is compared: trimmed, lower case, inner whitespace as one space."""
    return " ".join(name.split()).lower()


class Organisation(db.Model):
    __tablename__ = "organisations"
    #: one organisation of each kind per name, however its case and spaces are written
    __table_args__ = (UniqueConstraint("name_key", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "organisation_kind"))
    name: Mapped[str] = mapped_column(String(200))
    #: set from name by normalised_name(); unique per kind
    name_key: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    province: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(default=True)
    #: set for organisations made by the demo-data command
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["User"]] = relationship(back_populates="organisation")

    @validates("name")
    def _set_name_key(self, _key, value: str) -> str:
        self.name_key = normalised_name(value)
        return value

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind.value} {self.name!r}>"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower_case"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stored in lower case, so the unique constraint is case-insensitive
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    #: raised to end every other session of this user
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the person showed they read mail at this address; empty until a donor who signed up confirms it
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(back_populates="members")

    @validates("email")
    def _lower_email(self, _key, value: str) -> str:
        return value.strip().lower()

    @property
    def kind(self) -> OrganisationKind:
        return self.organisation.kind

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
