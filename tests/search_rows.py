"""What the copies of the devices' columns for the text search must hold: PostgreSQL's brand and model index
(migration 0028) and narrow copy of each device (migration 0029)."""
from sqlalchemy import Column, select, text
from sqlalchemy.sql.visitors import iterate

from allemaaldigitaal.core.access import visible
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.devices.filters import DeviceFilter
from allemaaldigitaal.devices.text_search import SEARCH_ROWS

COPIED = [column.name for column in SEARCH_ROWS.c if column.name != "search_text"]


def copies_differ(session) -> list:
    """The devices whose copy is missing or differs from the device, and copies without a device."""
    devices = Device.__table__
    ours = select(*(devices.c[name] for name in COPIED), text("devices.search_text"))
    theirs = select(*(SEARCH_ROWS.c[name] for name in COPIED), SEARCH_ROWS.c.search_text)
    return list(session.execute(ours.except_(theirs))) + list(session.execute(theirs.except_(ours)))


def every_scope_and_filter(make) -> list:
    """The conditions of every role's scope and of every filter but the text."""
    every = DeviceFilter(donation="DON-1", status=DeviceStatus.READY, tags=("X",), kind=DeviceKind.LAPTOP, workshop=1,
                         care=2)
    return [visible(Device, make.one(kind)) for kind in K] + every._conditions()


def devices_columns(condition) -> set[str]:
    """The names of the devices' columns the condition tests, in subqueries too."""
    return {element.name for element in iterate(condition)
            if isinstance(element, Column) and element.table is Device.__table__}
