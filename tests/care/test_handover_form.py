"""The handover form of a handed-out device, as a page download and through the API: the values from the handout,
the latest check and the wipe proof, in Dutch and English; only the care organisation that handed it out and
coordinators get it."""
import io
from datetime import date, timedelta

import pypdf
import pytest

from allemaaldigitaal.care.handouts import register_handout
from allemaaldigitaal.config import load_config
from allemaaldigitaal.core.enums import ConditionGrade, DeviceStatus as S, HandoutKind, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.donations.certificates import issue_certificate, latest_certificate
from allemaaldigitaal.web.formatting import format_date
from allemaaldigitaal.workshop.checks import CheckFindings, record_check

from .test_api import bearer

REFERENCE = "K-2026-014"
LOAN_UNTIL = date.today() + timedelta(days=400)
HELP_POINT = "Informatiepunt Digitale Overheid in de bibliotheek bij u in de buurt"


def handed_out(world, kind: HandoutKind = HandoutKind.LOAN, certificate: bool = True) -> Device:
    """A device checked (grade A, with accessories), wiped, maybe certified, delivered and handed out by world.care."""
    device = world.device(status=S.READY)
    device.brand, device.model = "Dell", "Latitude 7490"
    workshop = world.workshop()
    record_check(workshop, device, CheckFindings(ConditionGrade.A, True, True, True, True, accessories="Lader en hoes",
                                                 locks_not_applicable=True))
    if certificate:
        issue_certificate(device.donation, world.coordinator, "https://allemaaldigitaal.example")
    device.claim = world.claim(1, 0)
    apply_transition(device, S.ALLOCATED, actor=world.coordinator)
    apply_transition(device, S.DELIVERED, actor=workshop, custodian=world.care.organisation)
    organisation = world.care.organisation
    organisation.address, organisation.city = "Oudegracht 1", "Utrecht"
    register_handout(device, world.care, REFERENCE, kind, LOAN_UNTIL if kind == HandoutKind.LOAN else None)
    apply_transition(device, S.HANDED_OUT, actor=world.care)
    world.session.flush()
    return device


def page_url(device: Device) -> str:
    return f"/D/{format_tag(device.asset_tag)}/overdrachtsformulier.pdf"


def api_url(device: Device, query: str = "") -> str:
    return f"/api/v1/devices/{format_tag(device.asset_tag)}/handover-form.pdf{query}"


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    assert response.content_type == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def certificate_code(device: Device) -> str:
    return latest_certificate(device.donation).code


def assert_the_values(pages: list[str], device: Device, world, loan_until: str, help_point: str = HELP_POINT,
                      reference: str = REFERENCE) -> None:
    assert len(pages) == 2
    for text in pages:
        for value in (format_tag(device.asset_tag), device.serial_number, reference, world.care.organisation.name,
                      "Oudegracht 1, 3512 JK Utrecht", "0800-1508", help_point, loan_until, certificate_code(device),
                      "Dell Latitude 7490", "Lader en hoes"):
            assert value in text, value
        assert world.make.one(K.DONOR).organisation.name not in text


def test_the_care_organisation_prints_the_form_in_dutch_with_every_value(client, world, login):
    device = handed_out(world)
    login(client, world.care)
    response = client.get(page_url(device))
    pages = pdf_pages(response)
    assert_the_values(pages, device, world, format_date(LOAN_UNTIL))
    assert "Exemplaar voor de ontvanger" in pages[0] and "Exemplaar voor de organisatie" in pages[1]
    assert "A: als nieuw" in pages[0] and "24 maanden" in pages[0]
    assert f"overdrachtsformulier-{format_tag(device.asset_tag)}.pdf" in response.headers["Content-Disposition"]


@pytest.fixture
def local_help(app, monkeypatch) -> str:
    """A configured help point: printed as it is, in any language."""
    monkeypatch.setitem(app.config, "HANDOVER_HELP_POINT", "Bibliotheek Utrecht, Oudegracht 167")
    return "Bibliotheek Utrecht, Oudegracht 167"


def test_the_page_follows_the_readers_language(client, world, login, local_help):
    device = handed_out(world)
    login(client, world.care)
    pages = pdf_pages(client.get(page_url(device), headers={"Accept-Language": "en"}))
    assert_the_values(pages, device, world, LOAN_UNTIL.strftime("%-d %B %Y"), local_help)
    assert "A: as new" in pages[0] and "Serial number" in pages[0] and "Page 2 of 2" in pages[1]


