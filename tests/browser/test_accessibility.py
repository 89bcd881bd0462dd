"""axe-core (WCAG 2.1 A and AA) on every page each role can reach, and on states links do not reach."""
import uuid

import pytest
from playwright.sync_api import Page

from allemaaldigitaal.accounts.services import find_user_by_email
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.extensions import db
from allemaaldigitaal.organisations.invitations import invite_new_organisation

from ..access_table import EXPECTED_ACCESS, REQUESTS
from ..mailbox import mailed_path
from .conftest import DEMO_LOGINS, sign_in_as
from .crawl import check_page, crawl

ROLES = ["anonymous", *DEMO_LOGINS]
#: GET pages checked by the state tests below (reached by a form or a link with a token), or not HTML
CHECKED_ELSEWHERE = {
    "organisations.accept_invitation", "organisations.invitation_sent", "auth.signup_sent",
    "organisations.confirm_cancel_invitation",  # the demo has no open invitation: see test_account_basics.py
    "api_account.me", "api_docs.openapi_json", "ops.health", "api_donations.list_donations",
    "api_devices.list_devices",  # JSON, not a page: see tests/devices/test_device_api.py
    "devices.preview", "devices.test_sheet",  # a picture and a download, not pages: see test_labels.py
    "donations.import_template",  # a spreadsheet download: see test_donor_journey.py
    "donations.impact_card",  # an image download: see tests/donations/test_impact_card.py
    "workshop.wipe_reports",  # see test_workshop_records.py (with the check, wipe and recycle pages)
    "api_care.get_stock", "api_care.list_claims",  # JSON, not pages: see tests/care/test_api.py
    "reports.public_figures_feed",  # JSON, not a page: see tests/reports/test_impact.py
    "api_reports.list_events",  # JSON, not a page: see tests/reports/test_events_api.py
    "api_reports.get_stats",  # JSON, not a page: see tests/reports/test_stats_api.py
    # downloads, not pages: see tests/reports/test_exports*.py
    "reports.export_devices", "reports.export_donations", "reports.export_claims", "reports.export_handouts",
    "api_reports.export_devices_csv", "api_reports.export_devices_xlsx", "api_reports.export_donations_csv",
    "api_reports.export_donations_xlsx", "api_reports.export_claims_csv", "api_reports.export_claims_xlsx",
    "api_reports.export_handouts_csv", "api_reports.export_handouts_xlsx",
}
#: offered only to signed-out visitors, so not linked for a signed-in role (checked as anonymous)
ONLY_LINKED_WHEN_SIGNED_OUT = {"auth.signup", "auth.new_link"}
#: fewer pages than this means the crawl missed the navigation, not that all is well
MIN_PAGES = {"anonymous": 5, "donor": 8, "refurbisher": 8, "care": 8, "coordinator": 10}
#: a real browser form post, made in the page (the strict CSP allows no inline script in our pages)
POST_FORM = """([action, fields]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}"""


def _summary(found) -> str:
    lines = [f"{visit.url} ({visit.status}): {visit.violations} violation(s)\n{visit.report}" for visit in found.failures]
    broken = [f"{visit.url} answered {visit.status}" for visit in found.broken]
    return "\n".join(lines + broken)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_has_no_axe_violations(page: Page, live_server, role):
    starts = ["/"]
    if role != "anonymous":
        sign_in_as(page, live_server, role)
        starts.insert(0, page.url)
    found = crawl(page, live_server.url, live_server.app.url_map, starts)
    print(f"{role}: {len(found.visits)} pages checked: " + ", ".join(visit.url for visit in found.visits))
    assert len(found.visits) >= MIN_PAGES[role], [visit.url for visit in found.visits]
    assert not found.truncated, "the crawl stopped before it saw every page: raise MAX_PAGES"
    assert pages_for(role) <= found.endpoints, f"pages the crawl did not reach: {pages_for(role) - found.endpoints}"
    assert not found.failures and not found.broken, _summary(found)


def pages_for(role: str) -> set[str]:
    """The HTML pages the access table says this role may open with a GET."""
    pages = {
        endpoint for endpoint, answers in EXPECTED_ACCESS.items()
        if answers[role] == 200 and REQUESTS[endpoint].method == "GET"
    }
    if role != "anonymous":
        pages -= ONLY_LINKED_WHEN_SIGNED_OUT
    return pages - CHECKED_ELSEWHERE


def assert_no_violations(page: Page, url: str | None = None, status: int | None = None) -> None:
    visit = check_page(page, url)
    if status is not None:
        assert visit.status == status, f"{visit.url} answered {visit.status}"
    assert visit.violations == 0, visit.report


def submit(page: Page, form: str = "main form") -> int:
    """Clicks the form's submit button; returns the status of the page that follows."""
    with page.expect_navigation() as navigation:
        page.locator(f"{form} [type=submit]").first.click()
    return navigation.value.status


def post_form(page: Page, action: str, fields: dict) -> int:
    with page.expect_navigation() as navigation:
        page.evaluate(POST_FORM, [action, fields])
    return navigation.value.status


def csrf_token(page: Page) -> str:
    return page.locator("input[name=csrf_token]").first.input_value()


def test_axe_reports_a_violation_when_there_is_one(page: Page):
    page.goto("/")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert check_page(page).violations > 0, "axe found nothing on a page with an image without alt text"


