"""The password reset pages in Chromium with axe (WCAG 2.1 A and AA): the crawl reaches only the form, as the
other pages need a form post or a mailed link."""
import time

from playwright.sync_api import Page

from ..conftest import add_donor
from ..mailbox import mailed_path
from .test_accessibility import assert_no_violations, submit

PASSWORD = "het oude wachtwoord"


def wait_for_reset_path(app, email: str) -> str:
    """The mail goes out after the response; give the server a moment to close it."""
    deadline = time.monotonic() + 5
    while True:
        try:
            return mailed_path(app, email, "/wachtwoord-vergeten/")
        except (IndexError, ValueError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_every_password_reset_page_has_no_axe_violations(page: Page, live_server):
    email = add_donor(live_server.app, PASSWORD)
    page.goto("/login")
    with page.expect_navigation():
        page.get_by_role("link", name="Wachtwoord vergeten?").click()
    assert page.url.endswith("/wachtwoord-vergeten")
    assert_no_violations(page)
    submit(page)
    assert page.locator("[aria-invalid=true]").count() == 1, "an empty address is marked"
    assert_no_violations(page)

    page.locator("input[name=email]").fill(email)
    assert submit(page) == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in je mail"
    assert_no_violations(page)

    path = wait_for_reset_path(live_server.app, email)
    assert_no_violations(page, path, status=200)
    page.locator("input[name=password]").fill("te kort")
    submit(page)
    assert page.locator("[aria-invalid=true]").count() > 0
    assert_no_violations(page)
    for name in ("password", "password_confirm"):
        page.locator(f"input[name={name}]").fill("een heel nieuw wachtwoord")
    submit(page)
    assert page.url.endswith("/login") and page.locator("[role=status]").count() > 0
    assert_no_violations(page)
    assert_no_violations(page, path, status=404)
