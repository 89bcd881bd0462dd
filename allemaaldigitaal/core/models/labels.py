"""Asset tags handed out, and labels printed before their device is registered."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from allemaaldigitaal.extensions import db

from .types import UTCDateTime, utcnow


class AssetTag(db.Model):
    """Every tag ever handed out, to a device or to a pre-printed label: one row per tag.

    The primary key is what keeps a tag unique across devices and pre-printed labels, also when two
    requests pick the same tag at the same moment: the second insert is refused by the database.
    """

    __tablename__ = "asset_tags"

    #: canonical tag, see core.tags
    tag: Mapped[str] = mapped_column(String(10), primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PreprintedLabel(db.Model):
    """A label printed for a workshop before its device is registered; registering a device links it, once."""

    __tablename__ = "preprinted_labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    tag: Mapped[str] = mapped_column(String(10), ForeignKey("asset_tags.tag"), unique=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    printed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: the same moment for every label of one print run
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: the device that carries this label; unique, so a label sits on one device at most
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), unique=True)
    linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workshop = relationship("Organisation")
    printed_by = relationship("User")
    device = relationship("Device")
