"""Shared pieces of the pledge tests: a complete pledge, and organisations in provinces."""
from datetime import UTC, datetime

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.donations.services import PickupDetails

GOOD = {
    "pickup_address": "Stationsplein 1", "pickup_postcode": "3511ed", "pickup_city": "Utrecht",
    "contact_name": "Łukasz Wiśniewski", "contact_phone": "030 123 4567", "contact_email": "Lukasz@Example.org",
    "pickup_from": datetime(2026, 12, 7, 8, 0, tzinfo=UTC), "pickup_until": datetime(2026, 12, 7, 16, 0, tzinfo=UTC),
    "notes": "Achteringang", "expected_laptops": 12, "expected_tablets": 3,
}


def pickup(**changes) -> PickupDetails:
    return PickupDetails(**{**GOOD, **changes})


def donor_in(make, province: str | None = "Utrecht"):
    return make.user(K.DONOR, organisation=make.organisation(K.DONOR, province=province))


def workshop_in(make, province: str | None = "Utrecht", **fields):
    return make.user(K.REFURBISHER, organisation=make.organisation(K.REFURBISHER, province=province, **fields))
