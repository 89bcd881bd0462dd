"""Devices for a donation, one by one or many at once: who may add them, each row checked by name, all or none saved.

A row is text keyed by field (from a spreadsheet, the API or a form); `check_rows` turns every row into DeviceSpecs
or into its problems, before anything is written. `add_devices` writes all rows in a few statements: tags issued
in bulk, the devices, and the first event of each, as core.lifecycle.record_creation writes it one by one.
"""
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, insert, select

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus, OrganisationKind as K, StorageType
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import record_creations
from allemaaldigitaal.core.models import Device, Donation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.devices.asset_tags import issue_tags, values_in
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.extensions import db

from .services import is_collected

#: the control characters web.text refuses (Unicode category Cc but tab, newline and carriage return), as one pattern
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
KINDS = {"laptop": DeviceKind.LAPTOP, "notebook": DeviceKind.LAPTOP, "tablet": DeviceKind.TABLET, "ipad": DeviceKind.TABLET}
STORAGE_TYPES = {
    **{member.value: member for member in StorageType},
    "harde schijf": StorageType.HDD, "hard disk": StorageType.HDD, "anders": StorageType.OTHER,
    "m.2": StorageType.NVME, "emmc": StorageType.EMMC,
}
YES = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
NO = {"nee", "n", "no", "false", "onwaar", "0"}
NUMBER = re.compile(r"^(\d{1,7})(?:[.,]0+)?\s*(?:gb)?$", re.IGNORECASE)
TEXT_FIELDS = ("brand", "model", "serial_number", "donor_asset_number", "cpu")
NUMBER_FIELDS = ("ram_gb", "storage_gb", "storage_media_count")
#: the columns of a device a person types, for the "too long" check
MAX_LENGTHS = {name: Device.__table__.c[name].type.length for name in TEXT_FIELDS}
FIELDS = ("kind", *TEXT_FIELDS, *NUMBER_FIELDS, "storage_type", "charger_included")


@dataclass
class CheckedRow:
    """A row with its number (spreadsheet row or list position), and either its specs or its problems by field."""

    number: int
    specs: DeviceSpecs | None = None
    problems: dict[str, list[str]] = field(default_factory=dict)


class RowsRefused(DomainError):
    """Some rows have problems: nothing is saved; `rows` holds every row with its problems."""

    def __init__(self, rows: list[CheckedRow]):
        super().__init__(_l("Niet alle regels kloppen. Er is niets opgeslagen. Verbeter de regels en probeer het opnieuw."))
        self.rows = rows


def may_add_devices(donation: Donation, user: User) -> bool:
    """The donor until the donation is collected; its workshop; a coordinator; nobody once it is cancelled."""
    if donation.cancelled_at is not None:
        return False
    if user.kind == K.DONOR:
        return donation.donor_id == user.organisation_id and not is_collected(donation)
    if user.kind == K.REFURBISHER:
        return donation.refurbisher_id == user.organisation_id
    return user.kind == K.COORDINATOR


def refuse_unless_allowed(donation: Donation, actor: User) -> None:
    """A DomainError that says why, when this user may not add devices to the donation (now)."""
    if donation.cancelled_at is not None:
        raise DomainError(_l("Deze donatie is geannuleerd. Er kunnen geen apparaten meer bij."))
    if not may_add_devices(donation, actor):
        raise DomainError(_l("Bij deze donatie kun je geen apparaten meer toevoegen: de werkplaats heeft ze al opgehaald."))


def add_one(donation: Donation, actor: User, row: Mapping[str, object], preprinted_tag: str | None = None) -> Device:
    """One device from a form: checked like a spreadsheet row; a pre-printed tag only from a workshop or coordinator."""
    refuse_unless_allowed(donation, actor)
    checked = check_rows([(1, row)])[0]
    if checked.problems:
        raise RowsRefused([checked])
    if actor.kind == K.DONOR:
        preprinted_tag = None
    return add_device(donation, actor, checked.specs, preprinted_tag)


def check_rows(rows: Iterable[tuple[int, Mapping[str, object]]]) -> list[CheckedRow]:
    """Every row checked on its own, then serials twice in the rows and serials already registered."""
    checked = [_check_row(number, cells) for number, cells in rows]
    _mark_repeated_serials(checked)
    _mark_registered_serials(checked)
    return checked


def add_devices(donation: Donation, actor: User, rows: Iterable[tuple[int, Mapping[str, object]]]) -> list[str]:
    """All rows as pledged devices with tags and first events, or none (RowsRefused lists every row's problems); their tags."""
    refuse_unless_allowed(donation, actor)
    checked = check_rows(rows)
    refused = [row for row in checked if row.problems]
    if refused:
        raise RowsRefused(refused)
    return insert_devices(donation, actor, [row.specs for row in checked])


def insert_devices(donation: Donation, actor: User | None, specs: list[DeviceSpecs]) -> list[str]:
    """Checked specs as devices in bulk (tags, devices, first events in a few statements); their tags; never commits."""
    if not specs:
        return []
    tags = issue_tags(len(specs))
    now = utcnow()
    values = [
        {**vars(spec), "asset_tag": tag, "donation_id": donation.id, "status": DeviceStatus.PLEDGED,
         "created_at": now, "updated_at": now, "status_changed_at": now}
        for spec, tag in zip(specs, tags, strict=True)
    ]
    _insert_rows(Device.__table__, values)
    record_creations(Device.donation_id == donation.id, actor=actor, at=now)
    db.session.expire(donation, ["devices"])
    return tags


