"""Data-wipe records (NIST SP 800-88)."""
from datetime import datetime

from flask_babel import lazy_gettext as _l

from ..enums import StorageType, WipeLevel, WipeTechnique, WipeVerification
from ..extensions import db
from ..models import Device, User, WipeRecord
from ..models.types import utcnow
from . import DomainError


def record_wipe(
    device: Device,
    operator: User | None,
    *,
    medium_type: StorageType,
    medium_serial: str,
    level: WipeLevel,
    technique: WipeTechnique,
    tool: str,
    verification: WipeVerification,
    passed: bool,
    started_at: datetime,
    finished_at: datetime,
    **extra,
) -> WipeRecord:
    """One wipe of one storage medium; times must be in order and not in the future."""
    if finished_at < started_at:
        raise DomainError(_l("Het einde van het wissen ligt voor het begin. Controleer de tijden."), "finished_at")
    if finished_at > utcnow():
        raise DomainError(_l("Het wissen kan niet in de toekomst klaar zijn. Controleer de tijd."), "finished_at")
    if not medium_serial.strip():
        raise DomainError(_l("Vul het serienummer van de opslag in."), "medium_serial")
    record = WipeRecord(
        device=device,
        operator_id=operator.id if operator else None,
        organisation_id=operator.organisation_id if operator else None,
        medium_type=StorageType(medium_type),
        medium_serial=medium_serial.strip(),
        level=WipeLevel(level),
        technique=WipeTechnique(technique),
        tool=tool,
        verification=WipeVerification(verification),
        passed=passed,
        started_at=started_at,
        finished_at=finished_at,
        **extra,
    )
    db.session.add(record)
    return record
