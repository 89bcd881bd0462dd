"""A believable demo campaign, built through the same services and lifecycle as real use."""
import random
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.care.services import approve_claim, create_claim, register_handout
from allemaaldigitaal.core.enums import (
    ConditionGrade,
    DeviceKind,
    DeviceStatus as S,
    HandoutKind,
    OrganisationKind as K,
    StorageType,
    WipeLevel,
    WipeTechnique,
    WipeVerification,
)
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Claim, Device, Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import PickupDetails, create_donation
from allemaaldigitaal.extensions import db
from allemaaldigitaal.workshop.wiping import record_wipe

DEMO_DOMAIN = "demo.allemaaldigitaal.nl"
DEVICES_PER_DONATION = 25
ORGANISATIONS = [
    (K.COORDINATOR, "Campagnebureau allemaaldigitaal", "Den Haag", "Zuid-Holland", "2511 AA"),
    (K.DONOR, "Ministerie van Voorbeeldzaken", "Den Haag", "Zuid-Holland", "2515 XP"),
    (K.DONOR, "Zuiderzee Verzekeringen", "Zwolle", "Overijssel", "8011 CW"),
    (K.DONOR, "Stedelijk Lyceum Noord", "Groningen", "Groningen", "9712 HV"),
    (K.REFURBISHER, "Repair Werkplaats Utrecht", "Utrecht", "Utrecht", "3511 LX"),
    (K.REFURBISHER, "Digiwerkplaats Eindhoven", "Eindhoven", "Noord-Brabant", "5611 AB"),
    (K.CARE, "Bibliotheek Midden-Limburg", "Roermond", "Limburg", "6041 GR"),
    (K.CARE, "Welzijn Friesland", "Leeuwarden", "Friesland", "8911 BK"),
    (K.CARE, "Zorggroep Gelderse Vallei", "Ede", "Gelderland", "6711 AA"),
    (K.CARE, "Buurtteam Amsterdam-Oost", "Amsterdam", "Noord-Holland", "1093 HN"),
]
#: the first organisation of each kind gets the documented demo login
ACCOUNT_NAMES = {K.COORDINATOR: "coordinator", K.DONOR: "donor", K.REFURBISHER: "refurbisher", K.CARE: "care"}
#: how a device reaches each status from pledged
PATHS = {
    S.PLEDGED: [],
    S.RECEIVED: [S.RECEIVED],
    S.WIPED: [S.RECEIVED, S.WIPED],
    S.READY: [S.RECEIVED, S.WIPED, S.READY],
    S.ALLOCATED: [S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED],
    S.DELIVERED: [S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED],
    S.HANDED_OUT: [S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED, S.HANDED_OUT],
    S.RETURNED: [S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED, S.HANDED_OUT, S.RETURNED],
    S.RECYCLED: [S.RECEIVED, S.RECYCLED],
    S.CANCELLED: [S.CANCELLED],
    S.LOST: [S.RECEIVED, S.LOST],
}
#: share of devices per status, roughly as in a running campaign
SHARES = {
    S.PLEDGED: 30, S.RECEIVED: 25, S.WIPED: 20, S.READY: 35, S.ALLOCATED: 15, S.DELIVERED: 20,
    S.HANDED_OUT: 120, S.RETURNED: 8, S.RECYCLED: 15, S.CANCELLED: 7, S.LOST: 5,
}
MODELS = {
    DeviceKind.LAPTOP: [("Dell", "Latitude 7490"), ("HP", "EliteBook 840 G5"), ("Lenovo", "ThinkPad T480")],
    DeviceKind.TABLET: [("Apple", "iPad (7e generatie)"), ("Samsung", "Galaxy Tab A 10.1")],
}


@dataclass
class Cast:
    """The demo people who act in the histories."""

    coordinator: User
    refurbishers: list[User]
    care: list[User]
    claims: list[Claim]


def demo_email(name: str) -> str:
    return f"{name}@{DEMO_DOMAIN}"


def demo_present() -> bool:
    return db.session.scalar(select(Organisation.id).where(Organisation.is_demo).limit(1)) is not None


def holds_real_data() -> bool:
    return db.session.scalar(select(Organisation.id).where(~Organisation.is_demo).limit(1)) is not None


