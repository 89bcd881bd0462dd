"""A small audit trail: devices of two organisations with events on known days, and security-log entries."""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from allemaaldigitaal.core.enums import EventKind, OrganisationKind as K
from allemaaldigitaal.core.models import AuditEvent, Device, DeviceEvent, User
from allemaaldigitaal.extensions import db

#: noon on the first day of the trail (UTC, so 13:00 in Amsterdam)
DAY_ONE = datetime(2026, 3, 2, 12, tzinfo=UTC)


@dataclass
class Trail:
    coordinator: User
    workshop: User
    other_workshop: User
    devices: list[Device]

    def events(self) -> list[DeviceEvent]:
        """Every device event, newest first."""
        return list(db.session.scalars(select(DeviceEvent).order_by(DeviceEvent.created_at.desc(),
                                                                   DeviceEvent.id.desc())))


def add_events(devices, actors, count: int, start: datetime = DAY_ONE) -> None:
    """`count` events spread over the devices, actors and kinds, one every five hours from `start`."""
    kinds = [EventKind.SCANNED, EventKind.LABEL_PRINTED, EventKind.DETAILS_EDITED]
    for number in range(count):
        actor = actors[number % len(actors)]
        db.session.add(DeviceEvent(
            device_id=devices[number % len(devices)].id, kind=kinds[number % len(kinds)], actor_id=actor.id,
            organisation_id=actor.organisation_id, created_at=start + timedelta(hours=5 * number),
            note=f"stap {number}",
        ))
    db.session.flush()


def build_trail(make, session) -> Trail:
    coordinator, workshop, other = make.user(K.COORDINATOR), make.user(K.REFURBISHER), make.user(K.REFURBISHER)
    devices = [make.device() for _ in range(3)]
    add_events(devices, [workshop, other], 12)
    for number, (action, actor) in enumerate([("login", workshop), ("login_failed", None), ("logout", workshop),
                                              ("login", other), ("token_created", coordinator)]):
        session.add(AuditEvent(action=action, actor_id=actor.id if actor else None,
                               organisation_id=actor.organisation_id if actor else None,
                               subject=actor.email if actor else "wie@example.org", ip_address="127.0.0.1",
                               created_at=DAY_ONE + timedelta(days=number)))
    session.flush()
    return Trail(coordinator, workshop, other, devices)
