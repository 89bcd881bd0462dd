"""API schemas of the exports: the CSV variant, and the device filter of GET /devices (without its paging)."""
from marshmallow import Schema, fields, validate

from allemaaldigitaal.devices.schemas import DeviceQuerySchema

from .csv_stream import VARIANTS

#: how a file is described in the OpenAPI document: bytes, not JSON
BINARY = {"type": "string", "format": "binary"}


class CsvVariantSchema(Schema):
    variant = fields.String(load_default="utf8", validate=validate.OneOf(list(VARIANTS)), metadata={
        "description": "`utf8`: UTF-8 (with a byte order mark) and commas; `excel`: Windows-1252 and semicolons, "
                       "as Dutch Excel opens it directly (characters Windows-1252 lacks become `?`)."})


class DeviceExportSchema(DeviceQuerySchema):
    """The device filter of GET /devices, the same parameters and meanings; all devices in one file, no pages."""

    class Meta:
        exclude = ("cursor", "limit")


class DeviceCsvExportSchema(DeviceExportSchema, CsvVariantSchema):
    """The device filter and the CSV variant."""

    class Meta:
        exclude = ("cursor", "limit")
