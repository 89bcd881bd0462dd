"""The device list's text search: a part of any searched field, in any case, read from the trigram index."""
import pytest
from sqlalchemy import delete, func, insert, select, text

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.devices.filters import DeviceFilter
from allemaaldigitaal.devices.services import DeviceSpecs
from allemaaldigitaal.donations.device_import import insert_devices
from allemaaldigitaal.extensions import db


def found(make, query: str) -> set[int]:
    return {device.id for device in DeviceFilter(text=query).devices(make.one(K.COORDINATOR))}


@pytest.fixture
def laptop(make, session):
    return make.device(serial_number="PF1ABCDE", brand="HP", model="EliteBook 840 G5", donor_asset_number="INV-0042")


@pytest.mark.parametrize("query", [
    "f1abc", "F1ABC", "pf1abcde", "bcd", "hp elitebook", "ELITEBOOK 84", "k 840 g", "840", "inv-0042", "nv-00", "f1",
    "Hp", "  elitebook  ",
])
def test_a_part_of_any_field_is_found_in_any_case(make, laptop, query):
    assert laptop.id in found(make, query)
    assert DeviceFilter(text=query).count(make.one(K.COORDINATOR)) == len(found(make, query))


@pytest.mark.parametrize("query", ["cdehp", "abcde hp", "g5inv", "5 g5", "zzz", "f1abcx", "pf1abcdee"])
def test_a_match_never_spans_two_fields(make, laptop, query):
    assert laptop.id not in found(make, query)


def test_percent_underscore_and_backslash_are_plain_characters(make, session):
    wild = make.device(serial_number="Q7%X_Y\\Z")
    plain = make.device(serial_number="Q7AXBY\\Z")
    assert found(make, "q7%x") == {wild.id}
    assert found(make, "%x_y") == {wild.id}
    assert found(make, "x_y\\z") == {wild.id}
    assert found(make, "y\\z") == {wild.id, plain.id}
    assert plain.id not in found(make, "q7_a") | found(make, "7%")


def test_a_device_is_found_by_what_it_is_now(make, laptop, session):
    laptop.serial_number, laptop.brand = "NEWSERIAL77", "Lenovo"
    session.flush()
    assert laptop.id not in found(make, "f1abc") | found(make, "hp elitebook")
    assert laptop.id in found(make, "serial77") & found(make, "lenovo elitebook") & found(make, "inv-0042")
    laptop.donor_asset_number = None
    session.flush()
    assert laptop.id not in found(make, "inv-0042")


def test_a_deleted_device_is_no_longer_found(make, laptop, session):
    now = utcnow()
    row = {"asset_tag": "ZZ9ZZ9ZZ9", "donation_id": laptop.donation_id, "kind": DeviceKind.LAPTOP,
           "serial_number": "GONE12345", "status": DeviceStatus.PLEDGED, "created_at": now, "updated_at": now,
           "status_changed_at": now}
    device_id = session.execute(insert(Device.__table__).values(row).returning(Device.__table__.c.id)).scalar_one()
    assert found(make, "gone123") == {device_id}
    session.execute(delete(Device.__table__).where(Device.__table__.c.id == device_id))
    assert found(make, "gone123") == set()


def test_devices_added_in_bulk_are_found(make, laptop, session):
    donor = make.one(K.DONOR)
    specs = [DeviceSpecs(kind=DeviceKind.TABLET, brand="Apple", model=f"iPad {number}", serial_number=f"BULK{number:04d}X")
             for number in range(30)]
    tags = insert_devices(laptop.donation, donor, specs)
    session.flush()
    bulk = set(session.scalars(select(Device.id).where(Device.asset_tag.in_(tags))))
    assert found(make, "bulk001") == set(session.scalars(
        select(Device.id).where(Device.serial_number.like("BULK001%")))) and len(found(make, "bulk001")) == 10
    assert bulk <= found(make, "ipad") and found(make, "k0017x") == {
        session.scalar(select(Device.id).where(Device.serial_number == "BULK0017X"))}


def test_tags_are_still_found_whole_or_by_their_start(make, laptop):
    tag = laptop.asset_tag
    assert laptop.id in found(make, tag.lower()) & found(make, tag[:4]) & found(make, "AD-" + tag[:5])


def test_a_rare_text_is_read_from_the_trigram_index(make, laptop, session):
    query = DeviceFilter(text="f1abc").where(make.one(K.COORDINATOR), counting=True).with_only_columns(func.count())
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "postgresql":
        # a test table is too small for the planner to care: only the indexes that can answer the search remain
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            session.execute(text(f"SET LOCAL {setting} = off"))
        plan = "\n".join(session.scalars(text(f"EXPLAIN {compiled}")))
        assert "ix_devices_search_text" in plan and "ix_devices_asset_tag_pattern" in plan
    else:
        plan = "\n".join(row[3] for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "devices_search VIRTUAL TABLE" in plan


def test_a_text_that_very_many_devices_match_finds_the_same(make, laptop, monkeypatch):
    """SQLite then tests each device in the list's order instead of asking the trigram table for all of them."""
    plain = make.device(serial_number="XPF1ABCDEX")
    monkeypatch.setattr("allemaaldigitaal.devices.text_search.BROAD", 1)
    assert found(make, "f1abcd") == {laptop.id, plain.id}
    assert found(make, "hp elitebook") == {laptop.id}
