"""A small campaign for the impact tests: donors, a workshop and care organisations in chosen provinces."""
import random
import secrets

from allemaaldigitaal.care.services import approve_claim, create_claim
from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K, StorageType
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation


class ImpactWorld:
    """Builds devices of a donor that reach a status through one chosen care organisation."""

    def __init__(self, make, provinces=("Gelderland", "Gelderland", "Limburg")):
        self.make = make
        self.rng = random.Random(3)
        self.coordinator = make.user(K.COORDINATOR)
        self.workshop = make.user(K.REFURBISHER)
        self.care = [
            make.user(K.CARE, make.organisation(K.CARE, province=province), name=f"Zorgmedewerker {number}")
            for number, province in enumerate(provinces)
        ]
        self.casts = [self._cast(user) for user in self.care]

    def _cast(self, care_user) -> Cast:
        claim = approve_claim(create_claim(care_user.organisation, care_user, 50, 50, "Voor de buurt"), self.coordinator)
        return Cast(coordinator=self.coordinator, refurbishers=[self.workshop], care=[care_user], claims=[claim])

    def donation(self, donor):
        return create_donation(donor.organisation, donor, refurbisher=self.workshop.organisation)

    def device(self, donation, status: S, care: int = 0):
        device = add_device(
            donation, donation.donor.members[0],
            DeviceSpecs(serial_number=f"SN-{secrets.token_hex(5)}", storage_type=StorageType.SSD),
        )
        bring_to(device, status, self.casts[care], self.rng, self.workshop)
        self.make.session.flush()
        return device
