"""API schemas of devices: what to print as labels (query string); the device filter, list, detail and steps."""
from marshmallow import Schema, ValidationError, fields, validate

from allemaaldigitaal.api.schemas import ProblemSchema
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.printing import list_stocks
from allemaaldigitaal.web.converters import MAX_ID

from .filters import LIST_SORT, PER_PAGE, SORTS
from .labels import MAX_TAGS

#: far more spots than any sheet has; the stock itself sets the real limit
MAX_SKIP = 1000
#: the longest page of devices the API gives
MAX_PER_PAGE = 200
#: how a document is described in the OpenAPI document: bytes, not JSON
BINARY = {"type": "string", "format": "binary"}
#: what a tag may look like before its check character is checked: `329XPEG6Q`, `AD-329-XPE-G6Q`, `ad329xpeg6q`
TAG_SHAPE = r"^[0-9A-Za-z][0-9A-Za-z -]*$"


class StockKey(fields.String):
    """A stock's key in any case, documented as the list of keys."""

    def __init__(self, zpl_only: bool = False, **kwargs):
        self.keys = [stock.key for stock in list_stocks() if stock.output == "zpl" or not zpl_only]
        what = "A Zebra stock (ZPL)" if zpl_only else "The label stock"
        metadata = {"description": f"{what}; see `flask label-stocks`. Any case.", "enum": self.keys,
                    "example": self.keys[0] if zpl_only else "L7160"}
        super().__init__(required=True, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        found = next((key for key in self.keys if key.upper() == text.strip().upper()), None)
        if found is None:
            raise ValidationError(f"Must be one of: {', '.join(self.keys)}.")
        return found


def label_query_schema(zpl_only: bool) -> type[Schema]:
    class LabelQuerySchema(Schema):
        """One source (a donation or tags), a stock and the spots already used on the first sheet."""

        stock = StockKey(zpl_only)
        donation = fields.String(
            validate=validate.Length(min=1, max=20),
            metadata={"description": "Print the labels of every device of the donation with this reference.",
                      "example": "DON-2026-00001"},
        )
        tag = fields.List(
            fields.String(validate=[validate.Length(min=1, max=40), validate.Regexp(TAG_SHAPE)]),
            validate=validate.Length(max=MAX_TAGS),
            metadata={"description": "Print the label of the device (or pre-printed label) with this tag, in any "
                                     "form (`329XPEG6Q`, `AD-329-XPE-G6Q`); repeat for more."},
        )
        # a query string carries text: not strict, but "1.5" and "abc" are still refused
        skip = fields.Integer(
            load_default=0, validate=validate.Range(min=0, max=MAX_SKIP),
            metadata={"description": "Spots already used on the first sheet: printing starts at spot skip + 1."},
        )

    LabelQuerySchema.__name__ = "ZplLabelQuerySchema" if zpl_only else "PdfLabelQuerySchema"
    return LabelQuerySchema


PdfLabelQuerySchema = label_query_schema(zpl_only=False)
ZplLabelQuerySchema = label_query_schema(zpl_only=True)


class DeviceQuerySchema(Schema):
    """The device filter (the same as the device list page's), the order and the page."""

    status = fields.String(validate=validate.OneOf(DeviceStatus.values()), metadata={"example": "received"})
    kind = fields.String(validate=validate.OneOf(DeviceKind.values()), metadata={"example": "laptop"})
    donation = fields.String(validate=validate.Length(min=1, max=20),
                             metadata={"description": "A donation's reference.", "example": "DON-2026-00001"})
    workshop = fields.Integer(strict=False, validate=validate.Range(min=1, max=MAX_ID), metadata={
        "description": "An organisation id: devices of donations assigned to this workshop, or that it holds."})
    care = fields.Integer(strict=False, validate=validate.Range(min=1, max=MAX_ID), metadata={
        "description": "An organisation id: devices on this care organisation's claim, or that it holds."})
    q = fields.String(validate=validate.Length(min=1, max=100), metadata={
        "description": "Part of a tag (any form), serial number, brand and model, or the donor's asset number."})
    sort = fields.String(load_default=LIST_SORT, validate=validate.OneOf(list(SORTS)), metadata={
        "description": "`newest` or `oldest` (added), `status` (in the lifecycle's order), `tag`, "
                       "`longest_in_status` (longest unchanged first), `added` (the order of adding)."})
    cursor = fields.String(validate=validate.Length(min=1, max=200), metadata={
        "description": "Where the page starts: `next_cursor` or `previous_cursor` of the page before, or `last` "
                       "for the last page. Without it, the first page."})
    limit = fields.Integer(load_default=PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE),
                           metadata={"description": "Devices per page."})


