"""Numbered pages of a list of donations: one count and one page of rows, so every page costs the same queries."""
from dataclasses import dataclass
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from allemaaldigitaal.core.models import Donation
from allemaaldigitaal.extensions import db

#: donations per page of the list page, and at most per page of the API
PER_PAGE = 50
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class Page:
    """Page `number` (from 1) of `total` donations, `per_page` a page, newest first."""

    donations: list[Donation]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_of(query, number: int = 1, per_page: int = PER_PAGE, last_if_beyond: bool = False) -> Page:
    """One page of the donations of a query (scoped by the caller), with their donor and workshop loaded.

    A page past the last is empty, or with `last_if_beyond` the last page (for the list page).
    """
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = max(1, number)
    if last_if_beyond:
        number = min(number, max(1, ceil(total / per_page)))
    rows = query.options(joinedload(Donation.donor), joinedload(Donation.refurbisher)).order_by(
        Donation.created_at.desc(), Donation.id.desc()
    ).offset((number - 1) * per_page).limit(per_page)
    return Page(list(db.session.scalars(rows)), number, per_page, total)
