"""Numbered pages of a list of donations, newest first, with their donor and workshop loaded."""
from sqlalchemy.orm import joinedload

from allemaaldigitaal.core.models import Donation
from allemaaldigitaal.web import paging
from allemaaldigitaal.web.paging import MAX_PER_PAGE, PER_PAGE, Page  # noqa: F401 (the donations' page sizes)

NEWEST_FIRST = (Donation.created_at.desc(), Donation.id.desc())
WITH_PARTIES = (joinedload(Donation.donor), joinedload(Donation.refurbisher))


def page_of(query, number: int = 1, per_page: int = PER_PAGE, last_if_beyond: bool = False) -> Page:
    """One page of the donations of a query (scoped by the caller)."""
    return paging.page_of(query, NEWEST_FIRST, number, per_page, WITH_PARTIES, last_if_beyond)
