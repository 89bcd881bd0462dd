"""POST /api/v1/donations/{reference}/devices (a JSON list) and …/devices/import (a spreadsheet): all or none.

The same rules as the pages (donations.device_import): a 422 names every problem per item (list position) or per
row (spreadsheet row number) and nothing is saved. A donation that is not the caller's is a 404.
"""
from flask_login import current_user
from flask_smorest import abort
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from allemaaldigitaal.core.access import allow, get_visible_by_or_404
from allemaaldigitaal.core.enums import DeviceKind, OrganisationKind as K, StorageType
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Donation
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.web.security import accepts_uploads

from . import spreadsheet
from .blueprint import blp
from .device_import import FIELDS, MAX_LENGTHS, RowsRefused, add_devices, refuse_unless_allowed

EDITORS = (K.DONOR, K.REFURBISHER, K.COORDINATOR)


class NewDeviceSchema(Schema):
    """One device as a donor knows it; the tag and status are given by the server."""

    kind = fields.String(required=True, validate=validate.OneOf(DeviceKind.values()), metadata={"example": "laptop"})
    serial_number = fields.String(required=True, validate=validate.Length(min=1, max=MAX_LENGTHS["serial_number"]),
                                  metadata={"example": "PF1ABCDE"})
    brand = fields.String(allow_none=True, validate=validate.Length(max=MAX_LENGTHS["brand"]), metadata={"example": "Lenovo"})
    model = fields.String(allow_none=True, validate=validate.Length(max=MAX_LENGTHS["model"]),
                          metadata={"example": "ThinkPad T480"})
    donor_asset_number = fields.String(allow_none=True, validate=validate.Length(max=MAX_LENGTHS["donor_asset_number"]),
                                       metadata={"description": "The donor's own inventory number."})
    cpu = fields.String(allow_none=True, validate=validate.Length(max=MAX_LENGTHS["cpu"]))
    ram_gb = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=9_999_999))
    storage_gb = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=9_999_999))
    storage_type = fields.String(allow_none=True, validate=validate.OneOf(StorageType.values()))
    storage_media_count = fields.Integer(validate=validate.Range(min=1, max=9_999_999),
                                         metadata={"description": "Storage media to wipe; 1 when left out."})
    charger_included = fields.Boolean(allow_none=True)


class ImportFileSchema(Schema):
    file = Upload(required=True, metadata={"description": "A CSV (`,` or `;`; UTF-8 or Windows-1252) or XLSX file, "
                                                          "headers in Dutch or English; at most 5 MB and 10,000 rows."})


class AddedSchema(Schema):
    count = fields.Integer(required=True, metadata={"description": "How many devices were added."})
    asset_tags = fields.List(fields.String(), required=True,
                             metadata={"description": "The new devices' tags, in the order of the items or rows."})


def _donation(reference: str) -> Donation:
    """The donation (404 when not visible); 409 with the reason when it takes no more devices (cancelled, collected)."""
    donation = get_visible_by_or_404(Donation, Donation.reference, reference)
    try:
        refuse_unless_allowed(donation, current_user)
    except DomainError as error:
        abort(409, message=str(error.message))
    return donation


def _save(donation: Donation, rows: list[tuple[int, dict]], location: str) -> dict:
    try:
        tags = commit_or_rollback(lambda: add_devices(donation, current_user, rows))
    except RowsRefused as refused:
        errors = {str(row.number): {name: [str(message) for message in messages] for name, messages in row.problems.items()}
                  for row in refused.rows}
        abort(422, message=str(refused.message), errors={location: errors})
    except DomainError as error:
        abort(422, message=str(error.message), errors={location: {"_schema": [str(error.message)]}})
    return {"count": len(tags), "asset_tags": tags}


@blp.route("/donations/<reference>/devices", methods=["POST"])
@allow(*EDITORS)
@blp.arguments(NewDeviceSchema(many=True), location="json", as_kwargs=False)
@blp.response(201, AddedSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def add_donation_devices(items: list[dict], reference: str):
    """Add devices to a donation: all of them, or none.

    A 422 names the problems per item by its position in the list (from 0), e.g. a serial twice in the list
    or already registered. Each new device gets its asset tag and starts as pledged.
    """
    donation = _donation(reference)
    rows = [(index, {name: item.get(name) for name in FIELDS}) for index, item in enumerate(items)]
    return _save(donation, rows, "json")


@blp.route("/donations/<reference>/devices/import", methods=["POST"])
@allow(*EDITORS)
@accepts_uploads
@blp.arguments(ImportFileSchema, location="files")
@blp.response(201, AddedSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def import_donation_devices(files: dict, reference: str):
    """Add the devices of a spreadsheet (multipart field `file`): all rows, or none.

    The same reader and rules as the import page. A 422 names the problems per row by its row number in the
    spreadsheet (the header is row 1); a file that cannot be read is a 422 on `file`.
    """
    donation = _donation(reference)
    try:
        sheet = spreadsheet.read_sheet(files["file"].read(), files["file"].filename or "")
    except spreadsheet.SpreadsheetError as error:
        abort(422, message=str(error.message), errors={"files": {"file": [str(error.message)]}})
    return _save(donation, [(row.number, row.cells) for row in sheet], "files")
