"""The scan station (/scannen) with the keyboard alone, as with a keyboard-wedge scanner: the action is chosen with the
keyboard, then each code is typed into the focused field and Enter pressed. With script every scan is answered in the
page (no reload), with a message in the live region, a beep and the running list; without script the same form works
with full page loads. axe checks the page in each state, at 1280 and at 360 px.

The devices are made by the test, in donations of its own for the demo workshop, so the demo data stays as it is.
"""
import re
import weakref

from playwright.sync_api import Page, expect
from sqlalchemy import select

from allemaaldigitaal.core import lifecycle
from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import ALPHABET, InvalidTag, format_tag, normalise_tag
from allemaaldigitaal.extensions import db

from .conftest import PHONE, open_page, sign_in_as
from .crawl import OPEN_MENU
from .test_accessibility import assert_no_violations
from .test_keyboard import FOCUS_VISIBLE, focused
from .test_receiving import donations_for_the_demo_workshop
from .test_responsive import assert_fits

UNKNOWN = "AD-ZZZ-ZZZ-ZZ3"
#: the browser contexts opened with the page's script off
WITHOUT_SCRIPT = weakref.WeakSet()
MAX_TABS = 20
#: records the pitch of every beep; a page load starts a new, empty record
RECORD_BEEPS = """
window.scanBeeps = [];
if (window.AudioContext) {
  const Original = window.AudioContext;
  window.AudioContext = class extends Original {
    createOscillator() {
      const tone = super.createOscillator();
      const start = tone.start.bind(tone);
      tone.start = (...when) => { window.scanBeeps.push(tone.frequency.value); return start(...when); };
      return tone;
    }
  };
}
"""
LIST_ITEMS = "() => [...document.querySelectorAll('#scan-list li')].map(item => item.textContent.replace(/\\s+/g, ' '))"


def status_of(live_server, tag: str) -> S:
    with live_server.app.app_context():
        status = db.session.scalar(select(Device.status).where(Device.asset_tag == tag))
        db.session.remove()
    return status


def refusal(live_server, tag: str, to: S) -> str:
    """The lifecycle's own words for refusing this step for this device now."""
    with live_server.app.test_request_context():
        device = db.session.scalar(select(Device).where(Device.asset_tag == tag))
        message = str(lifecycle.refusal(device, to).message)
        db.session.remove()
    return message


def mistyped(tag: str) -> tuple[str, str]:
    """The tag with its check symbol typed wrong (as a person would type it), and what the station says about it."""
    wrong = next(symbol for symbol in ALPHABET if symbol != tag[-1])
    typed = (format_tag(tag)[:-1] + wrong).lower()
    try:
        normalise_tag(typed)
    except InvalidTag as error:
        return typed, str(error)
    raise AssertionError(f"{typed} reads as a valid tag")


def press_until(page: Page, key: str, selector: str, what: str) -> None:
    """Press a key until the focus is on an element matching the selector; with script on, the focus must be seen.

    The focus is read through locators, which work with the page's script off as well (page.evaluate does not).
    """
    script = page.context not in WITHOUT_SCRIPT
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        assert not script or page.evaluate(FOCUS_VISIBLE), f"no visible focus indicator on {focused(page)}"
        if page.locator(f"{selector}:focus").count():
            return
    raise AssertionError(f"{what} not reached after {MAX_TABS} presses of {key}")


def choose_action(page: Page, value: str) -> None:
    """From the code field back to the actions, pick one with Space and the arrow keys, and Tab on to the code field."""
    press_until(page, "Shift+Tab", "input[name=action]", "the actions")
    page.keyboard.press("Space")
    for _ in range(MAX_TABS):
        if page.locator(f"input[name=action][value={value}]:focus").count():
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"input[name=action][value={value}]")).to_be_checked()
    press_until(page, "Tab", "#code", "the code field")


def assert_in_code_field(page: Page) -> None:
    expect(page.locator("#code")).to_be_focused()


def assert_no_violations_as_delivered(browser, live_server, page: Page) -> None:
    """axe on the page exactly as it was delivered to a browser without script: axe needs script to run, so the
    markup is served again to a second page at the same address, with every script of the page blocked."""
    html = page.content()
    checker = open_page(browser, live_server)
    try:
        checker.route("**/*.js", lambda route: route.abort())
        checker.route("**/scannen?zonder-script", lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=html))
        checker.goto("/scannen?zonder-script")
        assert_no_violations(checker)
    finally:
        checker.context.close()


