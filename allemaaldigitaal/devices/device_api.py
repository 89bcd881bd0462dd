"""GET /api/v1/devices (the device filter, a page at a time), GET /api/v1/devices/{tag} (with its history, checks
and wipes) and POST /api/v1/devices/{tag}/transitions (one status step): the same filter and services as the pages.

A device the caller may not see, or a tag that cannot be read, is a 404; a bad filter value a 422 naming it;
a step the lifecycle refuses a 409 with the lifecycle's code and message.
"""
from flask import abort as flask_abort
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort

from allemaaldigitaal.api.spec import ApiBlueprint
from allemaaldigitaal.core.access import allow, signed_in
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus
from allemaaldigitaal.core.lifecycle import LifecycleError
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import InvalidTag, format_tag, normalise_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.web.problems import PROBLEM_JSON, problem_response

from .device_page import STEPPERS, device_checks, device_for_page, newest_wipes
from .filters import LIST_OPTIONS, DeviceFilter, InvalidCursor
from .schemas import (
    DeviceDetailSchema,
    DevicePageSchema,
    DeviceQuerySchema,
    LifecycleProblemSchema,
    TransitionDoneSchema,
    TransitionSchema,
)
from .timeline import device_timeline
from .transitions import take_step

blp = ApiBlueprint("api_devices", __name__, description="Devices: the filtered list, one device with its history, "
                                                        "and status steps.")


def _visible_or_404(tag: str) -> Device:
    try:
        device = device_for_page(current_user, normalise_tag(tag))
    except InvalidTag:
        flask_abort(404)
    if device is None:
        flask_abort(404)
    return device


@blp.route("/devices")
@signed_in
@blp.arguments(DeviceQuerySchema, location="query")
@blp.response(200, DevicePageSchema)
def list_devices(query: dict):
    """The devices you may see that pass the filter, a page at a time.

    Every filter narrows the list; together they all apply. Pages are found by cursor: follow `next_cursor`
    (or `previous_cursor`) until it is null; `cursor=last` gives the last page. A cursor belongs to its `sort`.
    """
    chosen = DeviceFilter(
        donation=query.get("donation"), status=DeviceStatus(query["status"]) if "status" in query else None,
        kind=DeviceKind(query["kind"]) if "kind" in query else None, workshop=query.get("workshop"),
        care=query.get("care"), text=query.get("q"), sort=query["sort"],
    )
    try:
        page = chosen.page(current_user, query.get("cursor"), query["limit"], LIST_OPTIONS)
    except InvalidCursor:
        message = _("Deze cursor hoort niet bij deze lijst. Begin zonder cursor.")
        abort(422, message=message, errors={"query": {"cursor": [message]}})
    return {"items": page.devices, "total": page.total, "next_cursor": page.next, "previous_cursor": page.previous}


@blp.route("/devices/<tag>")
@signed_in
@blp.response(200, DeviceDetailSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_device(tag: str):
    """One device: status, specs, its history as your organisation may read it, its checks and its wipe records.

    The tag may be in any form: `AD-329-XPE-G6Q`, `329XPEG6Q`, lower case.
    """
    device = _visible_or_404(tag)
    return DeviceDetail(device, timeline=device_timeline(device, current_user, preloaded=True),
                        checks=device_checks(device), wipes=newest_wipes(device))


class DeviceDetail:
    """The device as the detail schema reads it: its own attributes, and its history, checks and wipes beside."""

    def __init__(self, device: Device, **beside):
        self._device = device
        self.__dict__.update(beside)

    def __getattr__(self, name: str):
        return getattr(self._device, name)


@blp.route("/devices/<tag>/transitions", methods=["POST"])
@allow(*STEPPERS)
@blp.arguments(TransitionSchema, location="json", as_kwargs=False)
@blp.response(201, TransitionDoneSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, schema=LifecycleProblemSchema, content_type=PROBLEM_JSON,
                  description="The lifecycle refuses the step now; `code` says why.")
def add_transition(data: dict, tag: str):
    """Move the device one step in its lifecycle, as the device page's buttons do.

    Which steps your organisation may take: a workshop receives, wipes, makes ready, recycles, takes back and
    reports lost; a care organisation takes delivery, takes back and reports lost. `recycled` and `lost` need a note.
    """
    device = _visible_or_404(tag)
    before = device.status
    try:
        event = commit_or_rollback(lambda: take_step(current_user, device, DeviceStatus(data["to"]), data.get("note")))
    except LifecycleError as error:
        return problem_response(409, str(error.message), code=error.code)
    return {"tag": format_tag(device.asset_tag), "from_status": before.value, "status": event.to_status.value,
            "at": event.created_at}
