"""The look of the site in Chromium: current menu item, fonts, the header and menu on a phone, tap targets,
and screenshots of each role's start page for a reviewer."""
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from allemaaldigitaal.core.enums import DeviceStatus

from .conftest import DEMO_LOGINS, DESKTOP, PHONE, SIGN_OUT, open_page, sign_in_as
from .crawl import OPEN_MENU, check_page, wait_until_drawn

ROLES = ["anonymous", *DEMO_LOGINS]
WIDTHS = {"1280": DESKTOP, "360": PHONE}
#: where the screenshots go: artefacts for a reviewer, never committed (build/ is in .gitignore)
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR") or Path(__file__).resolve().parents[2] / "build" / "screenshots")
#: the heading of a page starts this close to the top on a phone, or closer
MAX_HEADING_TOP = 160
MIN_TARGET = 24
#: how each item of the main menu looks, apart from its colour: weight, a drawn bar under it, a drawn underline
MENU_LOOKS = """() => {
  const seen = (width, color) => parseFloat(width) > 0 && color !== "rgba(0, 0, 0, 0)" && color !== "transparent";
  return [...document.querySelectorAll("nav.app-nav .utrecht-nav-list__link")].map(link => {
    const style = getComputedStyle(link);
    return {
      label: link.textContent.trim(),
      current: link.getAttribute("aria-current") === "page",
      weight: Number(style.fontWeight),
      bar: seen(style.borderBottomWidth, style.borderBottomColor) ? style.borderBottomWidth : "none",
      underline: style.textDecorationLine.includes("underline") && style.textDecorationColor !== "rgba(0, 0, 0, 0)",
      visible: link.getClientRects().length > 0,
    };
  });
}"""
FONT_STATE = """async () => {
  await document.fonts.ready;
  const noto = [...document.fonts].filter(face => face.family.replace(/["']/g, "") === "Noto Sans");
  return {
    loaded: noto.filter(face => face.status === "loaded").map(face => face.weight + " " + face.style),
    check: document.fonts.check('16px "Noto Sans"') && document.fonts.check('700 16px "Noto Sans"'),
    heading: getComputedStyle(document.querySelector("h1")).fontFamily,
    body: getComputedStyle(document.body).fontFamily,
  };
}"""
HEADING_TOP = "() => document.querySelector('main h1').getBoundingClientRect().top + window.scrollY"
#: every control a finger has to hit: menu links, buttons, the menu button, checkboxes, radio buttons, selects
TARGETS = """() => [...document.querySelectorAll(
  "nav a, button, summary, .utrecht-button-link, input[type=checkbox], input[type=radio], select"
)].filter(element => element.getClientRects().length > 0).map(element => {
  const box = element.getBoundingClientRect();
  return {what: element.outerHTML.slice(0, 120), width: box.width, height: box.height};
})"""

def start_path(live_server, role: str) -> str:
    """Where a role lands: /start once that page exists in the app, the public home page before it (and for visitors)."""
    if role != "anonymous" and "start.index" in live_server.app.view_functions:
        return "/start"
    return "/"


def signed_in_page(browser, live_server, role: str, viewport: dict, **options) -> Page:
    page = open_page(browser, live_server, viewport, **options)
    if role != "anonymous":
        sign_in_as(page, live_server, role)
    return page


def menu_looks(page: Page) -> list[dict]:
    page.evaluate(OPEN_MENU)
    return page.evaluate(MENU_LOOKS)


def shape(look: dict) -> tuple:
    return look["weight"], look["bar"], look["underline"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("role", "path", "label"), [
    ("anonymous", "/login", "Inloggen"),
    ("donor", "/profiel", "Mijn profiel"),
    ("coordinator", "/organisatie", "Mijn organisatie"),
])
def test_the_current_menu_item_is_marked_by_more_than_colour(browser, live_server, width, role, path, label):
    page = signed_in_page(browser, live_server, role, WIDTHS[width])
    try:
        page.goto(path)
        looks = menu_looks(page)
        current = [look for look in looks if look["current"]]
        assert [look["label"] for look in current] == [label], looks
        assert current[0]["visible"]
        others = [look for look in looks if not look["current"]]
        assert others, "a menu of one item marks nothing"
        assert all(shape(current[0]) != shape(other) for other in others), looks
        assert current[0]["weight"] > max(other["weight"] for other in others) or current[0]["bar"] != "none", looks
    finally:
        page.context.close()


