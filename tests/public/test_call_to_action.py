"""The home page's call to action fits who is looking: never the sign-up form for someone signed in."""
import pytest

from allemaaldigitaal.core.enums import OrganisationKind as K

from ..start.journeys import url
from ..web.test_layout import parse


def call_to_action(client) -> dict[str, str]:
    """The links of the home page's donation section (from its heading to the next), label → address."""
    page = parse(client.get("/").get_data(as_text=True))
    main = page.find("main")
    links, inside = {}, False
    for element in main.walk():
        if element.tag == "h2":
            inside = element.text() == "Heb je laptops of tablets over?"
        elif inside and element.tag == "a":
            links[element.text()] = element.attrs["href"]
    return links


def test_a_visitor_is_asked_to_sign_up_as_a_donor_or_to_sign_in(client):
    assert call_to_action(client) == {"Apparaten doneren": "/aanmelden", "Log in": "/login"}


@pytest.mark.parametrize("kind", [K.REFURBISHER, K.CARE, K.COORDINATOR])
def test_a_signed_in_user_goes_to_the_start_page_and_never_to_sign_up(client, make, login, kind):
    login(client, make.user(kind))
    assert call_to_action(client) == {"Naar je startpagina": "/start"}


def test_a_signed_in_donor_goes_to_a_new_donation(client, make, login):
    login(client, make.user(K.DONOR))
    assert call_to_action(client) == {"Nieuwe donatie": "/donaties/nieuw"}


def test_a_signed_in_donor_goes_to_a_new_donation_once_that_page_exists(journey_app, make, login):
    client = journey_app.test_client()
    login(client, make.user(K.DONOR))
    assert call_to_action(client) == {"Nieuwe donatie": url(journey_app, "donations.new")}


@pytest.mark.parametrize("kind", [K.REFURBISHER, K.CARE, K.COORDINATOR])
def test_other_signed_in_users_keep_going_to_the_start_page_when_new_donation_exists(journey_app, make, login,
                                                                                     kind):
    client = journey_app.test_client()
    login(client, make.user(kind))
    assert call_to_action(client) == {"Naar je startpagina": "/start"}
