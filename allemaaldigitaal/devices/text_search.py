"""The device list's text search: part of a tag, serial number, brand and model, or donor asset number.

Read from trigram indexes (migrations 0022, 0026): PostgreSQL's pg_trgm index on one lower-case text of the searched
fields, kept in a generated column; SQLite's FTS5 table devices_search, kept in step by triggers. PostgreSQL counts
from two more generated columns (migration 0028), and a text too short for a trigram index from a narrow copy of
each device (migration 0029).
"""
from sqlalchemy import Column, and_, bindparam, column, exists, func, literal_column, or_, select, table
from sqlalchemy.sql.visitors import replacement_traverse

from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import InvalidTag, normalise_tag
from allemaaldigitaal.extensions import db


def _dialect() -> str:
    return db.session.get_bind().dialect.name


#: joins the searched fields in the trigram indexes of migration 0022; no one types it, so no match spans two fields
SEPARATOR = chr(31)
#: the shortest text a trigram index can look up
TRIGRAM = 3
#: from this many matches on, SQLite reads the list's own order (see _fields_contain) and counts the search table's
#: text (see count_matching)
BROAD = 1000
DEVICES_SEARCH = table("devices_search", column("rowid"), column("search_text"))
#: FTS5's own copy of the table's text (its shadow table %_content: id is the rowid, c0 the column search_text)
SEARCH_CONTENT = table("devices_search_content", column("id"), column("c0"))
#: PostgreSQL's lower-case texts of the brand and model and of the serial and donor asset numbers (migration 0028),
#: generated columns outside the models
BRAND_MODELS = table("devices", column("brand_model_text"))
BRAND_MODEL_TEXT, CODES_TEXT = literal_column("devices.brand_model_text"), literal_column("devices.codes_text")
#: PostgreSQL's narrow copy of each device: its search text and the columns the scopes and filters test (migration
#: 0029, kept in step by triggers), outside the models
SEARCH_ROWS = table("devices_search_rows", *(column(name) for name in (
    "id", "search_text", "kind", "status", "donation_id", "custodian_id", "claim_id", "asset_tag")))


def text_condition(text: str):
    """Part of a tag (in any form), serial number, brand and model, or donor asset number."""
    text = text.strip()
    return or_(_fields_contain(text), *_tag_conditions(text))


def _fields_contain(text: str):
    """Part of the serial number, brand and model, or donor asset number, in any case (ASCII letters, as LIKE).

    PostgreSQL: LIKE on the indexed text (lower case), which its trigram index answers. SQLite: the devices its
    trigram table (FTS5) finds for a text of 3 characters or more, checked with the same LIKE as always (FTS5 folds the
    case of all letters, LIKE of ASCII ones only). When that table finds very many, the page is quicker found by
    walking the list's order and testing each device until the page is full, so there the plain LIKE is used."""
    like = _like(text)
    if _dialect() == "postgresql" and SEPARATOR not in text:
        # backslash is also PostgreSQL's own escape character for LIKE: no ESCAPE clause, which the index could not read
        return _search_text().like(func.lower(like))
    if _dialect() != "sqlite" or len(text) < TRIGRAM or _broad(text):
        return _plain_contain(like)
    return _checked_trigram_matches(text, like)


def _plain_contain(like: str):
    """The searched fields LIKE the pattern, read from the devices themselves."""
    brand_model = func.coalesce(Device.brand, "") + " " + func.coalesce(Device.model, "")
    return or_(*(contains(field, like) for field in (Device.serial_number, brand_model, Device.donor_asset_number)))


