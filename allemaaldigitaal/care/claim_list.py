"""Numbered pages of claims, and how many devices each has: one count, one page of rows, one count of devices."""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from allemaaldigitaal.core.enums import DeviceKind
from allemaaldigitaal.core.models import Claim, Device
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.paging import MAX_PER_PAGE, PER_PAGE, Page, page_of  # noqa: F401

NEWEST_FIRST = (Claim.created_at.desc(), Claim.id.desc())


def claims_page(query, number: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of the claims of a query (scoped by the caller), with their care organisation; past the last: empty."""
    return page_of(query, NEWEST_FIRST, number, per_page, (joinedload(Claim.care_organisation),))


def allocated_per_claim(claim_ids: list[int]) -> dict[int, dict[DeviceKind, int]]:
    """How many devices of each kind are linked to each of these claims now, zeros included."""
    counts = {claim_id: dict.fromkeys(DeviceKind, 0) for claim_id in claim_ids}
    if claim_ids:
        rows = db.session.execute(
            select(Device.claim_id, Device.kind, func.count()).where(Device.claim_id.in_(claim_ids))
            .group_by(Device.claim_id, Device.kind)
        )
        for claim_id, kind, count in rows:
            counts[claim_id][kind] = count
    return counts
