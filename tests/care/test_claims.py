"""Claims: asked, changed or withdrawn by the care organisation until a coordinator approves or rejects them."""
from datetime import date, timedelta

import pytest

from allemaaldigitaal.care.claims import (
    approve_claim,
    change_claim,
    create_claim,
    decide_claim,
    reject_claim,
    withdraw_claim,
)
from allemaaldigitaal.core.enums import ClaimStatus, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError


def test_a_claim_asks_for_laptops_and_tablets_by_a_date_with_a_purpose(world):
    wanted = date.today() + timedelta(days=30)
    claim = create_claim(world.care.organisation, world.care, 3, 2, "  Voor de taalcursus  ", wanted)
    world.session.flush()
    assert (claim.laptops_requested, claim.tablets_requested, claim.purpose, claim.wanted_by) == (
        3, 2, "Voor de taalcursus", wanted)
    assert claim.status == ClaimStatus.SUBMITTED and claim.created_by_id == world.care.id


@pytest.mark.parametrize(("laptops", "tablets", "purpose", "wanted_by", "field"), [
    (0, 0, "Iets", None, "laptops_requested"),
    (-1, 3, "Iets", None, "laptops_requested"),
    (1, 0, "   ", None, "purpose"),
    (1, 0, "x" * 2001, None, "purpose"),
    (1, 0, "Iets", date.today() - timedelta(days=1), "wanted_by"),
])
def test_a_claim_that_asks_for_nothing_or_without_purpose_or_in_the_past_is_refused(
    world, laptops, tablets, purpose, wanted_by, field
):
    with pytest.raises(DomainError) as refused:
        create_claim(world.care.organisation, world.care, laptops, tablets, purpose, wanted_by)
    assert refused.value.field == field


def test_only_a_care_organisation_can_claim(world, make):
    donor = make.user(K.DONOR)
    with pytest.raises(DomainError):
        create_claim(donor.organisation, donor, 1, 0, "Iets")


def test_the_care_organisation_changes_its_claim_until_it_is_decided(world):
    claim = world.claim(approved=False)
    change_claim(claim, world.care, 4, 0, "Nu alleen laptops", None)
    assert (claim.laptops_requested, claim.tablets_requested, claim.purpose) == (4, 0, "Nu alleen laptops")
    approve_claim(claim, world.coordinator)
    with pytest.raises(DomainError) as refused:
        change_claim(claim, world.care, 9, 0, "Meer", None)
    assert refused.value.field == "claim"
    assert claim.laptops_requested == 4


def test_a_change_is_checked_like_a_new_claim(world):
    claim = world.claim(approved=False)
    with pytest.raises(DomainError):
        change_claim(claim, world.care, 0, 0, "Niets", None)
    assert claim.laptops_requested == 2


def test_the_care_organisation_withdraws_an_undecided_claim_but_not_a_decided_one(world):
    claim = world.claim(approved=False)
    withdraw_claim(claim, world.care)
    assert claim.status == ClaimStatus.CANCELLED
    with pytest.raises(DomainError):
        approve_claim(claim, world.coordinator)
    decided = world.claim(approved=True)
    with pytest.raises(DomainError):
        withdraw_claim(decided, world.care)
    assert decided.status == ClaimStatus.APPROVED


def test_another_organisation_cannot_change_or_withdraw_a_claim(world, make):
    claim = world.claim(approved=False)
    other = make.user(K.CARE)
    for action in (lambda: withdraw_claim(claim, other), lambda: change_claim(claim, other, 1, 1, "Van ons", None)):
        with pytest.raises(DomainError):
            action()
    assert claim.status == ClaimStatus.SUBMITTED and claim.laptops_requested == 2


def test_a_coordinator_approves_and_the_decision_is_recorded(world):
    claim = world.claim(approved=False)
    approve_claim(claim, world.coordinator)
    assert claim.status == ClaimStatus.APPROVED
    assert claim.decided_by_id == world.coordinator.id and claim.decided_at is not None


def test_a_rejection_needs_a_reason_that_the_care_organisation_sees(world):
    claim = world.claim(approved=False)
    for reason in (None, "", "   "):
        with pytest.raises(DomainError) as refused:
            reject_claim(claim, world.coordinator, reason)
        assert refused.value.field == "reason"
    assert claim.status == ClaimStatus.SUBMITTED
    reject_claim(claim, world.coordinator, "  Geen voorraad tot maart  ")
    assert claim.status == ClaimStatus.REJECTED and claim.rejection_reason == "Geen voorraad tot maart"
    assert claim.decided_by_id == world.coordinator.id


@pytest.mark.parametrize("first", ["approve", "reject"])
@pytest.mark.parametrize("second", ["approve", "reject"])
def test_a_decided_claim_cannot_be_decided_again(world, first, second):
    claim = world.claim(approved=False)
    decide_claim(claim, world.coordinator, first, "Reden")
    outcome = claim.status
    with pytest.raises(DomainError) as refused:
        decide_claim(claim, world.coordinator, second, "Andere reden")
    assert refused.value.field == "claim"
    assert claim.status == outcome


def test_an_unknown_decision_is_refused(world):
    claim = world.claim(approved=False)
    with pytest.raises(DomainError) as refused:
        decide_claim(claim, world.coordinator, "maybe")
    assert refused.value.field == "decision"


@pytest.mark.parametrize("kind", [K.CARE, K.REFURBISHER, K.DONOR])
def test_only_a_coordinator_decides(world, make, kind):
    claim = world.claim(approved=False)
    someone = world.care if kind == K.CARE else make.user(kind)
    for action in (lambda: approve_claim(claim, someone), lambda: reject_claim(claim, someone, "Nee")):
        with pytest.raises(DomainError):
            action()
    assert claim.status == ClaimStatus.SUBMITTED