def count_matching(text: str, within=None) -> int | None:
    """How many devices text_condition finds among those `within` holds (a condition on the devices: the user's
    scope and the list's other filters; None: all), or None where counting the devices themselves is as quick.

    SQLite, for a short text or one that very many devices match: one LIKE over the search table's own copy of the
    searched text (narrow rows, one text a device) instead of three over the devices, joined to the devices for
    `within`, plus the devices found only by their tag. Without the separator in the text, LIKE '%text%' on the
    joined text finds exactly the devices whose serial number, brand and model, or donor asset number contains it,
    in the same case rules. A text that few devices match is counted as text_condition finds it, asking the trigram
    table only once whether it is broad.

    PostgreSQL: a text of three characters or more by brand and model, and by code (_count_by_model_and_code); a
    shorter one, which no trigram index can look up, from the narrow copy of every device (short_text_ids)."""
    text = text.strip()
    if SEPARATOR in text:
        return None
    like = _like(text)
    if _dialect() == "postgresql":
        short = short_text_ids(text, within)
        if short is None:
            return _count_by_model_and_code(text, func.lower(like), within)
        return db.session.scalar(short.with_only_columns(func.count(), maintain_column_froms=True))
    if _dialect() != "sqlite":
        return None
    if len(text) >= TRIGRAM and not _broad(text):
        found = or_(_checked_trigram_matches(text, like), *_tag_conditions(text))
        return db.session.scalar(select(func.count()).select_from(Device).where(found, *_holding(within)))
    return _count_in_search_content(text, like, within)


def short_text_ids(text: str, within=None):
    """The ids of the devices (that `within` holds) that a text too short for a trigram index finds, read from a
    narrow copy of the searched text rather than from the devices' wide rows: PostgreSQL's devices_search_rows, which
    also copies the columns the scopes and filters test, or SQLite's search table's own copy of the text, joined to the
    devices. None for a longer text."""
    text = text.strip()
    if len(text) >= TRIGRAM or SEPARATOR in text:
        return None
    if _dialect() == "postgresql":
        return select(SEARCH_ROWS.c.id).where(_found_in_search_rows(text, within))
    if _dialect() != "sqlite":
        return None
    in_search_text = select(SEARCH_CONTENT.c.id).where(contains(SEARCH_CONTENT.c.c0, _like(text)))
    return select(Device.id).where(or_(Device.id.in_(in_search_text), *_tag_conditions(text)), *_holding(within))


def _found_in_search_rows(text: str, within):
    """text_condition and `within` on the search rows: one scan of narrow rows instead of the devices' wide ones."""
    found = or_(SEARCH_ROWS.c.search_text.like(func.lower(_like(text))), *_tag_conditions(text))
    return on_search_rows(and_(found, *_holding(within)))


def on_search_rows(condition):
    """A condition on the devices' columns made one on the search rows' copies of them; KeyError for a column they do
    not copy."""
    def copy_of(element):
        if isinstance(element, Column) and element.table is Device.__table__:
            return SEARCH_ROWS.c[element.name]
        return None
    return replacement_traverse(condition, {}, copy_of)


def _holding(within) -> list:
    return [] if within is None else [within]


def _count_in_search_content(text: str, like: str, within) -> int:
    """Every device (that `within` holds) whose searched text is LIKE the pattern, or that only its tag finds."""
    in_search_text = contains(SEARCH_CONTENT.c.c0, like)
    by_text = select(func.count()).select_from(SEARCH_CONTENT)
    if within is not None:
        by_text = by_text.join(Device, Device.id == SEARCH_CONTENT.c.id).where(within)
    counted = db.session.scalar(by_text.where(in_search_text))
    tags = _tag_conditions(text)
    if tags:
        found_by_text = exists().where(SEARCH_CONTENT.c.id == Device.id, in_search_text)
        counted += db.session.scalar(
            select(func.count()).select_from(Device).where(or_(*tags), ~found_by_text, *_holding(within)))
    return counted


def _count_by_model_and_code(text: str, pattern, within) -> int:
    """PostgreSQL: the devices whose brand and model hold the text, plus those that only their serial number or donor
    asset number finds, plus those that only their tag finds (migration 0028). A text in a quarter of all devices
    (a brand, a model) is tested once per different brand and model, not once per device."""
    counted = db.session.scalar(by_model_and_code(pattern, within))
    tags = _tag_conditions(text)
    if tags:
        by_text = or_(BRAND_MODEL_TEXT.like(pattern), CODES_TEXT.like(pattern))
        counted += db.session.scalar(
            select(func.count()).select_from(Device).where(or_(*tags), ~by_text, *_holding(within)))
    return counted


