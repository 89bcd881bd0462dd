"""The impact figures follow the counting rules of donations/impact.py, and say them in plain Dutch."""
from collections import Counter

from hypothesis import HealthCheck, given, settings, strategies as st

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.donations.impact import (
    ON_THE_WAY,
    Impact,
    campaign_impact,
    donation_impact,
    donor_impact,
    impact_sentence,
)

from .impact_world import ImpactWorld


def test_a_donors_figures_count_devices_in_use_their_care_organisations_provinces_and_recycled(make, session):
    world = ImpactWorld(make)
    donor, other_donor = make.user(K.DONOR), make.user(K.DONOR)
    first, second = world.donation(donor), world.donation(donor)
    for care in (0, 0, 1):
        world.device(first, S.HANDED_OUT, care)
    world.device(second, S.HANDED_OUT, 2)
    world.device(second, S.RETURNED, 1)  # handed out once, back now: no longer in use
    for status in (S.RECYCLED, S.RECYCLED, S.CANCELLED, S.PLEDGED, S.LOST, S.READY, S.DELIVERED):
        world.device(first, status)
    world.device(world.donation(other_donor), S.HANDED_OUT, 2)

    assert donor_impact(donor.organisation) == Impact(
        given=11, in_use=4, care_organisations=3, provinces=2, recycled=2, on_the_way=3, pledged=1, lost=1,
    )
    assert donation_impact(first) == Impact(
        given=9, in_use=3, care_organisations=2, provinces=1, recycled=2, on_the_way=2, pledged=1, lost=1,
    )
    assert donation_impact(second) == Impact(given=2, in_use=1, care_organisations=1, provinces=1, on_the_way=1)
    assert donor_impact(other_donor.organisation) == Impact(given=1, in_use=1, care_organisations=1, provinces=1)
    campaign = campaign_impact()
    assert campaign.in_use >= 5 and campaign.given >= 12


def test_provinces_are_counted_once_however_they_are_written_and_never_when_missing(make, session):
    world = ImpactWorld(make, provinces=("Gelderland", " gelderland ", None))
    donor = make.user(K.DONOR)
    donation = world.donation(donor)
    for care in (0, 1, 2):
        world.device(donation, S.HANDED_OUT, care)
    assert donation_impact(donation) == Impact(given=3, in_use=3, care_organisations=3, provinces=1)


STATUSES = list(S)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(STATUSES), st.integers(0, 2)), max_size=8))
def test_the_figures_of_any_donation_follow_the_counting_rules(make, session, devices):
    world = ImpactWorld(make, provinces=("Utrecht", "Utrecht", "Zeeland"))
    donation = world.donation(make.user(K.DONOR))
    for status, care in devices:
        world.device(donation, status, care)
    statuses = Counter(status for status, _care in devices)
    used_by = {care for status, care in devices if status == S.HANDED_OUT}
    assert donation_impact(donation) == Impact(
        given=len(devices) - statuses[S.CANCELLED],
        in_use=statuses[S.HANDED_OUT],
        care_organisations=len(used_by),
        provinces=len({("Utrecht", "Utrecht", "Zeeland")[care] for care in used_by}),
        recycled=statuses[S.RECYCLED],
        on_the_way=sum(statuses[status] for status in ON_THE_WAY),
        pledged=statuses[S.PLEDGED],
        lost=statuses[S.LOST],
    )


def test_the_sentence_says_the_figures_in_dutch(session):
    assert impact_sentence(Impact(given=40, in_use=28, care_organisations=3, provinces=2, recycled=4)) == (
        "28 van je 40 apparaten worden nu gebruikt door mensen, via 3 zorgorganisaties in 2 provincies; "
        "4 zijn verantwoord gerecycled."
    )


def test_the_sentence_is_singular_where_a_count_is_one(session):
    assert impact_sentence(Impact(given=1, in_use=1, care_organisations=1, provinces=1, recycled=1)) == (
        "1 van je 1 apparaat wordt nu gebruikt door mensen, via 1 zorgorganisatie in 1 provincie; "
        "1 is verantwoord gerecycled."
    )


def test_the_sentence_leaves_out_what_is_not_there(session):
    assert impact_sentence(Impact(given=3, in_use=0, recycled=0)) == "0 van je 3 apparaten worden nu gebruikt door mensen."
    assert impact_sentence(Impact(given=2, in_use=2, care_organisations=1, provinces=0)) == (
        "2 van je 2 apparaten worden nu gebruikt door mensen, via 1 zorgorganisatie."
    )
    assert impact_sentence(Impact()) == "Er zijn nog geen apparaten gegeven."


def test_the_sentence_for_someone_else_than_the_donor_says_the_devices(session):
    assert impact_sentence(Impact(given=5, in_use=2, care_organisations=1, provinces=1), yours=False) == (
        "2 van de 5 apparaten worden nu gebruikt door mensen, via 1 zorgorganisatie in 1 provincie."
    )
