"""The intake receipt, data-wipe certificates and their public verification page.

A receipt and a stored certificate are plain downloads (GET, nothing written). Issuing a certificate
writes a row, so it is a POST with a CSRF token that answers with the new PDF. The verification
page is public: it shows only what proves a certificate genuine, and says whether an uploaded PDF
is the very file that was issued. Guessing codes is throttled per IP address.
"""
from flask import abort, current_app, render_template
from flask_login import current_user

from allemaaldigitaal.core.access import get_visible_by_or_404, public, signed_in
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Certificate, Donation
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import limiter
from allemaaldigitaal.web.downloads import attachment
from allemaaldigitaal.web.mail import base_url, send_queued
from allemaaldigitaal.web.security import accepts_uploads

from . import certificates as service
from .blueprint import bp
from .certificate_forms import CertificateCheckForm
from .receipts import receipt_document

#: per IP address: codes that do not exist (guesses), and uploads to check
CHECK_LIMIT_PER_IP = "20 per minute"
UPLOAD_LIMIT_PER_IP = "10 per minute"


def check_limit() -> str:
    return current_app.config.get("CERTIFICATE_CHECK_LIMIT_PER_IP", CHECK_LIMIT_PER_IP)


def upload_limit() -> str:
    return current_app.config.get("CERTIFICATE_UPLOAD_LIMIT_PER_IP", UPLOAD_LIMIT_PER_IP)


def certificate_filename(certificate: Certificate) -> str:
    return f"certificaat-{certificate.donation.reference}-{certificate.code}.pdf"


def _donation(reference: str) -> Donation:
    return get_visible_by_or_404(Donation, Donation.reference, reference)


@bp.get("/donaties/<reference>/ontvangstbewijs.pdf")
@signed_in
def receipt(reference: str):
    """The intake receipt: the donor, the assigned workshop and coordinators; anyone else gets 404."""
    content, filename = receipt_document(_donation(reference))
    return attachment(content, filename)


@bp.get("/donaties/<reference>/certificaten")
@signed_in
def certificates(reference: str):
    donation = _donation(reference)
    return render_template("donations/certificate_list.html", donation=donation,
                           certificates=service.certificates_of(donation), error=None)


@bp.post("/donaties/<reference>/certificaat")
@signed_in
def issue_certificate(reference: str):
    """Issues a new certificate of the donation as it stands, stores it and sends its PDF."""
    donation = _donation(reference)
    try:
        certificate = commit_or_rollback(lambda: service.issue_certificate(donation, current_user, base_url()))
    except DomainError as error:
        return render_template("donations/certificate_list.html", donation=donation,
                               certificates=service.certificates_of(donation), error=error.message), 422
    send_queued()
    return attachment(certificate.pdf, certificate_filename(certificate))


@bp.get("/donaties/<reference>/certificaten/<code>.pdf")
@signed_in
def certificate_pdf(reference: str, code: str):
    """A certificate issued earlier, byte for byte as it was issued."""
    donation = _donation(reference)
    certificate = service.find_by_code(code)
    if certificate is None or certificate.donation_id != donation.id:
        abort(404)
    return attachment(certificate.pdf, certificate_filename(certificate))


def _unknown_code(response) -> bool:
    return response.status_code == 404


@bp.route("/certificaat/<code>", methods=["GET", "POST"])
@public
@accepts_uploads
@limiter.limit(check_limit, scope="certificate-check-ip", deduct_when=_unknown_code)
@limiter.limit(upload_limit, methods=["POST"], scope="certificate-upload-ip")
def verify_certificate(code: str):
    """GET: whether this code belongs to a certificate we issued; POST: whether the uploaded PDF is that file, unaltered."""
    certificate = service.find_by_code(code)
    if certificate is None:
        return render_template("donations/verify_unknown.html"), 404
    form = CertificateCheckForm()
    unaltered = None
    if form.validate_on_submit():
        unaltered = service.is_unaltered(certificate, form.file.data.read())
    page = render_template("donations/verify.html", certificate=certificate, form=form, unaltered=unaltered)
    return page, 422 if form.errors else 200
