"""The style page for coordinators, the status badge, and the footer's two kinds of help."""
import re

import pytest
from flask import render_template_string

from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind

BADGE = re.compile(r'<span class="utrecht-status-badge utrecht-status-badge--(\w+)" data-status="(\w+)">([^<]+)</span>')


def test_the_style_page_shows_every_component_and_every_device_status(client, make, login):
    login(client, make.user(OrganisationKind.COORDINATOR))
    page = client.get("/stijl").get_data(as_text=True)
    badges = BADGE.findall(page[page.index('class="app-badge-list"'):])
    assert [status for _tone, status, _label in badges] == DeviceStatus.values()
    assert [(tone, label) for tone, _status, label in badges] == [(status.tone, str(status.label)) for status in DeviceStatus]
    for component in ("utrecht-button--primary-action", "utrecht-button--secondary-action", "utrecht-button--subtle",
                      "utrecht-button--danger", 'aria-invalid="true"', "utrecht-select", "utrecht-checkbox",
                      "utrecht-radio-button", "utrecht-table", "utrecht-data-list", "utrecht-alert--info",
                      "utrecht-alert--ok", "utrecht-alert--warning", "utrecht-alert--error", 'aria-current="page"',
                      "utrecht-heading-3", "utrecht-link"):
        assert component in page, component
    assert "Vul de naam van de organisatie in." in page


@pytest.mark.parametrize("kind", list(OrganisationKind))
def test_only_coordinators_find_the_style_page_in_the_footer(client, make, login, kind):
    login(client, make.user(kind))
    footer = client.get("/privacy").get_data(as_text=True).split("<footer", 1)[1]
    assert ('href="/stijl"' in footer) == (kind == OrganisationKind.COORDINATOR)


def test_a_visitor_does_not_see_the_style_page_link(client):
    assert 'href="/stijl"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("status", list(DeviceStatus))
def test_status_badge_names_the_status_in_its_tone(app, status):
    with app.test_request_context("/"):
        html = render_template_string('{% from "macros/badges.html" import status_badge %}{{ status_badge(s) }}', s=status)
    assert BADGE.fullmatch(html).groups() == (status.tone, status.value, str(status.label))


def test_status_badge_falls_back_to_neutral_for_an_unknown_tone(app):
    class Odd:
        tone, value, label = "purple", "odd", "Vreemd"

    with app.test_request_context("/"):
        html = render_template_string('{% from "macros/badges.html" import status_badge %}{{ status_badge(s) }}', s=Odd())
    assert "utrecht-status-badge--neutral" in html and "purple" not in html


def footer_of(client) -> str:
    return client.get("/").get_data(as_text=True).split("<footer", 1)[1]


def test_footer_separates_help_with_the_site_from_help_with_your_computer(client, monkeypatch, app):
    monkeypatch.setitem(app.config, "CONTACT_EMAIL", "hulp@allemaaldigitaal.example")
    monkeypatch.setitem(app.config, "CONTACT_PHONE", "070 123 45 67")
    footer = footer_of(client)
    site, computer = footer.split('id="footer-help-computer"')
    assert 'href="mailto:hulp@allemaaldigitaal.example"' in site and 'href="tel:0701234567">070 123 45 67<' in site
    assert "0800-1508" not in site
    assert 'href="tel:08001508"' in computer and "hulp@allemaaldigitaal.example" not in computer
    assert 'href="/toegankelijkheid"' in computer and 'href="/privacy"' in computer


def test_footer_without_campaign_contact_still_says_where_to_go(client, monkeypatch, app):
    monkeypatch.setitem(app.config, "CONTACT_EMAIL", None)
    monkeypatch.setitem(app.config, "CONTACT_PHONE", None)
    footer = footer_of(client)
    assert "mailto:" not in footer
    assert "Neem contact op met de coördinator van de campagne." in footer
    assert 'href="tel:08001508"' in footer
