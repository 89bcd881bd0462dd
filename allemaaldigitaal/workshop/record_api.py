"""POST /api/v1/devices/{tag}/checks, …/wipes and /api/v1/wipe-reports: the same services as the pages.

A 422 names the problems per field (or per file) and nothing is saved; a device the caller may not see is a 404;
a device in the wrong status is a 409 with the lifecycle's code and message.
"""
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort

from allemaaldigitaal.core.access import allow, scoped
from allemaaldigitaal.core.enums import ConditionGrade, StorageType, WipeLevel, WipeTechnique, WipeVerification
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import LifecycleError
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import InvalidTag, normalise_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.problems import problem_response
from allemaaldigitaal.web.security import accepts_uploads

from . import nwipe
from .blueprint import blp
from .checks import CheckFindings, record_check
from .lookup import RECORDERS, visible_device_or_404
from .record_schemas import (
    CheckInSchema,
    CheckOutSchema,
    ImportResultSchema,
    ReportUploadSchema,
    WipeInSchema,
    WipeOutSchema,
)
from .wipe_records import WipeDetails, record_device_wipe


def _save(action, location: str = "json"):
    """Commit the service call; a lifecycle refusal is a 409 with its code, other refusals a 422."""
    try:
        return commit_or_rollback(action)
    except LifecycleError as error:
        return problem_response(409, str(error.message), code=error.code)
    except DomainError as error:
        abort(422, message=str(error.message), errors={location: {error.field or "_schema": [str(error.message)]}})


@blp.route("/devices/<tag>/checks", methods=["POST"])
@allow(*RECORDERS)
@blp.arguments(CheckInSchema, location="json", as_kwargs=False)
@blp.response(201, CheckOutSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def add_check(data: dict, tag: str):
    """Record a refurbishment check of a device in the workshop (received, wiped, ready or returned).

    The device takes over the grade, the OS and whether its account locks are cleared (needed before `ready`).
    """
    device = visible_device_or_404(tag)
    findings = CheckFindings(**{**data, "condition_grade": ConditionGrade(data["condition_grade"]),
                                "drive_serials": tuple(data["drive_serials"])})
    return _save(lambda: record_check(current_user, device, findings))


@blp.route("/devices/<tag>/wipes", methods=["POST"])
@allow(*RECORDERS)
@blp.arguments(WipeInSchema, location="json", as_kwargs=False)
@blp.response(201, WipeOutSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def add_wipe(data: dict, tag: str):
    """Record the wipe of one storage medium of a device that is received, wiped or returned.

    A failed wipe is recorded too: it keeps the device out of `ready` until the medium is wiped again.
    """
    device = visible_device_or_404(tag)
    details = WipeDetails(**{**data, "medium_type": StorageType(data["medium_type"]), "level": WipeLevel(data["level"]),
                             "technique": WipeTechnique(data["technique"]),
                             "verification": WipeVerification(data["verification"])})
    return _save(lambda: record_device_wipe(current_user, device, details))


@blp.route("/wipe-reports", methods=["POST"])
@allow(*RECORDERS)
@accepts_uploads
@blp.arguments(ReportUploadSchema, location="files")
@blp.response(200, ImportResultSchema)
def import_wipe_reports(form: dict):
    """Import nwipe JSON erasure reports (multipart field `file`, one or more): all of them, or none.

    The method (level, technique, verification) counts for every file. A drive serial already known finds its
    device; otherwise give `tag`, and the serial is remembered. A report imported before is skipped. A 422 lists
    every file by its position (from 0) with its problem, and nothing is saved.
    """
    device = None
    if form.get("tag"):
        device = _device_of_tag(form["tag"])
    uploads = [(upload.filename or f"rapport-{index}.json", upload.read()) for index, upload in enumerate(form["file"])]
    method = nwipe.Method(WipeLevel(form["level"]), WipeTechnique(form["technique"]),
                          WipeVerification(form["verification"]))
    try:
        outcomes = commit_or_rollback(lambda: nwipe.import_reports(current_user, uploads, method, device))
    except nwipe.ReportsRefused as refused:
        problems = {str(index): [f"{outcome.filename}: {outcome.message}"]
                    for index, outcome in enumerate(refused.outcomes) if outcome.outcome == nwipe.PROBLEM}
        abort(422, message=str(refused.message), errors={"files": problems})
    except DomainError as error:
        abort(422, message=str(error.message), errors={"files": {"file": [str(error.message)]}})
    return {"files": outcomes}


def _device_of_tag(text: str) -> Device:
    message = None
    try:
        device = db.session.scalar(scoped(Device).where(Device.asset_tag == normalise_tag(text)))
    except InvalidTag as error:
        device, message = None, str(error)
    if device is None:
        message = message or _("Er is geen apparaat met deze code dat je kunt zien.")
        abort(422, message=message, errors={"files": {"tag": [message]}})
    return device
