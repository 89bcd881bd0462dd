"""Public pages: the home page with live figures, the accessibility and privacy statements.

The browser checks (360 px without horizontal scrolling, the print style hiding the
navigation) live with the browser tests in tests/browser/.
"""
import re

import pytest

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind

FIGURES = ("handed-out", "in-preparation", "donors")


def figures(client) -> dict[str, int]:
    page = client.get("/").get_data(as_text=True)
    found = {}
    for name in FIGURES:
        text = re.search(rf'id="figure-{name}">([^<]*)<', page).group(1)
        found[name] = int(text.replace(".", "").replace(",", ""))
    return found


def test_home_figures_count_what_is_in_the_database(client, make):
    before = figures(client)
    for status in (S.HANDED_OUT, S.HANDED_OUT, S.RECEIVED, S.WIPED, S.READY, S.ALLOCATED, S.DELIVERED):
        make.device(status)
    for status in (S.PLEDGED, S.RETURNED, S.RECYCLED, S.CANCELLED):
        make.device(status)
    make.organisation(OrganisationKind.DONOR)
    make.organisation(OrganisationKind.DONOR, active=False)
    make.organisation(OrganisationKind.CARE)
    after = figures(client)
    # make.device brings one donor organisation of its own (make.one), plus the active one above
    assert after["handed-out"] - before["handed-out"] == 2
    assert after["in-preparation"] - before["in-preparation"] == 5
    assert after["donors"] - before["donors"] == 2


def test_home_explains_the_campaign_and_asks_for_devices(client):
    page = client.get("/").get_data(as_text=True)
    assert "Vrijwilligers wissen alle gegevens" in page
    call = re.search(r'<a class="utrecht-button-link[^"]*"\s+href="([^"]+)">Apparaten doneren</a>', page)
    assert call and call.group(1) == "/aanmelden"
    assert page.count('href="tel:08001508"') >= 2  # on the page and in the footer


def test_accessibility_statement_says_what_we_aim_for_and_how_we_test(client):
    response = client.get("/toegankelijkheid")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for words in ("WCAG 2.1, niveau AA", "axe-core", "toetsenbord", "Swagger UI", "Werkt iets niet goed?"):
        assert words in page


def test_privacy_statement_says_what_is_kept_why_and_how_long(client):
    response = client.get("/privacy")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for words in (
        "Zolang je account bestaat", "geen naam en geen adres", "12 maanden", "IP-adres",
        "geen cookies om je te volgen", "Autoriteit Persoonsgegevens",
    ):
        assert words in page


def test_statements_name_a_contact_address_when_one_is_configured(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "CONTACT_EMAIL", "hulp@example.org")
    for path in ("/toegankelijkheid", "/privacy"):
        assert 'href="mailto:hulp@example.org"' in client.get(path).get_data(as_text=True)


@pytest.mark.parametrize("kind", [None, *OrganisationKind])
@pytest.mark.parametrize("path", ["/", "/toegankelijkheid", "/privacy"])
def test_public_pages_open_for_everyone(client, make, login, kind, path):
    if kind is not None:
        login(client, make.user(kind))
    assert client.get(path).status_code == 200


def test_language_switch_comes_back_to_the_same_page(client):
    page = client.get("/privacy?x=1").get_data(as_text=True)
    assert '<input type="hidden" name="next" value="/privacy?x=1">' in page
