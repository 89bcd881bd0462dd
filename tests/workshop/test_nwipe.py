"""nwipe JSON reports: parsed in nwipe's own shape; a known drive finds its device; all files or none are imported."""
import hashlib
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceStatus, StorageType, WipeLevel, WipeTechnique, WipeVerification
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import LifecycleError, apply_transition
from allemaaldigitaal.core.models import DeviceEvent, StorageMedium, WipeRecord
from allemaaldigitaal.workshop import nwipe
from allemaaldigitaal.workshop.media import remember_medium

from .conftest import first_whole_second_after_intake, nwipe_report

METHOD = nwipe.Method(WipeLevel.CLEAR, WipeTechnique.OVERWRITE, WipeVerification.FULL)


def wipes(session) -> int:
    return session.scalar(select(func.count()).select_from(WipeRecord))


def test_a_report_is_read_in_nwipes_shape():
    report = nwipe.parse_report(nwipe_report("s3z1nx0k", pass_errors=0))
    assert report.serial == "S3Z1NX0K" and report.passed and report.version == "0.37"
    assert report.size_bytes == 250059350016 and report.finished_at > report.started_at
    assert report.finished_at.tzinfo is not None


@pytest.mark.parametrize("changes", [{"status": "failure"}, {"pass_errors": 2}, {"verify_errors": 1}])
def test_failure_or_errors_make_a_failed_wipe(changes):
    assert not nwipe.parse_report(nwipe_report("X1", **changes)).passed


@pytest.mark.parametrize("content", [
    b"not json", b"[]", b'{"device": {"serial_no": "X"}}', json.dumps({"device": {}, "wipe_result": {}}).encode(),
    json.dumps({"device": {"serial_no": "X"}, "wipe_result": {"status": "maybe"}}).encode(),
    json.dumps({"device": {"serial_no": "X"}, "wipe_result": {"status": "success", "start_time": "gisteren",
                                                             "end_time": 1}}).encode(),
])
def test_what_is_not_an_nwipe_report_is_unreadable(content):
    with pytest.raises(nwipe.UnreadableReport):
        nwipe.parse_report(content)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | st.builds(lambda value: json.dumps(value).encode(), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["device", "wipe_result", "serial_no", "status", "start_time", "end_time", "pass_errors"]),
        children, max_size=4),
    max_leaves=12)))
def test_any_file_is_either_a_report_or_unreadable(content):
    try:
        report = nwipe.parse_report(content)
    except nwipe.UnreadableReport:
        return
    assert report.serial and report.status in ("success", "failure")


def test_an_unknown_drive_goes_to_the_given_device_and_is_remembered(session, workshop, received):
    content = nwipe_report("S3Z1NX0K", at=first_whole_second_after_intake(received))
    outcomes = nwipe.import_reports(workshop, [("sda.json", content)], METHOD, received)
    assert [(o.outcome, o.tag) for o in outcomes] == [(nwipe.IMPORTED, received.asset_tag)]
    record = session.scalar(select(WipeRecord).where(WipeRecord.device_id == received.id))
    assert record.report_sha256 == hashlib.sha256(content).hexdigest()
    assert (record.tool, record.tool_version, record.level, record.medium_capacity_gb) == ("nwipe", "0.37",
                                                                                          WipeLevel.CLEAR, 250)
    assert session.scalar(select(StorageMedium.device_id).where(StorageMedium.serial == "S3Z1NX0K")) == received.id
    apply_transition(received, DeviceStatus.WIPED, actor=workshop)


def test_a_known_drive_finds_its_device_without_a_tag(session, make, workshop, received):
    remember_medium(received, "WD-WX11", StorageType.HDD)
    outcomes = nwipe.import_reports(workshop, [("sdb.json", nwipe_report("wd-wx11"))], METHOD)
    assert outcomes[0].outcome == nwipe.IMPORTED and outcomes[0].device is received
    assert received.wipe_records[-1].medium_type == StorageType.HDD


def test_a_failed_wipe_is_recorded_as_failed_and_keeps_the_device_out_of_ready(session, workshop, received):
    received.account_locks_cleared = True
    second = first_whole_second_after_intake(received)
    outcomes = nwipe.import_reports(workshop, [("sda.json", nwipe_report("F1", status="failure", pass_errors=3, at=second))],
                                    METHOD, received)
    assert outcomes[0].outcome == nwipe.FAILED
    assert received.wipe_records[-1].passed is False
    with pytest.raises(LifecycleError) as refused:
        apply_transition(received, DeviceStatus.WIPED, actor=workshop)
    assert refused.value.code == "wipe_failed"


