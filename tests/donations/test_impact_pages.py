"""The impact pages: a donor's own figures in words, scoped to its donations, and nothing about care organisations."""
from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K

from .impact_world import ImpactWorld


def _donor_with_impact(make):
    world = ImpactWorld(make)
    donor = make.user(K.DONOR)
    donation = world.donation(donor)
    for care in (0, 1, 2):
        world.device(donation, S.HANDED_OUT, care)
    world.device(donation, S.RECYCLED)
    return world, donor, donation


def _private_texts(world, donation):
    handouts = [device.handout for device in donation.devices if device.handout is not None]
    return [
        *(user.organisation.name for user in world.care), *(user.name for user in world.care),
        *(handout.recipient_reference for handout in handouts), "Gelderland", "Limburg",
    ]


def test_a_donor_sees_its_impact_in_words_and_numbers(client, make, login):
    world, donor, donation = _donor_with_impact(make)
    other = world.donation(make.user(K.DONOR))
    world.device(other, S.HANDED_OUT)
    login(client, donor)
    page = client.get("/impact").get_data(as_text=True)
    assert ("3 van je 4 apparaten worden nu gebruikt door mensen, via 3 zorgorganisaties in 2 provincies; "
            "1 is verantwoord gerecycled.") in page
    assert donation.reference in page and other.reference not in page
    assert "/impact/kaart.png" in page
    for private in _private_texts(world, donation):
        assert private not in page


def test_a_donor_sees_the_impact_of_one_donation(client, make, login):
    world, donor, donation = _donor_with_impact(make)
    world.device(world.donation(donor), S.HANDED_OUT)
    login(client, donor)
    page = client.get(f"/donaties/{donation.reference}/impact").get_data(as_text=True)
    assert "3 van je 4 apparaten worden nu gebruikt door mensen" in page
    assert f"/impact/kaart.png?donatie={donation.reference}" in page
    for private in _private_texts(world, donation):
        assert private not in page


def test_another_donors_donation_is_not_found(client, make, login):
    _world, _donor, donation = _donor_with_impact(make)
    login(client, make.user(K.DONOR))
    assert client.get(f"/donaties/{donation.reference}/impact").status_code == 404
    assert client.get(f"/impact/kaart.svg?donatie={donation.reference}").status_code == 404


def test_a_coordinator_sees_any_donation_and_the_whole_campaign(client, make, login):
    world, _donor, donation = _donor_with_impact(make)
    login(client, world.coordinator)
    page = client.get(f"/donaties/{donation.reference}/impact").get_data(as_text=True)
    assert "3 van de 4 apparaten worden nu gebruikt door mensen" in page
    campaign = client.get("/impact").get_data(as_text=True)
    assert "Impact van de campagne" in campaign and "apparaten worden nu gebruikt door mensen" in campaign


def test_workshops_and_care_organisations_have_no_impact_pages(client, make, login):
    world, _donor, donation = _donor_with_impact(make)
    for user in (world.workshop, world.care[0]):
        login(client, user)
        assert client.get(f"/donaties/{donation.reference}/impact").status_code == 403
        assert client.get("/impact").status_code == 403
        client.post("/logout")