def expect_message(page: Page, words: str, accepted: bool) -> None:
    """The answer is in the live region (role=status, polite), said as done or refused."""
    message = page.locator("#scan-message")
    expect(message).to_have_attribute("role", "status")
    expect(message).to_have_attribute("aria-live", "polite")
    expect(message).to_contain_text(("Gelukt: " if accepted else "Geweigerd: ") + words)


def expect_answer(page: Page, words: str, accepted: bool) -> None:
    """The answer is in the live region and heads the running list."""
    expect_message(page, words, accepted)
    expect(page.locator("#scan-list li").first).to_contain_text(words)
    expect(page.locator("#scan-list li").first).to_contain_text("Gelukt" if accepted else "Geweigerd")


def scan_in_page(page: Page, code: str, words: str, accepted: bool) -> None:
    """What a keyboard-wedge scanner does: type the code into the focused field and press Enter; no page load follows."""
    assert_in_code_field(page)
    beeps = len(page.evaluate("() => window.scanBeeps"))
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect_answer(page, words, accepted)
    expect(page.locator("#code")).to_have_value("")
    assert_in_code_field(page)
    assert page.evaluate("() => window.scanStation") == "still here", "the page was loaded again"
    page.wait_for_function(f"() => window.scanBeeps.length > {beeps}")
    pitch = page.evaluate("() => window.scanBeeps[window.scanBeeps.length - 1]")
    assert (pitch > 440) == accepted, f"a {'high' if accepted else 'low'} beep was expected, not {pitch} Hz"


def scan_with_page_load(page: Page, code: str, words: str, accepted: bool) -> None:
    assert_in_code_field(page)
    page.keyboard.type(code)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.url.endswith("/scannen"), "the form posts and is sent back to the page (POST-redirect-GET)"
    assert navigation.value.request.method == "GET" and navigation.value.request.redirected_from.method == "POST"
    expect_answer(page, words, accepted)
    # the title says it first: a screen reader reads it when the page loads
    expect(page).to_have_title(re.compile("^" + re.escape(("Gelukt: " if accepted else "Geweigerd: ") + words)))


def undo_by_keyboard(page: Page, tag: str) -> None:
    """Tab from the code field to the undo button of the newest scan and press Enter."""
    press_until(page, "Tab", "#scan-list button", "the undo button")
    expect(page.locator("#scan-list button:focus")).to_have_text(f"Ongedaan maken: {format_tag(tag)}")
    page.keyboard.press("Enter")


def test_a_scan_session_with_the_keyboard_is_answered_in_the_page(page: Page, live_server):
    _reference, (first, second), _other = donations_for_the_demo_workshop(live_server)
    typo, typo_words = mistyped(second)
    navigations = []
    page.add_init_script(RECORD_BEEPS)
    sign_in_as(page, live_server, "refurbisher")
    page.goto("/scannen")
    expect(page.locator("#scan-list")).to_contain_text("Nog geen scans.")
    assert_no_violations(page)
    assert_in_code_field(page)
    page.evaluate("() => { window.scanStation = 'still here'; }")
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)

    choose_action(page, "receive")
    scan_in_page(page, format_tag(first).lower(), f"{format_tag(first)} staat nu op 'Ontvangen'.", accepted=True)
    assert status_of(live_server, first) == S.RECEIVED
    expect(page.locator("#scan-list li").first).to_contain_text("HP EliteBook 840")
    assert_no_violations(page)

    scan_in_page(page, first, refusal(live_server, first, S.RECEIVED), accepted=False)
    assert status_of(live_server, first) == S.RECEIVED
    assert_no_violations(page)
    scan_in_page(page, typo, typo_words, accepted=False)
    scan_in_page(page, UNKNOWN.lower(), f"Geen apparaat gevonden met code {UNKNOWN}.", accepted=False)
    scan_in_page(page, f"{live_server.app.config['BASE_URL']}/D/{format_tag(second)}",
                 f"{format_tag(second)} staat nu op 'Ontvangen'.", accepted=True)
    assert status_of(live_server, second) == S.RECEIVED

    items = page.evaluate(LIST_ITEMS)
    assert len(items) == 5, items
    assert format_tag(second) in items[0] and UNKNOWN in items[1] and typo_words in items[2], items
    assert "Geweigerd" in items[3] and format_tag(first) in items[3] and "Gelukt" in items[4], "newest first"
    assert page.locator("#scan-list button").count() == 1, "only the newest scan can be undone"

    undo_by_keyboard(page, second)
    expect_message(page, f"Ongedaan gemaakt: {format_tag(second)} is weer 'Toegezegd'.", accepted=True)
    expect(page.locator("#scan-list li").first).to_contain_text("(ongedaan gemaakt)")
    expect(page.locator("#scan-list button")).to_have_count(0)
    assert_in_code_field(page)
    assert status_of(live_server, second) == S.PLEDGED and status_of(live_server, first) == S.RECEIVED
    assert page.evaluate("() => window.scanStation") == "still here" and not navigations, navigations
    assert_no_violations(page)

    expect(page.locator("#scan-camera")).to_be_visible()
    page.locator("#scan-camera-box").evaluate("box => { box.hidden = false; }")
    for width in (PHONE["width"], 320):
        page.set_viewport_size({**PHONE, "width": width})
        video = page.locator("#scan-video").bounding_box()
        assert video["x"] >= 0 and video["x"] + video["width"] <= width, f"the camera view is off screen: {video}"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width

    page.reload()
    expect(page.locator("input[name=action][value=receive]")).to_be_checked()
    kept = page.evaluate(LIST_ITEMS)
    assert len(kept) == 5 and "(ongedaan gemaakt)" in kept[0] and kept[1:] == items[1:], "the list is kept"


