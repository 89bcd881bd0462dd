"""One filter for every list of devices: the device list page, label printing and the API use this one.

It always starts from access.scoped, so a filter can only narrow what the user may see, never widen it.
"""
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import DeviceStatus
from allemaaldigitaal.core.models import Device, Donation, User
from allemaaldigitaal.extensions import db


@dataclass(frozen=True)
class DeviceFilter:
    """Devices of one donation (by reference), in one status, or with these canonical tags; empty means all."""

    donation: str | None = None
    status: DeviceStatus | None = None
    tags: tuple[str, ...] = ()

    def query(self, user: User) -> Select:
        """The user's devices that pass the filter, oldest first."""
        query = scoped(Device, user)
        if self.donation:
            query = query.where(Device.donation.has(Donation.reference == self.donation))
        if self.status is not None:
            query = query.where(Device.status == self.status)
        if self.tags:
            query = query.where(Device.asset_tag.in_(self.tags))
        return query.order_by(Device.id)

    def devices(self, user: User, offset: int = 0, limit: int | None = None) -> list[Device]:
        return list(db.session.scalars(self.query(user).offset(offset).limit(limit)))

    def count(self, user: User) -> int:
        return db.session.scalar(select(func.count()).select_from(self.query(user).order_by(None).subquery()))


def visible_donation(user: User, reference: str) -> Donation | None:
    """The donation with this reference, if the user may see it."""
    return db.session.scalar(scoped(Donation, user).where(Donation.reference == reference.strip()))


def donation_choices(user: User) -> list[tuple[Donation, int]]:
    """The donations the user may see, with the number of their devices the user may see, newest first."""
    devices = scoped(Device, user).subquery()
    query = (
        scoped(Donation, user)
        .outerjoin(devices, devices.c.donation_id == Donation.id)
        .with_only_columns(Donation, func.count(devices.c.id))
        .group_by(Donation.id)
        .order_by(Donation.created_at.desc(), Donation.id.desc())
    )
    return [(donation, count) for donation, count in db.session.execute(query)]


def device_by_tag(user: User, tag: str) -> Device | None:
    """The device with this canonical tag, if the user (signed in or not) may see it."""
    return db.session.scalar(DeviceFilter(tags=(tag,)).query(user))


def any_device_with_tag(tag: str) -> bool:
    return db.session.scalar(select(Device.id).where(Device.asset_tag == tag)) is not None
