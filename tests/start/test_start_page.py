"""The start page: a greeting, the organisation's next steps, and the first step when nothing waits yet."""
from datetime import UTC, datetime

import pytest

from allemaaldigitaal.accounts.confirmation import confirmation_token
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.start import actions
from allemaaldigitaal.start.views import greeting

from ..factories import PASSWORD
from ..web.test_layout import nav_labels, parse

GREETINGS = ("Goedemorgen", "Goedemiddag", "Goedenavond")
#: what each kind finds among its actions today, before any journey has landed
ACTIONS_TODAY = {
    K.DONOR: [
        "Nieuwe donatie", "Mijn donaties", "Wat je donaties opleveren", "Collega uitnodigen", "Mijn organisatie",
        "Mijn profiel", "API-sleutels",
    ],
    K.REFURBISHER: [
        "Apparaten ontvangen", "Werklijst van de werkplaats", "Collega uitnodigen", "Mijn organisatie", "Mijn profiel",
        "API-sleutels",
    ],
    K.CARE: [
        "Apparaten aanvragen", "Mijn aanvragen", "Uitreikingen en bruiklenen", "Collega uitnodigen", "Mijn organisatie",
        "Mijn profiel", "API-sleutels",
    ],
    K.COORDINATOR: [
        "Dashboard", "Organisatie of persoon uitnodigen", "Ontvangst in de werkplaatsen", "Mijn organisatie", "Mijn profiel",
        "API-sleutels",
    ],
}
#: the role's own actions once the journeys' pages exist, the main one first
ACTIONS_LATER = {
    K.DONOR: ["Nieuwe donatie", "Mijn donaties", "Wat je donaties opleveren"],
    K.REFURBISHER: ["Apparaten ontvangen", "Werklijst van de werkplaats"],
    K.CARE: ["Apparaten aanvragen", "Mijn aanvragen", "Uitreikingen en bruiklenen"],
    K.COORDINATOR: ["Dashboard", "Organisatie of persoon uitnodigen", "Ontvangst in de werkplaatsen"],
}
FIRST_STEP = {
    K.DONOR: "Je hebt nog geen donatie.",
    K.REFURBISHER: "Er wacht nu niets op jullie werkplaats.",
    K.CARE: "Je hebt nog geen apparaten aangevraagd.",
    K.COORDINATOR: "Er zijn nog geen apparaten in de campagne.",
}


def start_page(client):
    response = client.get("/start")
    assert response.status_code == 200
    return parse(response.get_data(as_text=True))


def action_labels(page) -> list[str]:
    return [link.text() for link in page.find(id="actions").find_all("a")]


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_and_back(client):
    response = client.get("/start")
    assert response.status_code == 302 and response.location == "/login?next=%2Fstart"


@pytest.mark.parametrize("kind", list(K))
def test_each_role_is_greeted_by_name_with_its_organisation(client, make, login, kind):
    user = make.user(kind, name="Jan de Vries")
    login(client, user)
    page = start_page(client)
    heading = page.find("main").find("h1").text()
    assert heading.split(",")[0] in GREETINGS and heading.endswith(", Jan de Vries")
    assert page.find(id="start-organisation").text() == f"{user.organisation.name} · {kind.label}"


@pytest.mark.parametrize(("utc", "expected"), [
    (datetime(2026, 1, 15, 5, 30, tzinfo=UTC), "Goedemorgen, Jan"),  # 06:30 in Amsterdam, winter
    (datetime(2026, 1, 15, 10, 59, tzinfo=UTC), "Goedemorgen, Jan"),  # 11:59
    (datetime(2026, 7, 15, 10, 30, tzinfo=UTC), "Goedemiddag, Jan"),  # 12:30, summer time
    (datetime(2026, 1, 15, 16, 59, tzinfo=UTC), "Goedemiddag, Jan"),  # 17:59
    (datetime(2026, 1, 15, 17, 0, tzinfo=UTC), "Goedenavond, Jan"),  # 18:00
    (datetime(2026, 1, 15, 3, 0, tzinfo=UTC), "Goedenavond, Jan"),  # 04:00 at night
])
def test_the_greeting_follows_the_hour_in_amsterdam(app, utc, expected):
    with app.test_request_context("/start"):
        assert greeting("Jan", utc) == expected


