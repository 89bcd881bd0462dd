"""What the care pages show: claims with their counts, and where a claim's devices can be collected; reads only."""
from dataclasses import dataclass

from sqlalchemy import case, select

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import ClaimStatus, DeviceKind, DeviceStatus
from allemaaldigitaal.core.models import Claim, Device, Organisation, User
from allemaaldigitaal.extensions import db

from .claim_list import allocated_per_claim

OPEN = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
MAX_LISTED = 200


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    allocated: int

    @property
    def asked(self) -> int:
        return self.claim.laptops_requested + self.claim.tablets_requested


def claim_rows(user: User) -> list[ClaimRow]:
    """The claims the user may see: open ones first (undecided before approved), then the newest."""
    open_first = case((Claim.status == ClaimStatus.SUBMITTED, 0), (Claim.status == ClaimStatus.APPROVED, 1), else_=2)
    claims = db.session.scalars(
        scoped(Claim, user).order_by(open_first, Claim.created_at.desc(), Claim.id.desc()).limit(MAX_LISTED)
    ).all()
    counts = allocated_per_claim([claim.id for claim in claims])
    return [ClaimRow(claim, sum(counts[claim.id].values())) for claim in claims]


def claim_devices(claim: Claim) -> list[Device]:
    return list(db.session.scalars(
        select(Device).where(Device.claim_id == claim.id).order_by(Device.kind, Device.asset_tag)
    ))


def collection_points(devices: list[Device]) -> list[tuple[Organisation, dict[DeviceKind, int]]]:
    """The workshops that hold allocated devices, with how many of each kind wait there."""
    waiting: dict[int, dict[DeviceKind, int]] = {}
    holders: dict[int, Organisation] = {}
    for device in devices:
        if device.status == DeviceStatus.ALLOCATED and device.custodian is not None:
            holders[device.custodian_id] = device.custodian
            counts = waiting.setdefault(device.custodian_id, dict.fromkeys(DeviceKind, 0))
            counts[device.kind] += 1
    return [(holders[key], waiting[key]) for key in sorted(holders, key=lambda key: holders[key].name)]
