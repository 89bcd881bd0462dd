"""The device list, the labels page (preview, print, test sheet), pre-printed labels, and the page behind a QR code."""
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceStatus, EventKind
from allemaaldigitaal.core.models import AssetTag, DeviceEvent, PreprintedLabel
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.filters import PER_PAGE
from allemaaldigitaal.devices.preprinted import print_preprinted
from allemaaldigitaal.devices.preview import preview_size
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.extensions import db
from allemaaldigitaal.printing import get_stock

from ..printing.reading import decode, page_count, prints_at_actual_size
from ..web.test_layout import parse
from .conftest import url_of


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def printed_events() -> int:
    return count(DeviceEvent, DeviceEvent.kind == EventKind.LABEL_PRINTED)


def page_of(response):
    assert response.status_code == 200, response.status_code
    return parse(response.get_data(as_text=True))


def main_text(response) -> str:
    return page_of(response).find("main").text()


# The device list

@pytest.mark.parametrize(("role", "sees_ours", "sees_theirs", "may_print"), [
    ("donor", True, False, True), ("refurbisher", True, False, True), ("coordinator", True, True, True),
    ("care", False, False, False),
])
def test_the_device_list_shows_what_the_role_may_see(client, login, world, role, sees_ours, sees_theirs, may_print):
    login(client, world.user(role))
    page = page_of(client.get("/apparaten"))
    shown = {link.text() for link in page.find("main").find_all("a") if link.attrs["href"].startswith("/D/")}
    ours = {format_tag(device.asset_tag) for device in world.ours.devices}
    theirs = {format_tag(device.asset_tag) for device in world.theirs.devices}
    assert (ours <= shown, bool(theirs & shown)) == (sees_ours, sees_theirs)
    assert bool(page.find_all("input", type="checkbox", name="tags")) == (may_print and sees_ours)


def test_ticked_devices_go_to_the_labels_page_with_a_get(client, login, world):
    login(client, world.ours.donor)
    page = page_of(client.get("/apparaten"))
    selection = page.find("form", id="selection")
    assert (selection.attrs["method"], selection.attrs["action"]) == ("get", "/labels")
    boxes = selection.find_all("input", type="checkbox")
    # newest first
    assert [box.attrs["value"] for box in boxes] == [format_tag(device.asset_tag) for device in reversed(world.ours.devices)]
    assert all(page.find("label", for_=box.attrs["id"]).text() for box in boxes)


def test_filtering_on_a_donation_offers_all_its_labels(client, login, world):
    login(client, world.coordinator)
    reference = world.ours.donation.reference
    page = page_of(client.get(f"/apparaten?donation={reference}"))
    assert "3 apparaten gevonden." in page.find("main").text()
    link = page.find("a", href=f"/labels?donation={reference}")
    assert reference in link.text()


def test_filtering_on_a_status(client, login, world, make, session):
    from allemaaldigitaal.demo.services import bring_to

    bring_to(world.ours.devices[2], DeviceStatus.RECEIVED, make.cast(), make.rng, world.ours.workshop)
    session.flush()
    login(client, world.ours.workshop)
    text = main_text(client.get("/apparaten?status=received"))
    assert "1 apparaat gevonden." in text and format_tag(world.ours.devices[2].asset_tag) in text


def test_a_long_list_comes_in_pages(client, login, world, session):
    for number in range(PER_PAGE):
        add_device(world.ours.donation, world.ours.donor, DeviceSpecs(serial_number=f"P{number}"))
    session.flush()
    login(client, world.ours.donor)
    first = page_of(client.get("/apparaten"))
    assert "53 apparaten gevonden." in first.find("main").text()
    assert len(first.find_all("input", type="checkbox")) == PER_PAGE
    second = page_of(client.get(first.find("a", rel="next").attrs["href"]))
    assert len(second.find_all("input", type="checkbox")) == 3
    assert not second.find_all("a", rel="next") and second.find_all("a", rel="prev")
    # the last page ends with the oldest device, full, and has no next page
    last = page_of(client.get("/apparaten?pagina=last"))
    assert len(last.find_all("input", type="checkbox")) == PER_PAGE and not last.find_all("a", rel="next")
    # a cursor this list did not make starts at the first page
    assert len(page_of(client.get("/apparaten?pagina=99999999999999999999")).find_all("input", type="checkbox")) == PER_PAGE


# The labels page

