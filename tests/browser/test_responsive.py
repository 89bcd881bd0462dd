"""The layout at 360 px wide and on paper."""
import pytest
from playwright.sync_api import Page

from .conftest import PHONE, sign_in_as

PAGE_WIDTH = "() => document.documentElement.scrollWidth"
#: what sticks out past the right edge of the screen, to say what to fix
TOO_WIDE = """(width) => {
  const wide = element => element.getBoundingClientRect().right > width + 1;
  return [...document.querySelectorAll("main *")].filter(element => wide(element) && ![...element.children].some(wide))
    .slice(0, 5).map(element => element.outerHTML.slice(0, 200));
}"""


def assert_fits(phone: Page) -> None:
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"], phone.evaluate(TOO_WIDE, PHONE["width"])


@pytest.mark.parametrize("path", ["/", "/login", "/aanmelden", "/toegankelijkheid"])
def test_public_pages_fit_a_phone_screen_without_scrolling_sideways(phone: Page, path):
    phone.goto(path)
    assert_fits(phone)


@pytest.mark.parametrize("path", ["/", "/organisatie", "/organisatie/uitnodigen", "/profiel"])
def test_signed_in_pages_fit_a_phone_screen_without_scrolling_sideways(phone: Page, live_server, path):
    sign_in_as(phone, live_server, "coordinator")
    response = phone.goto(path)
    assert response.status == 200
    assert_fits(phone)


def test_printing_leaves_out_the_navigation(page: Page, live_server):
    sign_in_as(page, live_server, "coordinator")
    page.goto("/organisatie")
    navigation = page.locator("nav")
    assert navigation.count() > 0 and navigation.first.is_visible()
    page.emulate_media(media="print")
    assert all(navigation.nth(index).is_hidden() for index in range(navigation.count()))
    assert page.locator("main h1").is_visible()
