"""Recipient references are erased RECIPIENT_RETENTION_MONTHS after a handout ends; the history keeps no person."""
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import select

from allemaaldigitaal.care.retention import due_for_erasure, ended_on, erase_personal_data, months_before
from allemaaldigitaal.config import load_config
from allemaaldigitaal.core.enums import HandoutKind
from allemaaldigitaal.core.models import DeviceEvent, Handout
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tags import format_tag

from .handout_world import at_noon, handout
from .test_api import bearer

GIFT, LOAN = HandoutKind.GIFT, HandoutKind.LOAN
TODAY = date(2026, 6, 15)
#: 24 months before TODAY: a handout that ended on this day or before is due
CUTOFF = date(2024, 6, 15)


def transient(kind, handed_out: date, loan_until: date | None = None, returned: date | None = None) -> Handout:
    return Handout(kind=kind, handed_out_at=at_noon(handed_out), loan_until=loan_until,
                   returned_at=at_noon(returned) if returned else None)


@pytest.mark.parametrize(("handout_", "end"), [
    (transient(GIFT, date(2024, 1, 10)), date(2024, 1, 10)),
    (transient(GIFT, date(2024, 1, 10), returned=date(2024, 5, 1)), date(2024, 5, 1)),
    (transient(LOAN, date(2024, 1, 10), loan_until=date(2024, 7, 1)), None),
    (transient(LOAN, date(2024, 1, 10), loan_until=date(2024, 7, 1), returned=date(2024, 3, 1)), date(2024, 7, 1)),
    (transient(LOAN, date(2024, 1, 10), loan_until=date(2024, 7, 1), returned=date(2024, 9, 2)), date(2024, 9, 2)),
], ids=["gift", "gift-returned", "loan-still-out", "loan-returned-early", "loan-returned-late"])
def test_a_gift_ends_when_given_a_loan_on_its_end_date_once_back_and_either_later_when_it_comes_back_later(handout_,
                                                                                                          end):
    assert ended_on(handout_) == end


def test_the_day_a_handout_ends_is_its_day_in_utc():
    late = Handout(kind=GIFT, handed_out_at=datetime(2024, 1, 10, 23, 30, tzinfo=UTC), returned_at=None)
    assert ended_on(late) == date(2024, 1, 10)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 6, 15), 24, date(2024, 6, 15)),
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2024, 3, 31), 1, date(2024, 2, 29)),
    (date(2026, 1, 31), 13, date(2024, 12, 31)),
    (date(2026, 5, 5), 0, date(2026, 5, 5)),
])
def test_months_before_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert months_before(day, months) == expected


@given(st.dates(min_value=date(1900, 1, 1)), st.integers(min_value=0, max_value=600))
def test_months_before_goes_back_exactly_that_many_calendar_months(day, months):
    earlier = months_before(day, months)
    assert (day.year * 12 + day.month) - (earlier.year * 12 + earlier.month) == months
    assert earlier.day == day.day or (earlier.day < day.day and (earlier + timedelta(days=1)).day == 1)


def test_the_database_picks_exactly_the_handouts_the_rule_calls_ended(world):
    cases = [
        handout(world, GIFT, handed_out=datetime.combine(CUTOFF, time(23, 59, 59), tzinfo=UTC)),
        handout(world, GIFT, handed_out=datetime.combine(CUTOFF + timedelta(days=1), time(0), tzinfo=UTC)),
        handout(world, GIFT, handed_out=at_noon(CUTOFF - timedelta(days=300)), returned=at_noon(CUTOFF)),
        handout(world, GIFT, handed_out=at_noon(CUTOFF - timedelta(days=300)),
                returned=at_noon(CUTOFF + timedelta(days=1))),
        handout(world, LOAN, handed_out=at_noon(CUTOFF - timedelta(days=400)), loan_until=CUTOFF),
        handout(world, LOAN, handed_out=at_noon(CUTOFF - timedelta(days=800)), loan_until=CUTOFF - timedelta(days=300)),
        handout(world, LOAN, handed_out=at_noon(CUTOFF - timedelta(days=400)), loan_until=CUTOFF,
                returned=at_noon(CUTOFF - timedelta(days=10))),
        handout(world, LOAN, handed_out=at_noon(CUTOFF - timedelta(days=400)), loan_until=CUTOFF + timedelta(days=1)),
        handout(world, LOAN, handed_out=at_noon(CUTOFF - timedelta(days=400)), loan_until=CUTOFF + timedelta(days=1),
                returned=at_noon(CUTOFF - timedelta(days=100))),
        handout(world, LOAN, handed_out=at_noon(CUTOFF - timedelta(days=400)), loan_until=CUTOFF - timedelta(days=9),
                returned=at_noon(CUTOFF + timedelta(days=2))),
        handout(world, LOAN, handed_out=at_noon(CUTOFF - timedelta(days=400)), loan_until=CUTOFF - timedelta(days=9),
                returned=at_noon(CUTOFF)),
    ]
    due = {found.id for found, _tag in due_for_erasure(TODAY, 24)}
    assert due == {case.id for case in cases if ended_on(case) is not None and ended_on(case) <= CUTOFF}
    assert due == {cases[i].id for i in (0, 2, 6, 10)}, "a loan still out is never due"


