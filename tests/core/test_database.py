"""Rules the database keeps itself: an append-only history, unique e-mail, loans with an end, UTC times.

The lifecycle rules the database keeps are in test_safety_net.py.
"""
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from allemaaldigitaal.core.enums import DeviceStatus as S, HandoutKind, OrganisationKind as K
from allemaaldigitaal.core.models import Device, Donation, Handout, User


def refused(session, statement, message: str, **params) -> None:
    """The statement fails inside a savepoint, with the trigger's message."""
    with pytest.raises(DBAPIError, match=message), session.begin_nested():
        session.execute(text(statement), params)


def column(session, table: str, name: str, row_id: int):
    return session.execute(text(f"SELECT {name} FROM {table} WHERE id = :id"), {"id": row_id}).scalar_one()


def test_device_events_cannot_be_updated_or_deleted(make, session):
    event = make.device(S.RECEIVED).events[-1]
    refused(session, "UPDATE device_events SET note = 'rewritten' WHERE id = :id", "append-only", id=event.id)
    refused(session, "DELETE FROM device_events WHERE id = :id", "append-only", id=event.id)
    assert column(session, "device_events", "to_status", event.id) == "received"
    assert column(session, "device_events", "note", event.id) is None


def test_wipe_records_cannot_be_updated_or_deleted(make, session):
    record = make.wipe(make.device(S.RECEIVED), passed=False)
    refused(session, "UPDATE wipe_records SET passed = TRUE WHERE id = :id", "append-only", id=record.id)
    refused(session, "DELETE FROM wipe_records WHERE id = :id", "append-only", id=record.id)
    assert column(session, "wipe_records", "passed", record.id) in (False, 0)


def test_user_email_is_unique_whatever_its_case(make, session):
    organisation = make.organisation(K.DONOR)
    session.add(User(email="A@x.nl", name="Eerste", organisation=organisation))
    session.flush()
    with pytest.raises(IntegrityError, match="email"), session.begin_nested():
        session.add(User(email="a@X.nl", name="Tweede", organisation=organisation))
        session.flush()


def test_a_loan_needs_an_end_date(make, session):
    device = make.device(S.DELIVERED)
    care = make.one(K.CARE).organisation
    with pytest.raises(IntegrityError, match="loan_has_end_date"), session.begin_nested():
        session.add(Handout(device=device, care_organisation=care, recipient_reference="CL-1", kind=HandoutKind.LOAN))
        session.flush()
    with session.begin_nested():
        session.add(Handout(
            device=device, care_organisation=care, recipient_reference="CL-2",
            kind=HandoutKind.LOAN, loan_until=date(2021, 6, 30),
        ))
        session.flush()


def test_timestamps_come_back_as_aware_utc(make, session):
    device = make.device()
    amsterdam_summer = timezone(timedelta(hours=2))
    device.donation.pickup_from = datetime(2020, 4, 1, 9, 30, tzinfo=amsterdam_summer)
    session.flush()
    session.expire_all()
    stored = session.get(Device, device.id)
    assert stored.created_at.tzinfo == UTC
    pickup_from = session.get(Donation, stored.donation_id).pickup_from
    assert pickup_from.tzinfo == UTC
    assert pickup_from == datetime(2020, 4, 1, 7, 30, tzinfo=UTC)
