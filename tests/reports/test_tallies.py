"""The running tallies that the database keeps (migration 0024) always equal a count made here, in Python, from the
devices and their history, whatever happened to them and in whatever order."""
from collections import Counter
from datetime import timedelta

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, select, text, update

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.models import (
    Claim,
    Device,
    DeviceEvent,
    DeviceMilestone,
    DeviceTally,
    Donation,
    MilestoneDays,
    StatusEventPeriod,
)
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tallies import PG_TRIGGERS, SQLITE_TRIGGERS, counted_afterwards, recount
from allemaaldigitaal.reports.stats import MONTHS, months
from allemaaldigitaal.reports.stats_periods import month_starts

from .stats_world import AMSTERDAM, month_of, world_fixture  # noqa: F401  (a fixture for the tests here)
from .tally_count import assert_tallies_match, status_events


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), devices=st.integers(1, 12))
def test_after_any_mix_of_lifecycles_the_tallies_equal_a_recount(world, seed, devices):
    world.rng.seed(seed)
    world.build_mix(devices)
    assert_tallies_match(world.session)


def test_a_donation_given_to_another_workshop_takes_its_devices_counts_along(world, make):
    for status in (S.PLEDGED, S.RECEIVED, S.HANDED_OUT):
        world.device(status, workshop=world.workshops[0])
    donation = world.built[-1].device.donation
    donation.refurbisher = make.organisation(K.REFURBISHER)
    assert_tallies_match(world.session)
    world.session.execute(update(Donation).values(refurbisher_id=None))
    assert_tallies_match(world.session)


def test_a_claim_of_another_care_organisation_moves_its_devices_counts(world, make):
    built, other = world.device(S.ALLOCATED), make.organisation(K.CARE)
    world.session.flush()
    world.session.execute(update(Claim).where(Claim.id == built.device.claim_id).values(care_organisation_id=other.id))
    assert_tallies_match(world.session)


def test_a_device_taken_out_is_no_longer_counted(world, session):
    world.device(S.RECEIVED)
    donation = world.built[0].device.donation
    session.execute(text("INSERT INTO devices (asset_tag, donation_id, kind, storage_media_count, charger_included, "
                         "account_locks_cleared, status, created_at, updated_at, status_changed_at) VALUES "
                         "('AD-TEST-X', :donation, 'laptop', 1, FALSE, FALSE, 'pledged', :now, :now, :now)"),
                    {"donation": donation.id, "now": utcnow()})
    assert_tallies_match(session)
    session.execute(delete(Device).where(Device.asset_tag == "AD-TEST-X"))
    assert_tallies_match(session)


def kept(session) -> dict[str, set]:
    """Every row of the tallies that counts something (a tally at zero counts nothing), without the tallies' ids."""
    def rows(model, skip: tuple = ()) -> set:
        columns = [column for column in model.__table__.columns if column.name not in skip]
        return {tuple(row) for row in session.execute(select(*columns))}

    return {
        "device_tallies": {row for row in rows(DeviceTally, ("id",)) if row[-1]},
        "status_event_periods": rows(StatusEventPeriod),
        "device_milestones": rows(DeviceMilestone),
        "milestone_days": {row for row in rows(MilestoneDays) if row[-1]},
    }


def test_counted_again_the_tallies_are_what_the_triggers_kept(world, session):
    world.build_mix(15)
    session.flush()
    before = kept(session)
    recount()
    assert kept(session) == before
    assert_tallies_match(session)


def tally_triggers_on(session) -> set[str]:
    """The tally triggers that are there and switched on."""
    if session.get_bind().dialect.name == "sqlite":
        found = session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
        return set(found) & set(SQLITE_TRIGGERS)
    found = session.execute(text(
        "SELECT tgname FROM pg_trigger JOIN pg_class ON pg_class.oid = tgrelid "
        "JOIN pg_namespace ON pg_namespace.oid = relnamespace WHERE nspname = current_schema() AND tgenabled != 'D'"
    )).scalars()
    return set(found) & {name for names in PG_TRIGGERS.values() for name in names}


def test_a_bulk_load_that_sets_the_triggers_aside_ends_with_every_tally_counted(world, session):
    world.build_mix(3)
    every = tally_triggers_on(session)
    assert len(every) in (len(SQLITE_TRIGGERS), sum(map(len, PG_TRIGGERS.values())))
    with counted_afterwards():
        assert tally_triggers_on(session) == set()
        world.build_mix(8)
        session.flush()
    assert_tallies_match(session)
    assert tally_triggers_on(session) == every
    world.build_mix(3)  # and they count again
    assert_tallies_match(session)


#: moments around the start of the months of the dashboard (in Amsterdam), in summer time and in winter time
NEAR_A_MONTH_START = st.tuples(st.integers(0, MONTHS), st.integers(-150, 150))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moments=st.lists(NEAR_A_MONTH_START, min_size=1, max_size=12))
def test_events_around_the_start_of_a_month_in_amsterdam_count_in_that_month(world, session, moments):
    """Whatever the time of year (summer time or not), an event just before midnight in Amsterdam counts in the
    month that ends, one just after in the month that begins."""
    device = world.device(S.PLEDGED).device
    now = utcnow()
    starts = month_starts(now, MONTHS)
    times = [starts[month] + timedelta(minutes=minutes) for month, minutes in moments]
    times = [moment for moment in times if moment < now]
    for moment in times:
        session.add(DeviceEvent(device_id=device.id, kind="status_changed", from_status=S.PLEDGED,
                                to_status=S.RECEIVED, created_at=moment))
    session.flush()
    expected = Counter(month_of(when) for _device, status, when in status_events(session) if status == S.RECEIVED)
    shown = {row.month: row.intake for row in months(world.coordinator, now)}
    assert shown == {month: expected[month] for month in shown}
    assert_tallies_match(session)
    assert all(moment.astimezone(AMSTERDAM).day in (1, 28, 29, 30, 31) for moment in times)
