"""The audit trail: each filter narrows the log, pages hold every entry once in order both ways, a page costs the
same queries for few and many entries, and the page is for coordinators and never shows a secret."""
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from allemaaldigitaal.core.enums import EventKind, OrganisationKind as K
from allemaaldigitaal.core.models import AuditEvent
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.reports.audit import AuditFilter, AuditFilterRefused, InvalidCursor

from ..devices.test_device_list import Statements
from ..web.test_layout import parse
from .audit_world import DAY_ONE, add_events, build_trail


@pytest.fixture
def trail(make, session):
    return build_trail(make, session)


def walk(chosen: AuditFilter, user, limit: int) -> tuple[list, list]:
    """Every entry forwards from the first page, and backwards from the last."""
    forwards, cursor = [], None
    while True:
        page = chosen.page(user, cursor, limit)
        forwards += page.entries
        if page.next is None:
            assert page.last
            break
        cursor = page.next
    backwards, cursor = [], "last"
    while cursor:
        page = chosen.page(user, cursor, limit)
        backwards = page.entries + backwards
        cursor = page.previous
    return forwards, backwards


@pytest.mark.parametrize("limit", [1, 2, 5, 12, 50])
def test_pages_hold_every_device_event_once_newest_first_both_ways(trail, limit):
    expected = trail.events()
    forwards, backwards = walk(AuditFilter(), trail.coordinator, limit)
    assert forwards == expected == backwards
    assert len({event.id for event in forwards}) == len(forwards) >= 12


def test_pages_of_the_security_log_hold_every_entry_once(trail):
    expected = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())))
    forwards, backwards = walk(AuditFilter(log="security"), trail.coordinator, 2)
    assert forwards == expected == backwards and len(expected) >= 5


FILTERS = st.fixed_dictionaries({}, optional={
    "device": st.integers(0, 2), "organisation": st.sampled_from(["workshop", "other"]),
    "user": st.sampled_from(["workshop", "other"]),
    "kind": st.sampled_from([EventKind.SCANNED, EventKind.LABEL_PRINTED, EventKind.DETAILS_EDITED]),
    "since": st.integers(0, 3), "until": st.integers(0, 3),
})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=FILTERS)
def test_every_filter_narrows_the_device_history_as_an_intersection(trail, values):
    users = {"workshop": trail.workshop, "other": trail.other_workshop}
    since = DAY_ONE.date() + timedelta(days=values["since"]) if "since" in values else None
    until = since + timedelta(days=values["until"]) if since and "until" in values else None
    device = trail.devices[values["device"]] if "device" in values else None
    chosen = AuditFilter(
        tag=device.asset_tag if device else None,
        organisation=users[values["organisation"]].organisation_id if "organisation" in values else None,
        user=users[values["user"]].id if "user" in values else None, kind=values.get("kind"), since=since, until=until,
    )
    shown = walk(chosen, trail.coordinator, 3)[0]

    def passes(event) -> bool:
        day = event.created_at.astimezone(local_zone()).date()
        return ((device is None or event.device_id == device.id)
                and ("organisation" not in values or event.organisation_id == users[values["organisation"]].organisation_id)
                and ("user" not in values or event.actor_id == users[values["user"]].id)
                and values.get("kind") in (None, event.kind)
                and (since is None or day >= since) and (until is None or day <= until))

    assert shown == [event for event in trail.events() if passes(event)]


def local_zone():
    from zoneinfo import ZoneInfo
    return ZoneInfo("Europe/Amsterdam")


def test_the_days_count_in_dutch_time(trail, session):
    # 23:30 UTC on 9 March is already 10 March in Amsterdam
    add_events(trail.devices, [trail.workshop], 1, start=DAY_ONE.replace(day=9, hour=23, minute=30))
    late = max(trail.events(), key=lambda event: event.id)
    assert late in AuditFilter(since=date(2026, 3, 10), until=date(2026, 3, 10)).page(trail.coordinator).entries
    assert late not in AuditFilter(until=date(2026, 3, 9)).page(trail.coordinator).entries


def test_the_security_log_filters_on_action_user_and_organisation(trail):
    page = AuditFilter(log="security", kind="login", organisation=trail.workshop.organisation_id).page(trail.coordinator)
    assert [(entry.action, entry.actor_id) for entry in page.entries] == [("login", trail.workshop.id)]
    assert {entry.action for entry in AuditFilter(log="security", user=trail.workshop.id).page(trail.coordinator).entries
            } == {"login", "logout"}


@pytest.mark.parametrize(("values", "field"), [
    ({"log": "security", "tag": "329XPEG6Q"}, "tag"), ({"kind": "login"}, "kind"),
    ({"log": "security", "kind": "scanned"}, "kind"), ({"log": "secrets"}, "log"),
    ({"since": date(2026, 3, 5), "until": date(2026, 3, 4)}, "until"),
])
def test_a_filter_that_does_not_fit_its_log_is_refused_by_name(values, field):
    with pytest.raises(AuditFilterRefused) as refused:
        AuditFilter(**values)
    assert refused.value.field == field


