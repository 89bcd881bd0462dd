"""Allocating ready devices to approved claims, and releasing them, with no race between allocators.

How two coordinators (or an automatic and a manual allocation) at the same moment stay apart:

- A device is taken by one conditional UPDATE: `claim_id = :claim WHERE status = 'ready' AND claim_id IS NULL`.
  Only one transaction can match that row; the others match nothing and leave it (PostgreSQL re-checks the
  condition after the winner commits; SQLite lets one writer in at a time). Then the lifecycle moves it
  ready → allocated, in the same unit of work.
- A claim never gets more than it asked for: an allocation first writes the claim row (`… WHERE status =
  'approved'`), which holds that row until the transaction ends, and only then counts the devices the claim
  already has. Allocations to one claim therefore follow each other, each counting what the one before kept.
  The count is of devices linked to the claim now: a device released, returned or lost makes room again.
- SELECT … FOR UPDATE does not decide anything: SQLite ignores it, and reading before writing lets several
  allocators win. Automatic allocation uses FOR UPDATE SKIP LOCKED only to pass over devices another allocation
  is taking on PostgreSQL, instead of waiting for it; the conditional UPDATE still decides.
- Locks are taken in one order, the claim first, then devices by id, so two allocations never wait in a circle.

Automatic allocation picks, per kind, in this order: workshops in the care organisation's province first, then
the nearest workshop by postcode region (the first two digits), then the preferred condition grades in the order
given (others after them, ungraded last), then the device that has been ready the longest, then the lowest id.
"""
from collections.abc import Iterable, Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, literal, select, update

from allemaaldigitaal.accounts.services import require_coordinator
from allemaaldigitaal.core.enums import ClaimStatus, ConditionGrade, DeviceKind, DeviceStatus
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import apply_transition, apply_transitions
from allemaaldigitaal.core.models import Claim, Device, Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tags import InvalidTag, format_tag, normalise_tag
from allemaaldigitaal.extensions import db

from . import mails
from .stock import available

#: how often an automatic allocation looks again when every device it chose was just taken by someone else
MAX_ROUNDS = 50
NOT_APPROVED = _l("Deze aanvraag is niet goedgekeurd. Alleen aan een goedgekeurde aanvraag kun je apparaten toewijzen.")


def requested(claim: Claim) -> dict[DeviceKind, int]:
    return {DeviceKind.LAPTOP: claim.laptops_requested, DeviceKind.TABLET: claim.tablets_requested}


def allocated_counts(claim: Claim) -> dict[DeviceKind, int]:
    """How many devices of each kind are linked to the claim now."""
    rows = db.session.execute(
        select(Device.kind, func.count()).where(Device.claim_id == claim.id).group_by(Device.kind)
    ).all()
    return {kind: dict(rows).get(kind, 0) for kind in DeviceKind}


def still_wanted(claim: Claim) -> dict[DeviceKind, int]:
    """How many devices of each kind the claim may still get."""
    have = allocated_counts(claim)
    return {kind: max(asked - have[kind], 0) for kind, asked in requested(claim).items()}


def allocate_tags(claim: Claim, coordinator: User, tags: Iterable[str]) -> list[Device]:
    """Allocate these devices to the claim, all or none; never commits.

    The room in the claim is checked before anything is written; a device someone else took first is found while
    writing, and then the caller's unit of work rolls back the devices taken before it.
    """
    require_coordinator(coordinator)
    wanted_tags = _unique_tags(tags)
    if not wanted_tags:
        raise DomainError(_l("Vul minstens één apparaatnummer in."), "tags")
    devices = _devices_by_tag(wanted_tags)
    _hold_approved(claim)
    room = still_wanted(claim)
    for device in devices:
        _check_room(claim, device, room)
        room[device.kind] -= 1
    # one at a time in the order of their ids, as every allocation does, so two never wait for each other
    for device in sorted(devices, key=lambda device: device.id):
        if not _take(claim, [device.id]):
            raise DomainError(_why_not_available(device), "tags")
    _allocate_taken(claim, [device.id for device in devices], coordinator)
    return devices


