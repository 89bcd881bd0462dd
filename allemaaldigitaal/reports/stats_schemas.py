"""API schemas of GET /api/v1/stats: the dashboard's figures as JSON. Counts only: no people, no recipients."""
from marshmallow import Schema, fields

from allemaaldigitaal.core.enums import DeviceStatus

COUNT = {"minimum": 0}


def _status(**kwargs) -> fields.Enum:
    return fields.Enum(DeviceStatus, by_value=True, required=True, metadata={"type": "string", **kwargs})


class StatusCountSchema(Schema):
    status = _status()
    count = fields.Integer(required=True, metadata=COUNT)
    stuck = fields.Integer(required=True, metadata={**COUNT, "description": "How many have been in this status "
                                                    "longer than the limit in `stuck` (0 where no limit is set)."})


class MonthSchema(Schema):
    month = fields.String(required=True, metadata={"description": "The calendar month in Amsterdam, YYYY-MM.",
                                                   "example": "2026-11"})
    intake = fields.Integer(required=True, metadata={**COUNT, "description": "Devices received that month."})
    handout = fields.Integer(required=True, metadata={**COUNT, "description": "Devices handed out that month."})


class StageSchema(Schema):
    key = fields.String(required=True)
    statuses = fields.List(_status(), required=True)


class GroupSchema(Schema):
    name = fields.String(required=True, allow_none=True,
                         metadata={"description": "The organisation or province; null: province not known."})
    stages = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                         metadata={"description": "Devices per stage key (see `stages`)."})
    total = fields.Integer(required=True, metadata=COUNT)


class ThroughputSchema(Schema):
    received_to_ready_days = fields.Float(required=True, allow_none=True, metadata={
        "description": "Median days from a device's first arrival to its first `ready`, over the devices that were "
                       "first ready in the last 12 months; null without such devices."})
    received_to_ready_devices = fields.Integer(required=True, metadata=COUNT)
    ready_to_handed_out_days = fields.Float(required=True, allow_none=True, metadata={
        "description": "Median days from first `ready` to first handout, over the devices first handed out in the "
                       "last 12 months."})
    ready_to_handed_out_devices = fields.Integer(required=True, metadata=COUNT)


class WaitingDeviceSchema(Schema):
    tag = fields.String(required=True, metadata={"example": "AD-329-XPE-G6Q"})
    since = fields.DateTime(required=True)
    days = fields.Integer(required=True, metadata=COUNT)
    holder = fields.String(required=True, allow_none=True,
                           metadata={"description": "The organisation that holds the device now."})


class WaitingSchema(Schema):
    status = _status()
    devices = fields.List(fields.Nested(WaitingDeviceSchema), required=True,
                          metadata={"description": "The devices waiting longest in this status, oldest first."})


class StuckSchema(Schema):
    status = _status()
    days = fields.Integer(required=True, metadata={"description": "The limit in days."})
    count = fields.Integer(required=True, metadata={**COUNT, "description": "Devices past the limit."})


class ClaimFiguresSchema(Schema):
    submitted = fields.Integer(required=True, metadata={**COUNT, "description": "Claims waiting for a decision."})
    approved_waiting = fields.Integer(required=True, metadata={
        **COUNT, "description": "Approved claims with fewer devices linked than requested."})
    devices_to_allocate = fields.Integer(required=True, metadata={
        **COUNT, "description": "Devices the submitted and approved claims still wait for."})


class StatsSchema(Schema):
    """The campaign in figures, as on the dashboard."""

    generated_at = fields.DateTime(required=True)
    total_devices = fields.Integer(required=True, metadata=COUNT)
    pipeline = fields.List(fields.Nested(StatusCountSchema), required=True,
                           metadata={"description": "Every status in lifecycle order, zeros included."})
    stuck = fields.List(fields.Nested(StuckSchema), required=True)
    months = fields.List(fields.Nested(MonthSchema), required=True,
                         metadata={"description": "The last 12 months, this one included, oldest first."})
    stages = fields.List(fields.Nested(StageSchema), required=True,
                         metadata={"description": "The stages the groups count in, and their statuses."})
    provinces = fields.List(fields.Nested(GroupSchema), required=True, metadata={
        "description": "A device counts in the province of the care organisation it is allocated to; before that "
                       "of its donation's workshop; before that of the donor. The 10 largest."})
    workshops = fields.List(fields.Nested(GroupSchema), required=True,
                            metadata={"description": "Per workshop of the donation; the 10 largest."})
    care_organisations = fields.List(fields.Nested(GroupSchema), required=True,
                                     metadata={"description": "Per care organisation of the claim the device is "
                                                              "linked to now; the 10 largest."})
    donors = fields.List(fields.Nested(GroupSchema), required=True, metadata={"description": "The 10 largest."})
    throughput = fields.Nested(ThroughputSchema, required=True)
    waiting = fields.List(fields.Nested(WaitingSchema), required=True)
    claims = fields.Nested(ClaimFiguresSchema, required=True)
    overdue_loans = fields.Integer(required=True, metadata={
        **COUNT, "description": "Loans not returned whose end date has passed."})