@pytest.mark.parametrize("how", ["query", "header"])
def test_the_api_gives_the_form_in_english_by_lang_or_accept_language(client, world, how, local_help):
    device = handed_out(world)
    headers = bearer(world.care)
    if how == "header":
        headers["Accept-Language"] = "en"
    pages = pdf_pages(client.get(api_url(device, "?lang=en" if how == "query" else ""), headers=headers))
    assert_the_values(pages, device, world, LOAN_UNTIL.strftime("%-d %B %Y"), local_help)
    assert "Make and model" in pages[0] and "Merk en model" not in pages[0]


def test_lang_wins_over_accept_language_and_an_unknown_one_is_refused(client, world):
    device = handed_out(world)
    headers = {**bearer(world.care), "Accept-Language": "en"}
    pages = pdf_pages(client.get(api_url(device, "?lang=nl"), headers=headers))
    assert "Merk en model" in pages[0] and format_date(LOAN_UNTIL) in pages[0]
    refused = client.get(api_url(device, "?lang=de"), headers=headers)
    assert refused.status_code == 422 and refused.content_type == "application/problem+json"


def test_a_gift_without_a_certificate_names_the_wipe_records_checked(client, world):
    device = handed_out(world, HandoutKind.GIFT, certificate=False)
    wiped_on = format_date(max(record.finished_at for record in device.wipe_records))
    pages = pdf_pages(client.get(api_url(device), headers=bearer(world.care)))
    for text in pages:
        assert "Schenking: het apparaat is nu van de ontvanger." in text and "Bruikleen" not in text
        assert f"1 opslagmedium gewist en gecontroleerd, het laatst op {wiped_on}" in text
        assert "controlecode" not in text


def test_the_configured_help_point_and_retention_are_printed(client, world, app, monkeypatch, local_help):
    monkeypatch.setitem(app.config, "RECIPIENT_RETENTION_MONTHS", 18)
    device = handed_out(world)
    pages = pdf_pages(client.get(api_url(device), headers=bearer(world.care)))
    assert all(local_help in text and HELP_POINT not in text for text in pages)
    assert all("18 maanden" in text for text in pages)


def test_a_coordinators_form_leaves_the_recipients_reference_out(client, world, login):
    device = handed_out(world)
    pages = pdf_pages(client.get(api_url(device), headers=bearer(world.coordinator)))
    assert_the_values(pages, device, world, format_date(LOAN_UNTIL), reference="Alleen bekend bij de zorgorganisatie")
    login(client, world.coordinator)
    assert all(REFERENCE not in text for text in pdf_pages(client.get(page_url(device))))


def other_care(world):
    return world.make.user(K.CARE, organisation=world.make.organisation(K.CARE))


def test_another_care_organisation_gets_404_and_a_donor_or_workshop_403(client, world, login):
    device = handed_out(world)
    assert client.get(api_url(device), headers=bearer(other_care(world))).status_code == 404
    assert client.get(api_url(device), headers=bearer(world.make.one(K.DONOR))).status_code == 403
    assert client.get(api_url(device), headers=bearer(world.workshop())).status_code == 403
    for user, expected in ((other_care(world), 404), (world.make.one(K.DONOR), 403)):
        login(client, user)
        assert client.get(page_url(device)).status_code == expected
        client.post("/logout")


def test_a_device_without_an_open_handout_has_no_form(client, world):
    delivered = world.device(status=S.DELIVERED)
    returned = handed_out(world)
    apply_transition(returned, S.RETURNED, actor=world.workshop(), custodian=world.workshop().organisation)
    headers = bearer(world.coordinator)
    for device in (delivered, returned):
        assert client.get(api_url(device), headers=headers).status_code == 404
    assert client.get("/api/v1/devices/AD-329-XPE-G6R/handover-form.pdf", headers=headers).status_code == 404


def test_a_certificate_issued_before_the_last_wipe_is_no_proof_of_it(client, world):
    device = handed_out(world, certificate=False)
    earlier = issue_certificate(device.donation, world.coordinator, "https://allemaaldigitaal.example")
    earlier.issued_at = min(record.started_at for record in device.wipe_records) - timedelta(hours=1)
    world.session.flush()
    pages = pdf_pages(client.get(api_url(device), headers=bearer(world.care)))
    assert all(earlier.code not in text and "1 opslagmedium gewist" in text for text in pages)


def test_the_help_point_comes_from_the_environment_else_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("HANDOVER_HELP_POINT", raising=False)
    assert load_config(str(tmp_path))["HANDOVER_HELP_POINT"] == HELP_POINT
    monkeypatch.setenv("HANDOVER_HELP_POINT", "Buurthuis De Pijp, Amsterdam")
    assert load_config(str(tmp_path))["HANDOVER_HELP_POINT"] == "Buurthuis De Pijp, Amsterdam"
