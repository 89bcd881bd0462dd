"""Fixtures for the start page: organisations with work waiting, and an app where the journeys' pages exist."""
import itertools
import random

import pytest

from allemaaldigitaal.care.services import approve_claim, create_claim
from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K, StorageType
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation

from .journeys import journey_app  # noqa: F401  (a fixture for the tests here)

_serials = itertools.count(1)


class Campaign:
    """Builds donations, devices, claims and handouts for named organisations, through the real services."""

    def __init__(self, make):
        self.make = make
        self.rng = random.Random(8)
        self.coordinator = make.user(K.COORDINATOR)
        self._claims = {}

    def donation(self, donor, workshop=None):
        return create_donation(donor.organisation, donor, refurbisher=workshop.organisation if workshop else None)

    def device(self, donation, donor, status=DeviceStatus.PLEDGED, workshop=None, care=None, brand="Dell"):
        """A device of the donation brought to the status by this workshop, for this care organisation's claim."""
        device = add_device(donation, donor, DeviceSpecs(
            brand=brand, model="Latitude 7490", serial_number=f"START{next(_serials)}", storage_type=StorageType.SSD,
        ))
        if status != DeviceStatus.PLEDGED:
            care = care or self.make.one(K.CARE)
            cast = Cast(self.coordinator, [workshop], [care], [self.approved_claim(care)])
            bring_to(device, status, cast, self.rng, workshop)
        self.make.session.flush()
        return device

    def claim(self, care, laptops=3, tablets=1):
        claim = create_claim(care.organisation, care, laptops, tablets, "Voor de buurt")
        self.make.session.flush()
        return claim

    def approved_claim(self, care):
        """One approved claim per care organisation, for the devices allocated to it."""
        if care.id not in self._claims:
            self._claims[care.id] = approve_claim(self.claim(care), self.coordinator)
        return self._claims[care.id]


@pytest.fixture
def campaign(make):
    return Campaign(make)
