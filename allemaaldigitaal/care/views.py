"""The care pages: the claims and the stock, a new claim, one claim, its change and its withdrawal.

A care organisation sees its own claims only (another's is a 404); a coordinator sees every claim and decides and
allocates on the claim's page (coordinator_views.py).
"""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from allemaaldigitaal.core.access import allow, get_visible_or_404
from allemaaldigitaal.core.enums import ClaimStatus, ConditionGrade, DeviceKind, OrganisationKind as K
from allemaaldigitaal.core.models import Claim
from allemaaldigitaal.web.forms import commit_or_show, refused_with_flash

from . import overview
from .allocation import allocated_counts, requested
from .blueprint import bp
from .claims import change_claim, create_claim, withdraw_claim
from .forms import AllocateAutoForm, AllocateTagsForm, ClaimForm, RejectForm
from .stock import stock_counts


def claim_of(claim_id: int) -> Claim:
    return get_visible_or_404(Claim, claim_id)


def to_claim(claim_id: int):
    return redirect(url_for("care.claim", claim_id=claim_id))


@bp.get("/aanvragen")
@allow(K.CARE, K.COORDINATOR)
def claims():
    counts = {(row.kind, row.grade): row.count for row in stock_counts()}
    return render_template(
        "care/claims.html", rows=overview.claim_rows(current_user), stock=counts, kinds=list(DeviceKind),
        grades=[*ConditionGrade, None],
    )


@bp.route("/aanvragen/nieuw", methods=["GET", "POST"], endpoint="request")
@allow(K.CARE)
def request_devices():
    form = ClaimForm()
    if form.validate_on_submit():
        done, claim = commit_or_show(form, lambda: create_claim(current_user.organisation, current_user,
                                                                **form.values()))
        if done:
            flash(_("Je aanvraag is verstuurd. Een coördinator bekijkt hem."), "success")
            return to_claim(claim.id)
    return render_template("care/claim_form.html", form=form, claim=None), 422 if form.errors else 200


@bp.get("/aanvragen/<int:claim_id>")
@allow(K.CARE, K.COORDINATOR)
def claim(claim_id: int):
    return claim_page(claim_of(claim_id))


def claim_page(claim: Claim, status: int = 200, **forms):
    """The claim's page; a coordinator's forms come in filled when one was refused, a care organisation's refused
    delivery as `refusals` and `ticked`."""
    devices = overview.claim_devices(claim)
    coordinator = current_user.kind == K.COORDINATOR
    forms = {
        "reject_form": RejectForm(formdata=None), "tags_form": AllocateTagsForm(formdata=None),
        "auto_form": AllocateAutoForm(formdata=None), **forms,
    } if coordinator else forms
    return render_template(
        "care/claim.html", claim=claim, devices=devices, points=overview.collection_points(devices),
        asked=requested(claim), allocated=allocated_counts(claim), coordinator=coordinator,
        undecided=claim.status == ClaimStatus.SUBMITTED, kinds=DeviceKind, **forms,
    ), status


@bp.route("/aanvragen/<int:claim_id>/wijzigen", methods=["GET", "POST"])
@allow(K.CARE)
def change(claim_id: int):
    claim = claim_of(claim_id)
    if claim.status != ClaimStatus.SUBMITTED:
        flash(_("Deze aanvraag is al behandeld. Je kunt hem niet meer wijzigen."), "error")
        return to_claim(claim_id)
    form = ClaimForm(obj=claim)
    if form.validate_on_submit():
        done, _claim = commit_or_show(form, lambda: change_claim(claim_of(claim_id), current_user, **form.values()))
        if done:
            flash(_("De aanvraag is gewijzigd."), "success")
            return to_claim(claim_id)
    return render_template("care/claim_form.html", form=form, claim=claim), 422 if form.errors else 200


@bp.get("/aanvragen/<int:claim_id>/intrekken/bevestigen")
@allow(K.CARE)
def confirm_withdraw(claim_id: int):
    claim = claim_of(claim_id)
    if claim.status != ClaimStatus.SUBMITTED:
        return to_claim(claim_id)
    return render_template("care/withdraw.html", claim=claim, action=url_for(".withdraw", claim_id=claim_id),
                           back_url=url_for(".claim", claim_id=claim_id))


@bp.post("/aanvragen/<int:claim_id>/intrekken")
@allow(K.CARE)
def withdraw(claim_id: int):
    claim_of(claim_id)
    if not refused_with_flash(lambda: withdraw_claim(claim_of(claim_id), current_user)):
        flash(_("De aanvraag is ingetrokken."), "success")
    return to_claim(claim_id)
