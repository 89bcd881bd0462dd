"""Recycling a device that cannot be reused: how its storage was destroyed, then → recycled."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.enums import DeviceStatus, StorageType, WipeLevel, WipeTechnique, WipeVerification
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import apply_transition, check_transition
from allemaaldigitaal.core.models import Device, DeviceEvent, User
from allemaaldigitaal.core.models.types import utcnow

from .media import medium_by_serial, normalise_serial, remember_medium
from .wiping import record_wipe

#: how storage is destroyed, with its label
DESTRUCTION_METHODS = {
    "shredded": _l("Versnipperd (shredder)"),
    "degaussed": _l("Gedemagnetiseerd (degausser)"),
    "drilled": _l("Doorgeboord"),
    "crushed": _l("Geplet of gebroken"),
    "other": _l("Anders (zie reden)"),
}
MAX_BY = 100
MAX_REASON = 500
MAX_MEDIA = 8


@dataclass(frozen=True)
class Destruction:
    """Why the device is recycled and how (and by whom) its storage media were destroyed."""

    reason: str
    method: str
    destroyed_by: str
    media_serials: tuple[str, ...] = ()


def recycle_device(actor: User, device: Device, destruction: Destruction) -> DeviceEvent:
    """A destroy-level wipe record per medium, then the step to recycled with the reason and the destruction."""
    check_transition(device, DeviceStatus.RECYCLED)
    _check(destruction)
    method = DESTRUCTION_METHODS[destruction.method]
    by = destruction.destroyed_by.strip()
    note = str(_l("%(reason)s — opslag %(method)s door %(by)s", reason=destruction.reason.strip(),
                  method=str(method).lower(), by=by))
    event = apply_transition(device, DeviceStatus.RECYCLED, actor=actor, note=note)
    now = utcnow()
    for serial in dict.fromkeys(normalise_serial(serial) for serial in destruction.media_serials if serial.strip()):
        known = medium_by_serial(serial)
        medium = remember_medium(device, serial, (known.medium_type if known else None) or device.storage_type,
                                 field="media_serials")
        record_wipe(
            device, actor, medium_type=medium.medium_type or StorageType.OTHER, medium_serial=serial,
            medium_capacity_gb=medium.capacity_gb, level=WipeLevel.DESTROY,
            technique=WipeTechnique.PHYSICAL_DESTRUCTION, tool=str(method)[:100], verification=WipeVerification.FULL,
            passed=True, started_at=now, finished_at=now,
            result_note=str(_l("Vernietigd door %(by)s.", by=by)),
        )
    return event


def _check(destruction: Destruction) -> None:
    if not destruction.reason.strip():
        raise DomainError(_l("Schrijf kort op waarom het apparaat niet meer te gebruiken is."), "reason")
    if len(destruction.reason) > MAX_REASON:
        raise DomainError(_l("Schrijf hoogstens %(max)s tekens.", max=MAX_REASON), "reason")
    if destruction.method not in DESTRUCTION_METHODS:
        raise DomainError(_l("Kies hoe de opslag is vernietigd."), "method")
    if not destruction.destroyed_by.strip():
        raise DomainError(_l("Vul in wie de opslag heeft vernietigd (naam of bedrijf)."), "destroyed_by")
    if len(destruction.destroyed_by) > MAX_BY:
        raise DomainError(_l("Schrijf hoogstens %(max)s tekens.", max=MAX_BY), "destroyed_by")
    if len(destruction.media_serials) > MAX_MEDIA:
        raise DomainError(_l("Geef hoogstens %(max)s serienummers.", max=MAX_MEDIA), "media_serials")
