"""The public certificate check in Chromium with axe: a genuine code, an upload that matches, one that does not."""
from playwright.sync_api import Page

from allemaaldigitaal.core.models import Donation
from allemaaldigitaal.donations.certificates import issue_certificate
from allemaaldigitaal.extensions import db

from .test_accessibility import assert_no_violations, submit


def _issued(live_server) -> tuple[str, bytes]:
    """A certificate of the first demo donation with devices; its code and PDF."""
    with live_server.app.app_context():
        donation = next(found for found in db.session.scalars(db.select(Donation).order_by(Donation.id)) if found.devices)
        certificate = issue_certificate(donation, None, live_server.url)
        code, pdf = certificate.code, certificate.pdf
        db.session.commit()
        db.session.remove()
    return code, pdf


def _upload(page: Page, content: bytes) -> None:
    page.locator("main input[type=file]").set_input_files(
        {"name": "certificaat.pdf", "mimeType": "application/pdf", "buffer": content}
    )
    submit(page)


def test_the_public_certificate_check_has_no_axe_violations_in_any_state(page: Page, live_server):
    code, pdf = _issued(live_server)
    assert_no_violations(page, f"/certificaat/{code}", status=200)
    submit(page)
    assert page.locator("[aria-invalid=true]").count() > 0, "a check without a file should mark the field"
    assert_no_violations(page)
    _upload(page, pdf)
    assert "niet veranderd" in page.locator("main").inner_text()
    assert_no_violations(page)
    altered = bytearray(pdf)
    altered[len(altered) // 2] ^= 1
    _upload(page, bytes(altered))
    assert "niet het uitgegeven certificaat" in page.locator("main").inner_text()
    assert_no_violations(page)
    assert_no_violations(page, "/certificaat/0000-0000-0000", status=404)
