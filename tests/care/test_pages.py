"""The claim pages: the list and the stock, a new claim with its privacy warning, change and withdraw, and a
coordinator's approve, reject, allocate (by tags and automatically) and release; every refusal writes nothing."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.care.allocation import allocate_tags
from allemaaldigitaal.care.claims import approve_claim
from allemaaldigitaal.core.enums import ClaimStatus, DeviceKind, DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Claim, Device
from allemaaldigitaal.core.tags import format_tag

from ..web.test_layout import parse


def text_of(response, id_: str) -> str:
    found = parse(response.get_data(as_text=True)).find(id=id_)
    assert found is not None, f"no #{id_} on the page"
    return " ".join(found.text().split())


def page_text(response) -> str:
    return " ".join(parse(response.get_data(as_text=True)).text().split())


def claims_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Claim))


def follow(client, response):
    assert response.status_code == 302, response.status_code
    return client.get(response.location)


def claim_url(claim, part: str = "") -> str:
    return f"/aanvragen/{claim.id}{part}"


# the care organisation ------------------------------------------------------------------------------------------


def test_the_list_shows_the_own_claims_with_counts_and_the_stock_per_kind_and_grade(client, login, world, make):
    ours = world.claim(3, 1)
    world.device()  # ready, grade B
    world.device(kind=DeviceKind.TABLET, grade=None)
    allocated = world.device()
    allocate_tags(ours, world.coordinator, [allocated.asset_tag])
    other_care = make.user(K.CARE)
    theirs = world.claim(care=other_care)
    login(client, world.care)
    page = client.get("/aanvragen")
    assert page.status_code == 200
    listed = text_of(page, "claim-list")
    assert f"Aanvraag {ours.id} Goedgekeurd 3 1 1" in listed
    assert f"Aanvraag {theirs.id} " not in listed
    stock = text_of(page, "stock-table")
    assert "Laptop 0 1 0 0 1" in stock and "Tablet 0 0 0 1 1" in stock
    assert "@" not in stock  # counts only


def test_a_coordinator_sees_every_claim_the_undecided_ones_first(client, login, world, make):
    approved = world.claim()
    undecided = world.claim(approved=False, care=make.user(K.CARE))
    login(client, world.coordinator)
    listed = text_of(client.get("/aanvragen"), "claim-list")
    assert listed.index(f"Aanvraag {undecided.id} ") < listed.index(f"Aanvraag {approved.id} ")
    assert undecided.care_organisation.name in listed


def test_the_claim_form_warns_not_to_write_personal_data(client, login, world):
    login(client, world.care)
    warning = text_of(client.get("/aanvragen/nieuw"), "privacy-warning")
    assert "geen namen" in warning and "gezondheid" in warning


def test_a_care_organisation_makes_a_claim(client, login, world, session):
    login(client, world.care)
    wanted = date.today() + timedelta(days=14)
    made = client.post("/aanvragen/nieuw", data={
        "laptops_requested": "4", "tablets_requested": "2", "wanted_by": wanted.isoformat(), "purpose": "Voor de taalles"})
    claim = session.scalar(select(Claim).order_by(Claim.id.desc()))
    assert made.location.endswith(claim_url(claim))
    assert (claim.laptops_requested, claim.tablets_requested, claim.wanted_by, claim.purpose, claim.status) == (
        4, 2, wanted, "Voor de taalles", ClaimStatus.SUBMITTED)
    assert claim.care_organisation_id == world.care.organisation_id
    shown = follow(client, made)
    assert "Je aanvraag is verstuurd" in page_text(shown)
    assert "Voor de taalles" in text_of(shown, "claim-facts")


@pytest.mark.parametrize(("data", "message"), [
    ({"laptops_requested": "0", "tablets_requested": "0", "purpose": "Iets"}, "Vraag minstens één laptop of tablet aan."),
    ({"laptops_requested": "1", "purpose": "  "}, "Schrijf kort op waarvoor je de apparaten nodig hebt."),
    ({"laptops_requested": "1", "purpose": "Iets", "wanted_by": "2001-01-01"}, "Kies een datum vanaf vandaag."),
    ({"laptops_requested": "-2", "purpose": "Iets"}, "Vul een aantal van 0 tot 10.000 in."),
    ({"laptops_requested": "veel", "purpose": "Iets"}, "Aantal laptops: Ongeldig getal."),
])
def test_a_refused_claim_shows_why_and_writes_nothing(client, login, world, session, data, message):
    login(client, world.care)
    before = claims_count(session)
    refused = client.post("/aanvragen/nieuw", data=data)
    assert refused.status_code == 422
    assert message in text_of(refused, "error-summary")
    assert claims_count(session) == before


def test_the_care_organisation_changes_its_claim_until_it_is_decided(client, login, world, session):
    claim = world.claim(approved=False)
    login(client, world.care)
    form = client.get(claim_url(claim, "/wijzigen"))
    assert form.status_code == 200 and "Voor mensen in de wijk" in page_text(form)
    changed = client.post(claim_url(claim, "/wijzigen"), data={
        "laptops_requested": "7", "tablets_requested": "0", "purpose": "Nu alleen laptops"})
    assert changed.location.endswith(claim_url(claim))
    session.refresh(claim)
    assert (claim.laptops_requested, claim.tablets_requested, claim.purpose) == (7, 0, "Nu alleen laptops")
    refused = client.post(claim_url(claim, "/wijzigen"), data={"laptops_requested": "0", "purpose": "x"})
    assert refused.status_code == 422 and "Vraag minstens één laptop" in text_of(refused, "error-summary")
    approve_claim(claim, world.coordinator)
    late = client.post(claim_url(claim, "/wijzigen"), data={"laptops_requested": "9", "purpose": "Meer"})
    assert "al behandeld" in page_text(follow(client, late))
    session.refresh(claim)
    assert claim.laptops_requested == 7
    assert "Aanvraag wijzigen" not in page_text(client.get(claim_url(claim)))


def test_the_care_organisation_withdraws_its_claim_after_a_confirmation(client, login, world, session):
    claim = world.claim(approved=False)
    login(client, world.care)
    detail = client.get(claim_url(claim))
    assert "Aanvraag intrekken" in text_of(detail, "claim-actions")
    confirm = client.get(claim_url(claim, "/intrekken/bevestigen"))
    assert confirm.status_code == 200 and "Ja, intrekken" in page_text(confirm)
    session.refresh(claim)
    assert claim.status == ClaimStatus.SUBMITTED  # the confirmation page changes nothing
    done = client.post(claim_url(claim, "/intrekken"))
    assert "De aanvraag is ingetrokken." in page_text(follow(client, done))
    session.refresh(claim)
    assert claim.status == ClaimStatus.CANCELLED
    again = client.post(claim_url(claim, "/intrekken"))
    assert "Deze aanvraag is al behandeld." in page_text(follow(client, again))
    assert client.get(claim_url(claim, "/intrekken/bevestigen")).status_code == 302


def test_another_care_organisations_claim_is_a_404_on_every_page(client, login, world, make, session):
    claim = world.claim(approved=False)
    login(client, make.user(K.CARE))
    for method, part in (("GET", ""), ("GET", "/wijzigen"), ("POST", "/wijzigen"), ("GET", "/intrekken/bevestigen"),
                         ("POST", "/intrekken")):
        answer = client.open(claim_url(claim, part), method=method, data={"laptops_requested": "9", "purpose": "x"})
        assert answer.status_code == 404, (method, part)
    session.refresh(claim)
    assert (claim.status, claim.laptops_requested) == (ClaimStatus.SUBMITTED, 2)


def test_the_care_organisation_sees_its_devices_and_where_to_collect_them_but_no_coordinator_forms(
    client, login, world, session
):
    workshop = world.workshop()
    workshop.organisation.address, workshop.organisation.city = "Werkstraat 1", "Utrecht"
    claim = world.claim(2, 0)
    device = world.device()
    allocate_tags(claim, world.coordinator, [device.asset_tag])
    login(client, world.care)
    page = client.get(claim_url(claim))
    devices = text_of(page, "device-list")
    assert format_tag(device.asset_tag) in devices and "Laptop" in devices and "Toegewezen" in devices
    assert f'href="/D/{device.asset_tag}"' in page.get_data(as_text=True)
    collect = text_of(page, "collect")
    assert workshop.organisation.name in collect and "Werkstraat 1" in collect and "1 laptops en 0 tablets" in collect
    html = page.get_data(as_text=True)
    assert "/goedkeuren" not in html and "/toewijzen" not in html and "vrijgeven" not in html


# the coordinator ------------------------------------------------------------------------------------------------


def test_a_coordinator_approves_and_a_second_approval_is_refused_with_the_reason(client, login, world, session):
    claim = world.claim(approved=False)
    login(client, world.coordinator)
    assert "Goedkeuren" in text_of(client.get(claim_url(claim)), "decide")
    assert "goedgekeurd" in page_text(follow(client, client.post(claim_url(claim, "/goedkeuren"))))
    session.refresh(claim)
    assert claim.status == ClaimStatus.APPROVED and claim.decided_by_id == world.coordinator.id
    again = follow(client, client.post(claim_url(claim, "/goedkeuren")))
    assert "Deze aanvraag is al behandeld." in page_text(again)


def test_a_rejection_needs_a_reason_that_the_care_organisation_then_sees(client, login, world, session):
    claim = world.claim(approved=False)
    login(client, world.coordinator)
    for reason in ("", "   "):
        refused = client.post(claim_url(claim, "/afwijzen"), data={"reason": reason})
        assert refused.status_code == 422
        assert "waarom je de aanvraag afwijst" in text_of(refused, "error-summary")
        session.refresh(claim)
        assert claim.status == ClaimStatus.SUBMITTED
    done = client.post(claim_url(claim, "/afwijzen"), data={"reason": "Er is geen voorraad in jullie regio"})
    assert done.location.endswith(claim_url(claim))
    late = client.post(claim_url(claim, "/afwijzen"), data={"reason": "Nog eens"})
    assert late.status_code == 422 and "al behandeld" in text_of(late, "error-summary")
    session.refresh(claim)
    assert (claim.status, claim.rejection_reason) == (ClaimStatus.REJECTED, "Er is geen voorraad in jullie regio")
    client.post("/logout")
    login(client, world.care)
    assert "Er is geen voorraad in jullie regio" in text_of(client.get(claim_url(claim)), "rejection")


def test_a_coordinator_allocates_by_tags_and_label_urls(client, login, world, session):
    claim = world.claim(2, 1)
    laptop, tablet = world.device(), world.device(kind=DeviceKind.TABLET)
    login(client, world.coordinator)
    tags = f"{format_tag(laptop.asset_tag).lower()}\nhttps://example.org/D/{tablet.asset_tag}"
    done = client.post(claim_url(claim, "/toewijzen"), data={"tags": tags})
    assert "2 apparaten zijn toegewezen." in page_text(follow(client, done))
    for device in (laptop, tablet):
        session.refresh(device)
        assert (device.status, device.claim_id) == (DeviceStatus.ALLOCATED, claim.id)


def _refusal_cases(world):
    approved = world.claim(1, 0)
    undecided = world.claim(1, 0, approved=False)
    wiped = world.device(DeviceStatus.WIPED)
    tablet = world.device(kind=DeviceKind.TABLET)
    two = [world.device(), world.device()]
    return [
        (approved, "AD-ZZZ-ZZZ-ZZ3", "Geen apparaat gevonden met nummer"),
        (approved, "geen-nummer", "geen-nummer:"),
        (approved, wiped.asset_tag, "is niet klaar voor uitgifte"),
        (approved, tablet.asset_tag, "maar deze aanvraag vraagt daar niet om"),
        (approved, " ".join(device.asset_tag for device in two), "past er niet meer bij"),
        (undecided, two[0].asset_tag, "Deze aanvraag is niet goedgekeurd."),
    ]


def test_every_refused_allocation_by_tags_is_shown_and_writes_nothing(client, login, world, session):
    cases = _refusal_cases(world)
    login(client, world.coordinator)
    for claim, tags, message in cases:
        before = session.scalar(select(func.count()).select_from(Device).where(Device.claim_id.is_not(None)))
        refused = client.post(claim_url(claim, "/toewijzen"), data={"tags": tags})
        assert refused.status_code == 422, tags
        assert message in text_of(refused, "error-summary"), tags
        assert session.scalar(select(func.count()).select_from(Device).where(Device.claim_id.is_not(None))) == before


def test_automatic_allocation_takes_what_the_claim_wants_or_the_numbers_given(client, login, world, session):
    claim = world.claim(3, 1)
    devices = [world.device() for _ in range(3)] + [world.device(kind=DeviceKind.TABLET)]
    login(client, world.coordinator)
    part = client.post(claim_url(claim, "/automatisch-toewijzen"), data={"laptops": "1", "tablets": "0"})
    assert "1 apparaat is toegewezen." in page_text(follow(client, part))
    rest = client.post(claim_url(claim, "/automatisch-toewijzen"), data={})
    assert "3 apparaten zijn toegewezen." in page_text(follow(client, rest))
    for device in devices:
        session.refresh(device)
        assert device.claim_id == claim.id
    nothing = client.post(claim_url(claim, "/automatisch-toewijzen"), data={})
    assert "Er is niets toegewezen" in page_text(follow(client, nothing))


@pytest.mark.parametrize(("approved", "data", "message"), [
    (True, {"laptops": "-1"}, "Vul een aantal van 0 tot 10.000 in."),
    (False, {}, "Deze aanvraag is niet goedgekeurd."),
])
def test_a_refused_automatic_allocation_is_shown_and_writes_nothing(client, login, world, session, approved, data,
                                                                    message):
    claim = world.claim(2, 0, approved=approved)
    device = world.device()
    login(client, world.coordinator)
    refused = client.post(claim_url(claim, "/automatisch-toewijzen"), data=data)
    assert refused.status_code == 422 and message in text_of(refused, "error-summary")
    session.refresh(device)
    assert (device.status, device.claim_id) == (DeviceStatus.READY, None)


def test_a_coordinator_releases_an_allocated_device_once(client, login, world, session):
    claim = world.claim(1, 0)
    device = world.device()
    login(client, world.coordinator)
    client.post(claim_url(claim, "/toewijzen"), data={"tags": device.asset_tag})
    page = client.get(claim_url(claim))
    assert f"Vrijgeven: {format_tag(device.asset_tag)}" in text_of(page, "device-list")
    done = client.post(claim_url(claim, f"/apparaten/{device.asset_tag}/vrijgeven"))
    assert "weer klaar voor uitgifte" in page_text(follow(client, done))
    session.refresh(device)
    assert (device.status, device.claim_id) == (DeviceStatus.READY, None)
    again = client.post(claim_url(claim, f"/apparaten/{device.asset_tag}/vrijgeven"))
    assert "niet (meer) toegewezen" in page_text(follow(client, again))
    session.refresh(device)
    assert device.status == DeviceStatus.READY
