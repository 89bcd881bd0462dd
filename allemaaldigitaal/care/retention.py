"""Erasing the person from a handout once the retention period after it ends is over.

When a handout ends (dates in UTC):
- a gift ends on the day it was handed out: it is not expected back;
- a loan ends on its end date (loan_until), also when the device came back earlier, but only once the device is back
  (or reported lost or recycled): while the person still has it, the reference is the care organisation's only link;
- either ends later if the device came back, was lost or was recycled after that day (returned_at).

RECIPIENT_RETENTION_MONTHS (default 24) after that day, the recipient reference and the handout's note are erased
and personal_data_erased_at is set. An erased reference is the empty string, not NULL: the column stays NOT NULL
because SQLite cannot change it without building the handouts table anew, which it refuses while devices refer to
it. A new reference is never empty (handouts.register_handout), so an empty one always means erased.

The handout itself (device, care organisation, gift or loan, dates) and the device's history stay: the history never
held the reference, only who handed the device out and when.
"""
import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from allemaaldigitaal.core.enums import HandoutKind
from allemaaldigitaal.core.models import Device, Handout
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

ERASED_REFERENCE = ""
#: handouts erased per UPDATE, to stay well below the databases' limits on bound parameters
CHUNK = 500


@dataclass(frozen=True)
class Erased:
    """What the command reports about an erased handout: no personal data."""

    handout_id: int
    asset_tag: str
    ended_on: date


def retention_months() -> int:
    return current_app.config["RECIPIENT_RETENTION_MONTHS"]


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier; the month's last day when that month is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def ended_on(handout: Handout) -> date | None:
    """The day the handout ended, by the rule in this module's docstring; None for a loan whose device is still out."""
    if handout.kind == HandoutKind.LOAN and handout.returned_at is None:
        return None
    end = _utc_day(handout.handed_out_at) if handout.kind == HandoutKind.GIFT else handout.loan_until
    if handout.returned_at is not None:
        end = max(end, _utc_day(handout.returned_at))
    return end


def ended_by(cutoff: date):
    """The SQL condition: the handout ended on or before cutoff (the same rule as ended_on)."""
    next_day = datetime.combine(cutoff + timedelta(days=1), time.min, tzinfo=UTC)
    return and_(
        or_(
            and_(Handout.kind == HandoutKind.GIFT, Handout.handed_out_at < next_day),
            and_(Handout.kind == HandoutKind.LOAN, Handout.loan_until <= cutoff, Handout.returned_at.is_not(None)),
        ),
        or_(Handout.returned_at.is_(None), Handout.returned_at < next_day),
    )


def due_for_erasure(today: date | None = None, months: int | None = None) -> list[tuple[Handout, str]]:
    """The handouts whose retention period is over and that still hold personal data, with their device's tag."""
    cutoff = months_before(today or utcnow().date(), retention_months() if months is None else months)
    return [tuple(row) for row in db.session.execute(
        select(Handout, Device.asset_tag)
        .join(Device, Device.id == Handout.device_id)
        .where(Handout.personal_data_erased_at.is_(None), ended_by(cutoff))
        .order_by(Handout.id)
    )]


def erase_personal_data(
    today: date | None = None, months: int | None = None, dry_run: bool = False
) -> list[Erased]:
    """Erase the reference and note of every handout that is due; with dry_run only say which. Never commits."""
    due = due_for_erasure(today, months)
    if not dry_run:
        now = utcnow()
        for start in range(0, len(due), CHUNK):
            ids = [handout.id for handout, _tag in due[start:start + CHUNK]]
            db.session.execute(
                update(Handout)
                .where(Handout.id.in_(ids), Handout.personal_data_erased_at.is_(None))
                .values(recipient_reference=ERASED_REFERENCE, note=None, personal_data_erased_at=now)
                .execution_options(synchronize_session="fetch")
            )
    return [Erased(handout.id, tag, ended_on(handout)) for handout, tag in due]
