"""The public impact figures: what counts, where and when, the cache, the page and the JSON feed."""
from datetime import timedelta

import pytest

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import undo_step
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.reports.impact import (
    CACHE_SECONDS,
    Figures,
    count_public_impact,
    forget_cached_figures,
    public_impact,
)
from allemaaldigitaal.reports.stats_periods import today_in_amsterdam

#: statuses made, and what they add to (collected, refurbished, handed_out, recycled)
WORLD = [S.HANDED_OUT, S.HANDED_OUT, S.READY, S.RECEIVED, S.RECYCLED, S.PLEDGED, S.RETURNED, S.CANCELLED, S.LOST]
EXPECTED = Figures(collected=7, refurbished=4, handed_out=3, recycled=1)


@pytest.fixture(autouse=True)
def fresh_cache():
    forget_cached_figures()
    yield
    forget_cached_figures()


@pytest.fixture
def world(make, session):
    """Devices in WORLD; the donor is in Groningen, the workshop in Utrecht, the care organisation in Limburg."""
    for kind, province in ((K.DONOR, "Groningen"), (K.REFURBISHER, " Utrecht "), (K.CARE, "Limburg")):
        make.one(kind).organisation.province = province
    devices = [make.device(status) for status in WORLD]
    session.flush()
    return devices


def by_province(impact) -> dict:
    return {row.province: row.figures for row in impact.provinces}


def test_the_totals_count_each_device_once_and_every_handout(world):
    assert count_public_impact(utcnow()).totals == EXPECTED


def test_each_figure_counts_where_it_happened(world):
    assert by_province(count_public_impact(utcnow())) == {
        "Groningen": Figures(collected=7),
        "Utrecht": Figures(refurbished=4, recycled=1),
        "Limburg": Figures(handed_out=3),
    }


def test_provinces_are_sorted_and_unknown_comes_last(world, make):
    make.one(K.CARE).organisation.province = "  "
    make.one(K.DONOR).organisation.province = "groningen"
    impact = count_public_impact(utcnow())
    assert [row.province for row in impact.provinces] == ["groningen", "Utrecht", None]
    assert impact.provinces[-1].figures == Figures(handed_out=3)


def test_an_organisation_without_province_counts_as_unknown(make, session):
    make.one(K.DONOR).organisation.province = None
    make.device(S.RECEIVED)
    session.flush()
    assert by_province(count_public_impact(utcnow())) == {None: Figures(collected=1)}


def test_a_step_taken_back_does_not_count(world, make, session):
    device = make.device(S.RECEIVED)
    undo_step(device.events[-1], make.one(K.REFURBISHER))
    session.flush()
    assert device.status == S.PLEDGED
    assert count_public_impact(utcnow()).totals == EXPECTED


def test_months_are_the_last_twelve_with_this_one_last(world):
    now = utcnow()
    months = count_public_impact(now).months
    assert len(months) == 12
    assert months[-1].month == today_in_amsterdam(now).replace(day=1)
    assert [row.month for row in months] == sorted(row.month for row in months)
    assert months[-1].figures == EXPECTED
    assert all(row.figures == Figures() for row in months[:-1])


def test_a_step_falls_in_its_own_month_and_drops_out_after_a_year(world):
    later = utcnow() + timedelta(days=45)
    months = count_public_impact(later).months
    this_month = today_in_amsterdam(utcnow()).replace(day=1)
    assert [row.figures for row in months if row.month == this_month] == [EXPECTED]
    year_later = count_public_impact(utcnow() + timedelta(days=400))
    assert all(row.figures == Figures() for row in year_later.months)
    assert year_later.totals == EXPECTED


def test_the_figures_are_cached_for_a_minute(world, make, session):
    clock = [1000.0]
    first = public_impact(clock=lambda: clock[0])
    make.device(S.RECEIVED)
    session.flush()
    clock[0] += CACHE_SECONDS - 1
    assert public_impact(clock=lambda: clock[0]) is first
    clock[0] += 2
    assert public_impact(clock=lambda: clock[0]).totals.collected == EXPECTED.collected + 1


def test_the_page_shows_the_tables_to_anyone_and_no_names(world, client, make):
    response = client.get("/cijfers")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="impact-handed-out">3<' in page
    for caption in ("Apparaten per provincie, sinds het begin", "Apparaten per maand, de laatste 12 maanden"):
        assert caption in page
    assert page.count('scope="row"') == 3 + 12
    for kind in (K.DONOR, K.REFURBISHER, K.CARE):
        assert make.one(kind).organisation.name not in page


def test_the_home_page_links_to_the_figures(client):
    assert 'href="/cijfers"' in client.get("/").get_data(as_text=True)


def test_the_feed_is_open_to_every_site_and_cached_for_a_minute(world, client, make):
    response = client.get("/cijfers.json")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.cache_control.max_age == CACHE_SECONDS and response.cache_control.public
    feed = response.get_json()
    assert feed["totals"] == vars(EXPECTED)
    assert {row["province"] for row in feed["provinces"]} == {"Groningen", "Utrecht", "Limburg"}
    assert len(feed["months"]) == 12 and feed["months"][-1]["handed_out"] == 3
    assert set(feed) == {"counted_at", "totals", "provinces", "months"}
    assert make.one(K.CARE).organisation.name not in response.get_data(as_text=True)
