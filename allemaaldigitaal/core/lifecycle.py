"""The device lifecycle: one transition table, its guards, and the one function that applies it."""
from collections.abc import Callable
from datetime import datetime, timedelta

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import exists, func, insert, literal, select, update
from sqlalchemy.orm.attributes import set_committed_value

from allemaaldigitaal.extensions import db

from .enums import INTAKE, STATUS_EVENTS, ClaimStatus, DeviceStatus as S, EventKind
from .errors import DomainError
from .models import Device, DeviceEvent, Organisation, User, WipeRecord
from .models.types import utcnow


class LifecycleError(DomainError):
    """A transition that is not allowed; the message says why in plain words, the code for programs."""

    def __init__(self, message, code: str):
        super().__init__(message)
        self.code = code


TRANSITIONS: dict[S, frozenset[S]] = {
    S.PLEDGED: frozenset({S.RECEIVED, S.CANCELLED}),
    S.RECEIVED: frozenset({S.WIPED, S.RECYCLED, S.LOST}),
    S.WIPED: frozenset({S.READY, S.RECYCLED, S.LOST}),
    S.READY: frozenset({S.ALLOCATED, S.RECYCLED, S.LOST}),
    S.ALLOCATED: frozenset({S.DELIVERED, S.READY, S.LOST}),
    S.DELIVERED: frozenset({S.HANDED_OUT, S.RETURNED, S.LOST}),
    S.HANDED_OUT: frozenset({S.RETURNED, S.LOST}),
    S.RETURNED: frozenset({S.WIPED, S.RECYCLED, S.LOST}),
    S.RECYCLED: frozenset(),
    S.CANCELLED: frozenset(),
    S.LOST: frozenset({S.RECEIVED}),
}
#: steps that may be taken back just after (the scan station's undo): the status a step led to → the statuses it
#: may have come from. Steps that end a handout or release a claim (a return, or lost/recycled from allocated on)
#: are left out: taking them back would have to rebuild what they ended.
REVERSALS: dict[S, frozenset[S]] = {
    S.RECEIVED: frozenset({S.PLEDGED, S.LOST}),
    S.WIPED: frozenset({S.RECEIVED, S.RETURNED}),
    S.READY: frozenset({S.WIPED}),
    S.RECYCLED: frozenset({S.RECEIVED, S.WIPED, S.READY, S.RETURNED}),
    S.LOST: frozenset({S.RECEIVED, S.WIPED, S.READY, S.RETURNED}),
    S.DELIVERED: frozenset({S.ALLOCATED}),
}
CHANGED_MEANWHILE = _l("Iemand anders heeft de status van dit apparaat net veranderd. Bekijk het apparaat opnieuw.")
#: how long after a step the person who took it may take it back
UNDO_WINDOW = timedelta(minutes=10)