def allocate_auto(
    claim: Claim,
    coordinator: User,
    laptops: int | None = None,
    tablets: int | None = None,
    prefer_grades: Sequence[ConditionGrade] = (),
) -> list[Device]:
    """Let the app pick ready devices for the claim: all it still wants, or at most the numbers given (in part).

    Takes what there is when stock runs short; an empty list when there is nothing to give. Never commits.
    """
    require_coordinator(coordinator)
    limits = {DeviceKind.LAPTOP: laptops, DeviceKind.TABLET: tablets}
    for kind, limit in limits.items():
        if limit is not None and limit < 0:
            raise DomainError(_l("Vul een aantal van 0 of meer in."), f"{kind.value}s")
    _hold_approved(claim)
    room = still_wanted(claim)
    wanted = {kind: left if limits[kind] is None else min(limits[kind], left) for kind, left in room.items()}
    taken: list[int] = []
    if any(wanted.values()):
        order = best_first(claim, prefer_grades)
        for kind, count in wanted.items():
            taken += _take_best(claim, kind, count, order) if count > 0 else []
    return _allocate_taken(claim, taken, coordinator)


def release_allocation(device: Device, coordinator: User, note: str | None = None) -> Device:
    """Take an allocated device back from its claim, to ready; refused when someone else moved it first."""
    require_coordinator(coordinator)
    db.session.flush()
    table = Device.__table__
    claim_id = db.session.scalar(select(table.c.claim_id).where(table.c.id == device.id))
    # the claim first, then the device: the order every allocation takes its locks in, so none wait in a circle
    released = claim_id is not None and _touch(claim_id) and db.session.execute(
        update(table)
        .where(table.c.id == device.id, table.c.status == DeviceStatus.ALLOCATED.value, table.c.claim_id == claim_id)
        .values(claim_id=None)
    ).rowcount == 1
    db.session.refresh(device)
    if not released:
        raise DomainError(
            _l("Dit apparaat is niet (meer) toegewezen. Het heeft nu status '%(status)s'.", status=device.status.label),
            "device",
        )
    apply_transition(device, DeviceStatus.READY, actor=coordinator, note=note)
    return device


def _unique_tags(tags: Iterable[str]) -> list[str]:
    found: list[str] = []
    for text in tags:
        if not (text or "").strip():
            continue
        try:
            tag = normalise_tag(text)
        except InvalidTag as error:
            raise DomainError(_l("%(tag)s: %(problem)s", tag=text.strip(), problem=str(error)), "tags") from error
        if tag not in found:
            found.append(tag)
    return found


def _devices_by_tag(tags: list[str]) -> list[Device]:
    by_tag = {device.asset_tag: device for device in db.session.scalars(select(Device).where(Device.asset_tag.in_(tags)))}
    unknown = [tag for tag in tags if tag not in by_tag]
    if unknown:
        listed = ", ".join(format_tag(tag) for tag in unknown)
        raise DomainError(_l("Geen apparaat gevonden met nummer %(tags)s.", tags=listed), "tags")
    return [by_tag[tag] for tag in tags]


def _hold_approved(claim: Claim) -> None:
    """Write the claim row if it is approved: from here on no other allocation to it runs until we end."""
    db.session.flush()
    if not _touch(claim.id, ClaimStatus.APPROVED):
        db.session.refresh(claim)
        raise DomainError(NOT_APPROVED, "claim")