def test_fonts_come_from_the_app_and_nothing_from_another_origin(page: Page, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/")
    fonts = page.evaluate(FONT_STATE)
    assert {"400 normal", "700 normal"} <= set(fonts["loaded"]), fonts
    assert fonts["check"], fonts
    assert fonts["heading"].startswith('"Noto Sans"') and fonts["body"].startswith('"Noto Sans"'), fonts
    font_files = [url for url in requests if url.endswith(".woff2")]
    assert font_files and all(urlsplit(url).path.startswith("/static/vendor/fonts/") for url in font_files), font_files
    outside = [url for url in requests if not url.startswith((live_server.url, "data:"))]
    assert outside == []


def test_a_font_file_is_served_with_a_font_type(page: Page):
    response = page.request.get("/static/vendor/fonts/noto-sans-latin-700-normal.woff2")
    assert response.status == 200 and response.headers["content-type"] == "font/woff2"
    assert response.body()[:4] == b"wOF2"


@pytest.mark.parametrize("role", ROLES)
def test_on_a_phone_the_heading_starts_near_the_top(browser, live_server, role):
    page = signed_in_page(browser, live_server, role, PHONE)
    try:
        paths = {start_path(live_server, role), "/toegankelijkheid"} | ({"/profiel"} if role != "anonymous" else set())
        for path in sorted(paths):
            assert page.goto(path).status == 200
            top = page.evaluate(HEADING_TOP)
            assert top < MAX_HEADING_TOP, f"{path}: the heading starts {top:.0f} px from the top"
    finally:
        page.context.close()


def test_on_a_phone_the_menu_folds_behind_one_button_that_works_without_javascript(browser, live_server):
    page = signed_in_page(browser, live_server, "donor", PHONE, java_script_enabled=False)
    try:
        toggle = page.locator("details.app-menu > summary")
        links = page.locator("nav.app-nav .utrecht-nav-list__link")
        expect(toggle).to_be_visible()
        expect(links.first).to_be_hidden()
        toggle.click()
        expect(links.first).to_be_visible()
        expect(page.locator(f"details.app-menu :is({SIGN_OUT})").first).to_be_visible()
        expect(page.locator("details.app-menu form[action$='/taal'] button")).to_be_visible()
        toggle.click()
        expect(links.first).to_be_hidden()
    finally:
        page.context.close()


def test_on_a_wide_screen_the_menu_is_open_without_a_button(browser, live_server):
    page = signed_in_page(browser, live_server, "care", DESKTOP, java_script_enabled=False)
    try:
        expect(page.locator("details.app-menu > summary")).to_be_hidden()
        for index in range(page.locator("nav.app-nav .utrecht-nav-list__link").count()):
            expect(page.locator("nav.app-nav .utrecht-nav-list__link").nth(index)).to_be_visible()
        expect(page.locator(SIGN_OUT).first).to_be_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("role", "path"), [
    ("anonymous", "/login"),
    ("anonymous", "/aanmelden"),
    ("donor", "/profiel"),
    ("coordinator", "/stijl"),
])
def test_controls_are_at_least_24_by_24_pixels(browser, live_server, width, role, path):
    page = signed_in_page(browser, live_server, role, WIDTHS[width])
    try:
        page.goto(path)
        page.evaluate(OPEN_MENU)
        targets = page.evaluate(TARGETS)
        assert targets
        small = [target for target in targets if target["width"] < MIN_TARGET or target["height"] < MIN_TARGET]
        assert small == [], small
    finally:
        page.context.close()


def test_the_style_page_shows_every_component_and_every_status(browser, live_server):
    page = signed_in_page(browser, live_server, "coordinator", DESKTOP)
    try:
        assert page.goto("/stijl").status == 200
        badges = page.locator(".app-badge-list .utrecht-status-badge")
        assert [badges.nth(index).get_attribute("data-status") for index in range(badges.count())] == DeviceStatus.values()
        for component in [".utrecht-button--primary-action", ".utrecht-button--secondary-action", ".utrecht-button--subtle",
                          ".utrecht-button--danger", ".utrecht-form-field--invalid", "select.utrecht-select",
                          "input[type=checkbox]", "input[type=radio]", "table.utrecht-table", "dl.utrecht-data-list",
                          ".utrecht-alert--info", ".utrecht-alert--ok", ".utrecht-alert--warning", ".utrecht-alert--error",
                          ".utrecht-nav-list__link[aria-current=page]", "h2", "h3", ".utrecht-link"]:
            expect(page.locator(f"main {component}").first).to_be_visible()
        looks = page.evaluate("""() => [...document.querySelectorAll('.app-badge-list .utrecht-status-badge')]
          .map(badge => getComputedStyle(badge).backgroundColor)""")
        assert len(set(looks)) >= 5, "the statuses should come in several tones"
    finally:
        page.context.close()


def test_api_docs_pass_axe_with_an_operation_and_every_schema_open(page: Page):
    page.goto("/api/v1/docs")
    wait_until_drawn(page)
    page.locator(".opblock-summary-control").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    for control in page.locator(".models .model-box-control").all():
        control.click()
    visit = check_page(page)
    assert visit.violations == 0, visit.report


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_screenshot_of_the_start_page(browser, live_server, role, width):
    """Saved for a reviewer in SCREENSHOT_DIR (default build/screenshots): start-<role>-<width>.png."""
    page = signed_in_page(browser, live_server, role, WIDTHS[width])
    try:
        response = page.goto(start_path(live_server, role))
        assert response.status == 200
        expect(page.locator("main h1")).to_be_visible()
        page.evaluate("() => document.fonts.ready.then(() => true)")
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOT_DIR / f"start-{role}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 1000
    finally:
        page.context.close()
