"""The device list and its one filter: every filter narrows access.scoped, pages hold every device exactly once,
and a page costs the same number of queries however many devices there are."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import event

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.demo.services import bring_to
from allemaaldigitaal.devices.filters import PER_PAGE, SORTS, DeviceFilter, InvalidCursor
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.extensions import db

from ..web.test_layout import parse


def ids(devices) -> set[int]:
    return {device.id for device in devices}


@pytest.fixture
def varied(world, make, session):
    """The world's devices in several statuses and kinds, some received by the other workshop."""
    ours, theirs = world.ours, world.theirs
    cast = make.cast()
    bring_to(ours.devices[0], DeviceStatus.RECEIVED, cast, make.rng, ours.workshop)
    bring_to(ours.devices[1], DeviceStatus.READY, cast, make.rng, ours.workshop)
    bring_to(theirs.devices[2], DeviceStatus.WIPED, cast, make.rng, theirs.workshop)
    session.flush()
    return world


def _users(world):
    return [world.ours.donor, world.ours.workshop, world.theirs.workshop, world.coordinator, world.care,
            world.theirs.donor]


FILTER_VALUES = st.fixed_dictionaries({}, optional={
    "status": st.sampled_from(list(DeviceStatus)),
    "kind": st.sampled_from(list(DeviceKind)),
    "text": st.sampled_from(["dell", "IPAD", "Elite", "SN", "x%_", "AD-", "840", "e", "4"]),
    "sort": st.sampled_from(list(SORTS)),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=FILTER_VALUES, who=st.integers(0, 5), organisation=st.sampled_from(["none", "workshop", "care"]))
def test_a_filter_never_shows_a_device_outside_scope_and_combines_as_an_intersection(varied, values, who, organisation):
    world = varied
    user = _users(world)[who]
    if organisation == "workshop":
        values = {**values, "workshop": world.ours.workshop.organisation_id}
    elif organisation == "care":
        values = {**values, "care": world.care.organisation_id}
    allowed = ids(db.session.scalars(scoped(Device, user)))
    combined = ids(DeviceFilter(**values).devices(user))
    assert combined <= allowed
    assert DeviceFilter(**values).count(user) == len(combined)
    expected = set(allowed)
    for name, value in values.items():
        if name != "sort":
            expected &= ids(DeviceFilter(**{name: value}).devices(world.coordinator))
    assert combined == expected
    devices = {device.id: device for device in db.session.scalars(scoped(Device, world.coordinator))}
    for device_id in combined:
        device = devices[device_id]
        assert values.get("status") in (None, device.status) and values.get("kind") in (None, device.kind)


def test_the_text_finds_tag_serial_brand_model_and_asset_number(world, session):
    device = world.ours.devices[2]
    device.donor_asset_number = "INV-0042"
    device.serial_number = "PF1ABCDE"
    session.flush()
    coordinator = world.coordinator
    for text in (format_tag(device.asset_tag).lower(), device.asset_tag[:4], "hp elitebook", "f1abc", "inv-0042"):
        assert device.id in ids(DeviceFilter(text=text).devices(coordinator)), text
    assert DeviceFilter(text="100%").devices(coordinator) == []


@pytest.mark.parametrize("text", [None, "p"], ids=["all", "short text"])
@pytest.mark.parametrize("few", [0, 1000], ids=["walked in order", "few sorted"])
@pytest.mark.parametrize("sort", list(SORTS))
def test_pages_hold_every_device_exactly_once_in_order_both_ways(world, session, make, monkeypatch, sort, few, text):
    """Both ways a page may be found: walking the sort order's index, or sorting the few that pass (FEW; on PostgreSQL
    for a text too short for the trigram index)."""
    monkeypatch.setattr("allemaaldigitaal.devices.filters.FEW", few)
    for number in range(7):
        add_device(world.ours.donation, world.ours.donor, DeviceSpecs(serial_number=f"P{number}"))
    bring_to(world.ours.devices[0], DeviceStatus.RECEIVED, make.cast(), make.rng, world.ours.workshop)
    session.flush()
    chosen, user = DeviceFilter(sort=sort, text=text), world.coordinator
    everything = chosen.devices(user)
    assert len(everything) >= 7
    seen, cursor, pages = [], None, 0
    while True:
        page = chosen.page(user, cursor, limit=3)
        seen += page.devices
        pages += 1
        assert page.total == len(everything)
        if page.next is None:
            assert page.last
            break
        cursor = page.next
    assert seen == everything and pages == -(-len(everything) // 3)
    back, cursor = [], "last"
    while cursor:
        page = chosen.page(user, cursor, limit=3)
        back = page.devices + back
        cursor = page.previous
    assert back == everything


@pytest.mark.parametrize("cursor", ["nonsense", "WyJhIiwxXQ", "WyJhIiwieCIsInkiXQ"])
def test_a_cursor_the_list_did_not_make_is_refused(world, cursor):
    with pytest.raises(InvalidCursor):
        DeviceFilter(sort="newest").page(world.coordinator, cursor)


class Statements:
    """Counts the SQL statements sent while it is open."""

    def __init__(self):
        self.count = 0
        self.statements = []

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, connection, cursor, statement, *args):
        self.count += 1
        self.statements.append(statement)


def _list_queries(client, path) -> int:
    with Statements() as statements:
        assert client.get(path).status_code == 200
    return statements.count


@pytest.mark.parametrize("role", ["refurbisher", "coordinator"])
def test_a_page_of_the_list_costs_the_same_queries_for_few_and_many_devices(client, login, world, session, role):
    login(client, world.user(role))
    paths = ["/apparaten", "/apparaten?status=pledged&kind=laptop&q=dell&sort=status",
             "/apparaten?pagina=last&sort=longest_in_status"]
    client.get("/apparaten")  # the first request of a session loads a few things once
    few = [_list_queries(client, path) for path in paths]
    for number in range(120):
        add_device(world.ours.donation, world.ours.donor, DeviceSpecs(kind=DeviceKind.LAPTOP, brand="Dell",
                                                                      serial_number=f"M{number}"))
    session.flush()
    assert [_list_queries(client, path) for path in paths] == few


def test_the_list_filters_on_kind_text_and_sorts(client, login, world):
    login(client, world.coordinator)
    page = parse(client.get("/apparaten?kind=tablet&sort=tag").get_data(as_text=True))
    shown = [link.text() for link in page.find("main").find_all("a") if link.attrs["href"].startswith("/D/")]
    expected = sorted(format_tag(d.asset_tag) for d in world.ours.devices + world.theirs.devices
                      if d.kind == DeviceKind.TABLET)
    assert [tag for tag in shown if tag in expected] == expected


def test_a_coordinator_filters_on_workshop_and_care_organisation_and_others_do_not_see_those_fields(
        client, login, world):
    login(client, world.coordinator)
    page = parse(client.get(f"/apparaten?workshop={world.theirs.workshop.organisation_id}").get_data(as_text=True))
    shown = {link.text() for link in page.find("main").find_all("a") if link.attrs["href"].startswith("/D/")}
    assert shown >= {format_tag(d.asset_tag) for d in world.theirs.devices}
    assert not shown & {format_tag(d.asset_tag) for d in world.ours.devices}
    assert page.find("select", name="care")
    login(client, world.ours.donor)
    page = parse(client.get("/apparaten").get_data(as_text=True))
    assert not page.find_all("select", name="workshop") and not page.find_all("select", name="care")


def test_a_bad_filter_value_is_named_and_ignored(client, login, world):
    login(client, world.ours.donor)
    response = client.get("/apparaten?status=kapot&kind=laptop")
    page = parse(response.get_data(as_text=True))
    assert response.status_code == 200
    assert page.find(id="error-summary")
    shown = {link.text() for link in page.find("main").find_all("a") if link.attrs["href"].startswith("/D/")}
    assert shown == {format_tag(d.asset_tag) for d in world.ours.devices if d.kind == DeviceKind.LAPTOP}


def test_the_same_filter_serves_the_care_organisation_only_its_own(world):
    assert DeviceFilter(care=world.care.organisation_id).devices(world.ours.donor) == []
    assert world.care.kind == K.CARE


def test_the_page_links_keep_the_filter_and_nothing_else(client, login, world, session):
    for number in range(PER_PAGE + 1):
        add_device(world.ours.donation, world.ours.donor, DeviceSpecs(kind=DeviceKind.TABLET, serial_number=f"T{number}"))
    session.flush()
    login(client, world.ours.donor)
    page = parse(client.get("/apparaten?kind=tablet&sort=oldest&_external=1").get_data(as_text=True))
    following = page.find("a", rel="next").attrs["href"]
    assert following.startswith("/apparaten?") and "kind=tablet" in following and "sort=oldest" in following
    assert "_external" not in following
    second = parse(client.get(following).get_data(as_text=True))
    shown = [link.text() for link in second.find("main").find_all("a") if link.attrs["href"].startswith("/D/")]
    assert len(shown) == 2  # 51 new tablets and the world's own one, 50 on the first page
