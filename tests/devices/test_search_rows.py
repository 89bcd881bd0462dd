"""PostgreSQL's narrow copy of each device (migration 0029): it follows the devices, holds every column a scope or
filter tests, and answers a text too short for the trigram index."""
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, func, insert, select, text, update

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.demo.services import bring_to
from allemaaldigitaal.devices.filters import DeviceFilter
from allemaaldigitaal.devices.services import DeviceSpecs
from allemaaldigitaal.devices.text_search import SEARCH_ROWS, count_matching, on_search_rows, short_text_ids
from allemaaldigitaal.donations.device_import import insert_devices
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

from ..search_rows import copies_differ, devices_columns, every_scope_and_filter

DEVICES = Device.__table__


@pytest.fixture
def postgresql(session):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the narrow copy is PostgreSQL's; SQLite counts from its search table's own copy of the text")
    return session


def test_every_column_a_scope_or_filter_tests_is_copied(make, session):
    """Runs on both databases: the conditions are only built, not run."""
    conditions = every_scope_and_filter(make)
    tested = set().union(*map(devices_columns, conditions))
    assert tested and tested <= set(SEARCH_ROWS.c.keys())
    assert not any(devices_columns(on_search_rows(condition)) for condition in conditions)


def test_the_copy_has_the_columns_the_app_reads(postgresql):
    columns = postgresql.scalars(text("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_name = 'devices_search_rows' AND table_schema = current_schema()"))
    assert set(columns) == set(SEARCH_ROWS.c.keys())


OPERATIONS = st.lists(st.sampled_from(["add", "bulk", "serial", "brand", "status", "custody", "bulk update", "delete"]),
                      min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_the_copy_follows_every_way_devices_are_written(make, postgresql, operations):
    session, donor, workshop = postgresql, make.one(K.DONOR), make.one(K.REFURBISHER)
    for number, operation in enumerate(operations):
        devices = list(session.scalars(select(Device).order_by(Device.id)))
        device = devices[number % len(devices)] if devices else make.device(brand="HP")
        if operation == "add":
            make.device(brand="Dell", model=f"Latitude {number}", donor_asset_number=f"INV-{number}")
        elif operation == "bulk":
            donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
            insert_devices(donation, donor, [DeviceSpecs(kind=DeviceKind.TABLET, serial_number=f"B{number}{row}")
                                             for row in range(3)])
        elif operation == "serial":
            device.serial_number = f"NEW{number}"
        elif operation == "brand":
            device.brand, device.model = "Lenovo", None
        elif operation == "status" and device.status == DeviceStatus.PLEDGED:
            bring_to(device, DeviceStatus.RECEIVED, make.cast(), make.rng, workshop)
        elif operation == "custody":
            session.execute(update(DEVICES).where(DEVICES.c.id == device.id).values(custodian_id=None))
        elif operation == "bulk update":
            session.execute(update(DEVICES).values(donor_asset_number=func.concat("A", DEVICES.c.id)))
        elif operation == "delete":
            now = utcnow()
            gone = session.execute(insert(DEVICES).values(
                asset_tag=f"ZZ{number}Z", donation_id=device.donation_id, kind=DeviceKind.LAPTOP, status=DeviceStatus.PLEDGED,
                created_at=now, updated_at=now, status_changed_at=now).returning(DEVICES.c.id)).scalar_one()
            session.execute(delete(DEVICES).where(DEVICES.c.id == gone))
        session.flush()
        session.expire_all()
        assert copies_differ(session) == []


def test_a_short_text_is_counted_and_found_from_the_copy_alone(make, postgresql):
    """No scan of the devices' wide rows: the scopes and filters are tested on the copy too."""
    make.device(brand="HP", serial_number="X1")
    for user in (make.one(K.COORDINATOR), make.one(K.REFURBISHER), make.one(K.CARE)):
        chosen = DeviceFilter(text="hp", kind=DeviceKind.LAPTOP)
        ids = short_text_ids("hp", chosen._within(user))
        plan = "\n".join(postgresql.scalars(text(f"EXPLAIN {ids.compile(db.engine, compile_kwargs={'literal_binds': True})}")))
        assert "devices_search_rows" in plan and not re.search(r"\bon devices\b(?!_)", plan)
        assert set(postgresql.scalars(ids)) == {device.id for device in chosen.devices(user)}
        assert chosen.count(user) == len(chosen.devices(user))
    assert count_matching("hp") == len(DeviceFilter(text="hp").devices(make.one(K.COORDINATOR))) >= 1


def test_only_a_short_text_is_read_from_a_narrow_copy(make, session):
    """Both databases: SQLite's copy is its search table's own text, joined to the devices by their ids."""
    found = {make.device(brand="HP").id, make.device(serial_number="XHPX").id}
    make.device(brand="Dell")
    short = short_text_ids(" hp ")
    assert set(session.scalars(short)) == found
    compiled = short.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "sqlite":
        plan = [row[3] for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]
        assert "SCAN devices_search_content" in plan and not any(step.startswith("SCAN devices ") for step in plan)
    assert short_text_ids("elitebook") is None and short_text_ids("a" + chr(31) + "b") is None
