"""Taking delivery of a claim's devices (on the claim page), and handing a device out (/D/<TAG>/uitreiken).

Only the care organisation does these; a device or claim it may not see is a 404. The handout page shows the form
while the device is delivered and in the organisation's custody; after the handout it shows the handover form to
print and the button that marks it signed.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from allemaaldigitaal.core.access import allow, get_visible_or_404
from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Claim, Device
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.web.forms import commit_or_show, refused_with_flash
from allemaaldigitaal.workshop.lookup import visible_device_or_404

from .blueprint import bp
from .delivery import DeliveryRefused, receive_devices
from .handout_forms import HandoutForm, ReceiveForm
from .handouts import hand_out, mark_signed
from .views import claim_page, to_claim


@bp.post("/aanvragen/<int:claim_id>/ontvangen")
@allow(K.CARE)
def receive(claim_id: int):
    """The ticked devices are received: all of them, or none with the reason of each refusal."""
    claim = get_visible_or_404(Claim, claim_id)
    form = ReceiveForm()
    if not form.validate():
        flash(" ".join(str(error) for errors in form.errors.values() for error in errors), "error")
        return to_claim(claim_id)
    try:
        devices = commit_or_rollback(lambda: receive_devices(current_user, claim, form.tags.data))
    except DeliveryRefused as refused:
        return claim_page(claim, 409, refusals=refused.refusals, ticked=set(form.tags.data))
    except DomainError as error:
        flash(str(error.message), "error")
        return to_claim(claim_id)
    flash(_("Ontvangen: %(tags)s. De apparaten zijn nu bij jullie.",
            tags=", ".join(format_tag(device.asset_tag) for device in devices)), "success")
    return to_claim(claim_id)


def _ours(device: Device) -> bool:
    return device.custodian_id == current_user.organisation_id


def _open_handout(device: Device):
    """The device's handout when it is handed out by this organisation, else None."""
    handout = device.handout
    if device.status != S.HANDED_OUT or handout is None or handout.care_organisation_id != current_user.organisation_id:
        return None
    return handout


def _handout_page(device: Device, form: HandoutForm, status: int = 200):
    return render_template(
        "care/handout.html", device=device, form=form, handout=_open_handout(device),
        may_hand_out=device.status == S.DELIVERED and _ours(device),
    ), status


@bp.route("/D/<tag>/uitreiken", methods=["GET", "POST"])
@allow(K.CARE)
def handout(tag: str):
    """Hand a delivered device to a person; afterwards the form to print and to mark as signed."""
    device = visible_device_or_404(tag)
    form = HandoutForm()
    if not form.is_submitted():
        return _handout_page(device, form)
    if not form.validate():
        return _handout_page(device, form, 422)
    done, _handout = commit_or_show(form, lambda: hand_out(
        device, current_user, form.recipient_reference.data, form.kind.data, form.loan_until.data,
    ))
    if done:
        flash(_("Het apparaat is uitgereikt. Print het overdrachtsformulier en laat het ondertekenen."), "success")
        return redirect(url_for(".handout", tag=device.asset_tag))
    field_errors = any(field.errors for field in form)
    return _handout_page(device, form, 422 if field_errors else 409)


@bp.post("/D/<tag>/uitreiken/getekend")
@allow(K.CARE)
def mark_handout_signed(tag: str):
    """The paper handover form is signed by both; only the date and who marked it are kept."""
    device = visible_device_or_404(tag)
    handout = _open_handout(device)
    if handout is None:
        abort(404)
    if not refused_with_flash(lambda: mark_signed(handout, current_user)):
        flash(_("Vastgelegd: het overdrachtsformulier is getekend."), "success")
    return redirect(url_for(".handout", tag=device.asset_tag))
