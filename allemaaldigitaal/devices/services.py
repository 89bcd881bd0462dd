"""Devices: adding one to a donation with a fresh asset tag and the event that starts its history."""
from dataclasses import asdict, dataclass

from sqlalchemy import select

from allemaaldigitaal.core.enums import DeviceKind, StorageType
from allemaaldigitaal.core.lifecycle import record_creation
from allemaaldigitaal.core.models import Device, Donation, User
from allemaaldigitaal.core.tags import generate_tag
from allemaaldigitaal.extensions import db


@dataclass(frozen=True)
class DeviceSpecs:
    """What a donor or workshop tells about a device; status, tag and custody are never among them."""

    kind: DeviceKind = DeviceKind.LAPTOP
    brand: str | None = None
    model: str | None = None
    serial_number: str | None = None
    donor_asset_number: str | None = None
    cpu: str | None = None
    ram_gb: int | None = None
    storage_gb: int | None = None
    storage_type: StorageType | None = None
    storage_media_count: int = 1
    charger_included: bool | None = None
    os_installed: str | None = None


def unused_asset_tag() -> str:
    """A fresh tag that no device has yet."""
    while True:
        tag = generate_tag()
        if db.session.scalar(select(Device.id).where(Device.asset_tag == tag)) is None:
            return tag


def add_device(donation: Donation, actor: User | None, specs: DeviceSpecs) -> Device:
    """A pledged device with a new asset tag and the event that starts its history."""
    device = Device(donation=donation, asset_tag=unused_asset_tag(), **asdict(specs))
    db.session.add(device)
    db.session.flush()
    record_creation(device, actor=actor)
    return device
