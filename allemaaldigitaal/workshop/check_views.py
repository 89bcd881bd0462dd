"""The check page of a device: one refurbishment inspection per submit."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from allemaaldigitaal.core.access import allow
from allemaaldigitaal.core.models import DeviceCheck
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.forms import commit_or_show

from .blueprint import bp
from .checks import IN_WORKSHOP, record_check
from .lookup import RECORDERS, visible_device_or_404
from .media import device_media
from .record_forms import CheckForm


@bp.route("/d/<tag>/controle", methods=["GET", "POST"])
@bp.route("/D/<tag>/controle", methods=["GET", "POST"])
@allow(*RECORDERS)
def check(tag: str):
    device = visible_device_or_404(tag)
    form = CheckForm()
    if form.validate_on_submit():
        done, _check = commit_or_show(form, lambda: record_check(current_user, device, form.findings()))
        if done:
            flash(_("De controle is vastgelegd."), "success")
            return redirect(url_for("devices.detail", tag=device.asset_tag))
    elif not form.is_submitted():
        form.drive_serials.data = ", ".join(medium.serial for medium in device_media(device))
    checks = db.session.scalars(
        select(DeviceCheck).where(DeviceCheck.device_id == device.id).order_by(DeviceCheck.id.desc())
    ).all()
    return render_template("workshop/check.html", device=device, form=form, checks=checks,
                           may_check=device.status in IN_WORKSHOP)
