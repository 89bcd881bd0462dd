"""One device along its path through the real services and the lifecycle, step by step (for tests and small worlds)."""
import random
from dataclasses import dataclass
from datetime import date, timedelta

from allemaaldigitaal.care.services import register_handout
from allemaaldigitaal.core.enums import (
    ConditionGrade,
    DeviceKind,
    DeviceStatus as S,
    HandoutKind,
    StorageType,
    WipeLevel,
    WipeTechnique,
    WipeVerification,
)
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Claim, Device, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.workshop.wiping import record_wipe

from .plan import PATHS


@dataclass
class Cast:
    """The demo people who act in the histories."""

    coordinator: User
    refurbishers: list[User]
    care: list[User]
    claims: list[Claim]


def bring_to(device: Device, target: S, cast: Cast, rng: random.Random, workshop: User) -> None:
    """Walk the device along its path to the target status, doing what each step needs first."""
    for step in PATHS[target]:
        if step == S.WIPED:
            _wipe_every_medium(device, workshop)
        actor, custodian, note = _prepare(device, step, cast, rng, workshop)
        apply_transition(device, step, actor=actor, note=note, custodian=custodian)


def _prepare(device: Device, step: S, cast: Cast, rng: random.Random, workshop: User):
    """Who acts, who holds the device afterwards and why, for one step of a demo path."""
    care_user = cast.care[device.id % len(cast.care)]
    if step in (S.RECEIVED, S.RETURNED):
        return workshop, workshop.organisation, None
    if step == S.READY:
        device.account_locks_cleared = True
        device.condition_grade = rng.choice(list(ConditionGrade))
    if step == S.ALLOCATED:
        device.claim = cast.claims[cast.care.index(care_user)]
        return cast.coordinator, None, None
    if step == S.DELIVERED:
        return workshop, care_user.organisation, None
    if step == S.HANDED_OUT:
        loan = rng.random() < 0.3
        register_handout(
            device, care_user, f"CL-{rng.randrange(10**6):06d}",
            HandoutKind.LOAN if loan else HandoutKind.GIFT,
            date.today() + timedelta(days=365) if loan else None,
        )
        return care_user, None, None
    if step == S.CANCELLED:
        return device.donation.donor.members[0], None, "Donateur heeft het apparaat zelf nodig"
    if step == S.RECYCLED:
        return workshop, None, "Moederbord defect; onderdelen hergebruikt"
    if step == S.LOST:
        return workshop, None, "Niet teruggevonden bij de inventarisatie"
    return workshop, None, None


def _wipe_every_medium(device: Device, workshop: User) -> None:
    finished = utcnow()
    for number in range(device.storage_media_count):
        record_wipe(
            device, workshop,
            medium_type=device.storage_type or StorageType.SSD,
            medium_serial=f"{device.serial_number}-M{number + 1}",
            medium_capacity_gb=device.storage_gb,
            level=WipeLevel.PURGE,
            technique=WipeTechnique.BLOCK_ERASE if device.kind == DeviceKind.LAPTOP else WipeTechnique.FACTORY_RESET_ENCRYPTED,
            tool="nwipe", tool_version="0.36",
            verification=WipeVerification.FULL,
            passed=True,
            started_at=finished,
            finished_at=finished,
        )
