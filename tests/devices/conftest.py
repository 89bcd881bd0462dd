"""Two donors, each with a donation of three devices handled by its own workshop, a coordinator and a care organisation."""
from dataclasses import dataclass

import pytest

from allemaaldigitaal.core.enums import DeviceKind, OrganisationKind as K
from allemaaldigitaal.core.models import Device, Donation, User
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.printing import qr_url


@dataclass
class Side:
    """A donor and the workshop its donation is assigned to."""

    donor: User
    workshop: User
    donation: Donation
    devices: list[Device]


@dataclass
class World:
    ours: Side
    theirs: Side
    coordinator: User
    care: User

    def user(self, role: str) -> User:
        return {"donor": self.ours.donor, "refurbisher": self.ours.workshop, "coordinator": self.coordinator,
                "care": self.care}[role]


def side(make, session) -> Side:
    donor, workshop = make.user(K.DONOR), make.user(K.REFURBISHER)
    donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
    devices = [
        add_device(donation, donor, DeviceSpecs(kind=kind, brand=brand, model=model))
        for kind, brand, model in [(DeviceKind.LAPTOP, "Dell", "Latitude 5490"), (DeviceKind.TABLET, "Apple", "iPad"),
                                   (DeviceKind.LAPTOP, "HP", "EliteBook 840")]
    ]
    session.flush()
    return Side(donor, workshop, donation, devices)


@pytest.fixture
def world(make, session) -> World:
    return World(side(make, session), side(make, session), make.user(K.COORDINATOR), make.user(K.CARE))


def url_of(app, tag: str) -> str:
    """What a label's code holds for this tag."""
    return qr_url(app.config["BASE_URL"], tag)
