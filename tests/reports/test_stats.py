"""The dashboard's figures equal what the devices' own histories say, counted here in Python."""
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import event

from allemaaldigitaal.care.services import create_claim
from allemaaldigitaal.core.enums import ClaimStatus, DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db
from allemaaldigitaal.reports import stats
from allemaaldigitaal.reports.stats import LONGEST, STAGES, STUCK_AFTER, WAITING, dashboard_stats
from allemaaldigitaal.reports.stats_periods import month_starts
from allemaaldigitaal.reports.stats_queries import median_days

from .stats_world import (
    AMSTERDAM,
    expected_groups,
    expected_median,
    expected_months,
    expected_open_loans,
    expected_pipeline,
    month_of,
    province_of,
    since,
    status_of,
    world_fixture,  # noqa: F401  (a fixture for the tests here)
)


@pytest.fixture
def figures(world):
    world.build_mix(40)
    return dashboard_stats(world.coordinator)


def test_the_pipeline_counts_every_device_once_in_lifecycle_order(world, figures):
    expected = expected_pipeline(world)
    assert [row.status for row in figures.pipeline] == list(S)
    assert {row.status: row.count for row in figures.pipeline} == {status: expected[status] for status in S}
    assert figures.total_devices == len(world.built) == 40


def test_devices_past_their_limit_are_counted_as_stuck(world, figures):
    now = utcnow()
    for status, limit in STUCK_AFTER.items():
        late = [built for built in world.built if status_of(built) == status and since(built) < now - limit]
        assert {row.status: row.stuck for row in figures.pipeline}[status] == len(late)
    assert {stuck.status: stuck.days for stuck in figures.stuck} == {S.RECEIVED: 30, S.ALLOCATED: 14}
    assert all(row.stuck == 0 for row in figures.pipeline if row.status not in STUCK_AFTER)


def test_intake_and_handouts_per_month_cover_the_last_twelve_months(world, figures):
    intake, handout = expected_months(world, S.RECEIVED), expected_months(world, S.HANDED_OUT)
    months = [row.month for row in figures.months]
    assert len(months) == 12 and months == sorted(months) and months[-1] == month_of(utcnow())
    assert {row.month: row.intake for row in figures.months} == {month: intake[month] for month in months}
    assert {row.month: row.handout for row in figures.months} == {month: handout[month] for month in months}
    assert sum(row.intake for row in figures.months) > 0


@pytest.mark.parametrize(("attribute", "key"), [
    ("donors", lambda built: built.donor.organisation.name),
    ("workshops", lambda built: built.workshop.organisation.name),
    ("care_organisations", lambda built: built.care.organisation.name if built.care else False),
    ("provinces", province_of),
])
def test_each_breakdown_counts_devices_per_stage(world, figures, attribute, key):
    expected = expected_groups(world, key)
    shown = getattr(figures, attribute)
    assert {row.name: row.stages for row in shown} == {
        name: {stage.key: counts[stage.key] for stage in STAGES} for name, counts in expected.items()
    }
    assert [row.total for row in shown] == sorted((row.total for row in shown), reverse=True)
    assert all(row.total == sum(row.stages.values()) for row in shown)
    assert all(type(value) is int for row in shown for value in (*row.stages.values(), row.total))  # not Decimal


def test_a_province_comes_from_the_care_organisation_then_the_workshop_then_the_donor(world):
    utrecht_donor, no_province_donor = world.donors[0], world.donors[2]
    limburg, noord_holland, unknown_care = world.workshops[1], world.cares[0], world.cares[1]
    world.device(S.PLEDGED, donor=utrecht_donor, workshop=limburg)
    world.device(S.HANDED_OUT, donor=utrecht_donor, workshop=limburg, care=noord_holland)
    world.device(S.HANDED_OUT, donor=no_province_donor, workshop=limburg, care=unknown_care)
    world.device(S.READY, donor=no_province_donor, workshop=limburg)
    provinces = {row.name: row.total for row in dashboard_stats(world.coordinator).provinces}
    assert provinces == {"Limburg": 3, "Noord-Holland": 1}


def test_only_the_top_organisations_are_listed_the_largest_first(world, make, monkeypatch):
    monkeypatch.setattr(stats, "TOP", 2)
    donors = [make.user(K.DONOR) for _ in range(3)]
    for donor, count in zip(donors, (1, 3, 2), strict=True):
        for _ in range(count):
            world.device(S.RECEIVED, donor=donor)
    shown = dashboard_stats(world.coordinator).donors
    assert [(row.name, row.total) for row in shown] == [(donors[1].organisation.name, 3),
                                                        (donors[2].organisation.name, 2)]


def test_throughput_is_the_median_over_devices_that_got_there_in_the_last_twelve_months(world, figures):
    window = month_starts(utcnow(), 12)[0]
    throughput = figures.throughput
    for (days, devices), (start, end) in [
        ((throughput.received_to_ready_days, throughput.received_to_ready_devices), (S.RECEIVED, S.READY)),
        ((throughput.ready_to_handed_out_days, throughput.ready_to_handed_out_devices), (S.READY, S.HANDED_OUT)),
    ]:
        expected_days, expected_devices = expected_median(world, start, end, window)
        assert devices == expected_devices and devices > 0
        assert days == pytest.approx(expected_days, abs=1e-4)


