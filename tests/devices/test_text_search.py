"""The device list's text search: a part of any searched field, in any case, read from the trigram index."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, func, insert, select, text

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tags import InvalidTag, normalise_tag
from allemaaldigitaal.devices.filters import DeviceFilter
from allemaaldigitaal.devices.services import DeviceSpecs
from allemaaldigitaal.devices.text_search import by_model_and_code, count_matching
from allemaaldigitaal.donations.device_import import insert_devices
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

from ..search_rows import devices_columns, every_scope_and_filter


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
    query = DeviceFilter(text="f1abc").where(make.one(K.COORDINATOR)).with_only_columns(func.count())
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


def test_postgresql_counts_a_text_from_the_brand_and_model_index_and_the_codes_trigram_index(laptop, session):
    """Not from the devices: each different brand and model is tested once (migration 0028)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the split texts are PostgreSQL's; SQLite counts from its search table (see below)")
    compiled = by_model_and_code(func.lower("%elitebook%")).compile(db.engine, compile_kwargs={"literal_binds": True})
    session.execute(text("SET LOCAL enable_seqscan = off"))  # a test table is too small for the planner to care
    plan = "\n".join(session.scalars(text(f"EXPLAIN {compiled}")))
    assert "ix_devices_brand_model_text" in plan and "ix_devices_codes_text" in plan
    for within, devices in ((None, 1), (Device.kind == DeviceKind.LAPTOP, 1), (Device.kind == DeviceKind.TABLET, 0)):
        assert session.scalar(by_model_and_code(func.lower("%elitebook%"), within)) == devices


def test_the_brand_and_model_index_holds_every_column_the_scopes_and_filters_test(make, session):
    """So a text with other filters, or of a user who sees part of the devices, is counted from that index alone."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the split texts are PostgreSQL's")
    held = set(session.scalars(text(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indexrelid = 'ix_devices_brand_model_text'::regclass")))
    tested = set().union(*map(devices_columns, every_scope_and_filter(make)))
    assert tested and tested <= held


def test_a_text_that_very_many_devices_match_finds_the_same(make, laptop, monkeypatch):
    """SQLite then tests each device in the list's order instead of asking the trigram table for all of them."""
    plain = make.device(serial_number="XPF1ABCDEX")
    monkeypatch.setattr("allemaaldigitaal.devices.text_search.BROAD", 1)
    assert found(make, "f1abcd") == {laptop.id, plain.id}
    assert found(make, "hp elitebook") == {laptop.id}


#: letters in both cases (ASCII and not), digits, spaces and LIKE's own characters
ALPHABET = "aAkKeE19 -%_\\éÉøØ"
FIELDS = st.one_of(st.none(), st.text(ALPHABET, max_size=8))
DEVICES = st.lists(st.tuples(FIELDS, FIELDS, FIELDS, FIELDS), max_size=5)
QUERIES = st.text(ALPHABET, min_size=1, max_size=5).filter(str.strip)


def folded(text: str) -> str:
    """The case rule of the search: SQLite's LIKE folds ASCII letters only, PostgreSQL's lower() every letter."""
    if db.engine.dialect.name == "postgresql":
        return text.lower()
    return text.translate({code: code + 32 for code in range(ord("A"), ord("Z") + 1)})


def tag_found(tag: str, text: str) -> bool:
    """The tag itself, or a tag that starts with the text (with or without AD in front)."""
    try:
        return tag == normalise_tag(text)
    except InvalidTag:
        compact = "".join(text.upper().replace("-", " ").split())
        prefixes = [compact] + ([compact[2:]] if compact.startswith("AD") and len(compact) > 2 else [])
        return compact.isalnum() and any(tag.startswith(prefix) for prefix in prefixes)


def expected(session, query: str) -> set[int]:
    """Every device whose serial number, brand and model, or donor asset number holds the text, or that its tag finds."""
    text, found = query.strip(), set()
    rows = session.execute(select(Device.id, Device.asset_tag, Device.serial_number, Device.brand, Device.model,
                                  Device.donor_asset_number))
    for device_id, tag, serial, brand, model, asset_number in rows:
        fields = [serial, (brand or "") + " " + (model or ""), asset_number]
        if any(field is not None and folded(text) in folded(field) for field in fields) or tag_found(tag, text):
            found.add(device_id)
    return found


