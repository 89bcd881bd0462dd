"""Numbered pages of a list (page and API): one count and one page of rows, so every page costs the same queries."""
from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil

from flask import url_for
from sqlalchemy import Select, func, select

from allemaaldigitaal.extensions import db

#: rows per page by default, and at most per page of an API list
PER_PAGE = 50
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class Page:
    """Page `number` (from 1) of `total` rows, `per_page` a page."""

    items: list
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


def page_of(query: Select, order_by: Sequence, number: int = 1, per_page: int = PER_PAGE, options: Sequence = (),
            last_if_beyond: bool = False) -> Page:
    """One page of a query's rows (scoped by the caller). A page past the last is empty, or with `last_if_beyond`
    the last page (for a list page)."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = max(1, number)
    if last_if_beyond:
        number = min(number, max(1, ceil(total / per_page)))
    rows = query.options(*options).order_by(*order_by).offset((number - 1) * per_page).limit(per_page)
    return Page(list(db.session.scalars(rows)), number, per_page, total)


def page_headers(page: Page, endpoint: str) -> dict[str, str]:
    """X-Total-Count and a Link header (first, prev, next, last) for an API list of numbered pages."""
    def link(number: int, rel: str) -> str:
        url = url_for(endpoint, page=number, per_page=page.per_page, _external=True)
        return f'<{url}>; rel="{rel}"'

    links = [link(1, "first")]
    if page.has_previous:
        links.append(link(min(page.number - 1, page.pages), "prev"))
    if page.has_next:
        links.append(link(page.number + 1, "next"))
    links.append(link(page.pages, "last"))
    return {"X-Total-Count": str(page.total), "Link": ", ".join(links)}
