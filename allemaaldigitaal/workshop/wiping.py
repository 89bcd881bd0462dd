"""Data-wipe records (NIST SP 800-88)."""
from datetime import datetime

from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.enums import EventKind, StorageType, WipeLevel, WipeTechnique, WipeVerification
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import record_event
from allemaaldigitaal.core.models import Device, User, WipeRecord
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db


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
    medium_capacity_gb: int | None = None,
    tool_version: str | None = None,
    result_note: str | None = None,
    report_reference: str | None = None,
    report_sha256: str | None = None,
) -> WipeRecord:
    """One wipe of one storage medium, also written in the device's history; times in order, not in the future."""
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
        medium_capacity_gb=medium_capacity_gb,
        tool_version=tool_version,
        result_note=result_note,
        report_reference=report_reference,
        report_sha256=report_sha256,
    )
    db.session.add(record)
    deltas = {"medium_serial": record.medium_serial, "level": record.level.value, "passed": passed}
    record_event(device, EventKind.WIPE_RECORDED, actor=operator, deltas=deltas)
    return record