def add_devices(make, session, rows) -> None:
    donor = make.one(K.DONOR)
    donation = create_donation(donor.organisation, donor, refurbisher=make.one(K.REFURBISHER).organisation)
    insert_devices(donation, donor, [DeviceSpecs(serial_number=serial, brand=brand, model=model,
                                                 donor_asset_number=asset_number)
                                     for serial, brand, model, asset_number in rows])
    session.flush()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=DEVICES, query=QUERIES, part=st.data(), broad=st.sampled_from([1, 2, 1000]))
def test_the_search_finds_exactly_what_the_case_rule_says(make, session, monkeypatch, rows, query, part, broad):
    """Narrow and broad texts (BROAD made small), short ones, any case, non-ASCII letters and LIKE's own characters."""
    add_devices(make, session, rows)
    texts = [field for row in rows for field in row if field and field.strip()]
    if texts:
        field = part.draw(st.sampled_from(texts))
        start = part.draw(st.integers(0, len(field) - 1))
        piece = field[start:start + part.draw(st.integers(1, 6))]
        query = piece if piece.strip() else query
        query = "".join(part.draw(st.sampled_from([c.lower(), c.upper()])) for c in query)
    monkeypatch.setattr("allemaaldigitaal.devices.text_search.BROAD", broad)
    coordinator, workshop = make.one(K.COORDINATOR), make.one(K.REFURBISHER)
    assert found(make, query) == expected(session, query)
    assert DeviceFilter(text=query).count(coordinator) == len(expected(session, query))
    assert DeviceFilter(text=query).page(coordinator).total == len(expected(session, query))
    mine, laptops = DeviceFilter(text=query), DeviceFilter(text=query, kind=DeviceKind.LAPTOP)
    assert mine.count(workshop) == len(mine.devices(workshop))
    assert mine.page(workshop, limit=1000).devices == mine.devices(workshop)
    assert laptops.count(coordinator) == len(laptops.devices(coordinator))


@pytest.mark.parametrize("broad", [1, 1000])
def test_a_device_found_by_its_tag_and_its_text_is_counted_once(make, session, monkeypatch, broad):
    laptop = make.device(serial_number="S1")
    prefix = laptop.asset_tag[:4]
    both = make.device(serial_number="X" + prefix.lower())
    by_text = make.device(serial_number=prefix + "X")
    monkeypatch.setattr("allemaaldigitaal.devices.text_search.BROAD", broad)
    coordinator = make.one(K.COORDINATOR)
    assert {laptop.id, both.id, by_text.id} <= found(make, prefix)
    assert DeviceFilter(text=prefix).count(coordinator) == len(found(make, prefix)) == len(expected(session, prefix))


@pytest.mark.parametrize("broad", [1, 1000])
def test_letters_outside_ascii_follow_the_databases_case_rule(make, session, monkeypatch, broad):
    """SQLite's LIKE folds ASCII letters only; PostgreSQL's lower() folds every letter."""
    device = make.device(brand="Ökotech", model="ÉLAN Ærø")
    monkeypatch.setattr("allemaaldigitaal.devices.text_search.BROAD", broad)
    for query in ["ÖKOTECH", "Ökot", "Élan Ærø", "ÉLAN ÆRø", "ø"]:
        assert device.id in found(make, query)
    for query in ["ökotech", "élan", "ærø", "ö", "æR", "Ø"]:
        assert (device.id in found(make, query)) == (db.engine.dialect.name == "postgresql")
        assert DeviceFilter(text=query).count(make.one(K.COORDINATOR)) == len(found(make, query))


@pytest.mark.parametrize("query", ["hp", "e", "elitebook", "HP ELITE"])
def test_a_short_or_broad_text_alone_is_counted_without_reading_the_devices(make, laptop, monkeypatch, query):
    """On SQLite from the search table's copy of the text, on PostgreSQL a short text from the narrow copy of the
    devices and a longer one by brand and model and by code; filtered and scoped lists count the same."""
    monkeypatch.setattr("allemaaldigitaal.devices.text_search.BROAD", 1)
    other = make.device(brand="Hp", model="Elitebook 850", status=DeviceStatus.RECEIVED)
    coordinator, workshop = make.one(K.COORDINATOR), make.one(K.REFURBISHER)
    assert count_matching(query) == len(found(make, query)) >= 2
    assert DeviceFilter(text=query).count(coordinator) == len(found(make, query))
    received = DeviceFilter(text=query, status=DeviceStatus.RECEIVED)
    assert received.count(coordinator) == len(received.devices(coordinator)) and other.id in {
        device.id for device in received.devices(coordinator)}
    assert DeviceFilter(text=query).count(workshop) == len(DeviceFilter(text=query).devices(workshop))
