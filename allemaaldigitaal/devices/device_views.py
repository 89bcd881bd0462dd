"""The page behind every QR code (/D/<TAG>), its status buttons, the tag search, and the device list.

Who may see the device gets its status, history, specs, checks, wipes and the steps the lifecycle allows now;
anyone else whom to contact. A step is a POST with a CSRF token to /D/<TAG>/status.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from allemaaldigitaal.core.access import allow, public, scoped, signed_in
from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.models import Device, PreprintedLabel
from allemaaldigitaal.core.tags import InvalidTag, format_tag, normalise_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.forms import commit_or_show

from . import labels as label_service
from .device_page import REASONED, STEPPERS, device_checks, device_for_page, newest_wipes, visible_fixes
from .filters import LIST_OPTIONS, InvalidCursor, any_device_with_tag
from .forms import StepForm
from .list_filter import list_filter_form
from .timeline import device_timeline
from .transitions import next_steps, take_step
from .views import bp


@bp.get("/apparaten")
@signed_in
def index():
    form = list_filter_form(current_user, request.args)
    chosen = form.chosen()
    try:
        page = chosen.page(current_user, request.args.get("pagina"), options=LIST_OPTIONS)
    except InvalidCursor:
        page = chosen.page(current_user, options=LIST_OPTIONS)
    query = {field.name: request.args[field.name] for field in form if request.args.get(field.name)}
    return render_template(
        "devices/index.html", form=form, devices=page.devices, page=page, total=page.total, query=query,
        chosen=chosen, may_print=label_service.may_print(current_user),
    )


@bp.get("/D")
@public
def find():
    """The search field of the not-found pages: to the page of the typed tag (or of a label's whole address)."""
    code = (request.args.get("code") or "").strip().rstrip("/").rsplit("/", 1)[-1]
    if not code or len(code) > 40:
        return redirect(url_for("public.home"))
    return redirect(url_for(".detail", tag=code))


@bp.get("/d/<tag>")
@bp.get("/D/<tag>")  # registered first, so links are built with the upper-case /D/ the labels carry
@public
def detail(tag: str):
    """Where a label's QR code leads: the device for who may see it, whom to contact for anyone else."""
    try:
        canonical = normalise_tag(tag)
    except InvalidTag as error:
        return _mistyped(tag, error)
    device = device_for_page(current_user, canonical)
    if device is not None:
        return _device_page(device, StepForm())
    label = db.session.scalar(select(PreprintedLabel).where(PreprintedLabel.tag == canonical))
    if label is not None and label.device_id is None and _sees_label(label):
        return render_template("devices/unlinked_label.html", label=label)
    if label is not None or any_device_with_tag(canonical):
        return render_template("devices/found.html", tag=canonical)
    return render_template("devices/unknown_tag.html", typed=tag, tag=canonical), 404


def _mistyped(typed: str, error: InvalidTag):
    """404 with why the tag cannot be read; a signed-in user also gets the devices it probably meant."""
    fixes = visible_fixes(current_user, typed) if error.reason == "check" and current_user.is_authenticated else []
    return render_template("devices/unknown_tag.html", typed=typed, reason=str(error), mistyped=error.reason == "check",
                           fixes=[format_tag(fix) for fix in fixes]), 404


@bp.post("/D/<tag>/status")
@allow(*STEPPERS)
def step(tag: str):
    """Take one step of the device's life; a refusal shows the lifecycle's own message on the page."""
    try:
        device = device_for_page(current_user, normalise_tag(tag))
    except InvalidTag:
        abort(404)
    if device is None:
        abort(404)
    form = StepForm()
    if not form.validate():
        return _device_page(device, form), 422
    to = S(form.to.data)
    done, _event = commit_or_show(form, lambda: take_step(current_user, device, to, form.note.data))
    if done:
        flash(_("De status is nu: %(status)s.", status=to.label), "success")
        return redirect(url_for(".detail", tag=device.asset_tag))
    return _device_page(device, form), 409


def _device_page(device: Device, form: StepForm):
    steps = next_steps(current_user, device) if current_user.kind in STEPPERS else []
    return render_template(
        "devices/detail.html", device=device, form=form, steps=steps, reasoned=REASONED,
        timeline=device_timeline(device, current_user, preloaded=True), checks=device_checks(device),
        wipes=newest_wipes(device),
        may_print=label_service.may_print(current_user),
    )


def _sees_label(label: PreprintedLabel) -> bool:
    if not current_user.is_authenticated:
        return False
    return db.session.scalar(scoped(PreprintedLabel).where(PreprintedLabel.id == label.id)) is not None
