"""The workshop's work queue (its own page, and the first rows on the start page): every list holds exactly what an
independent computation over all devices says, the longest waiting first, counted, in a fixed number of queries."""
import itertools
import random
import re

from hypothesis import HealthCheck, example, given, settings, strategies as st
from sqlalchemy import event

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K, StorageType
from allemaaldigitaal.core.models import Device, Donation, User
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation, mark_collected
from allemaaldigitaal.extensions import db
from allemaaldigitaal.start.queues import LIMIT
from allemaaldigitaal.workshop.queue_views import QUEUE_LIMIT
from allemaaldigitaal.workshop.receiving import close_receiving

from ..web.test_layout import parse

_serials = itertools.count(1)
TAG = re.compile(r"AD-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}")
#: the statuses a device of the workshop is put in
STATUSES = [S.PLEDGED, S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED, S.RETURNED, S.RECYCLED]
#: what can happen to a donation before its devices are made
DONATION_STATES = ("open", "collected", "closed")


class Workshops:
    """Donations of two workshops with devices in any status, made through the real services."""

    def __init__(self, make):
        self.make = make
        self.rng = random.Random(11)
        self.donor = make.user(K.DONOR)
        self.mine, self.other = make.user(K.REFURBISHER), make.user(K.REFURBISHER)
        care = make.one(K.CARE)
        claim = make.cast().claims[0]
        self.casts = {user.id: Cast(make.one(K.COORDINATOR), [user], [care], [claim]) for user in (self.mine, self.other)}

    def donation(self, workshop: User, state: str = "open") -> Donation:
        donation = create_donation(self.donor.organisation, self.donor, refurbisher=workshop.organisation)
        if state in ("collected", "closed"):
            mark_collected(donation, workshop)
        return donation

    def device(self, donation: Donation, workshop: User, status: S, locks_cleared: bool = False) -> Device:
        device = add_device(donation, self.donor, DeviceSpecs(
            brand="Dell", model="Latitude 7490", serial_number=f"QUEUE{next(_serials)}", storage_type=StorageType.SSD,
        ))
        bring_to(device, status, self.casts[workshop.id], self.rng, workshop)
        if status == S.WIPED:
            device.account_locks_cleared = locks_cleared
        self.make.session.flush()
        return device


def expected_queues(workshop: User, devices: list[Device], donations: list[Donation]) -> dict[str, list[str]]:
    """The queues computed from every device and donation, in Python, the longest waiting first."""
    org = workshop.organisation_id
    held = [device for device in devices if device.custodian_id == org]

    def tags(chosen) -> list[str]:
        return [device.asset_tag for device in sorted(chosen, key=lambda d: (d.status_changed_at, d.id))]

    return {
        "to_collect": [donation.reference for donation in sorted(donations, key=lambda d: (d.created_at, d.id))
                       if donation.refurbisher_id == org and donation.collected_at is None
                       and donation.closed_at is None and donation.cancelled_at is None
                       and all(device.status in (S.PLEDGED, S.CANCELLED) for device in donation.devices)],
        "to_receive": tags(d for d in devices if d.status == S.PLEDGED and d.donation.refurbisher_id == org
                           and d.donation.closed_at is None),
        "to_wipe": tags(d for d in held if d.status in (S.RECEIVED, S.RETURNED)),
        "to_check": tags(d for d in held if d.status == S.WIPED and not d.account_locks_cleared),
        "to_release": tags(d for d in held if d.status == S.WIPED and d.account_locks_cleared),
        "ready": tags(d for d in held if d.status == S.READY),
        "to_deliver": tags(d for d in held if d.status == S.ALLOCATED),
    }


def shown(page, name: str) -> tuple[list[str], str]:
    """The rows of one queue (canonical tags, or references) and its heading."""
    section = page.find(id=f"queue-{name}")
    rows = [item.text() for item in section.find_all("li")]
    found = []
    for row in rows:
        tag = TAG.match(row)
        found.append(tag.group()[3:].replace("-", "") if tag else row.split(" ")[0])
    return found, section.find("h3").text()


