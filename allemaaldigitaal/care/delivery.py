"""Taking delivery on the claim page: the care organisation ticks the allocated devices it has received.

All or nothing: every ticked device is checked first with the same rules as the scan station's "deliver"
(devices.transitions); when one is refused, nothing is written and every refused device is named with its reason.
Otherwise each moves allocated → delivered and into the care organisation's custody.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Claim, Device, User
from allemaaldigitaal.core.tags import InvalidTag, format_tag, normalise_tag
from allemaaldigitaal.devices.transitions import step_refusal, take_step
from allemaaldigitaal.extensions import db

NONE_TICKED = _l("Vink de apparaten aan die jullie hebben ontvangen.")
#: more than one claim can hold (1,000 laptops and 1,000 tablets)
MAX_TICKED = 2000
NOT_ON_CLAIM = _l("Dit apparaat hoort niet bij deze aanvraag.")


@dataclass(frozen=True)
class Refusal:
    #: the tag as people write it (or the text sent, when it is no tag)
    tag: str
    message: str
    code: str


class DeliveryRefused(DomainError):
    """One or more ticked devices cannot be received now; nothing was written."""

    def __init__(self, refusals: list[Refusal]):
        super().__init__(_l("Er is niets opgeslagen. Deze apparaten kunnen nu niet worden ontvangen:"), "tags")
        self.refusals = refusals


def _canonical(sent: list[str]) -> tuple[list[str], list[Refusal]]:
    tags, refusals = [], []
    for text in dict.fromkeys(sent):
        try:
            tags.append(normalise_tag(text))
        except InvalidTag as error:
            refusals.append(Refusal(text[:40], str(error), "invalid_tag"))
    return list(dict.fromkeys(tags)), refusals


def _refusals(actor: User, tags: list[str], found: dict[str, Device]) -> list[Refusal]:
    refusals = []
    for tag in tags:
        device = found.get(tag)
        if device is None:
            refusals.append(Refusal(format_tag(tag), str(NOT_ON_CLAIM), "not_on_claim"))
            continue
        refused = step_refusal(actor, device, S.DELIVERED)
        if refused is not None:
            refusals.append(Refusal(format_tag(tag), str(refused.message), refused.code))
    return refusals


def receive_devices(actor: User, claim: Claim, tags: list[str]) -> list[Device]:
    """Move the ticked devices of the claim to delivered, in the actor's custody; all or none; never commits."""
    if not tags:
        raise DomainError(NONE_TICKED, "tags")
    if len(tags) > MAX_TICKED:
        raise DomainError(_l("Vink hoogstens %(max)s apparaten tegelijk aan.", max=MAX_TICKED), "tags")
    tags, unreadable = _canonical(tags)
    found = {device.asset_tag: device for device in db.session.scalars(
        select(Device).where(Device.claim_id == claim.id, Device.asset_tag.in_(tags)).order_by(Device.id)
    )}
    refusals = unreadable + _refusals(actor, tags, found)
    if refusals:
        raise DeliveryRefused(refusals)
    devices = sorted(found.values(), key=lambda device: device.id)
    for device in devices:
        take_step(actor, device, S.DELIVERED)
    return devices
