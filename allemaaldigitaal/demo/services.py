"""A believable demo campaign: organisations, claims and donations through the real services, devices and their
histories in bulk (demo/bulk.py) under the same rules and the database's lifecycle safety net."""
import random
from collections import Counter
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select, update

from allemaaldigitaal.care.services import approve_claim, create_claim
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Claim, Donation, Organisation
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.donations.services import next_donation_reference
from allemaaldigitaal.extensions import db

from . import sql
from .bulk import write_campaign
from .organisations import ACCOUNT_NAMES, People, demo_email, make_people
from .plan import CLAIM_EVERY_DAYS, Campaign, claim_number, plan_campaign
from .walk import Cast, bring_to

DONATION = (
    "reference", "donor_id", "refurbisher_id", "created_by_id", "pickup_city", "created_at", "collected_at",
    "expected_laptops", "expected_tablets",
)
__all__ = ["ACCOUNT_NAMES", "Cast", "bring_to", "demo_email", "demo_present", "holds_real_data", "load_demo_data"]


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
    people = make_people(password, devices)
    campaign = plan_campaign(devices, people.places(), rng, utcnow())
    claim_ids = _approved_claims(people, campaign, rng)
    donation_ids = _donations(people, campaign)
    write_campaign(campaign, people, donation_ids, claim_ids, rng)
    _date_claims(campaign, claim_ids)
    db.session.expire_all()
    return True


def _approved_claims(people: People, campaign: Campaign, rng: random.Random) -> dict[tuple[int, int], int]:
    """Each care organisation's claims, approved: (care organisation number, claim number) → claim id."""
    claims = {}
    for care, user in enumerate(people.users[K.CARE]):
        for number in range(campaign.claims_per_care):
            laptops, tablets = rng.randint(20, 60), rng.randint(5, 30)
            claim = create_claim(user.organisation, user, laptops, tablets, "Voor bewoners zonder computer")
            claims[care, number] = approve_claim(claim, people.coordinator)
    db.session.flush()
    return {key: claim.id for key, claim in claims.items()}


def _donations(people: People, campaign: Campaign) -> list[int]:
    """The planned donations, each with a reference from the donation service, dated as planned, in one insert."""
    donors, workshops, stamp = people.users[K.DONOR], people.users[K.REFURBISHER], sql.stamp()
    rows = []
    for plan in campaign.donations:
        donor, devices = donors[plan.donor], [campaign.devices[number] for number in plan.devices]
        received = [device.steps[0][1] for device in devices if device.steps and device.steps[0][0] == S.RECEIVED]
        kinds = Counter(device.kind for device in devices)
        rows.append((
            next_donation_reference(), donor.organisation_id, workshops[plan.workshop].organisation_id, donor.id,
            donor.organisation.city, stamp(plan.created_at), min(map(stamp, received), default=None),
            kinds[DeviceKind.LAPTOP], kinds[DeviceKind.TABLET],
        ))
    sql.insert_rows("donations", DONATION, rows)
    table = Donation.__table__
    by_reference = dict(db.session.execute(select(table.c.reference, table.c.id)).all())
    return [by_reference[row[0]] for row in rows]


def _date_claims(campaign: Campaign, claim_ids: dict[tuple[int, int], int]) -> None:
    """Each claim asked (and approved) before its first allocation, for at least the devices allocated to it."""
    allocated: dict[int, Counter] = {claim: Counter() for claim in claim_ids.values()}
    last = {}
    for device in campaign.devices:
        for step, at in device.steps:
            if step == S.ALLOCATED:
                claim = claim_ids[device.care, claim_number(campaign, at)]
                allocated[claim][device.kind] += 1
                last[claim] = max(at, last.get(claim, at))
    rows = []
    for (_care, number), claim in claim_ids.items():
        asked = campaign.start + timedelta(days=number * CLAIM_EVERY_DAYS - 2)
        kinds = allocated[claim]
        row = {"b_id": claim, "b_created": asked, "b_decided": asked + timedelta(days=1), "b_changed": last.get(claim)}
        if kinds:
            row |= {"b_laptops": kinds[DeviceKind.LAPTOP] + 5, "b_tablets": kinds[DeviceKind.TABLET]}
        rows.append(row)
    table = Claim.__table__
    dates = {"created_at": bindparam("b_created"), "decided_at": bindparam("b_decided"),
             "allocation_changed_at": bindparam("b_changed")}
    counts = {"laptops_requested": bindparam("b_laptops"), "tablets_requested": bindparam("b_tablets")}
    statement = update(table).where(table.c.id == bindparam("b_id"))
    db.session.execute(statement.values(**dates), rows)
    counted = [row for row in rows if "b_laptops" in row]
    if counted:
        db.session.execute(statement.values(**counts), counted)
