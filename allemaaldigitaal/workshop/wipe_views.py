"""The wipe page of a device (one form per storage medium), recycling, and the nwipe report upload."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from allemaaldigitaal.core.access import allow, scoped
from allemaaldigitaal.core.enums import DeviceStatus, WipeLevel, WipeTechnique, WipeVerification
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import refusal
from allemaaldigitaal.core.models import Device, WipeRecord
from allemaaldigitaal.core.tags import InvalidTag, normalise_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.forms import commit_or_show, leave_focus_to_error_summary
from allemaaldigitaal.web.security import accepts_uploads

from . import nwipe
from .blueprint import bp
from .lookup import RECORDERS, visible_device_or_404
from .media import device_media
from .record_forms import RecycleForm, ReportUploadForm, WipeForm, local_now
from .recycling import recycle_device
from .wipe_records import WIPEABLE, record_device_wipe


@bp.route("/d/<tag>/wissen", methods=["GET", "POST"])
@bp.route("/D/<tag>/wissen", methods=["GET", "POST"])
@allow(*RECORDERS)
def wipe(tag: str):
    device = visible_device_or_404(tag)
    records = db.session.scalars(
        scoped(WipeRecord).where(WipeRecord.device_id == device.id).order_by(WipeRecord.id.desc())
    ).all()
    forms = _wipe_forms(device, records)
    chosen = request.form.get("medium_form") if request.method == "POST" else None
    if chosen is not None:
        form = forms.get(chosen) or abort(400)
        if form.validate():
            done, _record = commit_or_show(form, lambda: record_device_wipe(current_user, device, form.details()))
            if done:
                flash(_("Het wissen van schijf %(serial)s is vastgelegd.", serial=form.medium_serial.data.strip().upper()),
                      "success")
                return redirect(url_for(".wipe", tag=device.asset_tag))
    return render_template("workshop/wipe.html", device=device, forms=forms, records=records,
                           may_wipe=device.status in WIPEABLE,
                           may_recycle=refusal(device, DeviceStatus.RECYCLED) is None)


def _wipe_forms(device: Device, records: list[WipeRecord]) -> dict[str, WipeForm]:
    """A form per known medium (from checks and earlier wipes), and blank ones for media not known yet (at least one)."""
    submitted = request.form.get("medium_form") if request.method == "POST" else None
    media = _known_media(device, records)
    blanks = max(1, device.storage_media_count - len(media))
    forms = {}
    for index in range(len(media) + blanks):
        prefix = f"m{index}"
        form = WipeForm(prefix=prefix) if prefix == submitted else WipeForm(prefix=prefix, formdata=None)
        if prefix != submitted:
            form.started_at.data = form.finished_at.data = local_now()
            if index < len(media):
                serial, medium_type, capacity = media[index]
                form.medium_serial.data, form.medium_capacity_gb.data = serial, capacity
                form.medium_type.data = str(medium_type or form.medium_type.default)
        forms[prefix] = form
    return forms


def _known_media(device: Device, records: list[WipeRecord]) -> list[tuple]:
    """(serial, type, capacity) of the device's known media, then of media only its wipe records name."""
    known = {medium.serial: (medium.serial, medium.medium_type, medium.capacity_gb) for medium in device_media(device)}
    for record in reversed(records):
        known.setdefault(record.medium_serial, (record.medium_serial, record.medium_type, record.medium_capacity_gb))
    return list(known.values())


@bp.route("/d/<tag>/recyclen", methods=["GET", "POST"])
@bp.route("/D/<tag>/recyclen", methods=["GET", "POST"])
@allow(*RECORDERS)
def recycle(tag: str):
    device = visible_device_or_404(tag)
    form = RecycleForm()
    refused = refusal(device, DeviceStatus.RECYCLED)
    if refused is None and form.validate_on_submit():
        done, _event = commit_or_show(form, lambda: recycle_device(current_user, device, form.destruction()))
        if done:
            flash(_("Het apparaat is gerecycled. De vernietiging van de opslag is vastgelegd."), "success")
            return redirect(url_for("devices.detail", tag=device.asset_tag))
    elif not form.is_submitted():
        form.media_serials.data = "\n".join(medium.serial for medium in device_media(device))
    return render_template("workshop/recycle.html", device=device, form=form, refused=refused)


@bp.route("/werkplaats/wisrapporten", methods=["GET", "POST"])
@allow(*RECORDERS)
@accepts_uploads
def wipe_reports():
    form = ReportUploadForm()
    outcomes = None
    if form.validate_on_submit():
        device = _device_of_tag(form)
        if device is not False:
            outcomes = _import(form, device)
    return render_template("workshop/wipe_reports.html", form=form, outcomes=outcomes)


def _device_of_tag(form: ReportUploadForm):
    """The device of the typed tag, None when none was typed, False when it is not found (shown in the form)."""
    text = (form.tag.data or "").strip()
    if not text:
        return None
    try:
        canonical = normalise_tag(text)
    except InvalidTag as error:
        form.tag.errors = [*form.tag.errors, str(error)]
        leave_focus_to_error_summary(form)
        return False
    device = db.session.scalar(scoped(Device).where(Device.asset_tag == canonical))
    if device is None:
        form.tag.errors = [*form.tag.errors, _("Er is geen apparaat met deze code dat je kunt zien.")]
        leave_focus_to_error_summary(form)
        return False
    return device


def _import(form: ReportUploadForm, device) -> list[nwipe.FileOutcome]:
    files = [(upload.filename, upload.read()) for upload in form.file.data if upload.filename]
    method = nwipe.Method(WipeLevel(form.level.data), WipeTechnique(form.technique.data),
                          WipeVerification(form.verification.data))
    try:
        outcomes = commit_or_rollback(lambda: nwipe.import_reports(current_user, files, method, device))
    except nwipe.ReportsRefused as refused:
        form.form_errors.append(refused.message)
        leave_focus_to_error_summary(form)
        return refused.outcomes
    except DomainError as error:
        form.file.errors = [*form.file.errors, error.message]
        leave_focus_to_error_summary(form)
        return None
    flash(_("De rapporten zijn ingelezen."), "success")
    return outcomes