def by_model_and_code(pattern, within=None):
    """How many devices (that `within` holds) the pattern finds in their brand and model, or only in their codes
    (PostgreSQL). The index of the brand and model holds the columns of the scopes and filters, so the devices of
    the matching brands and models are counted from it alone. Those are read first and written into the count as
    values, so the planner sees how many devices they have (a subquery's ids look like most of the few brands and
    models, and so like most devices)."""
    in_model = BRAND_MODEL_TEXT.like(pattern)
    models = bindparam("models", list(db.session.scalars(_models(pattern))), expanding=True, literal_execute=True)
    by_model = select(func.count()).select_from(Device).where(BRAND_MODEL_TEXT.in_(models), *_holding(within))
    by_code = select(func.count()).select_from(Device).where(CODES_TEXT.like(pattern), ~in_model, *_holding(within))
    return select(by_model.scalar_subquery() + by_code.scalar_subquery())


def _models(pattern):
    """The different brands and models that hold the pattern, read from their index one jump at a time."""
    first = select(BRAND_MODELS.c.brand_model_text.label("model")).order_by(BRAND_MODELS.c.brand_model_text).limit(1)
    models = first.cte("models", recursive=True)
    later = BRAND_MODELS.alias("later")
    following = (select(later.c.brand_model_text).where(later.c.brand_model_text > models.c.model)
                 .order_by(later.c.brand_model_text).limit(1).scalar_subquery())
    models = models.union_all(select(following).where(models.c.model.is_not(None)))
    return select(models.c.model).where(models.c.model.like(pattern))


def _like(text: str) -> str:
    """The LIKE pattern of a part of a text, with backslash as its escape character."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _checked_trigram_matches(text: str, like: str):
    """The devices SQLite's trigram table finds, checked with the plain LIKE (the table folds the case of every letter)."""
    return and_(Device.id.in_(_trigram_matches(text)), _plain_contain(like))


def _trigram_matches(text: str):
    """The rowids (device ids) in SQLite's trigram table that hold the text in any case (3 characters or more)."""
    return select(DEVICES_SEARCH.c.rowid).where(DEVICES_SEARCH.c.search_text.match('"' + text.replace('"', '""') + '"'))


def _broad(text: str) -> bool:
    """Whether SQLite's trigram table finds at least BROAD devices for the text."""
    found = _trigram_matches(text).limit(BROAD).subquery()
    return db.session.scalar(select(func.count()).select_from(found)) >= BROAD


def _search_text():
    """The text PostgreSQL's trigram index holds: a column the database generates (migration 0026), outside the
    models."""
    return literal_column("devices.search_text")


def _tag_conditions(text: str) -> list:
    """The tag itself, or tags that start with the text (with or without AD in front)."""
    try:
        return [Device.asset_tag == normalise_tag(text)]
    except InvalidTag:
        compact = "".join(part for part in text.upper().replace("-", " ").split())
        if not compact.isalnum():
            return []
        prefixes = [compact] + ([compact[2:]] if compact.startswith("AD") and len(compact) > 2 else [])
        return [_starts_with(prefix) for prefix in prefixes]


def _starts_with(prefix: str):
    """Tags that start with an upper-case prefix. SQLite reads LIKE 'X%' from no index (its LIKE ignores case), so
    there the range of the unique index narrows it first (tags are upper case); PostgreSQL reads it from the tag's
    pattern index (migration 0022)."""
    if _dialect() == "sqlite" and prefix.isascii():
        return and_(Device.asset_tag >= prefix, Device.asset_tag < prefix + "\x7f", Device.asset_tag.startswith(prefix))
    return Device.asset_tag.startswith(prefix)


def contains(column, like: str):
    """column LIKE like in any case. SQLite's LIKE already ignores the case of ASCII letters, and lower() on every
    row would double the cost of a search; PostgreSQL has ILIKE."""
    if _dialect() == "sqlite":
        return column.like(like, escape="\\")
    return column.ilike(like, escape="\\")
