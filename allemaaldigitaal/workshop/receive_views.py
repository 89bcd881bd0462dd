"""The receive pages: the donations to receive and to take, and one donation's intake (scan, register, close).

Made for a keyboard-wedge scanner: the code field has the focus, the scanner types a tag or a label's URL and
presses Enter, the page answers with a full page load (the scan station does the same without reloads). A refused
scan keeps the focus in the field, with the reason next to it. Another workshop's donation is a 404.
"""
from math import ceil

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user
from sqlalchemy import select

from allemaaldigitaal.core.access import allow, get_visible_by_or_404
from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Device, Donation
from allemaaldigitaal.core.tags import InvalidTag, normalise_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.donations import services as donations
from allemaaldigitaal.donations.device_import import RowsRefused
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.forms import leave_focus_to_error_summary, refused_with_flash, show_domain_error

from . import receiving
from .blueprint import bp
from .receive_forms import CODE_INPUT, ArrivalForm, ScanForm

RECEIVERS = (K.REFURBISHER, K.COORDINATOR)


def _donation(reference: str) -> Donation:
    return get_visible_by_or_404(Donation, Donation.reference, reference)


def _back(reference: str, received: str | None = None) -> str:
    return url_for(".receive_donation", reference=reference, ontvangen=received)


@bp.get("/werkplaats/ontvangen")
@allow(*RECEIVERS)
def receive():
    page = max(1, request.args.get("pagina", 1, type=int))
    intakes, total = receiving.open_intakes(current_user, page)
    to_take, takeable_total = receiving.donations_to_take(current_user)
    return render_template(
        "workshop/receive.html", intakes=intakes, total=total, page=page, pages=max(1, ceil(total / receiving.PER_PAGE)),
        to_take=to_take, takeable_total=takeable_total,
    )


@bp.route("/werkplaats/ontvangen/<reference>", methods=["GET", "POST"])
@allow(*RECEIVERS)
def receive_donation(reference: str):
    """GET: the intake; POST: one scanned device received, then back to the page with the field empty."""
    donation = _donation(reference)
    form = ScanForm()
    refusal = None
    if form.validate_on_submit():
        try:
            device = commit_or_rollback(lambda: receiving.receive_scanned(current_user, _donation(reference),
                                                                          form.code.data))
        except DomainError as error:
            refusal = error.message
        else:
            return redirect(_back(reference, device.asset_tag))
    elif form.errors:
        refusal = " ".join(str(message) for messages in form.errors.values() for message in messages)
    form.code.render_kw = {**CODE_INPUT, "autofocus": True}
    form.code.data = ""
    return _intake_page(donation, form, refusal)


def _intake_page(donation: Donation, form: ScanForm, refusal: str | None):
    intake = receiving.intake_of(donation)
    waiting, waiting_total = receiving.waiting_devices(donation)
    arrived, arrived_total = receiving.arrived_devices(donation)
    return render_template(
        "workshop/receive_donation.html", donation=donation, intake=intake, form=form, refusal=refusal,
        received=None if refusal else _just_received(donation), waiting=waiting, waiting_total=waiting_total,
        arrived=arrived, arrived_total=arrived_total, may_scan=_open(donation),
    ), 422 if refusal else 200


def _open(donation: Donation) -> bool:
    return donation.cancelled_at is None and donation.refurbisher_id is not None


def _just_received(donation: Donation) -> Device | None:
    """The device named in ?ontvangen= when it is one of this donation's that has arrived (shown, never changed)."""
    try:
        tag = normalise_tag(request.args.get("ontvangen", ""))
    except InvalidTag:
        return None
    device = db.session.scalar(select(Device).where(Device.asset_tag == tag, Device.donation_id == donation.id))
    if device is None or device.status in (DeviceStatus.PLEDGED, DeviceStatus.CANCELLED):
        return None
    return device


@bp.route("/werkplaats/ontvangen/<reference>/apparaat", methods=["GET", "POST"])
@allow(*RECEIVERS)
def register_device(reference: str):
    """A device that arrived without a pledge: registered and received at once."""
    donation = _donation(reference)
    if not _open(donation):
        abort(404)
    form = ArrivalForm()
    if request.method == "GET" and request.args.get("label"):
        form.preprinted_tag.data = request.args["label"][:300]
    if form.validate_on_submit():
        try:
            device = commit_or_rollback(lambda: receiving.register_and_receive(
                current_user, _donation(reference), form.row(), form.preprinted_tag.data))
        except RowsRefused as refused:
            for name, messages in refused.rows[0].problems.items():
                field = getattr(form, name)
                field.errors = [*field.errors, *messages]
            leave_focus_to_error_summary(form)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return redirect(_back(reference, device.asset_tag))
    return render_template("workshop/receive_register.html", donation=donation, form=form, back=_back(reference))


@bp.post("/werkplaats/ontvangen/<reference>/opgehaald")
@allow(*RECEIVERS)
def collect(reference: str):
    _donation(reference)
    if refused_with_flash(lambda: donations.mark_collected(_donation(reference), current_user)):
        return redirect(_back(reference))
    flash(_("Genoteerd: de apparaten zijn opgehaald. De donateur krijgt een e-mail."), "success")
    return redirect(_back(reference))


@bp.post("/werkplaats/ontvangen/<reference>/oppakken")
@allow(K.REFURBISHER)
def take(reference: str):
    """A workshop takes an open donation of its province; any other donation is a 404."""
    def take_it():
        found = db.session.scalar(donations.takeable(current_user.organisation).where(Donation.reference == reference))
        if found is None:
            abort(404)
        return donations.take(found, current_user)

    if refused_with_flash(take_it):
        return redirect(url_for(".receive"))
    flash(_("Jullie werkplaats haalt donatie %(reference)s op. De donateur krijgt een e-mail.", reference=reference),
          "success")
    return redirect(_back(reference))


@bp.get("/werkplaats/ontvangen/<reference>/afsluiten/bevestigen")
@allow(*RECEIVERS)
def confirm_close(reference: str):
    """Lists what was not received and asks first; writes nothing."""
    donation = _donation(reference)
    if donation.closed_at is not None or not _open(donation):
        return redirect(_back(reference))
    if not donations.is_collected(donation):
        flash(_("De apparaten zijn nog niet opgehaald. Meld eerst dat ze zijn opgehaald, of scan de apparaten die "
                "binnen zijn."), "error")
        return redirect(_back(reference))
    missing, missing_total = receiving.waiting_devices(donation)
    return render_template(
        "workshop/receive_close.html", donation=donation, missing=missing, missing_total=missing_total,
        action=url_for(".close", reference=reference), back_url=_back(reference),
    )


@bp.post("/werkplaats/ontvangen/<reference>/afsluiten")
@allow(*RECEIVERS)
def close(reference: str):
    _donation(reference)
    try:
        missing = commit_or_rollback(lambda: receiving.close_receiving(current_user, _donation(reference)))
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(_back(reference))
    if missing:
        flash(ngettext("Het ontvangen is afgesloten. %(num)s apparaat is niet ontvangen: het staat hieronder.",
                       "Het ontvangen is afgesloten. %(num)s apparaten zijn niet ontvangen: ze staan hieronder.",
                       len(missing)), "warning")
    else:
        flash(_("Het ontvangen is afgesloten. Alle apparaten zijn ontvangen."), "success")
    return redirect(_back(reference))