def test_choosing_and_previewing_writes_nothing_and_offers_a_post_form(client, login, world, session):
    login(client, world.ours.donor)
    before = count(DeviceEvent), count(AssetTag)
    reference = world.ours.donation.reference
    page = page_of(client.get(f"/labels?stock=L7163&donation={reference}&skip=2"))
    form = page.find("form", id="print-form")
    assert form.attrs["method"] == "post"
    hidden = {field.attrs["name"]: field.attrs["value"] for field in form.find_all("input", type="hidden")}
    assert hidden["csrf_token"] and (hidden["stock"], hidden["donation"], hidden["skip"]) == ("L7163", reference, "2")
    assert "3 labels op Avery L7163" in page.find("main").text()
    assert "Druk af op 100% (werkelijke grootte)." in page.find("main").text()
    preview = page.find("img")
    query = parse_qs(urlsplit(preview.attrs["src"]).query)
    assert query == {"stock": ["L7163"], "donation": [reference], "skip": ["2"]}
    assert preview.attrs["alt"].startswith("Voorbeeld van het eerste vel Avery L7163")
    assert (count(DeviceEvent), count(AssetTag)) == before


def test_the_first_visit_shows_the_form_without_errors(client, login, world):
    login(client, world.ours.workshop)
    page = page_of(client.get("/labels"))
    assert not page.find_all(id="error-summary") and not page.find_all("form", id="print-form")
    assert page.find("a", id="test-sheet").attrs["href"] == "/labels/testvel?stock=L7160"


