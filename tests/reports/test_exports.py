"""The exports of the device, donation, claim and handout lists: read back in every format and compared with the
database, scoped as the lists are, personal data only where the role allows it, formulas neutralised, logged."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.models import AuditEvent, Device
from allemaaldigitaal.core.tags import format_tag

from .export_world import EXCEL_BRAND, FORMULA, NEUTRALISED, UNICODE_BRAND, build_world, local, read_csv, read_xlsx

FORMATS = [("csv", "utf8"), ("csv", "excel"), ("xlsx", None)]
ROLES = ("donor", "refurbisher", "care", "coordinator")


@pytest.fixture
def world(make, session):
    return build_world(make, session)


def fetch(client, login, user, path: str, form: str, variant: str | None) -> list[list]:
    """Signs the user in, downloads the export and reads it back; the header row first."""
    login(client, user)
    response = client.get(f"{path}.{form}" + (f"?variant={variant}" if variant else ""))
    assert response.status_code == 200, response.status_code
    assert response.is_streamed
    assert "attachment" in response.headers["Content-Disposition"]
    return read_csv(response.data, variant) if form == "csv" else read_xlsx(response.data)


def text(value, form: str):
    """What a cell holds in the file: in a CSV all text, in a workbook numbers and times as themselves."""
    if form == "xlsx":
        return value.replace(microsecond=0) if hasattr(value, "microsecond") else value
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "hour") else str(value)


def read_cell(value, form: str):
    return to_the_second(value) if form == "xlsx" and hasattr(value, "microsecond") else value


def to_the_second(moment):
    """A workbook keeps a time (whole seconds) as a fraction of a day: it reads back a hair off that second."""
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0)


def device_row(device: Device, role: str, form: str, variant: str | None) -> list:
    """A device as the export should show it, written out from the device and its relations."""
    brand = EXCEL_BRAND if variant == "excel" and device.brand == UNICODE_BRAND else device.brand
    donor = None if role == "care" else device.donation.donor.name
    values = [
        format_tag(device.asset_tag), str(device.kind.label), brand, device.model, "'" + device.serial_number,
        None, None, 8, 256, str(device.storage_type.label), "ja" if device.charger_included else "nee",
        str(device.condition_grade.label) if device.condition_grade else None, None, str(device.status.label),
        local(device.status_changed_at), device.donation.reference, NEUTRALISED if donor == FORMULA else donor,
        device.donation.refurbisher.name, device.custodian.name if device.custodian else None,
        device.claim_id, device.claim.care_organisation.name if device.claim else None, local(device.created_at),
    ]
    return [text(value, form) for value in values]


def visible_devices(world, role: str) -> list[Device]:
    ours, theirs = world.ours.devices, world.theirs.devices
    return {"donor": ours, "refurbisher": ours, "care": [d for d in ours if d.status == S.HANDED_OUT],
            "coordinator": ours + theirs}[role]


@pytest.mark.parametrize("form,variant", FORMATS)
@pytest.mark.parametrize("role", ROLES)
def test_the_device_export_reads_back_as_the_devices_in_the_database(client, login, world, role, form, variant):
    rows = fetch(client, login, world.user(role), "/export/apparaten", form, variant)
    assert rows[0][:3] == ["Code", "Soort", "Merk"] and len(rows[0]) == 22
    expected = sorted((device_row(device, role, form, variant) for device in visible_devices(world, role)), key=str)
    assert sorted(([read_cell(cell, form) for cell in row] for row in rows[1:]), key=str) == expected


@pytest.mark.parametrize("form,variant", FORMATS)
def test_a_donor_named_as_a_formula_is_exported_as_text(client, login, world, form, variant):
    rows = fetch(client, login, world.coordinator, "/export/donaties", form, variant)
    donors = {row[rows[0].index("Donateur")] for row in rows[1:]}
    assert donors == {NEUTRALISED, "Andere Donateur"}
    notes = {row[rows[0].index("Opmerkingen")] for row in rows[1:]}
    assert notes == {"'+31 bellen"}


def test_the_excel_variant_writes_windows_1252_and_replaces_what_it_lacks(client, login, world):
    login(client, world.ours.donor)
    raw = client.get("/export/apparaten.csv?variant=excel").data
    assert raw.decode("cp1252").splitlines()[0].startswith("Code;Soort;Merk;")
    assert "Dell € é ? ?".encode("cp1252") in raw
    utf8 = client.get("/export/apparaten.csv").data
    assert UNICODE_BRAND.encode() in utf8 and utf8.startswith(b"\xef\xbb\xbfCode,Soort,Merk,")


@pytest.mark.parametrize("form,variant", FORMATS)
def test_a_care_organisation_exports_its_own_handouts_with_the_recipients_reference(client, login, world, form, variant):
    rows = fetch(client, login, world.ours.care, "/export/uitreikingen", form, variant)
    header = rows[0]
    assert header[-2:] == ["Kenmerk ontvanger", "Notitie"]
    handouts = [device.handout for device in world.ours.devices if device.handout is not None]
    expected = {(format_tag(h.device.asset_tag), h.care_organisation.name, h.recipient_reference) for h in handouts}
    assert {(row[0], row[4], row[header.index("Kenmerk ontvanger")]) for row in rows[1:]} == expected
    theirs = {format_tag(device.asset_tag) for device in world.theirs.devices}
    assert not theirs & {row[0] for row in rows[1:]}


def test_a_coordinator_exports_every_handout_without_recipients(client, login, world):
    rows = fetch(client, login, world.coordinator, "/export/uitreikingen", "csv", "utf8")
    assert "Kenmerk ontvanger" not in rows[0] and "Notitie" not in rows[0]
    assert len(rows) == 1 + 4
    references = {device.handout.recipient_reference for side in (world.ours, world.theirs) for device in side.devices
                  if device.handout is not None}
    assert not any(reference in cell for row in rows for cell in row for reference in references)


@pytest.mark.parametrize("role,contact", [("donor", True), ("refurbisher", False), ("coordinator", True)])
def test_a_donations_contact_person_goes_only_to_the_donor_and_coordinators(client, login, world, role, contact):
    rows = fetch(client, login, world.user(role), "/export/donaties", "xlsx", None)
    assert ("Contactpersoon" in rows[0]) is contact
    assert not contact or {row[rows[0].index("E-mailadres")] for row in rows[1:]} == {"ans@example.org"}
    flat = [cell for row in rows for cell in row]
    assert contact or ("Ans de Vries" not in flat and "ans@example.org" not in flat)
    references = {row[0] for row in rows[1:]}
    assert world.ours.donation.reference in references
    assert (world.theirs.donation.reference in references) is (role == "coordinator")


@pytest.mark.parametrize("role", ["care", "coordinator"])
def test_the_claims_export_holds_the_claims_of_the_list(client, login, world, role):
    rows = fetch(client, login, world.user(role), "/export/aanvragen", "csv", "excel")
    by_id = {row[0]: row for row in rows[1:]}
    claims = [side.devices[2].claim for side in (world.ours, world.theirs)]
    visible = claims[:1] if role == "care" else claims
    assert set(by_id) == {str(claim.id) for claim in visible}
    for claim in visible:
        row = by_id[str(claim.id)]
        assert row[1:3] == [claim.care_organisation.name, str(claim.status.label)]
        assert row[4:7] == ["3", "1", "2"]
        assert row[-1] == "'-Voor de buurt"


def test_the_device_export_takes_the_filter_of_the_device_list(client, login, world):
    login(client, world.coordinator)
    rows = read_csv(client.get("/export/apparaten.csv?status=handed_out&sort=tag&q=").data, "utf8")
    handed_out = sorted(format_tag(d.asset_tag) for side in (world.ours, world.theirs) for d in side.devices
                        if d.status == S.HANDED_OUT)
    assert [row[0] for row in rows[1:]] == handed_out
    page = client.get("/apparaten?status=handed_out").get_data(as_text=True)
    assert "4 apparaten gevonden" in page


def test_a_bad_filter_value_counts_as_empty_as_on_the_list(client, login, world):
    login(client, world.ours.donor)
    rows = read_csv(client.get("/export/apparaten.csv?status=nonsense").data, "utf8")
    assert len(rows) == 1 + 4


def test_every_export_is_in_the_security_log(client, login, world, session):
    login(client, world.ours.donor)
    client.get("/export/apparaten.csv?variant=excel&status=ready").close()
    client.get("/export/donaties.xlsx").close()
    events = session.scalars(select(AuditEvent).where(AuditEvent.action.like("export.%")).order_by(AuditEvent.id)).all()
    assert [(event.action, event.actor_id, event.detail) for event in events] == [
        ("export.devices", world.ours.donor.id, "format=csv variant=excel rows=1 filter=status=ready"),
        ("export.donations", world.ours.donor.id, "format=xlsx rows=1"),
    ]


def test_an_unknown_csv_variant_is_not_found(client, login, world):
    login(client, world.ours.donor)
    assert client.get("/export/apparaten.csv?variant=latin9").status_code == 404
    assert client.get("/export/apparaten.pdf").status_code == 404


@pytest.mark.parametrize("role,links", [
    ("donor", {"/export/apparaten.csv", "/export/donaties.csv"}),
    ("care", {"/export/apparaten.csv", "/export/aanvragen.csv", "/export/uitreikingen.csv"}),
    ("coordinator", {"/export/apparaten.csv", "/export/donaties.csv", "/export/aanvragen.csv"}),
])
def test_the_lists_link_to_their_exports(client, login, world, role, links):
    login(client, world.user(role))
    pages = {"/export/apparaten.csv": "/apparaten?status=handed_out", "/export/donaties.csv": "/donaties",
             "/export/aanvragen.csv": "/aanvragen", "/export/uitreikingen.csv": "/aanvragen"}
    for link in links:
        html = client.get(pages[link]).get_data(as_text=True)
        assert f'href="{link}' in html, (role, link)
        assert link.replace(".csv", ".xlsx") in html and "variant=excel" in html
    device_list = client.get("/apparaten?status=handed_out&q=").get_data(as_text=True)
    assert 'href="/export/apparaten.xlsx?status=handed_out"' in device_list