class DeviceSummarySchema(Schema):
    tag = fields.Function(lambda device: format_tag(device.asset_tag), metadata={"example": "AD-329-XPE-G6Q"})
    status = fields.Function(lambda device: device.status.value, metadata={"enum": DeviceStatus.values()})
    kind = fields.Function(lambda device: device.kind.value, metadata={"enum": DeviceKind.values()})
    brand = fields.String(allow_none=True)
    model = fields.String(allow_none=True)
    serial_number = fields.String(allow_none=True)
    donation = fields.Function(lambda device: device.donation.reference, metadata={"example": "DON-2026-00001"})
    created_at = fields.DateTime()
    status_changed_at = fields.DateTime(metadata={"description": "When the device reached its current status."})


class DevicePageSchema(Schema):
    """One page of devices; follow `next_cursor` until it is null."""

    items = fields.List(fields.Nested(DeviceSummarySchema), required=True)
    total = fields.Integer(required=True, metadata={"description": "How many devices pass the filter."})
    next_cursor = fields.String(allow_none=True, required=True,
                                metadata={"description": "The `cursor` of the next page; null on the last page."})
    previous_cursor = fields.String(allow_none=True, required=True,
                                    metadata={"description": "The `cursor` of the page before; null on the first."})


class TimelineEntrySchema(Schema):
    at = fields.DateTime()
    status = fields.Function(lambda entry: entry.what.value if entry.is_status else None, allow_none=True,
                             metadata={"description": "The status reached, for a status step; else null."})
    event = fields.Function(lambda entry: None if entry.is_status else entry.what.value, allow_none=True,
                            metadata={"description": "What happened, for an event that is no status step."})
    organisation = fields.String(allow_none=True)
    note = fields.String(allow_none=True)


class CheckSchema(Schema):
    checked_at = fields.DateTime()
    condition_grade = fields.Function(lambda check: check.condition_grade.value)
    battery_health_pct = fields.Integer(allow_none=True)
    screen_ok = fields.Boolean()
    keyboard_ok = fields.Boolean()
    ports_ok = fields.Boolean()
    camera_ok = fields.Boolean()
    accessories = fields.String(allow_none=True)
    os_installed = fields.String(allow_none=True)
    account_locks_cleared = fields.Boolean()


class WipeSchema(Schema):
    medium_type = fields.Function(lambda wipe: wipe.medium_type.value)
    medium_serial = fields.String()
    medium_capacity_gb = fields.Integer(allow_none=True)
    level = fields.Function(lambda wipe: wipe.level.value)
    technique = fields.Function(lambda wipe: wipe.technique.value)
    tool = fields.String()
    tool_version = fields.String(allow_none=True)
    verification = fields.Function(lambda wipe: wipe.verification.value)
    passed = fields.Boolean()
    started_at = fields.DateTime()
    finished_at = fields.DateTime()
    report_reference = fields.String(allow_none=True)
    report_sha256 = fields.String(allow_none=True)


class DeviceDetailSchema(DeviceSummarySchema):
    """A device with its specs, its history as the caller may read it, its checks and its wipe records."""

    donor_asset_number = fields.String(allow_none=True)
    cpu = fields.String(allow_none=True)
    ram_gb = fields.Integer(allow_none=True)
    storage_gb = fields.Integer(allow_none=True)
    storage_type = fields.Function(lambda device: device.storage_type.value if device.storage_type else None,
                                   allow_none=True)
    storage_media_count = fields.Integer()
    charger_included = fields.Boolean(allow_none=True)
    condition_grade = fields.Function(lambda device: device.condition_grade.value if device.condition_grade else None,
                                      allow_none=True)
    os_installed = fields.String(allow_none=True)
    account_locks_cleared = fields.Boolean()
    timeline = fields.List(fields.Nested(TimelineEntrySchema), metadata={"description": "Oldest first."})
    checks = fields.List(fields.Nested(CheckSchema), metadata={"description": "Newest first."})
    wipes = fields.List(fields.Nested(WipeSchema), metadata={"description": "Newest first."})


class TransitionSchema(Schema):
    to = fields.String(required=True, validate=validate.OneOf(DeviceStatus.values()), metadata={"example": "wiped"})
    note = fields.String(allow_none=True, validate=validate.Length(max=500), metadata={
        "description": "Why; required for `recycled` and `lost`."})


class TransitionDoneSchema(Schema):
    tag = fields.String(metadata={"example": "AD-329-XPE-G6Q"})
    from_status = fields.String(data_key="from")
    status = fields.String()
    at = fields.DateTime()


class LifecycleProblemSchema(ProblemSchema):
    """A step the lifecycle refuses now: `code` names the reason for programs, `detail` for people."""

    code = fields.String(metadata={"description": "E.g. `not_allowed`, `wipe_missing`, `wipe_failed`, "
                                                  "`account_locks`, `reason_missing`, `not_in_custody`."})
