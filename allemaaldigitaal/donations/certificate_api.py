"""The receipt and data-wipe certificates in the API: the same documents and service as the pages.

POST …/certificates issues a new certificate (as the page's button does) and answers where to get its PDF.
A GET writes nothing: …/certificate.pdf is the latest one issued and …/certificates/{code}.pdf one by its
code, byte for byte as issued, so its SHA-256 matches the verification page. Another organisation's
donation is a 404.
"""
from flask import Response, abort as flask_abort, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields

from allemaaldigitaal.core.access import get_visible_by_or_404, signed_in
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Certificate, Donation
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.web.downloads import attachment
from allemaaldigitaal.web.mail import base_url, send_queued

from . import certificates as service
from .blueprint import blp
from .certificate_views import certificate_filename
from .receipts import receipt_document

BINARY = {"type": "string", "format": "binary"}


class IssuedCertificateSchema(Schema):
    """A certificate as issued: its code, where anyone can check it, and where to download it."""

    code = fields.String(required=True, metadata={"example": "K7M2-P9QX-4RTA"})
    verify_url = fields.Function(lambda certificate: service.verify_url(base_url(), certificate.code), required=True,
                                 metadata={"type": "string", "description": "The public page that confirms it is genuine."})
    issued_at = fields.AwareDateTime(required=True)
    device_count = fields.Integer(required=True)
    pending_count = fields.Integer(required=True, metadata={"description": "Devices on it that were not wiped yet."})
    complete = fields.Boolean(required=True, metadata={"description": "True when every device on it was wiped."})
    sha256 = fields.String(required=True, metadata={"description": "The SHA-256 of the PDF, in hexadecimal."})
    pdf_url = fields.Function(
        lambda certificate: url_for("api_donations.issued_certificate_pdf", reference=certificate.donation.reference,
                                    code=certificate.code, _external=True),
        required=True, metadata={"type": "string", "description": "This certificate's PDF, exactly as issued."},
    )


def _donation(reference: str) -> Donation:
    return get_visible_by_or_404(Donation, Donation.reference, reference)


@blp.route("/donations/<reference>/receipt.pdf")
@signed_in
@blp.response(200, BINARY, content_type="application/pdf", description="The intake receipt as a PDF.")
def receipt_pdf(reference: str) -> Response:
    """The intake receipt: the donation, the donor, the workshop and every device with its tag."""
    content, filename = receipt_document(_donation(reference))
    return attachment(content, filename)


@blp.route("/donations/<reference>/certificate.pdf")
@signed_in
@blp.response(200, BINARY, content_type="application/pdf",
              description="The latest data-wipe certificate issued, exactly as issued.")
@blp.alt_response(409, response="CONFLICT")
def certificate_pdf(reference: str) -> Response:
    """The latest data-wipe certificate issued for the donation; 409 when none was issued yet.

    Issuing one writes a row, so it is done with `POST /donations/{reference}/certificates`, not by this GET.
    """
    donation = _donation(reference)
    certificate = service.latest_certificate(donation)
    if certificate is None:
        abort(409, message=_("Voor deze donatie is nog geen certificaat gemaakt. Maak er een met POST "
                             "/api/v1/donations/%(reference)s/certificates of op de pagina Certificaten van de "
                             "donatie; daarna geeft dit adres het laatste certificaat.", reference=donation.reference))
    return attachment(certificate.pdf, certificate_filename(certificate))


@blp.route("/donations/<reference>/certificates", methods=["POST"])
@signed_in
@blp.response(201, IssuedCertificateSchema)
@blp.alt_response(409, response="CONFLICT")
def issue_certificate(reference: str) -> Certificate:
    """Issue a new data-wipe certificate of the donation as it stands now (as the certificates page does).

    Devices not wiped yet are listed on it as pending; a new certificate never makes an earlier one invalid.
    A donation without devices answers 409.
    """
    donation = _donation(reference)
    try:
        certificate = commit_or_rollback(lambda: service.issue_certificate(donation, current_user, base_url()))
    except DomainError as error:
        abort(409, message=str(error.message))
    send_queued()
    return certificate


@blp.route("/donations/<reference>/certificates/<code>.pdf")
@signed_in
@blp.response(200, BINARY, content_type="application/pdf", description="The certificate with this code, exactly as issued.")
def issued_certificate_pdf(reference: str, code: str) -> Response:
    """One certificate of the donation by its code, byte for byte as it was issued."""
    donation = _donation(reference)
    certificate = service.find_by_code(code)
    if certificate is None or certificate.donation_id != donation.id:
        flask_abort(404)
    return attachment(certificate.pdf, certificate_filename(certificate))
