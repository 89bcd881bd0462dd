"""Small factories that build rows through the real services and lifecycle."""
import itertools
import random
from datetime import timedelta

from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.care.services import approve_claim, create_claim
from allemaaldigitaal.core.enums import (
    DeviceStatus,
    OrganisationKind,
    StorageType,
    WipeLevel,
    WipeTechnique,
    WipeVerification,
)
from allemaaldigitaal.core.models import Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.workshop.wiping import record_wipe

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


class Factories:
    def __init__(self, session):
        self.session = session
        self._users: dict[OrganisationKind, User] = {}
        self.rng = random.Random(7)
        self._claim = None

    def organisation(self, kind: OrganisationKind, **fields) -> Organisation:
        fields.setdefault("name", f"{kind.value.title()} {next(_numbers)}")
        organisation = Organisation(kind=kind, **fields)
        self.session.add(organisation)
        return organisation

    def user(self, kind: OrganisationKind = OrganisationKind.DONOR, organisation=None, **fields) -> User:
        organisation = organisation or self.organisation(kind)
        email = fields.pop("email", f"person{next(_numbers)}@example.org")
        user = create_user(email, fields.pop("name", "Test Persoon"), organisation, fields.pop("password", None))
        self.session.flush()
        return user

    def one(self, kind: OrganisationKind) -> User:
        """The same user of this kind for the whole test."""
        if kind not in self._users:
            self._users[kind] = self.user(kind)
        return self._users[kind]

    def device(self, status: DeviceStatus = DeviceStatus.PLEDGED, **specs):
        donor = self.one(OrganisationKind.DONOR)
        workshop = self.one(OrganisationKind.REFURBISHER)
        donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
        specs.setdefault("serial_number", f"SN{next(_numbers)}")
        specs.setdefault("storage_type", StorageType.SSD)
        device = add_device(donation, donor, DeviceSpecs(**specs))
        bring_to(device, DeviceStatus(status), self.cast(), self.rng, workshop)
        self.session.flush()
        return device

    def cast(self) -> Cast:
        care = self.one(OrganisationKind.CARE)
        if self._claim is None:
            claim = create_claim(care.organisation, care, 2, 1, "Voor de buurt")
            self._claim = approve_claim(claim, self.one(OrganisationKind.COORDINATOR))
        return Cast(
            coordinator=self.one(OrganisationKind.COORDINATOR),
            refurbishers=[self.one(OrganisationKind.REFURBISHER)],
            care=[care],
            claims=[self._claim],
        )

    def wipe(self, device, passed: bool = True, medium_serial: str | None = None, minutes_ago: int = 0):
        finished = utcnow() - timedelta(minutes=minutes_ago)
        record = record_wipe(
            device, self.one(OrganisationKind.REFURBISHER),
            medium_type=StorageType.SSD,
            medium_serial=medium_serial or f"{device.serial_number}-M1",
            level=WipeLevel.PURGE,
            technique=WipeTechnique.BLOCK_ERASE,
            tool="nwipe",
            verification=WipeVerification.FULL,
            passed=passed,
            started_at=finished,
            finished_at=finished,
        )
        self.session.flush()
        return record
