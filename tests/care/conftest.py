"""A care organisation in Utrecht, a coordinator, workshops near and far, and ready devices made through the lifecycle."""
import itertools
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import update

from allemaaldigitaal.care.claims import approve_claim, create_claim
from allemaaldigitaal.core.enums import ConditionGrade, DeviceKind, DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Claim, Device, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation

_serials = itertools.count(1)


@dataclass
class CareWorld:
    make: object
    session: object
    coordinator: User
    care: User
    workshops: dict[str, User] = field(default_factory=dict)

    def workshop(self, name: str = "utrecht", province: str | None = "Utrecht", postcode: str | None = "3511 AA") -> User:
        if name not in self.workshops:
            organisation = self.make.organisation(K.REFURBISHER, province=province, postcode=postcode)
            self.workshops[name] = self.make.user(K.REFURBISHER, organisation=organisation)
        return self.workshops[name]

    def claim(self, laptops: int = 2, tablets: int = 1, approved: bool = True, care: User | None = None) -> Claim:
        care = care or self.care
        claim = create_claim(care.organisation, care, laptops, tablets, "Voor mensen in de wijk")
        self.session.flush()
        return approve_claim(claim, self.coordinator) if approved else claim

    def device(self, status: DeviceStatus = DeviceStatus.READY, kind: DeviceKind = DeviceKind.LAPTOP,
               workshop: User | None = None, grade: ConditionGrade | None = ConditionGrade.B,
               ready_minutes_ago: int | None = None) -> Device:
        workshop = workshop or self.workshop()
        donor = self.make.one(K.DONOR)
        donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
        device = add_device(donation, donor, DeviceSpecs(kind=kind, serial_number=f"CARE-{next(_serials)}"))
        cast = Cast(coordinator=self.coordinator, refurbishers=[workshop], care=[self.care],
                    claims=[self.claim(5, 5)] if status in _PAST_ALLOCATION else [])
        bring_to(device, status, cast, self.make.rng, workshop)
        if status == DeviceStatus.READY:
            device.condition_grade = grade
        self.session.flush()
        if ready_minutes_ago is not None:
            self.session.execute(update(Device).where(Device.id == device.id).values(
                status_changed_at=utcnow() - timedelta(minutes=ready_minutes_ago)))
            self.session.refresh(device)
        return device


_PAST_ALLOCATION = {DeviceStatus.ALLOCATED, DeviceStatus.DELIVERED, DeviceStatus.HANDED_OUT}


@pytest.fixture
def world(make, session) -> CareWorld:
    care = make.organisation(K.CARE, province="Utrecht", postcode="3512 JK")
    return CareWorld(make, session, make.user(K.COORDINATOR), make.user(K.CARE, organisation=care))