def test_an_empty_scan_keeps_the_focus_and_changes_nothing(page: Page, live_server):
    page.add_init_script(RECORD_BEEPS)
    sign_in_as(page, live_server, "care")
    page.goto("/scannen")
    assert_in_code_field(page)
    page.keyboard.press("Enter")
    assert_in_code_field(page)
    expect(page.locator("#scan-message")).to_be_empty()
    expect(page.locator("#scan-list")).to_contain_text("Nog geen scans.")
    assert_no_violations(page)


def test_without_script_the_same_session_works_with_page_loads(browser, live_server):
    _reference, (first, second), _other = donations_for_the_demo_workshop(live_server)
    page = open_page(browser, live_server, java_script_enabled=False)
    WITHOUT_SCRIPT.add(page.context)
    try:
        sign_in_as(page, live_server, "refurbisher")
        page.goto("/scannen")
        expect(page.locator("#scan-camera")).to_be_hidden()
        assert_in_code_field(page)
        assert_no_violations_as_delivered(browser, live_server, page)
        choose_action(page, "receive")
        scan_with_page_load(page, format_tag(first), f"{format_tag(first)} staat nu op 'Ontvangen'.", accepted=True)
        assert status_of(live_server, first) == S.RECEIVED
        assert_in_code_field(page)
        expect(page.locator("input[name=action][value=receive]")).to_be_checked()
        assert_no_violations_as_delivered(browser, live_server, page)

        scan_with_page_load(page, first, refusal(live_server, first, S.RECEIVED), accepted=False)
        assert_in_code_field(page)
        assert_no_violations_as_delivered(browser, live_server, page)
        scan_with_page_load(page, f"{live_server.app.config['BASE_URL']}/D/{second}",
                            f"{format_tag(second)} staat nu op 'Ontvangen'.", accepted=True)
        with page.expect_navigation():
            undo_by_keyboard(page, second)
        expect_message(page, f"Ongedaan gemaakt: {format_tag(second)} is weer 'Toegezegd'.", accepted=True)
        expect(page.locator("#scan-list li").first).to_contain_text("(ongedaan gemaakt)")
        expect(page.locator("#scan-list button")).to_have_count(0)
        assert status_of(live_server, second) == S.PLEDGED
        assert_no_violations_as_delivered(browser, live_server, page)

        assert_in_code_field(page)
        with page.expect_navigation() as navigation:
            page.keyboard.press("Enter")
        assert navigation.value.status == 422
        expect(page.locator("#error-summary")).to_be_focused()
        expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
        assert_no_violations_as_delivered(browser, live_server, page)
    finally:
        page.context.close()


def test_a_phone_user_opens_the_scan_station_from_the_menu_and_it_fits_the_screen(phone: Page, live_server):
    sign_in_as(phone, live_server, "care")
    phone.locator("summary.app-menu__toggle").focus()
    phone.keyboard.press("Enter")
    link = phone.get_by_role("link", name="Scannen", exact=True)
    expect(link).to_be_visible()
    link.focus()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.url.endswith("/scannen")
    expect(phone.locator("nav a[href='/scannen']")).to_have_attribute("aria-current", "page")
    assert_in_code_field(phone)
    phone.evaluate(OPEN_MENU)
    assert_fits(phone)
