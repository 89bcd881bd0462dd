"""The donation pages: a donor pledges, edits and cancels; a coordinator assigns; a workshop collects.
A workshop takes an open donation of its province on the receive pages (workshop.take); this list shows them too.

Pages that change something are POSTs with a CSRF token; cancelling first shows a confirmation page (a GET that
writes nothing). A reference from a URL is looked up with get_visible_by_or_404, so another organisation's
donation is a 404.
"""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from allemaaldigitaal.core.access import allow, get_visible_by_or_404, scoped
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Device, Donation, Organisation
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.forms import commit_or_show, refused_with_flash
from allemaaldigitaal.workshop.receiving import donations_to_take

from . import paging, services
from .blueprint import bp
from .forms import AssignForm, DonationForm
from .progress import device_counts, next_step, state, state_label

VIEWERS = (K.DONOR, K.REFURBISHER, K.COORDINATOR)
#: the most donations the take list of a workshop shows, oldest first
LIST_LIMIT = 200


def _donation(reference: str) -> Donation:
    return get_visible_by_or_404(Donation, Donation.reference, reference)


@bp.get("/donaties")
@allow(*VIEWERS)
def index():
    """The donations the user may see, newest first, a page (`pagina`) at a time."""
    number = request.args.get("pagina", 1, type=int)
    page = paging.page_of(scoped(Donation), number, paging.PER_PAGE, last_if_beyond=True)
    donations = page.items
    takeable, takeable_total = donations_to_take(current_user, LIST_LIMIT)
    return render_template(
        "donations/index.html", donations=donations, page=page, takeable=takeable, takeable_total=takeable_total,
        counts=device_counts(donation.id for donation in donations), state=state, state_label=state_label,
    )


@bp.route("/donaties/nieuw", methods=["GET", "POST"])
@allow(K.DONOR)
def new():
    form = DonationForm()
    if form.validate_on_submit():
        done, donation = commit_or_show(form, lambda: services.pledge(current_user, form.details()))
        if done:
            flash(_("Je donatie %(reference)s is gemaakt. Zet nu de apparaten in de lijst.",
                    reference=donation.reference), "success")
            return redirect(url_for(".detail", reference=donation.reference))
    return render_template("donations/new.html", form=form)


@bp.get("/donaties/<reference>")
@allow(*VIEWERS)
def detail(reference: str):
    donation = _donation(reference)
    devices = list(db.session.scalars(select(Device).where(Device.donation_id == donation.id).order_by(Device.id)))
    counts = device_counts([donation.id]).get(donation.id, [])
    return render_template(
        "donations/detail.html", donation=donation, devices=devices, counts=counts, state=state(donation),
        state_label=state_label(donation), next_step=next_step(donation, current_user, len(devices)),
        may_change=current_user.kind == K.DONOR and services.may_change(donation),
        may_collect=_may_collect(donation),
    )


def _may_collect(donation: Donation) -> bool:
    if donation.refurbisher_id is None or state(donation) in ("cancelled", "collected"):
        return False
    return current_user.kind == K.COORDINATOR or current_user.organisation_id == donation.refurbisher_id


@bp.route("/donaties/<reference>/wijzigen", methods=["GET", "POST"])
@allow(K.DONOR)
def edit(reference: str):
    donation = _donation(reference)
    if not services.may_change(donation):
        flash(_("Deze donatie kun je niet meer wijzigen."), "error")
        return redirect(url_for(".detail", reference=reference))
    form = DonationForm()
    if request.method == "GET":
        form.fill_from(donation)
    elif form.validate_on_submit():
        done, _changed = commit_or_show(form, lambda: services.edit(_donation(reference), current_user, form.details()))
        if done:
            flash(_("De donatie is gewijzigd."), "success")
            return redirect(url_for(".detail", reference=reference))
    return render_template("donations/edit.html", form=form, donation=donation)


@bp.get("/donaties/<reference>/annuleren/bevestigen")
@allow(K.DONOR)
def confirm_cancel(reference: str):
    """Asks first; writes nothing."""
    donation = _donation(reference)
    if not services.may_change(donation):
        flash(_("Deze donatie kun je niet meer annuleren."), "error")
        return redirect(url_for(".detail", reference=reference))
    return render_template("donations/confirm_cancel.html", donation=donation,
                           action=url_for(".cancel", reference=reference),
                           back_url=url_for(".detail", reference=reference))


@bp.post("/donaties/<reference>/annuleren")
@allow(K.DONOR)
def cancel(reference: str):
    _donation(reference)
    if refused_with_flash(lambda: services.cancel(_donation(reference), current_user)):
        return redirect(url_for(".detail", reference=reference))
    flash(_("De donatie is geannuleerd."), "success")
    return redirect(url_for(".detail", reference=reference))


@bp.route("/donaties/<reference>/toewijzen", methods=["GET", "POST"])
@allow(K.COORDINATOR)
def assign(reference: str):
    donation = _donation(reference)
    workshops = list(db.session.scalars(services.active_workshops()))
    form = AssignForm(workshops)
    if form.validate_on_submit():
        done, _assigned = commit_or_show(form, lambda: services.assign(
            _donation(reference), current_user, db.session.get(Organisation, int(form.workshop.data))))
        if done:
            flash(_("De donatie is toegewezen. De werkplaats en de donateur krijgen een e-mail."), "success")
            return redirect(url_for(".detail", reference=reference))
    return render_template("donations/assign.html", form=form, donation=donation)


@bp.post("/donaties/<reference>/opgehaald")
@allow(K.REFURBISHER, K.COORDINATOR)
def collect(reference: str):
    _donation(reference)
    if refused_with_flash(lambda: services.mark_collected(_donation(reference), current_user)):
        return redirect(url_for(".detail", reference=reference))
    flash(_("Genoteerd: de apparaten zijn opgehaald. De donateur krijgt een e-mail."), "success")
    return redirect(url_for(".detail", reference=reference))
