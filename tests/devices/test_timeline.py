"""A device's history: every step with its date and organisation, and for a donor nothing about the people."""
from allemaaldigitaal.core.enums import DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.timeline import device_timeline

from ..donations.impact_world import ImpactWorld

PATH = [S.PLEDGED, S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED, S.HANDED_OUT]


def _handed_out(make):
    world = ImpactWorld(make, provinces=("Limburg",))
    donor = make.user(K.DONOR)
    device = world.device(world.donation(donor), S.HANDED_OUT)
    return world, donor, device


def test_a_donor_follows_every_step_but_sees_a_care_organisation_only_as_such(make, session):
    world, donor, device = _handed_out(make)
    timeline = device_timeline(device, donor)
    assert [entry.what for entry in timeline if entry.is_status] == PATH
    assert all(entry.what != EventKind.HANDOVER_PRINTED for entry in timeline)
    handed_out = next(entry for entry in timeline if entry.what == S.HANDED_OUT)
    assert handed_out.organisation == "Zorgorganisatie"
    received = next(entry for entry in timeline if entry.what == S.RECEIVED)
    assert received.organisation == world.workshop.organisation.name
    assert [entry.at for entry in timeline] == sorted(entry.at for entry in timeline)


def test_the_care_organisation_and_the_workshop_see_who_did_it(make, session):
    world, _donor, device = _handed_out(make)
    care = world.care[0]
    for viewer in (care, world.workshop, world.coordinator):
        handed_out = next(entry for entry in device_timeline(device, viewer) if entry.what == S.HANDED_OUT)
        assert handed_out.organisation == care.organisation.name


def test_a_care_organisations_note_is_read_only_by_itself_and_coordinators(make, session):
    world, donor, device = _handed_out(make)
    care = world.care[0]
    apply_transition(device, S.RETURNED, actor=care, note="Mevrouw Jansen is verhuisd")
    notes = {viewer.kind: [entry.note for entry in device_timeline(device, viewer) if entry.note]
             for viewer in (donor, world.workshop, care, world.coordinator)}
    assert notes[K.DONOR] == notes[K.REFURBISHER] == []
    assert notes[K.CARE] == notes[K.COORDINATOR] == ["Mevrouw Jansen is verhuisd"]


def test_a_donor_reads_why_its_device_was_recycled(make, session):
    world = ImpactWorld(make)
    donor = make.user(K.DONOR)
    device = world.device(world.donation(donor), S.RECYCLED)
    recycled = next(entry for entry in device_timeline(device, donor) if entry.what == S.RECYCLED)
    assert recycled.note == "Moederbord defect; onderdelen hergebruikt"
    assert recycled.organisation == world.workshop.organisation.name


def test_the_device_page_shows_the_history_to_the_donor_without_anything_about_the_people(client, make, login):
    world, donor, device = _handed_out(make)
    handout = device.handout
    login(client, donor)
    page = client.get(f"/D/{format_tag(device.asset_tag)}").get_data(as_text=True)
    assert "Geschiedenis" in page and "Uitgereikt" in page and "Gewist" in page
    assert world.workshop.organisation.name in page
    for private in (world.care[0].organisation.name, handout.recipient_reference, world.care[0].name,
                    world.care[0].email, "Uitgifteformulier"):
        assert private not in page


def test_the_device_page_shows_the_care_organisation_its_own_name(client, make, login):
    world, _donor, device = _handed_out(make)
    login(client, world.care[0])
    page = client.get(f"/D/{format_tag(device.asset_tag)}").get_data(as_text=True)
    assert f"door {world.care[0].organisation.name}" in page


def test_another_donor_sees_no_history(client, make, login):
    _world, _donor, device = _handed_out(make)
    login(client, make.user(K.DONOR))
    page = client.get(f"/D/{format_tag(device.asset_tag)}").get_data(as_text=True)
    assert "Geschiedenis" not in page
