"""GET /api/v1/exports/{devices,donations,claims,handouts}.{csv,xlsx}: the same files as the export links of the pages.

A CSV is UTF-8 with commas, or with `?variant=excel` Windows-1252 with semicolons. The device export takes the
filter of GET /devices. Each download is noted in the security log. Text that a spreadsheet would read as a formula
starts with a single quote.
"""
from flask_login import current_user

from allemaaldigitaal.core.access import allow, signed_in
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus
from allemaaldigitaal.devices.filters import DeviceFilter

from . import exports
from .blueprint import blp
from .downloads import download, variant_of
from .export_schemas import BINARY, CsvVariantSchema, DeviceCsvExportSchema, DeviceExportSchema
from .exports import CLAIM_READERS, DONATION_READERS, HANDOUT_READERS
from .xlsx_stream import MIMETYPE

CSV = "text/csv"
CSV_ABOUT = "The rows as CSV: a header row, then one row per item."
XLSX_ABOUT = "The rows as an Excel workbook with one sheet."


def _device_filter(query: dict) -> DeviceFilter:
    return DeviceFilter(
        donation=query.get("donation"), status=DeviceStatus(query["status"]) if "status" in query else None,
        kind=DeviceKind(query["kind"]) if "kind" in query else None, workshop=query.get("workshop"),
        care=query.get("care"), text=query.get("q"), sort=query["sort"],
    )


def _filters(query: dict) -> dict:
    return {name: str(value) for name, value in query.items() if name != "variant"}


@blp.route("/exports/devices.csv")
@signed_in
@blp.arguments(DeviceCsvExportSchema, location="query")
@blp.response(200, BINARY, content_type=CSV, description=CSV_ABOUT)
def export_devices_csv(query: dict):
    """The devices you may see that pass the filter (as GET /devices), all in one CSV file."""
    chosen = _device_filter(query)
    return download(exports.devices_export(current_user, chosen), current_user, "csv", variant_of(query["variant"]),
                    _filters(query))


@blp.route("/exports/devices.xlsx")
@signed_in
@blp.arguments(DeviceExportSchema, location="query")
@blp.response(200, BINARY, content_type=MIMETYPE, description=XLSX_ABOUT)
def export_devices_xlsx(query: dict):
    """The devices you may see that pass the filter (as GET /devices), all in one workbook."""
    return download(exports.devices_export(current_user, _device_filter(query)), current_user, "xlsx",
                    filters=_filters(query))


@blp.route("/exports/donations.csv")
@allow(*DONATION_READERS)
@blp.arguments(CsvVariantSchema, location="query")
@blp.response(200, BINARY, content_type=CSV, description=CSV_ABOUT)
def export_donations_csv(query: dict):
    """The donations you may see, newest first; the contact person only for the donor itself and coordinators."""
    return download(exports.donations_export(current_user), current_user, "csv", variant_of(query["variant"]))


@blp.route("/exports/donations.xlsx")
@allow(*DONATION_READERS)
@blp.response(200, BINARY, content_type=MIMETYPE, description=XLSX_ABOUT)
def export_donations_xlsx():
    """The donations you may see, newest first; the contact person only for the donor itself and coordinators."""
    return download(exports.donations_export(current_user), current_user, "xlsx")


@blp.route("/exports/claims.csv")
@allow(*CLAIM_READERS)
@blp.arguments(CsvVariantSchema, location="query")
@blp.response(200, BINARY, content_type=CSV, description=CSV_ABOUT)
def export_claims_csv(query: dict):
    """The claims you may see (a care organisation its own), newest first."""
    return download(exports.claims_export(current_user), current_user, "csv", variant_of(query["variant"]))


@blp.route("/exports/claims.xlsx")
@allow(*CLAIM_READERS)
@blp.response(200, BINARY, content_type=MIMETYPE, description=XLSX_ABOUT)
def export_claims_xlsx():
    """The claims you may see (a care organisation its own), newest first."""
    return download(exports.claims_export(current_user), current_user, "xlsx")


@blp.route("/exports/handouts.csv")
@allow(*HANDOUT_READERS)
@blp.arguments(CsvVariantSchema, location="query")
@blp.response(200, BINARY, content_type=CSV, description=CSV_ABOUT)
def export_handouts_csv(query: dict):
    """The handouts you may see, newest first; the recipient's reference and note only for the care organisation."""
    return download(exports.handouts_export(current_user), current_user, "csv", variant_of(query["variant"]))


@blp.route("/exports/handouts.xlsx")
@allow(*HANDOUT_READERS)
@blp.response(200, BINARY, content_type=MIMETYPE, description=XLSX_ABOUT)
def export_handouts_xlsx():
    """The handouts you may see, newest first; the recipient's reference and note only for the care organisation."""
    return download(exports.handouts_export(current_user), current_user, "xlsx")