def test_without_devices_there_is_no_median_and_every_count_is_zero(world):
    figures = dashboard_stats(world.coordinator)
    assert figures.throughput.received_to_ready_days is None and figures.throughput.received_to_ready_devices == 0
    assert figures.total_devices == 0 and not any(row.intake or row.handout for row in figures.months)
    assert figures.donors == [] and all(rows == [] for rows in figures.waiting.values())


def test_the_longest_waiting_devices_per_stage_come_first(world, figures):
    for _ in range(LONGEST + 2):
        world.device(S.RECEIVED)
    figures = dashboard_stats(world.coordinator)
    assert list(figures.waiting) == list(WAITING)
    for status in WAITING:
        waiting = sorted((built for built in world.built if status_of(built) == status),
                         key=lambda built: (since(built), built.device.id))[:LONGEST]
        assert [row.asset_tag for row in figures.waiting[status]] == [built.device.asset_tag for built in waiting]
        assert [row.holder for row in figures.waiting[status]] == [built.device.custodian.name for built in waiting]
    assert len(figures.waiting[S.RECEIVED]) == LONGEST


def test_open_claims_and_the_devices_they_still_wait_for(world, make, figures):
    care = world.cares[0]
    create_claim(care.organisation, care, 2, 1, "Voor de bibliotheek")
    world.session.flush()
    figures = dashboard_stats(world.coordinator)
    claims = list(world.claims.values())
    open_approved = [claim for claim in claims if len(claim.devices) < claim.laptops_requested]
    assert figures.submitted_claims == 1
    assert figures.approved_claims_open == len(open_approved)
    assert figures.devices_to_allocate == 3 + sum(claim.laptops_requested - len(claim.devices) for claim in open_approved)
    assert all(claim.status == ClaimStatus.APPROVED for claim in claims)


def test_a_loan_past_its_end_date_in_amsterdam_is_overdue_until_it_comes_back(world, session):
    today = datetime.now(AMSTERDAM).date()
    late, ends_today, returned, _gift = [world.device(S.HANDED_OUT) for _ in range(4)]
    for built, until in ((late, today - timedelta(days=1)), (ends_today, today), (returned, today - timedelta(days=9))):
        world.lend(built, until)
    world.bring_back(returned)
    assert dashboard_stats(world.coordinator).overdue_loans == expected_open_loans(session) == 1


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *_args):
        self.count += 1


def queries_for(user) -> int:
    counter = QueryCounter()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        dashboard_stats(user)
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return counter.count


def test_the_number_of_queries_does_not_grow_with_the_rows(world):
    world.build_mix(5)
    few = queries_for(world.coordinator)
    world.build_mix(30)
    assert queries_for(world.coordinator) == few <= 12


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), starts=st.lists(
    st.tuples(st.sampled_from([S.READY, S.ALLOCATED, S.HANDED_OUT]), st.floats(min_value=1, max_value=500)),
    min_size=1, max_size=4,
))
def test_the_medians_in_sql_are_the_medians_in_python(world, seed, starts):
    """Whatever the devices' histories, each SQL median equals statistics.median over the same devices."""
    world.rng.seed(seed)
    for status, days_ago in starts:
        world.device(status, start_days_ago=days_ago)
    window = month_starts(utcnow(), 12)[0]
    to_ready, to_ready_count, to_handout, to_handout_count = median_days(world.coordinator, window)
    for (days, count), (start, end) in [((to_ready, to_ready_count), (S.RECEIVED, S.READY)),
                                        ((to_handout, to_handout_count), (S.READY, S.HANDED_OUT))]:
        expected_days, expected_count = expected_median(world, start, end, window)
        assert count == expected_count
        assert days == pytest.approx(expected_days, abs=1e-4)


def test_each_query_reads_the_tallies_or_the_index_made_for_it_whatever_the_statistics(world, session):
    """SQLite picks its plan from the query's shape (no ANALYZE here): the dashboard reads the running tallies and
    its own covering indexes, never the devices one by one, never their history (migration 0024)."""
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("the plan of a small PostgreSQL table is a sequential scan, whatever the indexes")
    world.build_mix(5)
    statements = []
    event.listen(db.engine, "before_cursor_execute", collect := lambda *args: statements.append(args[2:4]))
    try:
        dashboard_stats(world.coordinator)
    finally:
        event.remove(db.engine, "before_cursor_execute", collect)
    plans = " ".join(str(row) for statement, parameters in statements
                     for row in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
    for index in ("ix_devices_status_changed", "ix_device_milestones_days_to_ready",
                  "ix_device_milestones_days_to_handout", "ix_handouts_open_loans"):
        assert f"COVERING INDEX {index}" in plans, plans
    assert "SEARCH status_event_periods USING PRIMARY KEY (to_status=? AND period_start>? AND period_start<?)" in plans, plans
    assert "device_events" not in plans and "SCAN devices" not in plans and "SCAN device_milestones" not in plans