def test_login_form_with_errors_has_no_axe_violations(page: Page):
    page.goto("/login")
    page.locator("input[name=email]").fill("niemand@example.org")
    page.locator("input[name=password]").fill("verkeerd-wachtwoord")
    submit(page)
    assert page.locator("#error-summary").count() > 0, "a failed sign-in should show an error"
    assert_no_violations(page)


def test_sign_up_form_with_errors_has_no_axe_violations(page: Page):
    page.goto("/aanmelden")
    submit(page)
    assert page.locator("[aria-invalid=true]").count() > 0, "an empty sign-up form should mark its fields invalid"
    assert_no_violations(page)


def test_sign_up_mail_and_confirmation_pages_have_no_axe_violations(page: Page, live_server):
    email = f"axe-{uuid.uuid4().hex[:8]}@example.org"
    page.goto("/aanmelden")
    for name, value in {"organisation": f"Axe {email}", "name": "Ada Axe", "email": email, "password": "x" * 12,
                        "password_confirm": "x" * 12}.items():
        page.locator(f"input[name={name}]").fill(value)
    page.locator("input[name=accept_privacy]").check()
    submit(page)
    assert page.url.endswith("/aanmelden/kijk-in-je-mail")
    assert_no_violations(page)
    assert_no_violations(page, mailed_path(live_server.app, email, "/aanmelden/bevestigen/"), status=200)
    page.locator("input[name=password]").fill("niet het goede wachtwoord")
    submit(page)
    assert page.locator("[aria-invalid=true]").count() > 0, "a wrong password should be marked"
    assert_no_violations(page)
    assert_no_violations(page, "/aanmelden/bevestigen/geen-geldige-link", status=404)
    page.goto("/aanmelden/nieuwe-link")
    submit(page)
    assert page.locator("[aria-invalid=true]").count() > 0
    assert_no_violations(page)


def test_not_found_page_has_no_axe_violations(page: Page):
    assert_no_violations(page, "/bestaat-niet", status=404)


def test_not_found_page_for_a_signed_in_user_has_no_axe_violations(page: Page, live_server):
    sign_in_as(page, live_server, "care")
    assert_no_violations(page, "/bestaat-niet", status=404)


def test_method_not_allowed_page_has_no_axe_violations(page: Page):
    assert_no_violations(page, "/logout", status=405)


def test_expired_form_page_has_no_axe_violations(page: Page):
    page.goto("/login")
    page.locator("main form input[name=csrf_token]").evaluate("input => input.remove()")
    assert submit(page) == 400
    assert_no_violations(page)


def test_forbidden_page_has_no_axe_violations(page: Page, live_server):
    sign_in_as(page, live_server, "donor")
    assert post_form(page, "/organisatie/gebruikers/999999/deactiveren", {"csrf_token": csrf_token(page)}) == 403
    assert_no_violations(page)


def test_flash_message_after_sign_out_has_no_axe_violations(page: Page, live_server):
    sign_in_as(page, live_server, "refurbisher")
    submit(page, "form[action$='/logout']")
    assert page.locator("[role=status]").count() > 0, "signing out should say so"
    assert_no_violations(page)


def test_pages_in_english_have_no_axe_violations(page: Page):
    page.goto("/login")
    submit(page, "form[action$='/taal']")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_no_violations(page)
    assert_no_violations(page, "/", status=200)


def _invitation(live_server) -> str:
    """An open invitation made by the demo coordinator; returns its token."""
    with live_server.app.app_context():
        coordinator = find_user_by_email(DEMO_LOGINS["coordinator"])
        name = f"Werkplaats {uuid.uuid4().hex[:6]}"
        token = invite_new_organisation(coordinator, f"{name[-6:]}@example.org", OrganisationKind.REFURBISHER, name).token
        db.session.commit()
        db.session.remove()
    return token


def test_invitation_pages_have_no_axe_violations(page: Page, live_server):
    assert_no_violations(page, f"/uitnodiging/{_invitation(live_server)}", status=200)
    submit(page)
    assert page.locator("[aria-invalid=true]").count() > 0
    assert_no_violations(page)
    assert_no_violations(page, "/uitnodiging/geen-geldige-code", status=404)


def test_invitation_form_and_new_link_have_no_axe_violations(page: Page, live_server):
    sign_in_as(page, live_server, "coordinator")
    page.goto("/organisatie/uitnodigen")
    submit(page)
    assert_no_violations(page)
    page.locator("input[name=email]").fill(f"nieuw-{uuid.uuid4().hex[:6]}@example.org")
    page.locator("select[name=organisation_id]").select_option("new")
    page.locator("input[name=kind][value=care]").check()
    page.locator("input[name=organisation_name]").fill(f"Zorg {uuid.uuid4().hex[:6]}")
    submit(page)
    assert page.url.endswith("/organisatie/uitnodigen/verstuurd")
    assert page.locator("[role=status]").count() > 0, "the page should say to whom the invitation went"
    assert_no_violations(page)


def test_profile_forms_with_errors_and_new_token_have_no_axe_violations(page: Page, live_server):
    sign_in_as(page, live_server, "donor")
    page.goto("/profiel")
    submit(page, "form[action$='/profiel/wachtwoord']")
    assert page.locator("[aria-invalid=true]").count() > 0
    assert_no_violations(page)
    page.goto("/profiel/tokens")
    submit(page, "form[action$='/profiel/tokens']")
    assert_no_violations(page)
    page.locator("input[name=name]").fill("Voorraadscript")
    submit(page, "form[action$='/profiel/tokens']")
    assert_no_violations(page)
