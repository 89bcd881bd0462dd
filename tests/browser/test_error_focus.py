"""After a failed submit the page opens with the focus on the error summary, without any script of ours."""
from playwright.sync_api import Page, expect

from .conftest import DEMO_LOGINS
from .test_keyboard import FOCUS_VISIBLE


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()


def test_an_empty_sign_up_opens_on_the_error_summary(page: Page):
    page.goto("/aanmelden")
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()
    assert page.evaluate(FOCUS_VISIBLE), "the focused summary shows no focus ring"


def test_a_failed_sign_in_opens_on_the_error_summary(page: Page):
    page.goto("/login")
    page.locator("input[name=email]").fill(DEMO_LOGINS["donor"])
    page.locator("input[name=password]").fill("niet het goede wachtwoord")
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()


def test_from_the_summary_tab_leads_to_the_first_error_and_its_link_to_the_field(page: Page):
    page.goto("/aanmelden")
    page.locator("input[name=organisation]").fill("Focus BV")
    page.locator("input[name=email]").fill("focus@")
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    link = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert link == "#name"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#name"
    expect(page.locator("#name")).to_be_in_viewport()


def test_a_page_without_errors_leaves_the_focus_alone(page: Page):
    page.goto("/aanmelden")
    assert page.evaluate("() => document.activeElement === document.body")
