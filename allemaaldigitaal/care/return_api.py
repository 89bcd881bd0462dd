"""POST /api/v1/devices/{tag}/return: a device came back; the same service as the scan station and the device page.

A care organisation records the return of a device it holds (it then brings the device to the workshop); a
workshop records a return brought straight to it, or takes in a returned device a care organisation brings.
A device the caller may not see is a 404; a return the lifecycle refuses now is a 409 with its code.
"""
from flask_login import current_user

from allemaaldigitaal.core.access import allow
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.devices.schemas import LifecycleProblemSchema
from allemaaldigitaal.web.problems import PROBLEM_JSON, problem_response
from allemaaldigitaal.workshop.lookup import visible_device_or_404

from .blueprint import blp
from .return_schemas import ReturnDoneSchema, ReturnInSchema
from .returns import return_device, workshop_of


@blp.route("/devices/<tag>/return", methods=["POST"])
@allow(K.CARE, K.REFURBISHER, K.COORDINATOR)
@blp.arguments(ReturnInSchema, location="json", as_kwargs=False)
@blp.response(200, ReturnDoneSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, schema=LifecycleProblemSchema, content_type=PROBLEM_JSON,
                  description="The return is refused now; `code` says why (e.g. `not_allowed`, `not_in_custody`, "
                              "`already_returned`, `already_in_workshop`).")
def post_return(data: dict, tag: str):
    """A device came back from the person who had it.

    A care organisation records it for a device it holds; the device stays with it until it brings the device to
    the workshop in `bring_to`. A workshop records a device brought straight to it, or takes in a returned device
    a care organisation brings. Either way the workshop must wipe it again before it can go to anyone else.
    """
    device = visible_device_or_404(tag)
    before = device.status
    try:
        event = commit_or_rollback(lambda: return_device(current_user, device, data["note"], data["condition"]))
    except DomainError as error:
        code = getattr(error, "code", None)  # a lifecycle refusal names its reason for programs
        return problem_response(409, str(error.message), **({"code": code} if code else {}))
    holder = device.custodian
    bring_to = workshop_of(device) if holder is not None and holder.kind == K.CARE else None
    return {"tag": format_tag(device.asset_tag), "from_status": before.value, "status": device.status.value,
            "held_by": holder.name if holder else None, "bring_to": bring_to.name if bring_to else None,
            "at": event.created_at}