def purge(app, *args):
    return app.test_cli_runner().invoke(args=["purge-personal-data", *args])


def old_and_new(world):
    """A gift handed out three years ago (due), and a loan that runs until next month (not due)."""
    old = handout(world, GIFT, handed_out=utcnow() - timedelta(days=3 * 366), reference="KL-ZORG-0042",
                  note="Bellen via de wijkcoach")
    new = handout(world, LOAN, handed_out=utcnow() - timedelta(days=30),
                  loan_until=utcnow().date() + timedelta(days=30), reference="KL-ZORG-0043", note="Komt terug")
    world.session.flush()
    return old, new


def test_purge_erases_the_reference_and_note_of_what_is_due_and_leaves_the_rest(app, world, session):
    old, new = old_and_new(world)
    events_before = session.scalar(select(DeviceEvent.id).order_by(DeviceEvent.id.desc()).limit(1))
    result = purge(app)
    assert result.exit_code == 0, result.output
    session.refresh(old), session.refresh(new)
    assert old.recipient_reference == "" and old.note is None and old.personal_data_erased_at is not None
    assert (old.kind, old.device_id, old.care_organisation_id) == (GIFT, old.device.id, world.care.organisation_id)
    assert new.recipient_reference == "KL-ZORG-0043" and new.note == "Komt terug" and new.personal_data_erased_at is None
    assert "Erased the recipient of 1 handouts" in result.output
    assert f"handout {old.id}" in result.output and format_tag(old.device.asset_tag) in result.output
    assert "KL-ZORG" not in result.output, "the command never prints a reference"
    assert session.scalar(select(DeviceEvent.id).order_by(DeviceEvent.id.desc()).limit(1)) == events_before
    again = purge(app)
    assert again.exit_code == 0 and "Erased the recipient of 0 handouts" in again.output


def test_a_dry_run_lists_what_would_go_and_changes_nothing(app, world, session):
    old, new = old_and_new(world)
    result = purge(app, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would erase the recipient of 1 handouts" in result.output and f"handout {old.id}" in result.output
    assert f"handout {new.id}" not in result.output
    session.refresh(old)
    assert old.recipient_reference == "KL-ZORG-0042" and old.note and old.personal_data_erased_at is None


def test_the_device_history_keeps_its_events_and_never_held_the_person(app, world, session):
    old, _new = old_and_new(world)
    events = list(session.scalars(select(DeviceEvent).where(DeviceEvent.device_id == old.device_id)))
    assert any(event.to_status == "handed_out" for event in events)
    assert purge(app).exit_code == 0
    after = list(session.scalars(select(DeviceEvent).where(DeviceEvent.device_id == old.device_id)))
    assert [event.id for event in after] == [event.id for event in events]
    for event in after:
        assert "KL-ZORG" not in f"{event.note} {event.deltas}"


def test_the_retention_period_comes_from_the_setting(app, world, session, monkeypatch):
    ended = handout(world, GIFT, handed_out=utcnow() - timedelta(days=70))
    session.flush()
    assert "0 handouts" in purge(app, "--dry-run").output
    monkeypatch.setitem(app.config, "RECIPIENT_RETENTION_MONTHS", 2)
    result = purge(app)
    assert "Erased the recipient of 1 handouts that ended 2 months ago" in result.output
    session.refresh(ended)
    assert ended.personal_data_erased_at is not None


def test_a_retention_period_below_one_month_is_refused_and_nothing_is_erased(app, world, session, monkeypatch):
    recent = handout(world, GIFT, handed_out=utcnow() - timedelta(days=2))
    session.flush()
    monkeypatch.setitem(app.config, "RECIPIENT_RETENTION_MONTHS", -1)
    result = purge(app)
    assert result.exit_code == 1 and "must be 1 or more" in result.output
    session.refresh(recent)
    assert recent.personal_data_erased_at is None and recent.recipient_reference == "CL-100"


def test_the_setting_is_read_from_the_environment(tmp_path, monkeypatch):
    assert load_config(str(tmp_path))["RECIPIENT_RETENTION_MONTHS"] == 24
    monkeypatch.setenv("RECIPIENT_RETENTION_MONTHS", "18")
    assert load_config(str(tmp_path))["RECIPIENT_RETENTION_MONTHS"] == 18


def test_erasing_twice_keeps_the_first_time(world, session):
    old = handout(world, GIFT, handed_out=at_noon(date(2020, 1, 1)))
    first, = erase_personal_data(TODAY, 24)
    session.refresh(old)
    when = old.personal_data_erased_at
    assert first.handout_id == old.id and first.ended_on == date(2020, 1, 1)
    assert erase_personal_data(TODAY, 24) == []
    session.refresh(old)
    assert old.personal_data_erased_at == when


def test_an_erased_reference_reads_as_erased_on_the_handout_page_and_null_in_the_api(app, client, world, login):
    old, _new = old_and_new(world)
    assert purge(app).exit_code == 0
    tag = format_tag(old.device.asset_tag)
    answer = client.get(f"/api/v1/devices/{tag}/handout", headers=bearer(world.care))
    assert answer.status_code == 200 and answer.json["recipient_reference"] is None
    login(client, world.care)
    page = client.get(f"/D/{tag}/uitreiken")
    assert page.status_code == 200 and "kenmerk gewist" in page.text and "KL-ZORG-0042" not in page.text
