"""A device's history as its viewer may read it: what happened, when, and which organisation did it.

A donor follows its devices but never learns anything about the people who received them: it sees the
status steps, wipes, checks and labels (no handover forms), a care organisation only as "a care organisation",
and notes only of its own organisation or the required reason for recycling or losing a device.
Notes written by a care organisation are read only by that organisation and by coordinators.
Deltas (custodians, serials) are never shown here.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import selectinload

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import DeviceStatus as S, EventKind, LabelledEnum, OrganisationKind as K
from allemaaldigitaal.core.models import Device, DeviceEvent, User
from allemaaldigitaal.extensions import db

#: the events a donor sees in the history of its devices
DONOR_EVENTS = frozenset({
    EventKind.CREATED, EventKind.STATUS_CHANGED, EventKind.LABEL_PRINTED, EventKind.WIPE_RECORDED,
    EventKind.CHECK_RECORDED,
})
#: steps whose note is the reason the lifecycle asks for
REASONED = frozenset({S.RECYCLED, S.LOST})


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    #: the status reached (created and status events) or the kind of event, both with a label
    what: LabelledEnum
    organisation: str | None
    note: str | None

    @property
    def is_status(self) -> bool:
        return isinstance(self.what, S)


def device_timeline(device: Device, viewer: User, preloaded: bool = False) -> list[TimelineEntry]:
    """The events of the device the viewer may see, oldest first, told as the viewer may read them.

    preloaded: the device came from access.scoped with its events (device_page.PAGE_OPTIONS), so they are used
    as they are (a device's history goes with the device); otherwise they are read through access.scoped.
    """
    events = device.events if preloaded else db.session.scalars(
        scoped(DeviceEvent, viewer)
        .where(DeviceEvent.device_id == device.id)
        .options(selectinload(DeviceEvent.organisation))
    )
    donor = viewer.kind == K.DONOR
    ordered = sorted(events, key=lambda event: (event.created_at, event.id))
    return [_entry(event, viewer) for event in ordered if not donor or event.kind in DONOR_EVENTS]


def _entry(event: DeviceEvent, viewer: User) -> TimelineEntry:
    what = event.to_status if event.kind in (EventKind.CREATED, EventKind.STATUS_CHANGED) else event.kind
    return TimelineEntry(event.created_at, what, _organisation(event, viewer), _note(event, viewer))


def _organisation(event: DeviceEvent, viewer: User) -> str | None:
    organisation = event.organisation
    if organisation is None:
        return None
    if viewer.kind == K.DONOR and organisation.kind == K.CARE:
        return str(K.CARE.label)
    return organisation.name


def _note(event: DeviceEvent, viewer: User) -> str | None:
    if event.note is None:
        return None
    own = event.organisation_id == viewer.organisation_id
    author = event.organisation.kind if event.organisation is not None else None
    if viewer.kind == K.COORDINATOR or own:
        return event.note
    if author == K.CARE:
        return None
    if viewer.kind == K.DONOR:
        return event.note if event.to_status in REASONED else None
    return event.note
