"""The scan station: one scanned code and one chosen action make one step (or a check), answered in plain words.

Every status step goes through devices.transitions.take_step, so a scan is refused for exactly the reasons a
button on the device page would be. A refused scan writes nothing. The answer is a ScanResult, never an exception,
so the page, the script and the API each show it in their own way.
"""
from dataclasses import asdict, dataclass

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy.orm import joinedload

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import LifecycleError, record_event, undo_step
from allemaaldigitaal.core.models import Device, DeviceEvent, User
from allemaaldigitaal.core.tags import InvalidTag, format_tag, tag_in_code
from allemaaldigitaal.devices.transitions import ROLE_STEPS, take_step
from allemaaldigitaal.extensions import db

CHECK = "check"
#: the actions of the station: a status step, or a check (None) that leaves the status alone
ACTIONS: dict[str, S | None] = {
    "receive": S.RECEIVED,
    CHECK: None,
    "wiped": S.WIPED,
    "ready": S.READY,
    "deliver": S.DELIVERED,
    "returned": S.RETURNED,
    "recycle": S.RECYCLED,
    "lost": S.LOST,
}
ACTION_LABELS = {
    "receive": _l("Ontvangen in de werkplaats"),
    CHECK: _l("Controle vastleggen"),
    "wiped": _l("Gewist (na het inlezen van het wisrapport)"),
    "ready": _l("Klaar voor uitgifte"),
    "deliver": _l("Afgeleverd bij ons"),
    "returned": _l("Teruggebracht"),
    "recycle": _l("Recyclen"),
    "lost": _l("Kwijt"),
}
#: who records refurbishment checks
CHECKERS = frozenset({K.REFURBISHER, K.COORDINATOR})


@dataclass(frozen=True)
class ScanResult:
    """outcome: accepted, refused (the lifecycle said no), not_found or invalid (a bad code or action)."""

    outcome: str
    message: str
    code: str | None = None
    tag: str | None = None
    brand: str | None = None
    model: str | None = None
    status: str | None = None
    status_label: str | None = None
    action: str | None = None
    event_id: int | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome == "accepted"

    def as_dict(self) -> dict:
        return {**asdict(self), "accepted": self.accepted}


def actions_for(kind: K) -> list[str]:
    """The actions this kind of organisation may choose, derived from the steps it may take."""
    return [name for name, to in ACTIONS.items() if (to in ROLE_STEPS[kind] if to else kind in CHECKERS)]


def needs_reason(action: str) -> bool:
    return ACTIONS.get(action) in (S.RECYCLED, S.LOST)


def scan(actor: User, code: str, action: str, note: str | None = None) -> ScanResult:
    """Take the action's step with the scanned device (or record a check scan); never commits."""
    if action not in actions_for(actor.kind):
        return ScanResult("invalid", _("Kies een handeling uit de lijst."), code="action", action=action)
    try:
        tag = tag_in_code(code)
    except InvalidTag as error:
        return ScanResult("invalid", str(error), code=f"tag_{error.reason}", action=action)
    device = _visible_device(actor, tag)
    if device is None:
        return ScanResult("not_found", _("Geen apparaat gevonden met code %(tag)s.", tag=format_tag(tag)),
                          code="not_found", tag=tag, action=action)
    try:
        event = _act(actor, device, action, note)
    except DomainError as error:
        return _result("refused", str(error.message), device, action, code=getattr(error, "code", "refused"))
    return _result("accepted", _accepted_message(device, action), device, action, event_id=event.id)


def undo(actor: User, event_id: int) -> ScanResult:
    """Take back the step of a scan just made; never commits."""
    event = db.session.scalar(scoped(DeviceEvent, actor).where(DeviceEvent.id == event_id))
    if event is None:
        return ScanResult("not_found", _("Deze scan is niet gevonden."), code="not_found")
    try:
        undo_step(event, actor)
    except LifecycleError as error:
        return _result("refused", str(error.message), event.device, "undo", code=error.code)
    message = _("Ongedaan gemaakt: %(tag)s is weer '%(status)s'.", tag=format_tag(event.device.asset_tag),
                status=event.device.status.label)
    return _result("accepted", message, event.device, "undo")


def _visible_device(actor: User, tag: str) -> Device | None:
    """The device with this tag if the actor may see it, with its donation (for receiving) in the same query."""
    query = scoped(Device, actor).where(Device.asset_tag == tag).options(joinedload(Device.donation))
    return db.session.scalar(query)


def _act(actor: User, device: Device, action: str, note: str | None) -> DeviceEvent:
    to = ACTIONS[action]
    if to is None:
        return record_event(device, EventKind.SCANNED, actor=actor, deltas={"action": action})
    event = take_step(actor, device, to, note)
    return event


def _accepted_message(device: Device, action: str) -> str:
    tag = format_tag(device.asset_tag)
    if ACTIONS[action] is None:
        return _("%(tag)s gescand. Vul nu de controle in.", tag=tag)
    return _("%(tag)s staat nu op '%(status)s'.", tag=tag, status=device.status.label)


def _result(outcome: str, message: str, device: Device, action: str, **extra) -> ScanResult:
    return ScanResult(
        outcome, message, tag=device.asset_tag, brand=device.brand, model=device.model, status=device.status.value,
        status_label=str(device.status.label), action=action, **extra,
    )