@pytest.mark.parametrize("kind", list(K))
def test_actions_today_are_the_pages_that_exist(client, make, login, kind):
    login(client, make.user(kind))
    labels = action_labels(start_page(client))
    assert labels == ACTIONS_TODAY[kind]
    assert not set(ACTIONS_LATER[kind]) - set(ACTIONS_TODAY[kind]) & set(labels)


@pytest.mark.parametrize("kind", list(K))
def test_the_journeys_light_up_their_actions_by_adding_their_endpoints(journey_app, make, login, kind):
    client = journey_app.test_client()
    login(client, make.user(kind))
    page = start_page(client)
    labels = action_labels(page)
    assert labels[:len(ACTIONS_LATER[kind])] == ACTIONS_LATER[kind]
    primary = [link.text() for link in page.find(id="actions").find_all("a")
               if "utrecht-button-link--primary-action" in link.classes]
    assert primary == ACTIONS_LATER[kind][:1]
    assert labels.count(labels[0]) == 1 and len(labels) == len(set(labels))


@pytest.mark.parametrize("kind", list(K))
def test_with_nothing_waiting_the_page_explains_the_first_step(client, make, login, kind):
    login(client, make.user(kind))
    page = start_page(client)
    first_step = page.find(id="first-step").text()
    assert FIRST_STEP[kind] in first_step


@pytest.mark.parametrize("kind", [K.CARE])
def test_while_the_first_step_has_no_page_the_empty_state_says_whom_to_contact(app, client, make, login, kind,
                                                                                monkeypatch):
    monkeypatch.setitem(actions.FIRST_STEP, kind, "nowhere.page")  # every first step has a page now
    login(client, make.user(kind))
    assert "campagneteam" in start_page(client).find(id="first-step").text()
    monkeypatch.setitem(app.config, "CONTACT_EMAIL", "team@allemaaldigitaal.example")
    links = start_page(client).find(id="first-step").find_all("a")
    assert "mailto:team@allemaaldigitaal.example" in [link.attrs["href"] for link in links]
    assert not [link for link in links if "utrecht-button-link" in link.classes]


@pytest.mark.parametrize("kind", list(K))
def test_once_the_first_step_has_a_page_the_empty_state_links_to_it(journey_app, make, login, kind):
    client = journey_app.test_client()
    login(client, make.user(kind))
    links = start_page(client).find(id="first-step").find_all("a")
    with journey_app.test_request_context():
        assert [link.attrs["href"] for link in links] == [actions.link(actions.FIRST_STEP[kind])]


def test_a_link_to_a_missing_page_or_with_the_wrong_arguments_is_left_out(journey_app):
    with journey_app.test_request_context():
        assert actions.link("nowhere.page") is None
        assert actions.link(actions.DEVICE) is None
        assert actions.link(actions.DEVICE, tag="AD12345678") is not None


def test_signing_in_lands_on_the_start_page(client, make):
    user = make.user(K.CARE, password=PASSWORD)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/start"


def test_signing_in_with_a_safe_next_page_goes_there_instead(client, make):
    user = make.user(K.CARE, password=PASSWORD)
    response = client.post("/login?next=/profiel", data={"email": user.email, "password": PASSWORD})
    assert response.location == "/profiel"


def test_confirming_a_sign_up_lands_on_the_start_page(client, session, make):
    user = make.user(K.DONOR, password=PASSWORD)
    user.email_confirmed_at = None
    session.flush()
    response = client.post(f"/aanmelden/bevestigen/{confirmation_token(user)}", data={"password": PASSWORD})
    assert response.status_code == 302 and response.location == "/start"
    assert "Je e-mailadres is bevestigd." in client.get("/start").get_data(as_text=True)


def test_the_start_page_comes_first_in_the_menu_for_signed_in_users_only(client, make, login):
    assert "Start" not in nav_labels(parse(client.get("/").get_data(as_text=True)))
    login(client, make.user(K.DONOR))
    page = start_page(client)
    assert nav_labels(page)[0] == "Start"
    current = [link.text() for link in page.find("nav").find_all("a") if link.attrs.get("aria-current") == "page"]
    assert current == ["Start"]
