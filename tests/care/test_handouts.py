"""Handing a delivered device to a person: the handout and the step to handed_out together or not at all, only by
the care organisation that holds it; every refusal writes nothing; then the paper form is marked signed."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.care.handouts import ALREADY_SIGNED, hand_out, mark_signed
from allemaaldigitaal.core.enums import DeviceStatus, EventKind, HandoutKind, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import LifecycleError, apply_transition
from allemaaldigitaal.core.models import DeviceEvent, Handout
from allemaaldigitaal.core.tags import format_tag

from .test_pages import follow, page_text, text_of

TOMORROW = date.today() + timedelta(days=1)


def handouts(session) -> int:
    return session.scalar(select(func.count()).select_from(Handout))


def handout_url(device, part: str = "") -> str:
    return f"/D/{format_tag(device.asset_tag)}/uitreiken{part}"


def assert_untouched(session, device, count_before: int, status=DeviceStatus.DELIVERED):
    session.refresh(device)
    assert (device.status, device.handout_id, handouts(session)) == (status, None, count_before)


# the service ----------------------------------------------------------------------------------------------------


def test_a_gift_is_handed_out_with_its_event(world, session):
    device = world.device(DeviceStatus.DELIVERED)
    handout = hand_out(device, world.care, "  K-2026-014 ", HandoutKind.GIFT)
    session.refresh(device)
    assert device.status == DeviceStatus.HANDED_OUT and device.handout_id == handout.id
    assert (handout.recipient_reference, handout.kind, handout.loan_until, handout.signed_at) == (
        "K-2026-014", HandoutKind.GIFT, None, None)
    assert (handout.care_organisation_id, handout.handed_out_by_id) == (world.care.organisation_id, world.care.id)
    event = session.scalars(select(DeviceEvent).where(DeviceEvent.device_id == device.id,
                                                      DeviceEvent.kind == EventKind.STATUS_CHANGED)
                            .order_by(DeviceEvent.id.desc())).first()
    assert (event.from_status, event.to_status, event.actor_id) == (
        DeviceStatus.DELIVERED, DeviceStatus.HANDED_OUT, world.care.id)


def test_a_loan_needs_an_end_date_after_today(world, session):
    device = world.device(DeviceStatus.DELIVERED)
    handout = hand_out(device, world.care, "Jan 14", "loan", TOMORROW)
    assert (handout.kind, handout.loan_until) == (HandoutKind.LOAN, TOMORROW)


@pytest.mark.parametrize(("kind", "until", "message"), [
    (HandoutKind.LOAN, None, "tot wanneer"),
    (HandoutKind.LOAN, date.today(), "na vandaag"),
    (HandoutKind.LOAN, date.today() - timedelta(days=3), "na vandaag"),
    (HandoutKind.GIFT, TOMORROW, "geen einddatum"),
])
def test_wrong_dates_are_refused_on_the_date_field_and_write_nothing(world, session, kind, until, message):
    device = world.device(DeviceStatus.DELIVERED)
    before = handouts(session)
    with pytest.raises(DomainError) as refused:
        hand_out(device, world.care, "K-1", kind, until)
    assert refused.value.field == "loan_until" and message in str(refused.value.message)
    assert_untouched(session, device, before)


@pytest.mark.parametrize(("reference", "message"), [
    ("123456782", "burgerservicenummer"), ("123.456.782", "burgerservicenummer"),
    ("jan@example.nl", "e-mailadres"), ("06-12345678", "telefoonnummer"), ("+31 6 1234 5678", "telefoonnummer"),
    ("", "Vul een kenmerk"), ("x" * 41, "te lang"),
])
def test_a_reference_that_identifies_a_person_is_refused_and_writes_nothing(world, session, reference, message):
    device = world.device(DeviceStatus.DELIVERED)
    before = handouts(session)
    with pytest.raises(DomainError) as refused:
        hand_out(device, world.care, reference, HandoutKind.GIFT)
    assert refused.value.field == "recipient_reference" and message in str(refused.value.message)
    assert_untouched(session, device, before)


@pytest.mark.parametrize("status", [DeviceStatus.READY, DeviceStatus.ALLOCATED, DeviceStatus.HANDED_OUT])
def test_only_a_delivered_device_is_handed_out(world, session, status):
    device = world.device(status)
    before, handout_id = handouts(session), device.handout_id
    with pytest.raises(LifecycleError) as refused:
        hand_out(device, world.care, "K-2", HandoutKind.GIFT)
    assert refused.value.code == "not_delivered"
    session.refresh(device)
    assert (device.status, device.handout_id, handouts(session)) == (status, handout_id, before)


def test_only_the_care_organisation_that_holds_it_hands_it_out(world, session, make):
    device = world.device(DeviceStatus.DELIVERED)
    before = handouts(session)
    for actor in (make.user(K.CARE), world.coordinator, world.workshop()):
        with pytest.raises(LifecycleError) as refused:
            hand_out(device, actor, "K-3", HandoutKind.GIFT)
        assert refused.value.code == "not_in_custody"
    assert_untouched(session, device, before)


def test_the_form_is_marked_signed_once_by_the_care_organisation(world, session, make):
    device = world.device(DeviceStatus.DELIVERED)
    handout = hand_out(device, world.care, "K-4", HandoutKind.GIFT)
    with pytest.raises(DomainError):
        mark_signed(handout, make.user(K.CARE))
    with pytest.raises(DomainError):
        mark_signed(handout, world.coordinator)
    assert handout.signed_at is None
    mark_signed(handout, world.care)
    assert handout.signed_at is not None and handout.signed_marked_by_id == world.care.id
    signed_at = handout.signed_at
    with pytest.raises(DomainError) as again:
        mark_signed(handout, world.care)
    assert again.value.message is ALREADY_SIGNED
    session.refresh(handout)
    assert handout.signed_at == signed_at


def test_a_returned_handout_is_not_marked_signed(world, session):
    device = world.device(DeviceStatus.DELIVERED)
    handout = hand_out(device, world.care, "K-5", HandoutKind.GIFT)
    apply_transition(device, DeviceStatus.RETURNED, actor=world.care)
    with pytest.raises(DomainError) as refused:
        mark_signed(handout, world.care)
    assert "afgesloten" in str(refused.value.message)
    session.refresh(handout)
    assert handout.signed_at is None


# the pages ------------------------------------------------------------------------------------------------------


def test_the_device_page_leads_the_holder_to_the_handout_form(client, login, world, make):
    device = world.device(DeviceStatus.DELIVERED)
    login(client, world.care)
    assert f'href="{handout_url(device)}"' in client.get(f"/D/{device.asset_tag}").get_data(as_text=True)
    other = client.application.test_client()
    login(other, world.coordinator)
    assert handout_url(device) not in other.get(f"/D/{device.asset_tag}").get_data(as_text=True)


def test_a_care_organisation_hands_out_prints_the_form_and_marks_it_signed(client, login, world, session):
    device = world.device(DeviceStatus.DELIVERED)
    login(client, world.care)
    form = client.get(handout_url(device))
    assert form.status_code == 200
    warning = text_of(form, "privacy-warning")
    assert "geen naam, geen BSN, geen e-mailadres en geen telefoonnummer" in warning
    done = client.post(handout_url(device), data={"recipient_reference": "K-2026-014", "kind": "loan",
                                                  "loan_until": TOMORROW.isoformat()})
    after = follow(client, done)
    assert "Het apparaat is uitgereikt" in page_text(after)
    shown = text_of(after, "handed-out")
    assert "K-2026-014" in shown and "Bruikleen" in shown and "Nog niet gemeld" in shown
    html = after.get_data(as_text=True)
    assert f'href="/D/{format_tag(device.asset_tag)}/overdrachtsformulier.pdf"' in html
    assert f'action="{handout_url(device, "/getekend")}"' in html
    session.refresh(device)
    assert device.status == DeviceStatus.HANDED_OUT
    signed = follow(client, client.post(handout_url(device, "/getekend")))
    assert "het overdrachtsformulier is getekend" in page_text(signed)
    assert "/getekend" not in signed.get_data(as_text=True)
    assert device.handout.signed_at is not None
    again = follow(client, client.post(handout_url(device, "/getekend")))
    assert "al als getekend gemeld" in page_text(again)


@pytest.mark.parametrize(("data", "message"), [
    ({"recipient_reference": "111 222 333", "kind": "gift"}, "burgerservicenummer"),
    ({"recipient_reference": "Jan 14", "kind": "loan"}, "tot wanneer"),
    ({"recipient_reference": "Jan 14", "kind": "gift", "loan_until": TOMORROW.isoformat()}, "geen einddatum"),
    ({"recipient_reference": "", "kind": "gift"}, "Vul een kenmerk"),
    ({"recipient_reference": "K-1"}, "Kies schenking of bruikleen"),
])
def test_a_refused_handout_shows_why_and_writes_nothing(client, login, world, session, data, message):
    device = world.device(DeviceStatus.DELIVERED)
    before = handouts(session)
    login(client, world.care)
    refused = client.post(handout_url(device), data=data)
    assert refused.status_code == 422
    assert message in text_of(refused, "error-summary")
    assert_untouched(session, device, before)


def test_a_device_that_is_not_delivered_is_not_handed_out_on_the_page(client, login, world, session):
    device = world.device(DeviceStatus.ALLOCATED)
    login(client, world.care)
    page = client.get(handout_url(device))
    assert page.status_code == 200 and "kan nu niet worden uitgereikt" in text_of(page, "not-now")
    refused = client.post(handout_url(device), data={"recipient_reference": "K-1", "kind": "gift"})
    assert refused.status_code == 409
    assert "Alleen een afgeleverd apparaat" in text_of(refused, "error-summary")
    assert_untouched(session, device, handouts(session), DeviceStatus.ALLOCATED)


def test_another_organisations_device_is_a_404_and_a_coordinator_does_not_hand_out(
    client, login, world, session, make
):
    device = world.device(DeviceStatus.DELIVERED)
    before = handouts(session)
    login(client, make.user(K.CARE))
    assert client.get(handout_url(device)).status_code == 404
    assert client.post(handout_url(device), data={"recipient_reference": "K-1", "kind": "gift"}).status_code == 404
    assert client.post(handout_url(device, "/getekend")).status_code == 404
    assert client.get("/D/AD-ZZZ-ZZZ-ZZ4/uitreiken").status_code == 404
    coordinator = client.application.test_client()
    login(coordinator, world.coordinator)
    assert coordinator.post(handout_url(device), data={"recipient_reference": "K-1", "kind": "gift"}).status_code == 403
    assert_untouched(session, device, before)
