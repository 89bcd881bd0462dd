"""Loans: which end within 30 days and which are overdue, scoped per care organisation; the loans page."""
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import update

from allemaaldigitaal.care import loans
from allemaaldigitaal.care.returns import return_device
from allemaaldigitaal.core.enums import DeviceStatus as S, HandoutKind, OrganisationKind as K
from allemaaldigitaal.core.models import Handout
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.transitions import take_step

from ..web.test_layout import parse
from .lending import hand_out, other_care_world

TODAY = date.today()


def tags(session, query) -> list[str]:
    return [handout.device.asset_tag for handout in session.scalars(query)]


def lend(world, days: int, reference: str = "CL-1"):
    return hand_out(world, HandoutKind.LOAN, TODAY + timedelta(days=days), reference)


def test_loans_ending_and_overdue_are_split_at_today_and_listed_first_to_end_first(world, session):
    later, soon, today, overdue, long_overdue = (lend(world, days) for days in (31, 30, 0, -1, -40))
    gift = hand_out(world)
    assert tags(session, loans.loans_ending(world.care)) == [today.asset_tag, soon.asset_tag]
    assert tags(session, loans.overdue_loans(world.care)) == [long_overdue.asset_tag, overdue.asset_tag]
    assert tags(session, loans.loans_ending(world.care, days=31)) == [today.asset_tag, soon.asset_tag, later.asset_tag]
    assert set(tags(session, loans.open_handouts(world.care))) == {
        device.asset_tag for device in (later, soon, today, overdue, long_overdue, gift)}


def test_a_loan_that_came_back_or_was_lost_is_no_longer_open(world, session):
    returned, lost, running = lend(world, -3), lend(world, -2), lend(world, -1)
    return_device(world.care, returned)
    take_step(world.care, lost, S.LOST, "Niet teruggekomen; de ontvanger is verhuisd")
    assert tags(session, loans.overdue_loans(world.care)) == [running.asset_tag]
    assert returned.asset_tag not in tags(session, loans.open_handouts(world.care))


def test_a_care_organisation_sees_only_its_own_loans_and_a_coordinator_counts_all(world, session):
    mine = lend(world, -5)
    other = other_care_world(world)
    theirs, their_second = lend(other, -5), lend(other, -1)
    assert tags(session, loans.overdue_loans(world.care)) == [mine.asset_tag]
    assert tags(session, loans.overdue_loans(other.care)) == [theirs.asset_tag, their_second.asset_tag]
    assert set(tags(session, loans.overdue_loans(world.coordinator))) >= {
        mine.asset_tag, theirs.asset_tag, their_second.asset_tag}
    counts = dict(loans.overdue_per_organisation(world.coordinator))
    assert (counts[other.care.organisation], counts[world.care.organisation]) == (2, 1)
    assert loans.overdue_per_organisation(world.care) == [(world.care.organisation, 1)]
    assert tags(session, loans.overdue_loans(world.make.one(K.REFURBISHER))) == []


@pytest.fixture
def one_loan(world):
    return lend(world, 0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.integers(-400, 400), window=st.integers(0, 60))
def test_every_open_loan_is_overdue_ending_or_later_exactly_once(world, session, one_loan, days, window):
    session.execute(update(Handout).where(Handout.id == one_loan.handout_id).values(loan_until=TODAY + timedelta(days)))
    ending = one_loan.asset_tag in tags(session, loans.loans_ending(world.care, window))
    overdue = one_loan.asset_tag in tags(session, loans.overdue_loans(world.care))
    assert (overdue, ending) == (days < 0, 0 <= days <= window)


def test_the_loans_page_lists_overdue_and_ending_loans_with_days_and_a_link_to_the_device(client, login, world):
    overdue, ending = lend(world, -3, "CL-LAAT"), lend(world, 12, "CL-BIJNA")
    theirs = lend(other_care_world(world), -3, "CL-ANDER")
    returned = hand_out(world)
    return_device(world.care, returned)
    login(client, world.care)
    response = client.get("/bruikleen")
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    late = page.find(id="overdue").text()
    assert format_tag(overdue.asset_tag) in late and "CL-LAAT" in late and "3 dagen te laat" in late
    soon = page.find(id="ending").text()
    assert format_tag(ending.asset_tag) in soon and "Nog 12 dagen" in soon and "CL-LAAT" not in soon
    links = {link.attrs["href"] for link in page.find(id="overdue").find_all("a")}
    assert f"/D/{overdue.asset_tag}" in links
    assert format_tag(returned.asset_tag) in page.find(id="bring-back").text()
    assert world.workshop().organisation.name in page.find(id="bring-back").text()
    everything = page.find(id="handouts").text()
    assert "CL-BIJNA" in everything and "CL-LAAT" in everything
    assert format_tag(theirs.asset_tag) not in response.get_data(as_text=True) and "CL-ANDER" not in everything


def test_a_coordinator_sees_overdue_loans_per_care_organisation(client, login, world):
    lend(world, -3)
    other = other_care_world(world)
    lend(other, -1)
    lend(other, -2)
    login(client, world.coordinator)
    page = parse(client.get("/bruikleen").get_data(as_text=True))
    rows = [row.text() for row in page.find(id="overdue-per-organisation").find_all("tr")[1:]]
    assert rows[0].startswith(other.care.organisation.name) and rows[0].endswith("2")
    assert any(row.startswith(world.care.organisation.name) and row.endswith("1") for row in rows)


def test_a_coordinator_sees_the_loans_but_never_a_recipient_reference(client, login, world):
    device = lend(world, -3, "CL-GEHEIM")
    login(client, world.coordinator)
    page = client.get("/bruikleen").get_data(as_text=True)
    assert format_tag(device.asset_tag) in page and "CL-GEHEIM" not in page
    assert "Alleen bekend bij de zorgorganisatie" in page
