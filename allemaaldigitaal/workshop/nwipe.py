"""Import of nwipe's JSON erasure reports: one or many files, all of them or none.

nwipe writes the drive (`device.serial_no`, `device.model`, `device.size_bytes`), the result
(`wipe_result.status` success/failure, `pass_errors`, `verify_errors`, `start_time`/`end_time` in Unix seconds)
and `report_metadata.version`. The method is not in the file: the operator picks it once per upload.
A drive serial known as a StorageMedium finds its device; otherwise the report goes to the device whose tag
the operator gave, and the serial is remembered. A report whose SHA-256 was imported before is skipped.
"""
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import StorageType, WipeLevel, WipeTechnique, WipeVerification
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Device, User, WipeRecord
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

from .media import medium_by_serial, normalise_serial, remember_medium
from .wipe_records import WIPEABLE
from .wiping import record_wipe

TOOL = "nwipe"
MAX_FILES = 100
#: what becomes of a file: written (passed or failed), skipped as imported before, or a problem that stops the upload
IMPORTED, FAILED, SKIPPED, PROBLEM = "imported", "failed", "skipped", "problem"


@dataclass(frozen=True)
class Method:
    """How the drives were wiped, chosen by the operator for the whole upload."""

    level: WipeLevel
    technique: WipeTechnique
    verification: WipeVerification


@dataclass
class NwipeReport:
    serial: str
    model: str | None
    size_bytes: int | None
    passed: bool
    status: str
    pass_errors: int
    verify_errors: int
    started_at: datetime
    finished_at: datetime
    version: str | None


@dataclass
class FileOutcome:
    """One uploaded file and what became of it, with a message for the list shown to the operator."""

    filename: str
    sha256: str
    outcome: str = PROBLEM
    message: str = ""
    serial: str | None = None
    tag: str | None = None
    report: NwipeReport | None = field(default=None, repr=False)
    device: Device | None = field(default=None, repr=False)


class ReportsRefused(DomainError):
    """At least one file has a problem: nothing is saved; `outcomes` lists every file."""

    def __init__(self, outcomes: list[FileOutcome]):
        super().__init__(_l("Niet alle rapporten konden worden ingelezen. Er is niets opgeslagen. "
                            "Los de problemen in de lijst op en probeer het opnieuw."))
        self.outcomes = outcomes


class UnreadableReport(ValueError):
    """The file is no nwipe JSON report; the message says what is missing."""


