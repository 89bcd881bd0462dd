"""Devices: adding one to a donation with a new asset tag (or a pre-printed one) and the event that starts its history."""
from dataclasses import asdict, dataclass

from allemaaldigitaal.core.enums import DeviceKind, StorageType
from allemaaldigitaal.core.lifecycle import record_creation
from allemaaldigitaal.core.models import Device, Donation, User
from allemaaldigitaal.extensions import db

from . import preprinted
from .asset_tags import issue_tags


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


def add_device(
    donation: Donation, actor: User | None, specs: DeviceSpecs, preprinted_tag: str | None = None
) -> Device:
    """A pledged device and the event that starts its history.

    Its tag is new, or the tag of a pre-printed label of the donation's workshop (typed or scanned; blank
    means none) that is on no device yet: the label is then linked to the device, once.
    """
    label = preprinted.linkable_label(preprinted_tag, donation) if (preprinted_tag or "").strip() else None
    tag = label.tag if label is not None else issue_tags(1)[0]
    device = Device(donation=donation, asset_tag=tag, **asdict(specs))
    db.session.add(device)
    db.session.flush()
    if label is not None:
        preprinted.link(label, device)
    record_creation(device, actor=actor)
    return device