def load_demo_data(password: str, devices: int = 300, seed: int = 2020) -> bool:
    """Fill an empty database with the demo campaign; False when it is there already."""
    if holds_real_data():
        raise DomainError(_l("De database bevat al echte gegevens. Demogegevens worden alleen in een lege database gezet."))
    if demo_present():
        return False
    rng = random.Random(seed)
    users = _organisations_and_users(password)
    cast = Cast(
        coordinator=users[K.COORDINATOR][0],
        refurbishers=users[K.REFURBISHER],
        care=users[K.CARE],
        claims=[_approved_claim(user, users[K.COORDINATOR][0], rng) for user in users[K.CARE]],
    )
    targets = rng.choices(list(SHARES), weights=list(SHARES.values()), k=devices)
    for batch, start in enumerate(range(0, devices, DEVICES_PER_DONATION)):
        donor = users[K.DONOR][batch % len(users[K.DONOR])]
        workshop = cast.refurbishers[batch % len(cast.refurbishers)]
        donation = create_donation(
            donor.organisation, donor, PickupDetails(pickup_city=donor.organisation.city), workshop.organisation
        )
        for target in targets[start:start + DEVICES_PER_DONATION]:
            bring_to(_pledged_device(donation, donor, rng), target, cast, rng, workshop)
    return True


def _organisations_and_users(password: str) -> dict[K, list[User]]:
    users: dict[K, list[User]] = {kind: [] for kind in K}
    for kind, name, city, province, postcode in ORGANISATIONS:
        organisation = Organisation(
            kind=kind, name=name, city=city, province=province, postcode=postcode,
            address="Voorbeeldstraat 1", contact_email=demo_email("contact"), is_demo=True,
        )
        db.session.add(organisation)
        number = len(users[kind])
        login = ACCOUNT_NAMES[kind] if number == 0 else f"{ACCOUNT_NAMES[kind]}{number + 1}"
        users[kind].append(create_user(demo_email(login), f"Demo {name}", organisation, password))
    db.session.flush()
    return users


def _approved_claim(user: User, coordinator: User, rng: random.Random) -> Claim:
    claim = create_claim(user.organisation, user, rng.randint(20, 60), rng.randint(5, 30), "Voor bewoners zonder computer")
    return approve_claim(claim, coordinator)


def _pledged_device(donation, donor: User, rng: random.Random) -> Device:
    kind = DeviceKind.LAPTOP if rng.random() < 0.75 else DeviceKind.TABLET
    brand, model = rng.choice(MODELS[kind])
    return add_device(donation, donor, DeviceSpecs(
        kind=kind, brand=brand, model=model,
        serial_number=f"SN{rng.randrange(10**9):09d}", ram_gb=rng.choice([4, 8, 16]),
        storage_gb=rng.choice([128, 256, 512]),
        storage_type=StorageType.SSD if kind == DeviceKind.LAPTOP else StorageType.EMMC,
        charger_included=rng.random() < 0.9,
    ))


def bring_to(device: Device, target: S, cast: Cast, rng: random.Random, workshop: User) -> None:
    """Walk the device along its path to the target status, doing what each step needs first."""
    for step in PATHS[target]:
        if step == S.WIPED:
            _wipe_every_medium(device, workshop)
        actor, custodian, note = _prepare(device, step, cast, rng, workshop)
        apply_transition(device, step, actor=actor, note=note, custodian=custodian)


def _prepare(device: Device, step: S, cast: Cast, rng: random.Random, workshop: User):
    """Who acts, who holds the device afterwards and why, for one step of a demo path."""
    care_user = cast.care[device.id % len(cast.care)]
    if step in (S.RECEIVED, S.RETURNED):
        return workshop, workshop.organisation, None
    if step == S.READY:
        device.account_locks_cleared = True
        device.condition_grade = rng.choice(list(ConditionGrade))
    if step == S.ALLOCATED:
        device.claim = cast.claims[cast.care.index(care_user)]
        return cast.coordinator, None, None
    if step == S.DELIVERED:
        return workshop, care_user.organisation, None
    if step == S.HANDED_OUT:
        loan = rng.random() < 0.3
        register_handout(
            device, care_user, f"CL-{rng.randrange(10**6):06d}",
            HandoutKind.LOAN if loan else HandoutKind.GIFT,
            date.today() + timedelta(days=365) if loan else None,
        )
        return care_user, None, None
    if step == S.CANCELLED:
        return device.donation.donor.members[0], None, "Donateur heeft het apparaat zelf nodig"
    if step == S.RECYCLED:
        return workshop, None, "Moederbord defect; onderdelen hergebruikt"
    if step == S.LOST:
        return workshop, None, "Niet teruggevonden bij de inventarisatie"
    return workshop, None, None


def _wipe_every_medium(device: Device, workshop: User) -> None:
    finished = utcnow()
    for number in range(device.storage_media_count):
        record_wipe(
            device, workshop,
            medium_type=device.storage_type or StorageType.SSD,
            medium_serial=f"{device.serial_number}-M{number + 1}",
            medium_capacity_gb=device.storage_gb,
            level=WipeLevel.PURGE,
            technique=WipeTechnique.BLOCK_ERASE if device.kind == DeviceKind.LAPTOP else WipeTechnique.FACTORY_RESET_ENCRYPTED,
            tool="nwipe", tool_version="0.36",
            verification=WipeVerification.FULL,
            passed=True,
            started_at=finished,
            finished_at=finished,
        )
