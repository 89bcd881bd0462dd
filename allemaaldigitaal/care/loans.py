"""Open handouts and loans: which devices are with people now, and which loans end soon or are overdue; reads only.

Every query starts from access.scoped: a care organisation sees its own handouts, a coordinator every one. Each
function returns a select, so the loans page, the start page and the dashboard count and list the same rows.
A loan is overdue the day after its end date (loan_until is the last day the person may keep the device).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import HandoutKind
from allemaaldigitaal.core.models import Handout, Organisation, User
from allemaaldigitaal.core.models.types import today_here
from allemaaldigitaal.extensions import db

#: a loan that ends within so many days is listed as ending soon
ENDING_SOON_DAYS = 30


def open_handouts(user: User) -> Select:
    """Handouts the user may see whose device is still with the person (not returned, lost or recycled)."""
    return scoped(Handout, user).where(Handout.returned_at.is_(None))


def open_loans(user: User) -> Select:
    return open_handouts(user).where(Handout.kind == HandoutKind.LOAN)


def loans_ending(user: User, days: int = ENDING_SOON_DAYS, today: date | None = None) -> Select:
    """Open loans that end from today up to `days` days on, the first to end first; not the overdue ones."""
    today = today or today_here()
    return open_loans(user).where(
        Handout.loan_until >= today, Handout.loan_until <= today + timedelta(days=days)
    ).order_by(Handout.loan_until, Handout.id)


def overdue_loans(user: User, today: date | None = None) -> Select:
    """Open loans whose end date has passed, the longest overdue first."""
    today = today or today_here()
    return open_loans(user).where(Handout.loan_until < today).order_by(Handout.loan_until, Handout.id)


def overdue_per_organisation(user: User, today: date | None = None) -> list[tuple[Organisation, int]]:
    """How many loans are overdue per care organisation (for a coordinator: every one), most first."""
    overdue = overdue_loans(user, today).order_by(None).subquery()
    counts = (
        select(Organisation, func.count())
        .join(overdue, overdue.c.care_organisation_id == Organisation.id)
        .group_by(Organisation.id)
        .order_by(func.count().desc(), Organisation.name)
    )
    return [(organisation, count) for organisation, count in db.session.execute(counts)]


@dataclass(frozen=True)
class LoanRow:
    """A handout as a line of the loans page: with how many days are left (negative: so many days overdue)."""

    handout: Handout
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def loan_rows(handouts: list[Handout], today: date | None = None) -> list[LoanRow]:
    today = today or today_here()
    return [
        LoanRow(handout, (handout.loan_until - today).days if handout.loan_until is not None else None)
        for handout in handouts
    ]
