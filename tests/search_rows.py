"""PostgreSQL's narrow copy of each device (migration 0029), compared with the devices."""
from sqlalchemy import select, text

from allemaaldigitaal.core.models import Device
from allemaaldigitaal.devices.text_search import SEARCH_ROWS

COPIED = [column.name for column in SEARCH_ROWS.c if column.name != "search_text"]


def copies_differ(session) -> list:
    """The devices whose copy is missing or differs from the device, and copies without a device."""
    devices = Device.__table__
    ours = select(*(devices.c[name] for name in COPIED), text("devices.search_text"))
    theirs = select(*(SEARCH_ROWS.c[name] for name in COPIED), SEARCH_ROWS.c.search_text)
    return list(session.execute(ours.except_(theirs))) + list(session.execute(theirs.except_(ours)))