def last_intake_at(device: Device) -> datetime | None:
    """When the device last came into a workshop (received or returned)."""
    query = (
        select(DeviceEvent.created_at)
        .where(DeviceEvent.device_id == device.id, DeviceEvent.to_status.in_(INTAKE))
        .order_by(DeviceEvent.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def wiped_media(device: Device) -> tuple[set[str], set[str]]:
    """Media serials wiped since the last intake: (passed, failed), judged by each medium's latest record."""
    since = last_intake_at(device)
    if since is None:
        return set(), set()
    records = db.session.scalars(
        select(WipeRecord)
        .where(WipeRecord.device_id == device.id, WipeRecord.started_at >= since)
        .order_by(WipeRecord.finished_at, WipeRecord.id)
    )
    latest = {record.medium_serial: record.passed for record in records}
    passed = {serial for serial, ok in latest.items() if ok}
    return passed, set(latest) - passed


def _every_medium_wiped(device: Device) -> None:
    passed, failed = wiped_media(device)
    if failed:
        raise LifecycleError(
            _l("De laatste wis-poging van %(media)s is mislukt. Wis deze opnieuw.", media=", ".join(sorted(failed))),
            "wipe_failed",
        )
    if len(passed) < device.storage_media_count:
        raise LifecycleError(
            _l(
                "Er is nog geen geslaagde wis-registratie voor elke opslag (%(done)s van %(needed)s) "
                "sinds het apparaat in de werkplaats kwam.",
                done=len(passed),
                needed=device.storage_media_count,
            ),
            "wipe_missing",
        )


def _account_locks_cleared(device: Device) -> None:
    if not device.account_locks_cleared:
        raise LifecycleError(
            _l("Controleer eerst of accountvergrendelingen (zoals Activation Lock of FRP) zijn verwijderd."),
            "account_locks",
        )


def _has_approved_claim(device: Device) -> None:
    if device.claim is None:
        raise LifecycleError(_l("Koppel het apparaat eerst aan een aanvraag."), "claim_missing")
    if device.claim.status != ClaimStatus.APPROVED:
        raise LifecycleError(_l("De aanvraag is nog niet goedgekeurd. Keur hem eerst goed."), "claim_not_approved")


def _has_open_handout(device: Device) -> None:
    handout = device.handout
    if handout is None or handout.returned_at is not None or handout.device is not device:
        raise LifecycleError(
            _l("Vul eerst het uitgifteformulier in voor dit apparaat."), "handout_missing"
        )


def _needs_reason(note: str | None) -> None:
    if not (note or "").strip():
        raise LifecycleError(_l("Schrijf kort op waarom. Dat is verplicht bij deze stap."), "reason_missing")


Guard = Callable[[Device], None]

GUARDS: dict[S, tuple[Guard, ...]] = {
    S.WIPED: (_every_medium_wiped,),
    S.READY: (_every_medium_wiped, _account_locks_cleared),
    S.ALLOCATED: (_has_approved_claim,),
    S.DELIVERED: (_has_approved_claim,),
    S.HANDED_OUT: (_has_open_handout,),
}
NEEDS_REASON = frozenset({S.RECYCLED, S.LOST})


def _release_claim(device: Device) -> None:
    device.claim = None


def _leave_the_handout_chain(device: Device) -> None:
    """A returned, lost or recycled device ends its handout (at the time of the change) and leaves its claim."""
    if device.handout is not None:
        device.handout.returned_at = device.status_changed_at
        device.handout = None
    _release_claim(device)


def _back_from_a_person(device: Device) -> None:
    """A returned device ends its handout; the person may have signed in since, so its account locks need a new check."""
    _leave_the_handout_chain(device)
    device.account_locks_cleared = False


#: what a transition changes besides the status, keyed by (from, to) or by target
EFFECTS: dict[object, Callable[[Device], None]] = {
    S.RETURNED: _back_from_a_person,
    S.LOST: _leave_the_handout_chain,
    S.RECYCLED: _leave_the_handout_chain,
    (S.ALLOCATED, S.READY): _release_claim,
}


def check_transition(device: Device, to: S) -> None:
    """Raise LifecycleError when the table or a guard refuses the step (a reason, when needed, is checked later)."""
    if to not in TRANSITIONS[device.status]:
        raise LifecycleError(
            _l("Een apparaat met status '%(current)s' kan niet naar '%(to)s'.", current=device.status.label,
               to=to.label),
            "not_allowed",
        )
    for guard in GUARDS.get(to, ()):
        guard(device)


def refusal(device: Device, to: S) -> LifecycleError | None:
    """Why the step is refused now, or None when it may be taken."""
    try:
        check_transition(device, to)
    except LifecycleError as error:
        return error
    return None


def apply_transition(
    device: Device,
    to: S,
    *,
    actor: User | None,
    note: str | None = None,
    custodian: Organisation | None = None,
) -> DeviceEvent:
    """Check the table and guards, set the status, append the event and flush them; never commits.

    The status changes in one conditional UPDATE (… WHERE status = the status checked): when someone else changed
    it in the meantime, nothing is written and LifecycleError "changed_meanwhile" is raised.
    """
    to = S(to)
    current = device.status
    check_transition(device, to)
    if to in NEEDS_REASON:
        _needs_reason(note)
    now = _change_status(device, current, to)
    effect = EFFECTS.get((current, to)) or EFFECTS.get(to)
    if effect:
        effect(device)
    deltas = None
    if custodian is not None and custodian is not device.custodian:
        deltas = {"custodian_id": [device.custodian_id, custodian.id]}
        device.custodian = custodian
    event = _append_event(
        device, EventKind.STATUS_CHANGED, actor, note, now, from_status=current, to_status=to, deltas=deltas
    )
    # flushed at once, so the database sees (and checks) every status change as one step of the table
    db.session.flush()
    return event


def _change_status(device: Device, current: S, to: S) -> datetime:
    """UPDATE the status only if it is still `current`; keep the loaded device in step; returns the time of change."""
    db.session.flush()
    now = utcnow()
    table = Device.__table__
    changed = db.session.execute(
        update(table)
        .where(table.c.id == device.id, table.c.status == current)
        .values(status=to, status_changed_at=now, updated_at=now)
    )
    if changed.rowcount != 1:
        raise LifecycleError(CHANGED_MEANWHILE, "changed_meanwhile")
    for name, value in (("_status", to), ("status_changed_at", now), ("updated_at", now)):
        set_committed_value(device, name, value)
    if "events" in device.__dict__:
        db.session.expire(device, ["events"])
    return now


def apply_transitions(devices: list[Device], to: S, *, actor: User | None, note: str | None = None) -> None:
    """apply_transition for many devices in one status at once: every check per device, then one conditional
    UPDATE and one INSERT of the events; all or none, never commits. Steps with effects go one by one."""
    to = S(to)
    if not devices:
        return
    (current,) = {device.status for device in devices}
    if EFFECTS.get((current, to)) or EFFECTS.get(to):
        raise ValueError(f"{current} → {to} changes more than the status: use apply_transition")
    for device in devices:
        check_transition(device, to)
    if to in NEEDS_REASON:
        _needs_reason(note)
    db.session.flush()
    now, table, ids = utcnow(), Device.__table__, [device.id for device in devices]
    changed = db.session.execute(
        update(table).where(table.c.id.in_(ids), table.c.status == current)
        .values(status=to, status_changed_at=now, updated_at=now)
    )
    if changed.rowcount != len(ids):
        raise LifecycleError(CHANGED_MEANWHILE, "changed_meanwhile")
    for device in devices:
        for name, value in (("_status", to), ("status_changed_at", now), ("updated_at", now)):
            set_committed_value(device, name, value)
    actor_id, organisation_id = (actor.id, actor.organisation_id) if actor else (None, None)
    db.session.execute(insert(DeviceEvent.__table__), [
        {"device_id": device_id, "kind": EventKind.STATUS_CHANGED, "from_status": current, "to_status": to,
         "actor_id": actor_id, "organisation_id": organisation_id, "note": (note or "").strip() or None,
         "created_at": now, "deltas": None}
        for device_id in ids
    ])


def undo_refusal(event: DeviceEvent, actor: User | None) -> LifecycleError | None:
    """Why this actor may not take back this step now, or None."""
    if event.kind != EventKind.STATUS_CHANGED or event.from_status not in REVERSALS.get(event.to_status, ()):
        return LifecycleError(_l("Deze stap kan niet ongedaan worden gemaakt."), "not_reversible")
    if actor is None or event.actor_id != actor.id:
        return LifecycleError(_l("Alleen wie de stap zette, kan hem ongedaan maken."), "not_your_step")
    if utcnow() - event.created_at > UNDO_WINDOW:
        return LifecycleError(
            _l("Ongedaan maken kan tot %(minutes)s minuten na de stap. Zet nu zelf de juiste stap.",
               minutes=int(UNDO_WINDOW.total_seconds() // 60)),
            "undo_too_late",
        )
    latest = db.session.scalar(
        select(func.max(DeviceEvent.id)).where(DeviceEvent.device_id == event.device_id, DeviceEvent.to_status.is_not(None))
    )
    if latest != event.id or event.device.status != event.to_status:
        return LifecycleError(
            _l("Na deze stap is er al iets anders met het apparaat gebeurd. Ongedaan maken kan niet meer."),
            "not_latest",
        )
    return None


def undo_step(event: DeviceEvent, actor: User | None) -> DeviceEvent:
    """Take back a step just taken: a new status event back to where it came from (the history stays append-only),
    and custody back where the step took it from; never commits."""
    refused = undo_refusal(event, actor)
    if refused is not None:
        raise refused
    device, back = event.device, event.from_status
    now = _change_status(device, event.to_status, back)
    deltas = {"undoes": event.id}
    moved = (event.deltas or {}).get("custodian_id")
    if moved:
        before, after = moved
        device.custodian = db.session.get(Organisation, before) if before is not None else None
        deltas["custodian_id"] = [after, before]
    undo = _append_event(
        device, EventKind.STATUS_CHANGED, actor, _("Stap %(event)s ongedaan gemaakt.", event=event.id), now,
        from_status=event.to_status, to_status=back, deltas=deltas,
    )
    db.session.flush()
    return undo


def record_creation(device: Device, *, actor: User | None, note: str | None = None) -> DeviceEvent:
    """The first event of a new device: it starts its history as pledged."""
    if device.status not in (None, S.PLEDGED):
        raise LifecycleError(_l("Een nieuw apparaat begint altijd als toegezegd."), "not_new")
    return _append_event(device, EventKind.CREATED, actor, note, utcnow(), to_status=S.PLEDGED)


def record_creations(devices_where, *, actor: User | None, at: datetime) -> None:
    """record_creation for thousands at once: the first event of every matching device that has no history yet,
    in one INSERT … SELECT (the devices were inserted as pledged)."""
    events, devices = DeviceEvent.__table__, Device.__table__
    columns = ("kind", "to_status", "actor_id", "organisation_id", "created_at")
    given = (EventKind.CREATED, S.PLEDGED, actor.id if actor else None, actor.organisation_id if actor else None, at)
    constants = [literal(value, events.c[name].type).label(name) for name, value in zip(columns, given, strict=True)]
    new = select(devices.c.id, *constants).where(devices_where, ~exists().where(events.c.device_id == devices.c.id))
    db.session.execute(insert(events).from_select(["device_id", *columns], new))


def record_event(
    device: Device, kind: EventKind, *, actor: User | None, deltas: dict | None = None, note: str | None = None
) -> DeviceEvent:
    """An event that leaves the status alone: a label printed, a scan, a wipe, an edit; never commits."""
    if kind in STATUS_EVENTS:
        raise ValueError(f"{kind} events are written by apply_transition and record_creation")
    return _append_event(device, kind, actor, note, utcnow(), deltas=deltas)


def _append_event(
    device: Device, kind: EventKind, actor: User | None, note: str | None, at: datetime, *,
    from_status: S | None = None, to_status: S | None = None, deltas: dict | None = None,
) -> DeviceEvent:
    event = DeviceEvent(
        device=device,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        deltas=deltas,
        actor_id=actor.id if actor else None,
        organisation_id=actor.organisation_id if actor else None,
        note=(note or "").strip() or None,
        created_at=at,
    )
    db.session.add(event)
    return event
