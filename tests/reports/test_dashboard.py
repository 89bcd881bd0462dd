"""The dashboard page and the coordinator's start page: the figures as counted from the devices' histories."""
from datetime import date, datetime

import pytest
from sqlalchemy import event

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.reports.chart import month_chart, nice_step

from ..web.test_layout import nav_labels, parse
from .stats_world import (
    AMSTERDAM,
    expected_groups,
    expected_months,
    expected_pipeline,
    since,
    status_of,
    world_fixture,  # noqa: F401  (a fixture for the tests here)
)


def last_twelve_months() -> list[date]:
    today = datetime.now(AMSTERDAM).date()
    months = []
    for back in range(11, -1, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        months.append(date(year, month + 1, 1))
    return months


def rows_of(section) -> dict[str, list[str]]:
    """{row header: [cell texts]} of the first table in the section."""
    return {row.find("th").text(): [cell.text() for cell in row.find_all("td")]
            for row in section.find("tbody").find_all("tr")}


def page_of(client, path="/dashboard"):
    response = client.get(path)
    assert response.status_code == 200
    return parse(response.get_data(as_text=True))


def test_the_dashboard_shows_every_status_and_each_month_as_counted(client, login, world):
    world.build_mix(30)
    login(client, world.coordinator)
    page = page_of(client)
    expected = expected_pipeline(world)
    pipeline = rows_of(page.find(id="dashboard-pipeline"))
    assert {status: cells[0] for status, cells in pipeline.items()} == {
        str(status.label): str(expected[status]) for status in S
    }
    intake, handout = expected_months(world, S.RECEIVED), expected_months(world, S.HANDED_OUT)
    shown = list(rows_of(page.find(id="dashboard-months")).values())
    assert shown == [[str(intake[month]), str(handout[month])] for month in last_twelve_months()]


def test_the_chart_is_an_image_with_a_title_a_description_and_a_legend_that_does_not_need_colour(client, login, world):
    world.build_mix(10)
    login(client, world.coordinator)
    section = page_of(client).find(id="dashboard-months")
    svg = section.find("svg", role="img")
    assert svg.attrs["aria-labelledby"] == "month-chart-title month-chart-description"
    assert "12 maanden" in svg.find("title").text() and "tabel" in svg.find("desc").text()
    assert section.find("table").find("caption").text()
    assert [th.attrs.get("scope") for th in section.find("thead").find_all("th")] == ["col", "col", "col"]
    assert "effen" in section.find(id="month-chart-legend").text()
    assert "gestreepte" in section.find(id="month-chart-legend").text()


def test_the_breakdowns_and_the_longest_waiting_devices_are_shown(client, login, world):
    world.build_mix(25)
    login(client, world.coordinator)
    page = page_of(client)
    donors = rows_of(page.find(id="groups-donors"))
    expected = expected_groups(world, lambda built: built.donor.organisation.name)
    assert {name: int(cells[-1]) for name, cells in donors.items()} == {
        name: sum(counts.values()) for name, counts in expected.items()
    }
    received = sorted((built for built in world.built if status_of(built) == S.RECEIVED),
                      key=lambda built: (since(built), built.device.id))
    if received:
        waiting = rows_of(page.find(id="waiting-received"))
        assert list(waiting) == [format_tag(built.device.asset_tag) for built in received[:5]]


def test_an_empty_campaign_shows_zeros_and_no_median(client, login, world):
    login(client, world.coordinator)
    page = page_of(client)
    assert "Nog niet bekend" in page.find(id="dashboard-throughput").text()
    assert "Nog geen apparaten." in page.find(id="groups-donors").text()


def test_the_coordinator_finds_the_dashboard_in_the_navigation_and_on_the_start_page(client, login, world, make):
    world.build_mix(5)
    login(client, world.coordinator)
    start = page_of(client, "/start")
    assert "Dashboard" in nav_labels(start)
    assert start.find(id="dashboard-months") and start.find(id="dashboard-warnings")
    assert not start.find_all(id="dashboard-pipeline")  # the start page shows the devices per status itself
    for kind in (K.DONOR, K.REFURBISHER, K.CARE):
        login(client, make.user(kind))
        page = page_of(client, "/start")
        assert "Dashboard" not in nav_labels(page) and not page.find_all(id="dashboard-months")
        assert client.get("/dashboard").status_code == 403


def test_stuck_devices_are_named_in_the_warnings(client, login, world):
    world.device(S.RECEIVED, start_days_ago=200)
    login(client, world.coordinator)
    warnings = page_of(client).find(id="dashboard-warnings").text()
    assert "1 apparaat is al meer dan 30 dagen ontvangen en nog niet gewist." in warnings


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, *_args):
        self.count += 1


def queries_for(client, path: str) -> int:
    counter = Counter()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return counter.count


@pytest.mark.parametrize("path", ["/dashboard", "/start"])
def test_the_number_of_queries_does_not_grow_with_the_rows(client, login, world, path):
    login(client, world.coordinator)
    world.build_mix(4)
    queries_for(client, path)  # the first request after signing in also renews the session
    few = queries_for(client, path)
    world.build_mix(25)
    assert queries_for(client, path) == few


@pytest.mark.parametrize(("maximum", "step"), [(0, 1), (1, 1), (5, 1), (6, 2), (11, 5), (26, 10), (101, 50),
                                               (999, 200), (12345, 5000)])
def test_the_axis_steps_are_round_numbers_that_reach_the_maximum(maximum, step):
    assert nice_step(maximum) == step


def test_the_bars_are_as_high_as_their_values_from_one_baseline():
    chart = month_chart([("jan", 10, 5), ("feb", 0, 20)])
    heights = {(bar.series, bar.value): bar.height for bar in chart.bars}
    assert heights[("intake", 10)] == pytest.approx(heights[("handout", 20)] / 2, abs=0.2)
    assert heights[("intake", 0)] == 0
    assert all(bar.y + bar.height == pytest.approx(chart.baseline) for bar in chart.bars)
    assert chart.ticks[0].value == 0 and chart.ticks[-1].value >= 20
