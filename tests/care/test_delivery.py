"""Taking delivery on the claim page: the ticked allocated devices become delivered and the care organisation's;
all or nothing, every refused device named with its reason."""
import pytest
from sqlalchemy import select

from allemaaldigitaal.care.allocation import allocate_tags
from allemaaldigitaal.care.delivery import MAX_TICKED, DeliveryRefused, receive_devices
from allemaaldigitaal.core.enums import DeviceStatus, EventKind, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.core.tags import format_tag

from .test_pages import claim_url, follow, page_text, text_of


def allocated_claim(world, count: int = 2):
    """An approved claim of the world's care organisation with `count` devices allocated to it."""
    claim = world.claim(count, 0)
    devices = [world.device() for _ in range(count)]
    allocate_tags(claim, world.coordinator, [device.asset_tag for device in devices])
    return claim, devices


def statuses(session, devices) -> list[DeviceStatus]:
    for device in devices:
        session.refresh(device)
    return [device.status for device in devices]


def delivery_events(session, device) -> list[DeviceEvent]:
    return list(session.scalars(select(DeviceEvent).where(
        DeviceEvent.device_id == device.id, DeviceEvent.kind == EventKind.STATUS_CHANGED,
        DeviceEvent.to_status == DeviceStatus.DELIVERED)))


# the service ----------------------------------------------------------------------------------------------------


def test_the_ticked_devices_become_delivered_in_the_care_organisations_custody(world, session):
    claim, devices = allocated_claim(world, 3)
    workshop = devices[0].custodian
    received = receive_devices(world.care, claim, [devices[0].asset_tag, devices[2].asset_tag, devices[0].asset_tag])
    assert sorted(device.id for device in received) == sorted([devices[0].id, devices[2].id])
    assert statuses(session, devices) == [DeviceStatus.DELIVERED, DeviceStatus.ALLOCATED, DeviceStatus.DELIVERED]
    assert [device.custodian for device in devices] == [world.care.organisation, workshop, world.care.organisation]
    (event,) = delivery_events(session, devices[0])
    assert (event.actor_id, event.organisation_id, event.from_status) == (
        world.care.id, world.care.organisation_id, DeviceStatus.ALLOCATED)
    assert event.deltas == {"custodian_id": [workshop.id, world.care.organisation_id]}


def test_one_refused_device_refuses_all_and_names_each_with_its_reason(world, session):
    claim, devices = allocated_claim(world, 2)
    receive_devices(world.care, claim, [devices[1].asset_tag])
    session.flush()
    other_claim, (elsewhere,) = allocated_claim(world, 1)
    with pytest.raises(DeliveryRefused) as refused:
        receive_devices(world.care, claim, [devices[0].asset_tag, devices[1].asset_tag, elsewhere.asset_tag])
    reasons = {refusal.tag: refusal.code for refusal in refused.value.refusals}
    assert reasons == {format_tag(devices[1].asset_tag): "not_allowed", format_tag(elsewhere.asset_tag): "not_on_claim"}
    assert statuses(session, devices) == [DeviceStatus.ALLOCATED, DeviceStatus.DELIVERED]
    assert delivery_events(session, devices[0]) == []


def test_another_care_organisation_cannot_take_delivery_of_the_devices(world, session, make):
    claim, devices = allocated_claim(world, 1)
    stranger = make.user(K.CARE)
    with pytest.raises(DeliveryRefused) as refused:
        receive_devices(stranger, claim, [devices[0].asset_tag])
    assert [refusal.code for refusal in refused.value.refusals] == ["not_your_device"]
    assert statuses(session, devices) == [DeviceStatus.ALLOCATED]


def test_nothing_ticked_or_too_many_is_refused(world, session):
    claim, devices = allocated_claim(world, 1)
    for tags in ([], [devices[0].asset_tag] * (MAX_TICKED + 1)):
        with pytest.raises(DomainError) as refused:
            receive_devices(world.care, claim, tags)
        assert refused.value.field == "tags" and not isinstance(refused.value, DeliveryRefused)
    assert statuses(session, devices) == [DeviceStatus.ALLOCATED]


# the claim page -------------------------------------------------------------------------------------------------


def test_the_care_organisation_ticks_devices_on_the_claim_page_and_receives_them(client, login, world, session):
    claim, devices = allocated_claim(world, 2)
    login(client, world.care)
    page = client.get(claim_url(claim))
    html = page.get_data(as_text=True)
    assert html.count('type="checkbox" name="tags"') == 2 and 'id="receive-button"' in html
    done = client.post(claim_url(claim, "/ontvangen"), data={"tags": [devices[0].asset_tag]})
    after = follow(client, done)
    assert f"Ontvangen: {format_tag(devices[0].asset_tag)}" in page_text(after)
    assert statuses(session, devices) == [DeviceStatus.DELIVERED, DeviceStatus.ALLOCATED]
    assert devices[0].custodian == world.care.organisation
    assert f'href="/D/{devices[0].asset_tag}/uitreiken"' in after.get_data(as_text=True)
    assert after.get_data(as_text=True).count('type="checkbox" name="tags"') == 1


def test_a_refused_delivery_lists_the_reasons_keeps_the_ticks_and_writes_nothing(client, login, world, session):
    claim, devices = allocated_claim(world, 2)
    receive_devices(world.care, claim, [devices[1].asset_tag])
    session.flush()
    login(client, world.care)
    refused = client.post(claim_url(claim, "/ontvangen"),
                          data={"tags": [devices[0].asset_tag, devices[1].asset_tag, "AD-ZZZ-ZZZ-ZZ3", "nonsense"]})
    assert refused.status_code == 409
    reasons = text_of(refused, "receive-refused")
    assert "niets opgeslagen" in reasons
    assert f"{format_tag(devices[1].asset_tag)}: Een apparaat met status 'Afgeleverd'" in reasons
    assert "AD-ZZZ-ZZZ-ZZ3: Dit apparaat hoort niet bij deze aanvraag." in reasons
    assert "nonsense: " in reasons
    assert format_tag(devices[0].asset_tag) + ":" not in reasons
    assert f'value="{devices[0].asset_tag}" id="receive-{devices[0].asset_tag}" checked' in refused.get_data(
        as_text=True)
    assert statuses(session, devices) == [DeviceStatus.ALLOCATED, DeviceStatus.DELIVERED]


def test_nothing_ticked_says_so(client, login, world, session):
    claim, devices = allocated_claim(world, 1)
    login(client, world.care)
    answer = follow(client, client.post(claim_url(claim, "/ontvangen"), data={}))
    assert "Vink de apparaten aan die jullie hebben ontvangen." in page_text(answer)
    assert statuses(session, devices) == [DeviceStatus.ALLOCATED]


def test_another_care_organisations_claim_is_a_404_and_a_coordinator_does_not_take_delivery(
    client, login, world, session, make
):
    claim, devices = allocated_claim(world, 1)
    login(client, make.user(K.CARE))
    assert client.post(claim_url(claim, "/ontvangen"), data={"tags": [devices[0].asset_tag]}).status_code == 404
    coordinator_client = client.application.test_client()
    login(coordinator_client, world.coordinator)
    assert coordinator_client.post(claim_url(claim, "/ontvangen"),
                                   data={"tags": [devices[0].asset_tag]}).status_code == 403
    assert "receive-form" not in coordinator_client.get(claim_url(claim)).get_data(as_text=True)
    assert statuses(session, devices) == [DeviceStatus.ALLOCATED]