def build(make, plan) -> tuple[Workshops, list[Device], list[Donation]]:
    world = Workshops(make)
    devices, donations = [], []
    for is_mine, state, items in plan:
        workshop = world.mine if is_mine else world.other
        donation = world.donation(workshop, state)
        donations.append(donation)
        for status, locks in items:
            devices.append(world.device(donation, workshop, status, locks))
        if state == "closed":
            close_receiving(workshop, donation)
    make.session.flush()
    return world, devices, donations


PLANS = st.lists(st.tuples(
    st.booleans(), st.sampled_from(DONATION_STATES),
    st.lists(st.tuples(st.sampled_from(STATUSES), st.booleans()), max_size=4),
), max_size=5)


#: every status, with locks cleared and not, in donations of both workshops in every state
EVERYTHING = [
    (is_mine, state, [(status, locks) for status in STATUSES for locks in (False, True)])
    for is_mine in (True, False) for state in DONATION_STATES
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PLANS)
@example(EVERYTHING)
def test_the_work_queue_holds_exactly_the_workshops_work_oldest_first(client, login, make, plan):
    world, devices, donations = build(make, plan)
    login(client, world.mine)
    response = client.get("/werkplaats/werklijst")
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    start = parse(client.get("/start").get_data(as_text=True))
    for name, expected in expected_queues(world.mine, devices, donations).items():
        rows, heading = shown(page, name)
        assert rows == expected[:QUEUE_LIMIT], name
        assert heading.endswith(f"({len(expected)})") if expected else not heading.endswith(")"), heading
        assert shown(start, name)[0] == expected[:LIMIT], name


def test_a_long_list_shows_the_oldest_and_links_to_the_devices_of_that_status(client, login, make, monkeypatch):
    monkeypatch.setattr("allemaaldigitaal.workshop.queue_views.QUEUE_LIMIT", 3)
    world = Workshops(make)
    donation = world.donation(world.mine)
    devices = [world.device(donation, world.mine, S.READY) for _ in range(5)]
    login(client, world.mine)
    page = parse(client.get("/werkplaats/werklijst").get_data(as_text=True))
    rows, heading = shown(page, "ready")
    assert rows == [device.asset_tag for device in devices[:3]] and heading.endswith("(5)")
    links = [link.attrs["href"] for link in page.find(id="queue-ready").find_all("a")]
    assert links[:3] == [f"/D/{device.asset_tag}" for device in devices[:3]]
    assert links[3] == "/apparaten?status=ready"
    start_links = [link.attrs["href"] for link in parse(client.get("/start").get_data(as_text=True))
                   .find(id="queue-ready").find_all("a")]
    assert start_links[-1] == "/werkplaats/werklijst"


def test_donations_to_collect_link_to_their_receive_page(client, login, make):
    world = Workshops(make)
    donation = world.donation(world.mine)
    world.device(donation, world.mine, S.PLEDGED)
    login(client, world.mine)
    section = parse(client.get("/start").get_data(as_text=True)).find(id="queue-to_collect")
    assert [link.attrs["href"] for link in section.find_all("a")] == [
        f"/werkplaats/ontvangen/{donation.reference}", "/werkplaats/ontvangen"]
    assert f"{donation.reference} · {world.donor.organisation.name} · 0 laptops en 0 tablets" in section.text()


def queries_for(client, path: str) -> int:
    count = 0

    def counted(*_args):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count


def test_the_number_of_queries_does_not_grow_with_the_work(client, login, make):
    world = Workshops(make)
    login(client, world.mine)

    def add_work():
        donation = world.donation(world.mine)
        for status in (S.PLEDGED, S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED):
            world.device(donation, world.mine, status)
        world.donation(world.mine)

    add_work()
    few = queries_for(client, "/werkplaats/werklijst")
    for _ in range(3):
        add_work()
    assert queries_for(client, "/werkplaats/werklijst") == few
