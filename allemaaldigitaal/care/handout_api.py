"""POST /api/v1/devices/{tag}/handout (hand a delivered device to a person), its signed form, and GET of a handout.

A device the caller may not see is a 404, before the body is read. A reference or dates the service refuses are
a 422 naming the field; a device that is not delivered or not in the caller's custody is a 409 with the lifecycle's
code. The recipient's reference is shown to the care organisation that handed the device out, and to no one else.
"""

from flask import abort as flask_abort
from flask_login import current_user
from flask_smorest import abort

from allemaaldigitaal.core.access import allow, found_first
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import LifecycleError
from allemaaldigitaal.core.models import Device, Handout
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.devices.schemas import LifecycleProblemSchema
from allemaaldigitaal.web.problems import PROBLEM_JSON, problem_response
from allemaaldigitaal.workshop.lookup import visible_device_or_404

from .blueprint import blp
from .handout_schemas import HandoutInSchema, HandoutSchema
from .handouts import hand_out, mark_signed

visible_device_first = found_first(visible_device_or_404, "tag")


def _handout_or_404(device: Device) -> Handout:
    """The device's open handout, when the caller may see it (the care organisation that made it, a coordinator)."""
    handout = device.handout
    if handout is None or (current_user.kind != K.COORDINATOR
                           and handout.care_organisation_id != current_user.organisation_id):
        flask_abort(404)
    return handout


def _shown(handout: Handout) -> dict:
    shown = {"id": handout.id, "device": format_tag(handout.device.asset_tag), "kind": handout.kind,
             "loan_until": handout.loan_until, "handed_out_at": handout.handed_out_at, "signed_at": handout.signed_at}
    if handout.care_organisation_id == current_user.organisation_id:
        shown["recipient_reference"] = handout.recipient_reference or None  # erased after the retention period
    return shown


@blp.route("/devices/<tag>/handout", methods=["POST"])
@allow(K.CARE)
@visible_device_first
@blp.arguments(HandoutInSchema)
@blp.response(201, HandoutSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, schema=LifecycleProblemSchema, content_type=PROBLEM_JSON,
                  description="The device is not delivered, or not in your custody; `code` says why.")
def hand_out_device(data: dict, tag: str):
    """Give (`gift`) or lend (`loan`, with `loan_until`) a delivered device in your custody to a person.

    The device becomes handed out. Print the handover form, have it signed, then mark it signed.
    """
    device = visible_device_or_404(tag)
    try:
        handout = commit_or_rollback(lambda: hand_out(
            device, current_user, data["recipient_reference"], data["kind"], data["loan_until"],
        ))
    except LifecycleError as error:
        return problem_response(409, str(error.message), code=error.code)
    except DomainError as error:
        abort(422, message=str(error.message), errors={"json": {error.field or "_schema": [str(error.message)]}})
    return _shown(handout)


@blp.route("/devices/<tag>/handout")
@allow(K.CARE, K.COORDINATOR)
@blp.response(200, HandoutSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_handout(tag: str):
    """The device's current handout; the recipient's reference only for the care organisation that made it."""
    return _shown(_handout_or_404(visible_device_or_404(tag)))


@blp.route("/devices/<tag>/handout/signed", methods=["POST"])
@allow(K.CARE)
@blp.response(200, HandoutSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def mark_handout_signed(tag: str):
    """Say the paper handover form is signed by the person and by you; only the time is kept, never the paper."""
    handout = _handout_or_404(visible_device_or_404(tag))
    try:
        commit_or_rollback(lambda: mark_signed(handout, current_user))
    except DomainError as error:
        return problem_response(409, str(error.message))
    return _shown(handout)
