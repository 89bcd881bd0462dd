"""API schemas of the workshop records: checks, wipes and nwipe report uploads."""
from flask import request
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, pre_load, validate
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict

from allemaaldigitaal.api.schemas import WholeNumber
from allemaaldigitaal.core.enums import ConditionGrade, StorageType, WipeLevel, WipeTechnique, WipeVerification

from .checks import MAX_NOTE, MAX_OS, MAX_SERIALS, OS_CHOICES
from .media import MAX_SERIAL_LENGTH
from .wipe_records import MAX_CAPACITY_GB, MAX_REFERENCE, MAX_TOOL, MAX_VERSION


def one_of(enum, **kwargs):
    return fields.String(validate=validate.OneOf(enum.values()), **kwargs)


def note(**kwargs):
    return fields.String(allow_none=True, validate=validate.Length(max=MAX_NOTE), **kwargs)


class CheckInSchema(Schema):
    """One inspection; each part is ok (true) or defect (false), with an optional note."""

    condition_grade = one_of(ConditionGrade, required=True, metadata={"example": "B"})
    battery_health_pct = WholeNumber(allow_none=True, validate=validate.Range(min=0, max=100),
                                        metadata={"description": "Battery health in %; null for a device without battery."})
    screen_ok = fields.Boolean(required=True)
    screen_note = note()
    keyboard_ok = fields.Boolean(required=True)
    keyboard_note = note()
    ports_ok = fields.Boolean(required=True)
    ports_note = note()
    camera_ok = fields.Boolean(required=True)
    camera_note = note()
    accessories = fields.String(allow_none=True, validate=validate.Length(max=1000))
    os_installed = fields.String(allow_none=True, validate=validate.Length(max=MAX_OS),
                                 metadata={"description": f"One of {', '.join(OS_CHOICES)}, or another name.",
                                           "example": "Linux Mint"})
    activation_lock_cleared = fields.Boolean(load_default=False)
    google_frp_cleared = fields.Boolean(load_default=False)
    chromebook_enrolment_cleared = fields.Boolean(load_default=False)
    locks_not_applicable = fields.Boolean(load_default=False,
                                          metadata={"description": "None of the three account locks applies."})
    drive_serials = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_SERIAL_LENGTH)),
                                load_default=list, validate=validate.Length(max=MAX_SERIALS),
                                metadata={"description": "Serials of the drives seen; each becomes one of the device's media."})


class CheckOutSchema(CheckInSchema):
    id = fields.Integer()
    checked_at = fields.DateTime()
    account_locks_cleared = fields.Boolean()
    drive_serials = fields.String(allow_none=True)


class WipeInSchema(Schema):
    """One wipe of one storage medium, with the NIST SP 800-88 fields."""

    medium_type = one_of(StorageType, required=True, metadata={"example": "ssd"})
    medium_serial = fields.String(required=True, validate=validate.Length(min=1, max=MAX_SERIAL_LENGTH))
    medium_capacity_gb = WholeNumber(allow_none=True, validate=validate.Range(min=1, max=MAX_CAPACITY_GB))
    level = one_of(WipeLevel, required=True, metadata={"example": "purge"})
    technique = one_of(WipeTechnique, required=True, metadata={"example": "overwrite"})
    tool = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TOOL), metadata={"example": "nwipe"})
    tool_version = fields.String(allow_none=True, validate=validate.Length(max=MAX_VERSION))
    verification = one_of(WipeVerification, required=True, metadata={"example": "full"})
    passed = fields.Boolean(required=True)
    started_at = fields.AwareDateTime(required=True, metadata={"description": "With time zone."})
    finished_at = fields.AwareDateTime(required=True, metadata={"description": "With time zone; not in the future."})
    result_note = fields.String(allow_none=True, validate=validate.Length(max=1000))
    report_reference = fields.String(allow_none=True, validate=validate.Length(max=MAX_REFERENCE))


class WipeOutSchema(WipeInSchema):
    id = fields.Integer()
    report_sha256 = fields.String(allow_none=True)
    created_at = fields.DateTime()


class ReportUploadSchema(Schema):
    """One multipart body: the files and the other fields together (OpenAPI allows one request body)."""

    file = fields.List(Upload(), required=True, validate=validate.Length(min=1),
                       metadata={"description": "One or more nwipe JSON reports; repeat the field for more."})
    tag = fields.String(validate=validate.Length(min=1, max=40),
                        metadata={"description": "The device for reports whose drive serial is not known yet."})
    level = one_of(WipeLevel, load_default=WipeLevel.CLEAR.value)
    technique = one_of(WipeTechnique, load_default=WipeTechnique.OVERWRITE.value)
    verification = one_of(WipeVerification, load_default=WipeVerification.FULL.value)

    @pre_load
    def _with_form_fields(self, data, **_kwargs):
        """The `files` location holds only the files; the text fields of the same body are in request.form."""
        return MultiDictProxy(CombinedMultiDict([request.files, request.form]), self)


class FileOutcomeSchema(Schema):
    filename = fields.String()
    sha256 = fields.String()
    outcome = fields.String(metadata={"description": "imported, failed (recorded as a failed wipe), skipped "
                                                     "(imported before) or problem (nothing saved)."})
    message = fields.String()
    serial = fields.String(allow_none=True)
    tag = fields.String(allow_none=True)


class ImportResultSchema(Schema):
    files = fields.List(fields.Nested(FileOutcomeSchema))
