"""Sign-in and sign-up with the keyboard alone, with a visible focus on everything tabbed to."""
import uuid

from playwright.sync_api import Page, expect
from sqlalchemy import select

from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.core.models import User
from allemaaldigitaal.extensions import db

from ..mailbox import mailed_path
from .conftest import DEMO_LOGINS, SIGN_OUT

MAX_TABS = 40
FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), name: el.getAttribute("name"), type: el.getAttribute("type"),
          href: el.getAttribute("href"), text: el.textContent.trim(), inForm: !!el.closest("main form")};
}"""
#: a focus indicator: an outline that is drawn, or a box shadow
FOCUS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || (style.boxShadow !== "" && style.boxShadow !== "none");
}"""
SKIP_LINK_TARGET = """() => {
  const link = document.activeElement;
  const target = document.getElementById((link.getAttribute("href") || "").replace(/^#/, ""));
  return target ? target.tagName.toLowerCase() : null;
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def tab(page: Page) -> dict:
    """Press Tab once; the newly focused element must show that it has focus."""
    page.keyboard.press("Tab")
    element = focused(page)
    assert page.evaluate(FOCUS_VISIBLE), f"no visible focus indicator on {element}"
    return element


def tab_until(page: Page, wanted, what: str) -> dict:
    for _ in range(MAX_TABS):
        element = tab(page)
        if wanted(element):
            return element
    raise AssertionError(f"{what} not reached after {MAX_TABS} presses of Tab")


def follow_link_by_keyboard(page: Page, path: str) -> None:
    page.goto("/")
    first = tab(page)
    assert first["tag"] == "a" and (first["href"] or "").startswith("#"), f"first focusable is {first}, not the skip link"
    assert page.evaluate(SKIP_LINK_TARGET) == "main", "the skip link does not lead to the main content"
    tab_until(page, lambda element: (element["href"] or "").endswith(path), f"the link to {path}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(path)


def test_sign_in_with_the_keyboard_alone(page: Page, live_server):
    follow_link_by_keyboard(page, "/login")
    tab_until(page, lambda element: element["name"] == "email", "the e-mail field")
    page.keyboard.type(DEMO_LOGINS["donor"])
    assert tab(page)["name"] == "password", "Tab from the e-mail field should go to the password field"
    page.keyboard.type(live_server.demo_password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(SIGN_OUT).first).to_be_visible()


SIGN_UP_VALUES = {
    "organisation": "Toetsenbord Techniek BV",
    "name": "Kees Toets",
    "password": "alleen met het toetsenbord",
    "password_confirm": "alleen met het toetsenbord",
    "postcode": "3511 LX",
    "city": "Utrecht",
}


def _fill_focused_field(page: Page, element: dict, email: str) -> None:
    if element["type"] == "checkbox":
        page.keyboard.press("Space")
    elif element["tag"] in ("input", "textarea"):
        value = email if element["name"] == "email" else SIGN_UP_VALUES.get(element["name"])
        assert value is not None, f"the keyboard test does not know the sign-up field {element['name']!r}"
        page.keyboard.type(value)


def test_sign_up_with_the_keyboard_alone(page: Page, live_server):
    email = f"toets-{uuid.uuid4().hex[:8]}@example.org"
    follow_link_by_keyboard(page, "/aanmelden")
    element = tab_until(page, lambda found: found["inForm"] and found["tag"] != "a", "the first sign-up field")
    filled = set()
    while element["type"] != "submit":
        _fill_focused_field(page, element, email)
        filled.add(element["name"])
        element = tab_until(page, lambda found: found["inForm"] and found["tag"] != "a", "the next sign-up field")
    assert {"email", "password", "accept_privacy"} <= filled
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Kijk in je mail")
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None and user.organisation.kind == OrganisationKind.DONOR
        assert user.organisation.name == SIGN_UP_VALUES["organisation"]
        db.session.remove()
    confirm_by_keyboard(page, mailed_path(live_server.app, email, "/aanmelden/bevestigen/"), SIGN_UP_VALUES["password"])


def confirm_by_keyboard(page: Page, path: str, password: str) -> None:
    """Open the mailed link and finish signing up with the keyboard: the password, then Enter."""
    page.goto(path)
    tab_until(page, lambda element: element["name"] == "password", "the password field")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(SIGN_OUT).first).to_be_visible()