def test_a_report_imported_twice_is_skipped(session, workshop, received):
    content = nwipe_report("S1")
    nwipe.import_reports(workshop, [("a.json", content)], METHOD, received)
    again = nwipe.import_reports(workshop, [("a-copy.json", content), ("b.json", nwipe_report("S2"))], METHOD, received)
    assert [o.outcome for o in again] == [nwipe.SKIPPED, nwipe.IMPORTED]
    assert wipes(session) == 2


def test_the_same_file_twice_in_one_upload_is_read_once(session, workshop, received):
    content = nwipe_report("S1")
    outcomes = nwipe.import_reports(workshop, [("a.json", content), ("a.json", content)], METHOD, received)
    assert [o.outcome for o in outcomes] == [nwipe.IMPORTED, nwipe.SKIPPED] and wipes(session) == 1


def test_an_unknown_drive_without_a_tag_stops_the_whole_upload(session, workshop, received):
    remember_medium(received, "KNOWN1")
    before, events = wipes(session), session.scalar(select(func.count()).select_from(DeviceEvent))
    with pytest.raises(nwipe.ReportsRefused) as refused:
        nwipe.import_reports(workshop, [("good.json", nwipe_report("KNOWN1")), ("new.json", nwipe_report("NEW9")),
                                        ("junk.json", b"{")], METHOD)
    outcomes = refused.value.outcomes
    assert [o.outcome for o in outcomes] == [nwipe.IMPORTED, nwipe.PROBLEM, nwipe.PROBLEM]
    assert "NEW9" in outcomes[1].message
    assert wipes(session) == before
    assert session.scalar(select(func.count()).select_from(DeviceEvent)) == events
    assert session.scalar(select(StorageMedium).where(StorageMedium.serial == "NEW9")) is None


def test_a_drive_of_another_workshops_device_is_a_problem(session, make, workshop, stranger, received):
    remember_medium(received, "THEIRS")
    mine = make.device(DeviceStatus.RECEIVED)
    mine.donation.refurbisher = stranger.organisation
    mine.custodian = stranger.organisation
    with pytest.raises(nwipe.ReportsRefused) as refused:
        nwipe.import_reports(stranger, [("x.json", nwipe_report("THEIRS"))], METHOD, mine)
    assert refused.value.outcomes[0].outcome == nwipe.PROBLEM


def test_a_known_drive_of_another_device_than_the_given_one_is_a_problem(session, make, workshop, received):
    other = make.device(DeviceStatus.RECEIVED)
    remember_medium(other, "OTHER1")
    with pytest.raises(nwipe.ReportsRefused) as refused:
        nwipe.import_reports(workshop, [("x.json", nwipe_report("OTHER1"))], METHOD, received)
    assert other.asset_tag in refused.value.outcomes[0].message


@pytest.mark.parametrize("status", [DeviceStatus.READY, DeviceStatus.PLEDGED, DeviceStatus.RECYCLED])
def test_a_device_outside_the_wiping_steps_is_a_problem(session, make, workshop, status):
    device = make.device(status)
    with pytest.raises(nwipe.ReportsRefused):
        nwipe.import_reports(workshop, [("x.json", nwipe_report("Z9"))], METHOD, device)


def test_a_report_that_ends_in_the_future_is_a_problem(session, workshop, received):
    with pytest.raises(nwipe.ReportsRefused):
        nwipe.import_reports(workshop, [("x.json", nwipe_report("Z9", minutes_ago=-60))], METHOD, received)


def test_an_empty_upload_is_refused(session, workshop):
    with pytest.raises(DomainError) as refused:
        nwipe.import_reports(workshop, [], METHOD)
    assert refused.value.field == "file"


def test_the_database_keeps_one_record_per_report_even_when_two_imports_race(session, workshop, received):
    """The check in import_reports can be passed by two uploads at once; the unique index stops the second."""
    from sqlalchemy.exc import IntegrityError

    content = nwipe_report("RACE1")
    nwipe.import_reports(workshop, [("a.json", content)], METHOD, received)
    record = received.wipe_records[-1]
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(WipeRecord(
            device_id=received.id, medium_type=record.medium_type, medium_serial="RACE1", level=record.level,
            technique=record.technique, tool="nwipe", verification=record.verification, passed=True,
            started_at=record.started_at, finished_at=record.finished_at, report_sha256=record.report_sha256,
        ))
        session.flush()
