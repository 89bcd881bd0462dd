"""In Chromium: the invitation link shown once with a copy button (script from static/, announced politely,
plain text without JavaScript), and cancelling an invitation through its confirmation page."""
import uuid

import pytest
from playwright.sync_api import Page, expect

from allemaaldigitaal.accounts.services import find_user_by_email
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.extensions import db
from allemaaldigitaal.organisations.invitations import invite_new_organisation

from .conftest import DEMO_LOGINS, open_page, sign_in_as
from .test_accessibility import assert_no_violations, submit

LINK = "#invitation-link"
COPY = "[data-copy-for] [data-copy-button]"
STATUS = "[data-copy-for] [role=status]"


def send_invitation(page: Page) -> None:
    """The coordinator invites someone to start a new care organisation, through the form."""
    page.goto("/organisatie/uitnodigen")
    page.locator("input[name=email]").fill(f"kopie-{uuid.uuid4().hex[:6]}@example.org")
    page.locator("select[name=organisation_id]").select_option("new")
    page.locator("input[name=kind][value=care]").check()
    page.locator("input[name=organisation_name]").fill(f"Zorg {uuid.uuid4().hex[:6]}")
    submit(page)
    assert page.url.endswith("/organisatie/uitnodigen/verstuurd")


@pytest.fixture
def no_script_page(browser, live_server):
    opened = open_page(browser, live_server, java_script_enabled=False)
    yield opened
    opened.context.close()


def test_the_copy_button_copies_the_link_and_says_so_politely(page: Page, live_server):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in_as(page, live_server, "coordinator")
    send_invitation(page)
    link = page.locator(LINK).input_value()
    assert link.startswith(live_server.app.config["BASE_URL"] + "/uitnodiging/")
    expect(page.locator(COPY)).to_be_visible()
    page.locator(COPY).click()
    expect(page.locator(STATUS)).to_have_text("Gekopieerd")
    assert page.locator(STATUS).get_attribute("role") == "status"
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    assert problems == [], problems
    assert_no_violations(page)
    page.reload()
    assert page.locator(LINK).count() == 0, "the link is shown once"


def test_without_javascript_the_link_is_plain_text_and_no_dead_button_shows(no_script_page: Page, live_server):
    sign_in_as(no_script_page, live_server, "coordinator")
    send_invitation(no_script_page)
    expect(no_script_page.locator(LINK)).to_be_visible()
    assert no_script_page.locator(LINK).input_value().startswith(live_server.app.config["BASE_URL"] + "/uitnodiging/")
    expect(no_script_page.locator(COPY)).to_be_hidden()


def _open_invitation(live_server) -> tuple[str, str]:
    """An open invitation made by the demo coordinator; returns its e-mail address and token."""
    email = f"intrekken-{uuid.uuid4().hex[:6]}@example.org"
    with live_server.app.app_context():
        coordinator = find_user_by_email(DEMO_LOGINS["coordinator"])
        made = invite_new_organisation(coordinator, email, OrganisationKind.REFURBISHER, f"Werkplaats {email[10:16]}")
        db.session.commit()
        token = made.token
        db.session.remove()
    return email, token


def test_cancelling_an_invitation_asks_first_and_then_closes_the_link(page: Page, browser, live_server):
    email, token = _open_invitation(live_server)
    sign_in_as(page, live_server, "coordinator")
    page.goto("/organisatie")
    with page.expect_navigation():
        page.locator("a", has_text=f"uitnodiging voor {email}").click()
    expect(page.locator("h1")).to_have_text("Uitnodiging intrekken?")
    assert_no_violations(page)
    submit(page)
    assert page.url.endswith("/organisatie")
    expect(page.locator("[role=status]").first).to_contain_text(f"De uitnodiging voor {email} is ingetrokken.")
    visitor = open_page(browser, live_server)
    try:
        assert visitor.goto(f"/uitnodiging/{token}").status == 404
        expect(visitor.locator("main")).to_contain_text("verlopen, al gebruikt of ingetrokken")
    finally:
        visitor.context.close()
