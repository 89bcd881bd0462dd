"""What the device page and the device API read: the device with its history, checks and wipes in a few queries,
and the likely fix of a tag whose check character fails."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.models import Device, DeviceCheck, DeviceEvent, User, WipeRecord
from allemaaldigitaal.core.tags import ALPHABET, PREFIX, is_valid_tag
from allemaaldigitaal.extensions import db

from .filters import device_by_tag

#: everything the page shows, loaded with the device: one query for the device and its donation, one for its
#: events with their organisations, one for its wipe records (no lazy loads afterwards)
PAGE_OPTIONS = (
    joinedload(Device.donation),
    selectinload(Device.events).joinedload(DeviceEvent.organisation),
    selectinload(Device.wipe_records),
)
#: who takes status steps on the device page and through the API (a donor takes none)
STEPPERS = (K.REFURBISHER, K.CARE, K.COORDINATOR)
#: steps that ask for a reason before they are taken
REASONED = (S.RECYCLED, S.LOST)
#: how many likely fixes of a mistyped tag are offered at most
MAX_FIXES = 5


def device_for_page(user: User, tag: str) -> Device | None:
    """The device with this canonical tag and all the page shows, if the user may see it."""
    return device_by_tag(user, tag, PAGE_OPTIONS)


def device_checks(device: Device) -> list[DeviceCheck]:
    """The device's inspections, newest first (the device is one the reader may see, so its checks are too)."""
    return list(db.session.scalars(
        select(DeviceCheck).where(DeviceCheck.device_id == device.id)
        .order_by(DeviceCheck.checked_at.desc(), DeviceCheck.id.desc())
    ))


def newest_wipes(device: Device) -> list[WipeRecord]:
    """The wipe records loaded with the device, newest first."""
    return sorted(device.wipe_records, key=lambda wipe: (wipe.finished_at, wipe.id), reverse=True)


def _compact(typed: str) -> str:
    text = "".join(typed.upper().replace("-", " ").split()).translate(str.maketrans("OIL", "011"))
    return text[len(PREFIX):] if text.startswith(PREFIX) and len(text) > 9 else text


def likely_tags(typed: str) -> list[str]:
    """Every valid tag one typo (a wrong character, or two neighbours swapped) away from what was typed."""
    body = _compact(typed)
    variants = {body[:at] + symbol + body[at + 1:] for at in range(len(body)) for symbol in ALPHABET}
    variants |= {body[:at] + body[at + 1] + body[at] + body[at + 2:] for at in range(len(body) - 1)}
    variants.discard(body)
    return sorted(variant for variant in variants if is_valid_tag(variant))


def visible_fixes(user: User, typed: str) -> list[str]:
    """The likely tags of devices that exist and that the user may see."""
    candidates = likely_tags(typed)
    if not candidates:
        return []
    query = scoped(Device, user).where(Device.asset_tag.in_(candidates)).order_by(Device.asset_tag)
    return list(db.session.scalars(query.with_only_columns(Device.asset_tag).limit(MAX_FIXES)))