@pytest.mark.parametrize("cursor", ["nonsense", "WyJhIiwxXQ", "WyJhIiwieCIsMV0",
                                    "WyJ4IiwiMjAyNi0wMS0wMVQwMDowMDowMCswMDowMCIsMV0"])
def test_a_cursor_the_trail_did_not_make_is_refused(trail, cursor):
    with pytest.raises(InvalidCursor):
        AuditFilter().page(trail.coordinator, cursor)


def test_someone_else_than_a_coordinator_sees_nothing_of_the_security_log(trail):
    assert AuditFilter(log="security").page(trail.workshop).entries == []


def _queries(client, path: str) -> int:
    with Statements() as statements:
        assert client.get(path).status_code == 200
    return statements.count


def test_a_page_costs_the_same_queries_for_few_and_many_entries(client, login, trail, session):
    login(client, trail.coordinator)
    paths = ["/audit", "/audit?pagina=last", f"/audit?kind=scanned&organisation={trail.workshop.organisation_id}",
             "/audit?log=security", "/audit?log=security&pagina=last"]
    client.get("/audit")
    few = [_queries(client, path) for path in paths]
    add_events(trail.devices, [trail.workshop, trail.other_workshop], 300)
    for number in range(150):
        session.add(AuditEvent(action="login", actor_id=trail.workshop.id, organisation_id=trail.workshop.organisation_id,
                               created_at=DAY_ONE + timedelta(minutes=number)))
    session.flush()
    assert [_queries(client, path) for path in paths] == few


def test_the_page_shows_the_entries_with_labelled_filters_and_page_links(client, login, trail, session):
    add_events(trail.devices, [trail.workshop], 60)
    login(client, trail.coordinator)
    page = parse(client.get("/audit").get_data(as_text=True))
    table = page.find("table", id="audit-entries")
    assert table.find("caption").text().strip()
    assert len(table.find("tbody").find_all("tr")) == 50
    for name in ("log", "tag", "organisation", "user", "kind", "since", "until"):
        control = page.find(name=name)
        assert page.find("label", for_=control.attrs["id"]), name
    following = page.find("a", rel="next").attrs["href"]
    second = parse(client.get(following).get_data(as_text=True))
    assert len(second.find("table", id="audit-entries").find("tbody").find_all("tr")) == 75 - 50  # 60 + 12 events and 3 creations
    assert second.find("a", rel="prev")


def test_the_page_filters_on_a_tag_in_any_form_and_a_users_email(client, login, trail):
    login(client, trail.coordinator)
    device = trail.devices[1]
    page = parse(client.get(f"/audit?tag={format_tag(device.asset_tag).lower()}&user={trail.workshop.email.upper()}"
                            ).get_data(as_text=True))
    tags = {link.text() for link in page.find("table", id="audit-entries").find_all("a")}
    assert tags == {format_tag(device.asset_tag)}


@pytest.mark.parametrize("query", ["tag=AD-329-XPE-G6X", "user=niemand@example.org", "since=morgen",
                                   "log=security&tag=329XPEG6Q"])
def test_a_wrong_filter_is_named_and_no_entries_are_shown(client, login, trail, query):
    login(client, trail.coordinator)
    response = client.get(f"/audit?{query}")
    page = parse(response.get_data(as_text=True))
    assert response.status_code == 200
    assert page.find(id="error-summary")
    assert not page.find_all("table", id="audit-entries")


def test_the_page_never_shows_a_password_or_token(client, login, make, trail):
    from allemaaldigitaal.accounts.tokens import create_token
    _token, secret = create_token(trail.coordinator, "script")
    login(client, trail.coordinator)
    client.post("/profiel/wachtwoord", data={"current_password": "correct horse battery",
                                             "new_password": "een heel nieuw wachtwoord",
                                             "new_password_confirm": "een heel nieuw wachtwoord"})
    body = client.get("/audit?log=security").get_data(as_text=True)
    assert "127.0.0.1" in body
    for secret_text in (secret, "een heel nieuw wachtwoord", "correct horse battery"):
        assert secret_text not in body


def test_only_a_coordinator_gets_the_link_and_the_page(client, login, trail):
    login(client, trail.workshop)
    assert client.get("/audit").status_code == 403
    assert "/audit" not in client.get("/apparaten").get_data(as_text=True)
    login(client, trail.coordinator)
    assert 'href="/audit"' in client.get("/apparaten").get_data(as_text=True)
    assert trail.coordinator.kind == K.COORDINATOR


def test_every_security_log_action_has_words_for_the_audit_trail():
    from allemaaldigitaal.core.audit import ACTIONS
    from allemaaldigitaal.reports.audit_forms import ACTION_LABELS

    assert set(ACTION_LABELS) == set(ACTIONS)
