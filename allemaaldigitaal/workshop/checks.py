"""Refurbishment checks: one per inspection, with who and when; the device keeps the latest findings."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.enums import ConditionGrade, DeviceStatus as S, EventKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import LifecycleError, record_event
from allemaaldigitaal.core.models import Device, DeviceCheck, User
from allemaaldigitaal.extensions import db

from .media import remember_medium

#: a device is in the workshop, and may be checked, in these statuses
IN_WORKSHOP = frozenset({S.RECEIVED, S.WIPED, S.READY, S.RETURNED})
#: the operating systems offered as choices; any other is typed in
OS_CHOICES = ("Windows 11", "Linux Mint", "ChromeOS Flex", "iPadOS", "Android")
PARTS = ("screen", "keyboard", "ports", "camera")
LOCKS = ("activation_lock_cleared", "google_frp_cleared", "chromebook_enrolment_cleared")
MAX_NOTE = 200
MAX_OS = 100
MAX_SERIALS = 8


@dataclass(frozen=True)
class CheckFindings:
    """What one inspection found; parts are ok (True) or defect (False)."""

    condition_grade: ConditionGrade
    screen_ok: bool
    keyboard_ok: bool
    ports_ok: bool
    camera_ok: bool
    battery_health_pct: int | None = None
    screen_note: str | None = None
    keyboard_note: str | None = None
    ports_note: str | None = None
    camera_note: str | None = None
    accessories: str | None = None
    os_installed: str | None = None
    activation_lock_cleared: bool = False
    google_frp_cleared: bool = False
    chromebook_enrolment_cleared: bool = False
    locks_not_applicable: bool = False
    drive_serials: tuple[str, ...] = ()


def refuse_unless_in_workshop(device: Device, allowed=IN_WORKSHOP) -> None:
    """LifecycleError (code not_in_workshop) when the device's status does not allow workshop work."""
    if device.status not in allowed:
        raise LifecycleError(
            _l("Dit kan niet bij een apparaat met status '%(status)s'. Dit kan alleen als het in de werkplaats is.",
               status=device.status.label),
            "not_in_workshop",
        )


def record_check(actor: User, device: Device, findings: CheckFindings) -> DeviceCheck:
    """Check the findings, write the inspection, copy grade, OS and locks to the device, and note it in its history."""
    refuse_unless_in_workshop(device)
    _check_findings(findings)
    check = DeviceCheck(
        device=device, checked_by_id=actor.id, organisation_id=actor.organisation_id,
        **{name: _clean(value) for name, value in vars(findings).items() if name != "drive_serials"},
        drive_serials=", ".join(findings.drive_serials) or None,
    )
    check.condition_grade = ConditionGrade(findings.condition_grade)
    if device.status == S.READY and not check.account_locks_cleared:
        raise LifecycleError(
            _l("Dit apparaat is al klaar voor uitgifte. Dan moeten de accountvergrendelingen verwijderd zijn. "
               "Verwijder ze en vink ze aan."),
            "account_locks",
        )
    for serial in findings.drive_serials:
        remember_medium(device, serial, field="drive_serials")
    db.session.add(check)
    device.condition_grade = check.condition_grade
    device.os_installed = check.os_installed
    device.account_locks_cleared = check.account_locks_cleared
    deltas = {"condition_grade": check.condition_grade.value, "os_installed": check.os_installed,
              "account_locks_cleared": check.account_locks_cleared}
    record_event(device, EventKind.CHECK_RECORDED, actor=actor, deltas=deltas)
    db.session.flush()
    return check


def _clean(value):
    if isinstance(value, str):
        return value.strip() or None
    return value


def _check_findings(findings: CheckFindings) -> None:
    if findings.condition_grade not in ConditionGrade.values():
        raise DomainError(_l("Kies een staat: A, B of C."), "condition_grade")
    battery = findings.battery_health_pct
    if battery is not None and (isinstance(battery, bool) or not 0 <= battery <= 100):
        raise DomainError(_l("Vul de batterijconditie in als getal van 0 tot en met 100."), "battery_health_pct")
    for part in PARTS:
        if len(getattr(findings, f"{part}_note") or "") > MAX_NOTE:
            raise DomainError(_l("Schrijf hoogstens %(max)s tekens.", max=MAX_NOTE), f"{part}_note")
    if len(findings.os_installed or "") > MAX_OS:
        raise DomainError(_l("Schrijf hoogstens %(max)s tekens.", max=MAX_OS), "os_installed")
    if findings.locks_not_applicable and any(getattr(findings, lock) for lock in LOCKS):
        raise DomainError(
            _l("Kies 'niet van toepassing' of vink de verwijderde vergrendelingen aan, niet allebei."), "locks"
        )
    if len(findings.drive_serials) > MAX_SERIALS:
        raise DomainError(_l("Geef hoogstens %(max)s serienummers.", max=MAX_SERIALS), "drive_serials")
