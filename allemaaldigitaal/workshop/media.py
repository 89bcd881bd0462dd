"""The known storage media of each device: how a drive serial finds its device."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.core.enums import StorageType
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Device, StorageMedium
from allemaaldigitaal.extensions import db

MAX_SERIAL_LENGTH = 100


def normalise_serial(text: str) -> str:
    """A drive serial as stored: without spaces around it, in capitals."""
    return (text or "").strip().upper()


def medium_by_serial(serial: str) -> StorageMedium | None:
    """The medium with this serial, whoever's device it is (callers check that the user may see the device)."""
    return db.session.scalar(select(StorageMedium).where(StorageMedium.serial == normalise_serial(serial)))


def device_media(device: Device) -> list[StorageMedium]:
    return list(db.session.scalars(
        select(StorageMedium).where(StorageMedium.device_id == device.id).order_by(StorageMedium.id)
    ))


def remember_medium(
    device: Device, serial: str, medium_type: StorageType | None = None, capacity_gb: int | None = None,
    field: str = "medium_serial",
) -> StorageMedium:
    """The medium with this serial, added to the device if new; refused when it belongs to another device."""
    serial = normalise_serial(serial)
    if not serial:
        raise DomainError(_l("Vul het serienummer van de opslag in."), field)
    if len(serial) > MAX_SERIAL_LENGTH:
        raise DomainError(_l("Een serienummer is hoogstens %(max)s tekens lang.", max=MAX_SERIAL_LENGTH), field)
    medium = medium_by_serial(serial)
    if medium is not None and medium.device_id != device.id:
        raise DomainError(
            _l("De schijf %(serial)s hoort al bij een ander apparaat. Controleer het serienummer.", serial=serial), field
        )
    if medium is None:
        medium = StorageMedium(device=device, serial=serial)
        db.session.add(medium)
    if medium_type is not None:
        medium.medium_type = StorageType(medium_type)
    if capacity_gb is not None:
        medium.capacity_gb = capacity_gb
    db.session.flush()
    return medium
