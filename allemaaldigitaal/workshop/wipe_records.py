"""Recording a wipe of one storage medium from the page or the API: the device must be in the workshop."""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.enums import DeviceStatus as S, StorageType, WipeLevel, WipeTechnique, WipeVerification
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Device, User, WipeRecord

from .checks import refuse_unless_in_workshop
from .media import normalise_serial, remember_medium
from .wiping import record_wipe

#: a device may get a wipe record while it waits to be (or has just been) wiped
WIPEABLE = frozenset({S.RECEIVED, S.WIPED, S.RETURNED})
MAX_TOOL = 100
MAX_VERSION = 50
MAX_REFERENCE = 200
MAX_CAPACITY_GB = 10_000_000


@dataclass(frozen=True)
class WipeDetails:
    """One wipe of one medium, with the NIST SP 800-88 fields."""

    medium_type: StorageType
    medium_serial: str
    level: WipeLevel
    technique: WipeTechnique
    tool: str
    verification: WipeVerification
    passed: bool
    started_at: datetime
    finished_at: datetime
    medium_capacity_gb: int | None = None
    tool_version: str | None = None
    result_note: str | None = None
    report_reference: str | None = None
    report_sha256: str | None = None


def record_device_wipe(actor: User, device: Device, details: WipeDetails) -> WipeRecord:
    """Check and write the wipe record; the medium becomes one of the device's known media."""
    refuse_unless_in_workshop(device, WIPEABLE)
    _check_details(details)
    remember_medium(device, details.medium_serial, details.medium_type, details.medium_capacity_gb)
    values = {name: (value.strip() or None) if isinstance(value, str) else value for name, value in vars(details).items()}
    values["medium_serial"] = normalise_serial(details.medium_serial)
    values["tool"] = details.tool.strip()
    return record_wipe(device, actor, **values)


def _check_details(details: WipeDetails) -> None:
    for name, enum in (("medium_type", StorageType), ("level", WipeLevel), ("technique", WipeTechnique),
                       ("verification", WipeVerification)):
        if getattr(details, name) not in enum.values():
            raise DomainError(_l("Kies een waarde uit de lijst."), name)
    if not (details.tool or "").strip():
        raise DomainError(_l("Vul in met welk programma of apparaat is gewist."), "tool")
    for name, limit in (("tool", MAX_TOOL), ("tool_version", MAX_VERSION), ("report_reference", MAX_REFERENCE)):
        if len(getattr(details, name) or "") > limit:
            raise DomainError(_l("Schrijf hoogstens %(max)s tekens.", max=limit), name)
    capacity = details.medium_capacity_gb
    if capacity is not None and not 0 < capacity <= MAX_CAPACITY_GB:
        raise DomainError(_l("Vul de grootte in GB in als een heel getal groter dan 0."), "medium_capacity_gb")
    for name in ("started_at", "finished_at"):
        if getattr(details, name).tzinfo is None:
            raise DomainError(_l("Geef een tijd met tijdzone."), name)
