"""POST /api/v1/scans: the scan station's own endpoint, for handheld scanners and programs.

The same service as the page: 200 with the result when the step was taken, 409 with the lifecycle's code and
message when it refused, 404 when no device with the tag is visible, 422 for a code or action that cannot be read.
"""
from flask_login import current_user
from marshmallow import Schema, fields, validate

from allemaaldigitaal.core.access import allow
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.web.problems import problem_response

from . import scans
from .blueprint import blp
from .scan_views import SCANNERS

#: the HTTP status of each outcome that is not accepted
STATUS = {"refused": 409, "not_found": 404, "invalid": 422}
#: the request field an invalid outcome is about
INVALID_FIELD = {"action": "action"}


class ScanSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=500),
                         metadata={"description": "The tag in any form (AD-7K4-QX2-M9C, 7k4qx2m9c) or the URL of its QR."})
    action = fields.String(required=True, validate=validate.OneOf(list(scans.ACTIONS)),
                           metadata={"description": "What to do with the device; which ones depends on your organisation."})
    note = fields.String(load_default=None, validate=validate.Length(max=500),
                         metadata={"description": "Why (required for recycle and lost)."})


class ScanResultSchema(Schema):
    outcome = fields.String(metadata={"description": "accepted"})
    accepted = fields.Boolean()
    message = fields.String()
    tag = fields.String()
    brand = fields.String(allow_none=True)
    model = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "The device's status now."})
    action = fields.String()
    event_id = fields.Integer(allow_none=True, metadata={"description": "The history event of the step."})


@blp.route("/scans", methods=["POST"])
@allow(*SCANNERS)
@blp.arguments(ScanSchema)
@blp.response(200, ScanResultSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def post_scan(data):
    """Scan a device: take the action's step (or note a check scan), as the scan station does."""
    result = commit_or_rollback(lambda: scans.scan(current_user, data["code"], data["action"], data["note"]))
    if result.accepted:
        return result.as_dict()
    if result.outcome == "invalid":
        errors = {"json": {INVALID_FIELD.get(result.code, "code"): [result.message]}}
        return problem_response(422, result.message, errors)
    if result.outcome == "refused":
        return problem_response(409, result.message, code=result.code)
    return problem_response(STATUS[result.outcome], result.message)
