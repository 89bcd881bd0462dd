"""GET /api/v1/donations/{reference}/receipt.pdf and …/certificate.pdf: the same documents as the pages.

A GET writes nothing, so the certificate here is the latest one issued (on the certificates page, with
a POST), byte for byte as it was issued, so its SHA-256 matches the verification page. When none was
issued yet the answer is a 409 problem that says how to issue one. Another organisation's donation is a 404.
"""
from flask import Response
from flask_babel import gettext as _
from flask_smorest import abort

from allemaaldigitaal.core.access import get_visible_by_or_404, signed_in
from allemaaldigitaal.core.models import Donation

from . import certificates as service
from .blueprint import blp
from .certificate_views import certificate_filename, pdf_download
from .receipts import receipt_document

BINARY = {"type": "string", "format": "binary"}


def _donation(reference: str) -> Donation:
    return get_visible_by_or_404(Donation, Donation.reference, reference)


@blp.route("/donations/<reference>/receipt.pdf")
@signed_in
@blp.response(200, BINARY, content_type="application/pdf", description="The intake receipt as a PDF.")
def receipt_pdf(reference: str) -> Response:
    """The intake receipt: the donation, the donor, the workshop and every device with its tag."""
    content, filename = receipt_document(_donation(reference))
    return pdf_download(content, filename)


@blp.route("/donations/<reference>/certificate.pdf")
@signed_in
@blp.response(200, BINARY, content_type="application/pdf",
              description="The latest data-wipe certificate issued, exactly as issued.")
@blp.alt_response(409, response="CONFLICT")
def certificate_pdf(reference: str) -> Response:
    """The latest data-wipe certificate issued for the donation; 409 when none was issued yet.

    Issuing one writes a row, so it is done on the donation's certificates page, not by this GET.
    """
    donation = _donation(reference)
    certificate = service.latest_certificate(donation)
    if certificate is None:
        abort(409, message=_("Voor deze donatie is nog geen certificaat gemaakt. Maak er een op de pagina "
                             "Certificaten van de donatie; daarna geeft dit adres het laatste certificaat."))
    return pdf_download(certificate.pdf, certificate_filename(certificate))
