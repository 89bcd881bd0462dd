"""The layout at 360 px wide and on paper."""
import pytest
from playwright.sync_api import Page

from .conftest import sign_in_as

PHONE = {"width": 360, "height": 740}
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def phone(browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl-NL")
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.mark.parametrize("path", ["/", "/login", "/aanmelden", "/toegankelijkheid"])
def test_public_pages_fit_a_phone_screen_without_scrolling_sideways(phone: Page, path):
    phone.goto(path)
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]


@pytest.mark.parametrize("path", ["/", "/organisatie", "/organisatie/uitnodigen", "/profiel"])
def test_signed_in_pages_fit_a_phone_screen_without_scrolling_sideways(phone: Page, live_server, path):
    sign_in_as(phone, live_server, "coordinator")
    response = phone.goto(path)
    assert response.status == 200
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]


def test_printing_leaves_out_the_navigation(page: Page, live_server):
    sign_in_as(page, live_server, "coordinator")
    page.goto("/organisatie")
    navigation = page.locator("nav")
    assert navigation.count() > 0 and navigation.first.is_visible()
    page.emulate_media(media="print")
    assert all(navigation.nth(index).is_hidden() for index in range(navigation.count()))
    assert page.locator("main h1").is_visible()