def parse_report(content: bytes) -> NwipeReport:
    """The fields of an nwipe JSON report, or UnreadableReport."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise UnreadableReport(_l("Dit is geen JSON-bestand van nwipe.")) from error
    if not isinstance(data, dict) or not isinstance(data.get("device"), dict) or not isinstance(
            data.get("wipe_result"), dict):
        raise UnreadableReport(_l("Dit is geen rapport van nwipe: 'device' of 'wipe_result' ontbreekt."))
    device, result = data["device"], data["wipe_result"]
    serial = normalise_serial(str(device.get("serial_no") or ""))
    if not serial:
        raise UnreadableReport(_l("Het rapport noemt geen serienummer van de schijf."))
    status = str(result.get("status") or "").lower()
    if status not in ("success", "failure"):
        raise UnreadableReport(_l("Het rapport zegt niet of het wissen gelukt is (status)."))
    pass_errors, verify_errors = _count(result, data, "pass_errors"), _count(result, data, "verify_errors")
    started, finished = _moment(result, data, "start_time"), _moment(result, data, "end_time")
    metadata = data.get("report_metadata") if isinstance(data.get("report_metadata"), dict) else {}
    return NwipeReport(
        serial=serial, model=_text(device.get("model")), size_bytes=_whole(device.get("size_bytes")),
        passed=status == "success" and pass_errors == 0 and verify_errors == 0, status=status,
        pass_errors=pass_errors, verify_errors=verify_errors, started_at=started, finished_at=finished,
        version=_text(metadata.get("version")),
    )


def _text(value) -> str | None:
    return str(value).strip()[:50] or None if value is not None else None


def _whole(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _count(result: dict, data: dict, name: str) -> int:
    value = result.get(name, data.get(name, 0))
    if _whole(value) is None:
        raise UnreadableReport(_l("Het aantal fouten (%(name)s) in het rapport is geen getal.", name=name))
    return value


def _moment(result: dict, data: dict, name: str) -> datetime:
    value = result.get(name, data.get(name))
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 32_503_680_000:
        raise UnreadableReport(_l("De tijd %(name)s in het rapport ontbreekt of klopt niet.", name=name))
    return datetime.fromtimestamp(value, UTC)


def import_reports(actor: User, files: list[tuple[str, bytes]], method: Method, device: Device | None = None
                   ) -> list[FileOutcome]:
    """Every file as a wipe record (passed or failed), or none of them (ReportsRefused); the outcome per file.

    `device` is the device (visible to the actor) for reports whose drive serial is not known yet.
    """
    if not files:
        raise DomainError(_l("Kies een of meer rapporten van nwipe (JSON)."), "file")
    if len(files) > MAX_FILES:
        raise DomainError(_l("Lees hoogstens %(max)s rapporten tegelijk in.", max=MAX_FILES), "file")
    outcomes = [_examine(actor, name, content, device) for name, content in files]
    _skip_repeats(outcomes)
    if any(outcome.outcome == PROBLEM for outcome in outcomes):
        raise ReportsRefused(outcomes)
    for outcome in outcomes:
        if outcome.outcome != SKIPPED:
            _write(actor, outcome, method)
    return outcomes


def _examine(actor: User, filename: str, content: bytes, given: Device | None) -> FileOutcome:
    outcome = FileOutcome(filename=filename, sha256=hashlib.sha256(content).hexdigest())
    try:
        report = outcome.report = parse_report(content)
    except UnreadableReport as error:
        outcome.message = str(error)
        return outcome
    outcome.serial = report.serial
    if db.session.scalar(select(WipeRecord.id).where(WipeRecord.report_sha256 == outcome.sha256).limit(1)):
        outcome.outcome, outcome.message = SKIPPED, str(_l("Dit rapport is al eerder ingelezen. Overgeslagen."))
        return outcome
    device = _device_for(actor, report.serial, given, outcome)
    if device is None:
        return outcome
    outcome.device, outcome.tag = device, device.asset_tag
    if report.finished_at < report.started_at or report.finished_at > utcnow():
        outcome.message = str(_l("De begin- en eindtijd in het rapport kloppen niet."))
    elif device.status not in WIPEABLE:
        outcome.message = str(_l("Apparaat %(tag)s heeft status '%(status)s'. Wis-rapporten kunnen alleen bij een "
                                 "ontvangen, gewist of teruggebracht apparaat.", tag=device.asset_tag,
                                 status=device.status.label))
    elif report.passed:
        outcome.outcome, outcome.message = IMPORTED, str(_l("Gewist en ingelezen."))
    else:
        outcome.outcome = FAILED
        outcome.message = str(_l("Wissen mislukt (%(status)s, %(passes)s fouten bij het wissen, %(verify)s bij de "
                                 "controle). Vastgelegd als mislukt.", status=report.status,
                                 passes=report.pass_errors, verify=report.verify_errors))
    return outcome


def _device_for(actor: User, serial: str, given: Device | None, outcome: FileOutcome) -> Device | None:
    """The known medium's device (when the actor may see it), else the given device; None with a message."""
    medium = medium_by_serial(serial)
    if medium is not None:
        device = db.session.scalar(scoped(Device, actor).where(Device.id == medium.device_id))
        if device is None:
            outcome.message = str(_l("Schijf %(serial)s hoort bij een apparaat van een andere werkplaats.",
                                     serial=serial))
        elif given is not None and given.id != device.id:
            outcome.message = str(_l("Schijf %(serial)s hoort bij apparaat %(tag)s, niet bij het gekozen apparaat.",
                                     serial=serial, tag=device.asset_tag))
            return None
        return device
    if given is None:
        outcome.message = str(_l("Onbekende schijf %(serial)s. Scan of typ de code van het apparaat waar deze "
                                 "schijf in zit.", serial=serial))
    return given


def _skip_repeats(outcomes: list[FileOutcome]) -> None:
    """The same file twice in one upload is read once."""
    seen = set()
    for outcome in outcomes:
        if outcome.sha256 in seen and outcome.outcome != PROBLEM:
            outcome.outcome, outcome.message = SKIPPED, str(_l("Dit bestand zat er twee keer bij. Overgeslagen."))
        seen.add(outcome.sha256)


def _write(actor: User, outcome: FileOutcome, method: Method) -> None:
    report, device = outcome.report, outcome.device
    known = medium_by_serial(report.serial)
    medium_type = (known.medium_type if known else None) or device.storage_type or StorageType.OTHER
    capacity = report.size_bytes // 10**9 if report.size_bytes else None
    remember_medium(device, report.serial, medium_type, capacity or None)
    note = "; ".join(part for part in (
        report.model, f"status {report.status}", f"pass_errors {report.pass_errors}",
        f"verify_errors {report.verify_errors}") if part)
    record_wipe(
        device, actor, medium_type=medium_type, medium_serial=report.serial, medium_capacity_gb=capacity or None,
        level=method.level, technique=method.technique, verification=method.verification, tool=TOOL,
        tool_version=report.version, passed=report.passed, started_at=report.started_at,
        finished_at=report.finished_at, result_note=note, report_reference=outcome.filename[:200],
        report_sha256=outcome.sha256,
    )