def _insert_rows(table, values: list[dict]) -> None:
    """Many rows in one go: COPY on PostgreSQL (one stream instead of a statement per row), executemany elsewhere."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), values)
        return
    # COPY leaves out what SQLAlchemy adds on an INSERT: the columns' own defaults
    defaults = {column.name: column.default.arg for column in table.columns
                if column.name not in values[0] and column.default is not None and column.default.is_scalar}
    values = [{**row, **defaults} for row in values]
    names = list(values[0])
    columns = ", ".join(connection.dialect.identifier_preparer.quote(name) for name in names)
    with connection.connection.dbapi_connection.cursor() as cursor, cursor.copy(
        f"COPY {table.name} ({columns}) FROM STDIN"  # the table's own column names
    ) as copy:
        for row in values:
            copy.write_row([value.value if isinstance(value, Enum) else value for value in row.values()])


def _check_row(number: int, cells: Mapping[str, object]) -> CheckedRow:
    row = CheckedRow(number)
    values: dict[str, object] = {}
    for name in FIELDS:
        raw = cells.get(name)
        text = "" if raw is None else str(raw).strip()
        try:
            values[name] = _PARSERS[name](text, raw)
        except ValueError as error:
            row.problems.setdefault(name, []).append(str(error))
    if not row.problems:
        row.specs = DeviceSpecs(**{name: value for name, value in values.items() if value is not None})
    return row


def _kind(text: str, raw) -> DeviceKind:
    if not text:
        raise ValueError(_l("Vul de soort in: laptop of tablet."))
    kind = KINDS.get(text.casefold())
    if kind is None:
        raise ValueError(_l("'%(value)s' kennen we niet als soort. Vul laptop of tablet in.", value=text[:40]))
    return kind


def _text(name: str, required: bool = False):
    def parse(text: str, raw) -> str | None:
        if raw is not None and (isinstance(raw, bool) or not isinstance(raw, str | int)):
            raise ValueError(_l("Vul hier tekst in."))
        if CONTROL_CHARACTERS.search(text):
            raise ValueError(_l("Hier staan onzichtbare tekens in. Typ de waarde opnieuw."))
        if required and not text:
            raise ValueError(_l("Vul het serienummer in. Het staat meestal op een sticker onder het apparaat."))
        if len(text) > MAX_LENGTHS[name]:
            raise ValueError(_l("Dit is te lang: hoogstens %(limit)s tekens.", limit=MAX_LENGTHS[name]))
        return text or None
    return parse


def _number(minimum: int, default: int | None = None):
    def parse(text: str, raw) -> int | None:
        if isinstance(raw, bool):
            raise ValueError(_l("Vul een heel getal in, zoals 8."))
        if not text:
            return default
        match = NUMBER.match(text)
        if match is None or int(match.group(1)) < minimum:
            raise ValueError(_l("'%(value)s' is geen heel getal van %(minimum)s of meer.", value=text[:20], minimum=minimum))
        return int(match.group(1))
    return parse


def _storage_type(text: str, raw) -> StorageType | None:
    if not text:
        return None
    found = STORAGE_TYPES.get(text.casefold())
    if found is None:
        raise ValueError(_l("'%(value)s' kennen we niet als soort opslag. Kies hdd, ssd, nvme, emmc of anders.", value=text[:40]))
    return found


def _yes_no(text: str, raw) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if not text:
        return None
    if text.casefold() in YES:
        return True
    if text.casefold() in NO:
        return False
    raise ValueError(_l("Vul ja of nee in."))


_PARSERS = {
    "kind": _kind,
    **{name: _text(name, required=name == "serial_number") for name in TEXT_FIELDS},
    "ram_gb": _number(0),
    "storage_gb": _number(0),
    "storage_media_count": _number(1, default=1),
    "storage_type": _storage_type,
    "charger_included": _yes_no,
}


def _serial_key(serial: str) -> str:
    return serial.strip().upper()


def _mark_repeated_serials(rows: list[CheckedRow]) -> None:
    first_seen: dict[str, int] = {}
    for row in rows:
        if row.specs is None or not row.specs.serial_number:
            continue
        key = _serial_key(row.specs.serial_number)
        if key in first_seen:
            row.problems.setdefault("serial_number", []).append(
                _l("Dit serienummer staat ook op regel %(row)s.", row=first_seen[key])
            )
        else:
            first_seen[key] = row.number


def _mark_registered_serials(rows: list[CheckedRow]) -> None:
    keyed: dict[str, list[CheckedRow]] = {}
    for row in rows:
        if row.specs is not None and row.specs.serial_number:
            keyed.setdefault(_serial_key(row.specs.serial_number), []).append(row)
    keys = list(keyed)
    # a cancelled device never left its donor, so its serial may be pledged again (NULL matches no key)
    registered = values_in(case((Device.status != DeviceStatus.CANCELLED, func.upper(Device.serial_number))), keys)
    for key in registered & set(keys):
        for row in keyed[key]:
            row.problems.setdefault("serial_number", []).append(_l("Een apparaat met dit serienummer is al aangemeld."))
    for row in rows:
        if row.problems:
            row.specs = None


def suggestions(column, limit: int = 200) -> list[str]:
    """The most common values of a device column (brand or model) registered so far: no personal data."""
    query = (
        select(column).where(column.is_not(None)).group_by(column)
        .order_by(func.count().desc(), column).limit(limit)
    )
    return sorted(db.session.scalars(query), key=str.casefold)
