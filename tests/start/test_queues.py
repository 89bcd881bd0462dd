"""The work queue of each role: its own rows only, counted right, bounded, and in a fixed number of queries."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import event, func, select

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.organisations.invitations import invite_colleague, invite_new_organisation
from allemaaldigitaal.start import actions
from allemaaldigitaal.start.queues import LIMIT

from ..web.test_layout import parse
from .journeys import url


def section(client, name: str) -> str:
    """The text of one queue (or other section) of the start page."""
    response = client.get("/start")
    assert response.status_code == 200
    return parse(response.get_data(as_text=True)).find(id=name).text().replace(" ,", ",")


def tags(*devices) -> list[str]:
    return [format_tag(device.asset_tag) for device in devices]


def test_a_donor_sees_its_own_donations_with_devices_per_status_and_never_another_donors(client, make, login,
                                                                                         campaign):
    workshop = make.user(K.REFURBISHER)
    mine, other = make.user(K.DONOR), make.user(K.DONOR)
    donation = campaign.donation(mine, workshop)
    campaign.device(donation, mine)
    for status in (S.RECEIVED, S.RECEIVED, S.HANDED_OUT):
        campaign.device(donation, mine, status, workshop)
    empty = campaign.donation(mine)
    others = campaign.donation(other, workshop)
    campaign.device(others, other, S.WIPED, workshop)
    login(client, mine)
    donations = section(client, "queue-donations")
    assert f"{donation.reference} · 4 apparaten · Opgehaald: " in donations
    assert "elk apparaat. · Toegezegd 1, Ontvangen 2, Uitgereikt 1" in donations
    assert f"{empty.reference} · Nog geen apparaten · Wacht op een werkplaats: Zet de apparaten in de lijst" in donations
    assert others.reference not in donations and "Gewist" not in donations
    counts = section(client, "counts")
    assert "Toegezegd 1" in counts and "Ontvangen 2" in counts and "Uitgereikt 1" in counts
    assert "Gewist" not in counts and "first-step" not in client.get("/start").get_data(as_text=True)


def test_a_workshop_sees_what_to_receive_wipe_check_and_deliver_and_never_another_workshops(client, make, login,
                                                                                            campaign):
    donor = make.user(K.DONOR)
    mine, other = make.user(K.REFURBISHER), make.user(K.REFURBISHER)
    ours, theirs = campaign.donation(donor, mine), campaign.donation(donor, other)
    expected = {
        "queue-to_receive": campaign.device(ours, donor),
        "queue-to_wipe": campaign.device(ours, donor, S.RECEIVED, mine),
        "queue-to_check": campaign.device(ours, donor, S.WIPED, mine),
        "queue-to_deliver": campaign.device(ours, donor, S.ALLOCATED, mine),
    }
    ready = campaign.device(ours, donor, S.READY, mine)
    elsewhere = [campaign.device(theirs, donor, status, other) for status in (S.PLEDGED, S.RECEIVED, S.WIPED, S.ALLOCATED)]
    login(client, mine)
    page = client.get("/start").get_data(as_text=True)
    for name, device in expected.items():
        text = section(client, name)
        assert tags(device) == [tag for tag in tags(*expected.values(), ready) if tag in text], name
        assert not [tag for tag in tags(*elsewhere) if tag in text], name
    assert f"{ours.reference} · {donor.organisation.name}" in section(client, "queue-to_receive")
    assert not [tag for tag in tags(*elsewhere) if tag in page]
    counts = section(client, "counts")
    assert "Ontvangen 1" in counts and "Klaar voor uitgifte 1" in counts and "Toegezegd" not in counts


def test_a_care_organisation_sees_its_claims_and_devices_and_never_another_care_organisations(client, make, login,
                                                                                             campaign):
    donor, workshop = make.user(K.DONOR), make.user(K.REFURBISHER)
    mine, other = make.user(K.CARE), make.user(K.CARE)
    donation = campaign.donation(donor, workshop)
    waiting = campaign.claim(mine, laptops=4, tablets=2)
    coming = campaign.device(donation, donor, S.ALLOCATED, workshop, care=mine)
    arrived = campaign.device(donation, donor, S.DELIVERED, workshop, care=mine)
    given = campaign.device(donation, donor, S.HANDED_OUT, workshop, care=mine)
    their_claim = campaign.claim(other, laptops=9, tablets=9)
    theirs = [campaign.device(donation, donor, status, workshop, care=other) for status in (S.ALLOCATED, S.DELIVERED,
                                                                                              S.HANDED_OUT)]
    login(client, mine)
    claims = section(client, "queue-claims")
    assert f"Aanvraag {waiting.id} · laptops: 4, tablets: 2 · Aangevraagd" in claims
    assert "Goedgekeurd" in claims  # the claim the devices were allocated to
    assert f"Aanvraag {their_claim.id} " not in claims and other.organisation.name not in claims
    assert tags(coming) == [tag for tag in tags(coming, arrived, given) if tag in section(client, "queue-on_the_way")]
    assert tags(arrived) == [tag for tag in tags(coming, arrived, given) if tag in section(client, "queue-to_hand_out")]
    handed_out = section(client, "queue-handed_out")
    assert tags(given) == [tag for tag in tags(coming, arrived, given) if tag in handed_out]
    assert given.handout.recipient_reference in handed_out
    page = client.get("/start").get_data(as_text=True)
    assert not [tag for tag in tags(*theirs) if tag in page]
    assert not [device.handout.recipient_reference for device in theirs if device.handout and
                device.handout.recipient_reference in page]


def test_a_coordinator_sees_the_whole_pipeline_claims_to_decide_unassigned_donations_and_invitations(
    client, session, make, login, campaign,
):
    donor, workshop, care = make.user(K.DONOR), make.user(K.REFURBISHER), make.user(K.CARE)
    donation = campaign.donation(donor, workshop)
    for status in (S.PLEDGED, S.RECEIVED, S.WIPED, S.HANDED_OUT, S.HANDED_OUT):
        campaign.device(donation, donor, status, workshop, care=care)
    unassigned = campaign.donation(donor)
    campaign.device(unassigned, donor)
    submitted = campaign.claim(care, laptops=5, tablets=0)
    invite_new_organisation(campaign.coordinator, "nieuw@example.org", K.CARE, "Buurthuis Oost")
    invite_colleague(donor, "collega@example.org")
    session.flush()
    login(client, campaign.coordinator)
    per_status = dict(session.execute(select(Device.status, func.count()).group_by(Device.status)).all())
    counts = section(client, "counts")
    for status in S:
        assert f"{status.label} {per_status.get(status, 0)}" in counts
    claims = section(client, "queue-claims_to_decide")
    assert f"Aanvraag {submitted.id} · {care.organisation.name} · laptops: 5, tablets: 0" in claims
    assert "Goedgekeurd" not in claims
    unassigned_text = section(client, "queue-unassigned_donations")
    assert f"{unassigned.reference} · {donor.organisation.name} · 1 apparaat" in unassigned_text
    assert donation.reference not in unassigned_text
    invitations = section(client, "queue-open_invitations")
    assert "nieuw@example.org · Nieuwe organisatie: Buurthuis Oost (Zorgorganisatie)" in invitations
    assert f"collega@example.org · {donor.organisation.name}" in invitations


#: the statuses a workshop's devices pass through on their way to a care organisation
WORKSHOP_STEPS = [S.PLEDGED, S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED]
#: which queue of the workshop's start page waits for a device in each status
WAITS_IN = {S.PLEDGED: "to_receive", S.RECEIVED: "to_wipe", S.WIPED: "to_check", S.ALLOCATED: "to_deliver"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.booleans(), st.sampled_from(WORKSHOP_STEPS)), max_size=6))
def test_a_workshops_queues_and_counts_hold_exactly_its_own_devices(client, make, login, campaign, devices):
    donor, mine, other = make.user(K.DONOR), make.user(K.REFURBISHER), make.user(K.REFURBISHER)
    donations = {True: campaign.donation(donor, mine), False: campaign.donation(donor, other)}
    for is_mine, status in devices:
        campaign.device(donations[is_mine], donor, status, mine if is_mine else other)
    login(client, mine)
    page = parse(client.get("/start").get_data(as_text=True))
    for status, queue in WAITS_IN.items():
        expected = sum(1 for is_mine, step in devices if is_mine and step == status)
        heading = page.find(id=f"queue-{queue}").find("h3").text()
        assert heading.endswith(f"({expected})") if expected else not heading.endswith(")"), heading
    held = [step for is_mine, step in devices if is_mine and step in (S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED)]
    shown = page.find(id="counts").text() if held else ""
    for status in S:
        assert (f"{status.label} {held.count(status)}" in shown) == (status in held), status


def test_a_long_queue_shows_the_oldest_few_and_says_how_many_more(client, make, login, campaign):
    donor, workshop = make.user(K.DONOR), make.user(K.REFURBISHER)
    donation = campaign.donation(donor, workshop)
    devices = [campaign.device(donation, donor, S.RECEIVED, workshop) for _ in range(LIMIT + 2)]
    login(client, workshop)
    text = section(client, "queue-to_wipe")
    assert f"Te wissen ({LIMIT + 2})" in text
    assert [tag for tag in tags(*devices) if tag in text] == tags(*devices[:LIMIT])
    assert "En nog 2 meer" in text


def test_the_more_link_leads_to_the_whole_list_once_that_page_exists(journey_app, make, login, campaign):
    donor, workshop = make.user(K.DONOR), make.user(K.REFURBISHER)
    donation = campaign.donation(donor, workshop)
    devices = [campaign.device(donation, donor, S.RECEIVED, workshop) for _ in range(LIMIT + 1)]
    client = journey_app.test_client()
    login(client, workshop)
    queue = parse(client.get("/start").get_data(as_text=True)).find(id="queue-to_wipe")
    hrefs = [link.attrs["href"] for link in queue.find_all("a")]
    expected = [url(journey_app, actions.DEVICE, tag=device.asset_tag) for device in devices[:LIMIT]]
    assert hrefs == [*expected, url(journey_app, actions.WORK_QUEUE)]


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *_args):
        self.count += 1


def queries_for_start_page(client) -> int:
    counter = QueryCounter()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get("/start").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return counter.count


@pytest.mark.parametrize("kind", list(K))
def test_the_number_of_queries_does_not_grow_with_the_rows(client, make, login, campaign, kind):
    donor, workshop, care = make.user(K.DONOR), make.user(K.REFURBISHER), make.user(K.CARE)
    viewer = {K.DONOR: donor, K.REFURBISHER: workshop, K.CARE: care, K.COORDINATOR: campaign.coordinator}[kind]
    login(client, viewer)

    def add_work():
        donation = campaign.donation(donor, workshop)
        campaign.donation(donor)
        campaign.claim(care)
        invite_colleague(viewer, f"iemand{donation.id}@example.org")
        for status in (S.PLEDGED, S.RECEIVED, S.WIPED, S.ALLOCATED, S.DELIVERED, S.HANDED_OUT):
            campaign.device(donation, donor, status, workshop, care=care)

    add_work()
    few = queries_for_start_page(client)
    for _ in range(3):
        add_work()
    assert queries_for_start_page(client) == few