def _touch(claim_id: int, status: ClaimStatus | None = None) -> bool:
    statement = update(Claim).where(Claim.id == claim_id)
    if status is not None:
        statement = statement.where(Claim.status == status)
    result = db.session.execute(
        statement.values(allocation_changed_at=utcnow()).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _check_room(claim: Claim, device: Device, room: dict[DeviceKind, int]) -> None:
    if requested(claim)[device.kind] == 0:
        raise DomainError(
            _l("%(tag)s is een %(kind)s, maar deze aanvraag vraagt daar niet om.", tag=format_tag(device.asset_tag),
               kind=device.kind.label.lower()),
            "tags",
        )
    if room[device.kind] <= 0:
        raise DomainError(
            _l("De aanvraag heeft al alle apparaten van deze soort (%(kind)s) die hij vroeg. %(tag)s past er niet meer bij.",
               kind=device.kind.label.lower(), tag=format_tag(device.asset_tag)),
            "tags",
        )


def _take(claim: Claim, device_ids: list[int]) -> list[int]:
    """Link the devices that are still available to the claim, in one statement; the ids it really took."""
    table = Device.__table__
    statement = (
        update(table)
        .where(table.c.id.in_(device_ids), table.c.status == DeviceStatus.READY.value, table.c.claim_id.is_(None))
        .values(claim_id=claim.id)
        .returning(table.c.id)
    )
    return list(db.session.execute(statement).scalars())


def _why_not_available(device: Device) -> str:
    db.session.refresh(device)
    if device.status != DeviceStatus.READY:
        return _l("%(tag)s is niet klaar voor uitgifte (status: %(status)s).", tag=format_tag(device.asset_tag),
                  status=device.status.label)
    return _l("%(tag)s is al aan een aanvraag toegewezen.", tag=format_tag(device.asset_tag))


def _take_best(claim: Claim, kind: DeviceKind, count: int, order: list) -> list[int]:
    """Up to `count` of the best available devices of this kind; looks again when others took some first."""
    taken: list[int] = []
    for _round in range(MAX_ROUNDS):
        if len(taken) >= count:
            break
        # PostgreSQL: pass over devices another allocation holds now, rather than wait for it (SQLite has no row
        # locks); the conditions of _take decide. Two statements: as a subquery of the UPDATE, PostgreSQL may run
        # the SELECT … LIMIT more than once and take more than the limit.
        best = _available_of(kind).order_by(*order).limit(count - len(taken)).with_for_update(skip_locked=True)
        candidates = list(db.session.scalars(best))
        got = _take(claim, candidates) if candidates else []
        if not got:
            break
        taken += got
    return taken


def _available_of(kind: DeviceKind):
    return select(Device.id).where(available(), Device.kind == kind)


def best_available(claim: Claim, kind: DeviceKind, prefer_grades: Sequence[ConditionGrade] = ()):
    """select(Device.id) of the available devices of this kind, the best for this claim first."""
    return _available_of(kind).order_by(*best_first(claim, prefer_grades))


def best_first(claim: Claim, prefer_grades: Sequence[ConditionGrade] = ()) -> list:
    """The ORDER BY of automatic allocation for this claim."""
    return [_nearest_first(claim.care_organisation), _grade_rank(prefer_grades), Device.status_changed_at, Device.id]


def postcode_region(postcode: str | None) -> int | None:
    """The first two digits of a Dutch postcode, as a number; None without one."""
    digits = (postcode or "").strip()[:2]
    return int(digits) if len(digits) == 2 and digits.isdigit() else None


def workshop_distance(workshop: Organisation, care: Organisation) -> tuple[int, int]:
    """How far a workshop is from a care organisation: (0 in its province, else 1; postcode regions apart)."""
    same_province = bool(care.province) and workshop.province == care.province
    ours, theirs = postcode_region(care.postcode), postcode_region(workshop.postcode)
    apart = abs(ours - theirs) if ours is not None and theirs is not None else 100
    return (0 if same_province else 1, apart)


def _nearest_first(care: Organisation):
    """A rank per device by the workshop that holds it: the nearest workshop's devices first."""
    holders = db.session.scalars(
        select(Organisation).where(Organisation.id.in_(select(Device.custodian_id).where(available()).distinct()))
    ).all()
    ordered = sorted(holders, key=lambda workshop: (workshop_distance(workshop, care), workshop.id))
    if not ordered:
        return literal(0)
    return case({workshop.id: rank for rank, workshop in enumerate(ordered)}, value=Device.custodian_id,
                else_=len(ordered))


def _grade_rank(prefer_grades: Sequence[ConditionGrade]):
    preferred = list(dict.fromkeys(ConditionGrade(grade) for grade in prefer_grades))
    if not preferred:
        return case((Device.condition_grade.is_(None), 1), else_=0)
    ranks = [(Device.condition_grade == grade, rank) for rank, grade in enumerate(preferred)]
    return case(*ranks, (Device.condition_grade.is_(None), len(preferred) + 1), else_=len(preferred))


def _allocate_taken(claim: Claim, device_ids: list[int], coordinator: User) -> list[Device]:
    """The lifecycle step ready → allocated for devices this unit of work just linked to the claim."""
    if not device_ids:
        return []
    devices = db.session.scalars(
        select(Device).where(Device.id.in_(device_ids)).order_by(Device.id).execution_options(populate_existing=True)
    ).all()
    apply_transitions(list(devices), DeviceStatus.ALLOCATED, actor=coordinator)
    db.session.expire(claim, ["devices"])
    mails.devices_allocated(claim, list(devices))
    return list(devices)
