"""Handing out asset tags: new, never used before by a device or a pre-printed label, and registered in asset_tags.

Each tag handed out gets a row in asset_tags (primary key: the tag) in the same transaction as the device or
pre-printed label that carries it. The check below skips tags in use; the primary key refuses a tag that a
simultaneous request took after the check, and commit_or_rollback turns that into a plain "try again".
"""
import random

from sqlalchemy import String, any_, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY

from allemaaldigitaal.core.models import AssetTag, Device
from allemaaldigitaal.core.tags import generate_tags
from allemaaldigitaal.extensions import db

#: how many values go into one IN (...) query (SQLite takes up to 32,766 parameters, PostgreSQL 65,535)
CHUNK = 5000


def values_in(column, values: list[str]) -> set[str]:
    """Which of the values the column holds: one array parameter on PostgreSQL, IN (…) in chunks elsewhere."""
    if not values:
        return set()
    if db.session.get_bind().dialect.name == "postgresql":
        return set(db.session.scalars(select(column).where(column == any_(bindparam("values", values, type_=ARRAY(String))))))
    found: set[str] = set()
    for start in range(0, len(values), CHUNK):
        found.update(db.session.scalars(select(column).where(column.in_(values[start:start + CHUNK]))))
    return found


def taken_tags(tags: set[str]) -> set[str]:
    """Which of these tags a device or a pre-printed label already has (registered or not)."""
    values = list(tags)
    return values_in(AssetTag.tag, values) | values_in(Device.asset_tag, values)


def issue_tags(count: int, rng: random.Random | None = None) -> list[str]:
    """`count` new tags, none in use and no two alike, each registered in asset_tags; never commits.

    A few statements however many tags: thousands for a spreadsheet import cost about as much as one.
    """
    chosen: list[str] = []
    while len(chosen) < count:
        candidates = set(generate_tags(count - len(chosen), rng)) - set(chosen)
        chosen.extend(sorted(candidates - taken_tags(candidates)))
    _register(chosen)
    return chosen


def _register(tags: list[str]) -> None:
    """One INSERT … SELECT unnest(array) on PostgreSQL; executemany (fast in SQLite) elsewhere."""
    table = AssetTag.__table__
    if db.session.get_bind().dialect.name == "postgresql":
        unnested = select(func.unnest(bindparam("tags", tags, type_=ARRAY(String))))
        db.session.execute(insert(table).from_select(["tag"], unnested))
    elif tags:
        db.session.execute(insert(table), [{"tag": tag} for tag in tags])