def test_printing_sends_the_pdf_and_notes_it_in_each_devices_history(app, client, login, world):
    login(client, world.ours.workshop)
    reference = world.ours.donation.reference
    response = client.post("/labels", data={"stock": "L7160", "donation": reference, "skip": "4"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename=labels-{reference}-L7160.pdf"
    pdf = response.data
    assert prints_at_actual_size(pdf) and page_count(pdf) == 1
    assert sorted(found.text for found in decode(pdf)) == sorted(url_of(app, d.asset_tag) for d in world.ours.devices)
    events = list(db.session.scalars(select(DeviceEvent).where(DeviceEvent.kind == EventKind.LABEL_PRINTED)))
    assert sorted(event.device_id for event in events) == sorted(device.id for device in world.ours.devices)
    assert {event.actor_id for event in events} == {world.ours.workshop.id}


def test_ticked_devices_print_as_zpl_for_a_zebra(client, login, world):
    login(client, world.ours.donor)
    tags = [format_tag(device.asset_tag) for device in world.ours.devices[:2]]
    response = client.post("/labels", data={"stock": "zebra-2x1", "tags": tags})
    assert response.mimetype == "text/plain" and response.headers["Content-Disposition"].endswith(".zpl")
    assert response.get_data(as_text=True).count("^XA") == 2
    assert printed_events() == 2


@pytest.mark.parametrize(("data", "words"), [
    ({"stock": "L9999", "donation": "{ours}"}, "Labelsoort 'L9999' bestaat niet"),
    ({"stock": "L7160", "tags": "AD-329-XPE-G6R"}, "Deze code klopt niet"),
    ({"stock": "L7160"}, "Er zijn geen labels om af te drukken"),
    ({"stock": "L7160", "donation": "{ours}", "skip": "21"}, "Sla er 0 tot en met 20 over"),
    ({"stock": "L7160", "donation": "{ours}", "skip": "drie"}, "Vul een heel getal in"),
    ({"stock": "L7160", "donation": "{theirs}"}, "bestaat niet, of je organisatie mag er geen labels"),
    ({"stock": "L7160", "tags": "{their_tag}"}, "Geen apparaat of label gevonden"),
    ({"stock": "L7160", "donation": "{ours}", "tags": "{their_tag}"}, "Kies één ding"),
])
def test_bad_input_shows_a_clear_message_next_to_the_form_and_writes_nothing(client, login, world, data, words):
    login(client, world.ours.donor)
    values = {"ours": world.ours.donation.reference, "theirs": world.theirs.donation.reference,
              "their_tag": world.theirs.devices[0].asset_tag}
    before = count(DeviceEvent)
    page = page_of(client.post("/labels", data={name: value.format(**values) for name, value in data.items()}))
    assert words in page.find(id="error-summary").text()
    assert not page.find_all("form", id="print-form")
    assert count(DeviceEvent) == before


def test_care_may_not_print(client, login, world):
    login(client, world.care)
    response = client.post("/labels", data={"stock": "L7160", "donation": world.ours.donation.reference})
    assert response.status_code == 403 and printed_events() == 0


def test_printing_needs_the_csrf_token(app, client, login, world, monkeypatch):
    login(client, world.ours.donor)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post("/labels", data={"stock": "L7160", "donation": world.ours.donation.reference})
    assert response.status_code == 400 and printed_events() == 0


def test_the_preview_is_a_picture_of_the_first_sheet(client, login, world):
    login(client, world.ours.donor)
    response = client.get(f"/labels/voorbeeld.png?stock=L7160&donation={world.ours.donation.reference}&skip=3")
    assert response.mimetype == "image/png"
    image = Image.open(BytesIO(response.data))
    assert image.size == preview_size(get_stock("L7160")) and max(image.size) == 900
    blank = Image.open(BytesIO(client.get("/labels/voorbeeld.png?stock=L7160&skip=3").data))
    assert image.tobytes() != blank.tobytes(), "the labels are drawn on the sheet"


@pytest.mark.parametrize("query", ["stock=L9999", "stock=L7160&skip=21", "stock=L7160&donation={theirs}",
                                   "stock=L7160&tags=AD-329-XPE-G6R", "stock=L7160&run=1"])
def test_a_preview_of_what_cannot_be_printed_is_not_found(client, login, world, query):
    login(client, world.ours.donor)
    response = client.get("/labels/voorbeeld.png?" + query.format(theirs=world.theirs.donation.reference))
    assert response.status_code == 404


@pytest.mark.parametrize(("stock", "mimetype", "filename"), [
    ("L7651", "application/pdf", "testvel-L7651.pdf"), ("zebra-2x1", "text/plain", "testlabel-zebra-2x1.zpl"),
])
def test_the_test_sheet_is_a_download_that_needs_no_devices(client, login, world, stock, mimetype, filename):
    login(client, world.ours.donor)
    response = client.get(f"/labels/testvel?stock={stock}")
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    if mimetype == "application/pdf":
        assert page_count(response.data) == 1 and prints_at_actual_size(response.data)


def test_a_test_sheet_of_an_unknown_stock_says_so(client, login, world):
    login(client, world.ours.donor)
    response = client.get("/labels/testvel?stock=L9999")
    assert response.status_code == 404
    assert "Labelsoort 'L9999' bestaat niet" in parse(response.get_data(as_text=True)).find("main").text()


# Pre-printed labels

def test_a_workshop_makes_pre_printed_labels_and_then_prints_them(app, client, login, world):
    workshop = world.ours.workshop
    login(client, workshop)
    response = client.post("/labels/voorgedrukt", data={"count": "3", "stock": "L7163", "skip": "1"})
    assert response.status_code == 302
    labels = list(db.session.scalars(select(PreprintedLabel).order_by(PreprintedLabel.id)))
    assert len(labels) == 3 and {label.workshop_id for label in labels} == {workshop.organisation_id}
    assert response.location == f"/labels?run={labels[0].id}&stock=L7163&skip=1"
    page = page_of(client.get(response.location))
    assert "3 labels, waarvan 0 al op een apparaat" in page.find(id="run-summary").text()
    hidden = {field.attrs["name"]: field.attrs["value"] for field in page.find("form", id="print-form").find_all("input")}
    pdf = client.post("/labels", data={name: hidden[name] for name in ("run", "stock", "skip")})
    assert pdf.headers["Content-Disposition"] == "attachment; filename=labels-voorgedrukt-L7163.pdf"
    assert sorted(found.text for found in decode(pdf.data)) == sorted(url_of(app, label.tag) for label in labels)
    assert printed_events() == 0, "no device yet, so no history to note the print in"
    assert "Opnieuw afdrukken" in main_text(client.get("/labels/voorgedrukt"))


def test_a_coordinator_chooses_the_workshop(client, login, world):
    login(client, world.coordinator)
    refused = page_of(client.post("/labels/voorgedrukt", data={"workshop": "", "count": "2", "stock": "L7160"}))
    assert "Kies een werkplaats uit de lijst." in refused.find(id="error-summary").text()
    workshop = world.theirs.workshop.organisation
    response = client.post("/labels/voorgedrukt", data={"workshop": str(workshop.id), "count": "2", "stock": "L7160"})
    assert response.status_code == 302
    assert count(PreprintedLabel, PreprintedLabel.workshop_id == workshop.id) == 2


@pytest.mark.parametrize(("data", "words"), [
    ({"count": "0", "stock": "L7160"}, "Kies een aantal van 1 tot en met 1000."),
    ({"count": "1001", "stock": "L7160"}, "Kies een aantal van 1 tot en met 1000."),
    ({"count": "", "stock": "L7160"}, "Vul in hoeveel labels je wilt maken."),
    ({"count": "5", "stock": "L9999"}, "Labelsoort 'L9999' bestaat niet"),
    ({"count": "5", "stock": "L7160", "skip": "21"}, "Sla er 0 tot en met 20 over"),
])
def test_bad_pre_print_input_makes_no_codes(client, login, world, data, words):
    login(client, world.ours.workshop)
    page = page_of(client.post("/labels/voorgedrukt", data=data))
    assert words in page.find(id="error-summary").text()
    assert count(PreprintedLabel) == 0 and count(AssetTag) == 6


# The page behind a QR code

def tag_forms(tag: str) -> list[str]:
    return [f"/D/{tag}", f"/d/{tag.lower()}", f"/D/{format_tag(tag)}", f"/d/{format_tag(tag).lower()}"]


@pytest.mark.parametrize("form", range(4))
def test_who_may_see_the_device_gets_its_page_from_any_form_of_the_tag(client, login, world, form):
    device = world.ours.devices[0]
    login(client, world.ours.donor)
    page = page_of(client.get(tag_forms(device.asset_tag)[form]))
    text = page.find("main").text()
    assert page.find("h1").text() == f"Apparaat {format_tag(device.asset_tag)}"
    assert "Dell Latitude 5490" in text and "Toegezegd" in text
    assert page.find("span", data_status="pledged")


@pytest.mark.parametrize("who", ["anonymous", "other donor", "care"])
def test_anyone_else_learns_whom_to_contact_and_nothing_private(app, client, login, world, who, monkeypatch):
    monkeypatch.setitem(app.config, "CONTACT_EMAIL", "team@allemaaldigitaal.example")
    if who != "anonymous":
        login(client, world.theirs.donor if who == "other donor" else world.care)
    device = world.ours.devices[0]
    response = client.get(f"/d/{device.asset_tag.lower()}")
    text = main_text(response)
    assert "Dit apparaat hoort bij allemaaldigitaal" in text and format_tag(device.asset_tag) in text
    assert "team@allemaaldigitaal.example" in text
    for private in ("Dell", "Latitude", world.ours.donor.organisation.name, world.ours.donation.reference, "Toegezegd"):
        assert private not in response.get_data(as_text=True)


def test_a_tag_whose_check_character_fails_is_a_clear_404(client):
    response = client.get("/D/AD-329-XPE-G6R")
    assert response.status_code == 404
    text = parse(response.get_data(as_text=True)).find("main").text()
    assert "Deze code lijkt verkeerd getypt" in text and "controleteken" in text
    assert parse(response.get_data(as_text=True)).find("form", action="/D").find("input", name="code")


def test_a_valid_tag_that_nobody_has_is_a_404(client):
    response = client.get("/D/ZZZZZZZZ3")
    assert response.status_code == 404
    assert "Er is geen apparaat met code AD-ZZZ-ZZZ-ZZ3." in parse(response.get_data(as_text=True)).find("main").text()


def test_an_unlinked_pre_printed_label_says_so_to_its_workshop_and_is_a_found_device_for_others(client, login, world):
    label = print_preprinted(world.ours.workshop, world.ours.workshop.organisation, 1)[0]
    assert "Dit apparaat hoort bij allemaaldigitaal" in main_text(client.get(f"/D/{label.tag}"))
    login(client, world.ours.workshop)
    assert "Het hoort nog bij geen apparaat." in main_text(client.get(f"/D/{label.tag}"))


def test_the_device_page_offers_a_new_label_to_who_may_print(client, login, world):
    device = world.ours.devices[0]
    login(client, world.ours.workshop)
    page = page_of(client.get(f"/D/{device.asset_tag}"))
    assert page.find("a", href=f"/labels?tags={format_tag(device.asset_tag)}").text() == "Label opnieuw afdrukken"


def test_the_navigation_offers_devices_to_everyone_and_labels_to_workshops_and_coordinators(client, login, world):
    from ..web.test_layout import nav_labels

    for role, labels in (("donor", False), ("care", False), ("refurbisher", True), ("coordinator", True)):
        client.post("/logout")
        login(client, world.user(role))
        shown = nav_labels(page_of(client.get("/apparaten")))
        assert "Apparaten" in shown and ("Labels" in shown) == labels, role


def test_without_base_url_labels_follow_the_local_address_in_development(app, login, world, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL_FROM_REQUEST", True)
    monkeypatch.setitem(app.config, "SERVER_NAME", "127.0.0.1:5102")
    local = app.test_client()
    login(local, world.ours.workshop)
    response = local.post("/labels", data={"stock": "L7160", "donation": world.ours.donation.reference})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    found = sorted(code.text for code in decode(response.data))
    assert found == sorted(f"HTTP://127.0.0.1:5102/D/{device.asset_tag}" for device in world.ours.devices)
