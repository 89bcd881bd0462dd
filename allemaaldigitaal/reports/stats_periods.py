"""Calendar months and days in Europe/Amsterdam, as UTC bounds the database can compare with."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def today_in_amsterdam(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


def month_starts(now: datetime, months: int) -> list[datetime]:
    """The starts (in UTC) of the last `months` Amsterdam months, this one included, and of the next month."""
    local = now.astimezone(AMSTERDAM)
    year, month = local.year, local.month - (months - 1)
    starts = []
    for _ in range(months + 1):
        while month < 1:
            year, month = year - 1, month + 12
        while month > 12:
            year, month = year + 1, month - 12
        starts.append(datetime(year, month, 1, tzinfo=AMSTERDAM).astimezone(UTC))
        month += 1
    return starts


def month_index(column, starts: list[datetime]):
    """SQL for the number of the month (0 for the first) a time falls in; the query keeps it within the bounds."""
    return case(*[(column < start, number) for number, start in enumerate(starts[1:-1])], else_=len(starts) - 2)
