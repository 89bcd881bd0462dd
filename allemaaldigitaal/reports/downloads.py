"""An export as a download: noted in the security log, then streamed as CSV (either variant) or XLSX."""
from datetime import date
from urllib.parse import urlencode

from flask import stream_with_context

from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.models import User
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.web.downloads import attachment

from .csv_stream import VARIANTS, CsvVariant, csv_chunks
from .exports import Export
from .xlsx_stream import MIMETYPE, xlsx_chunks

FORMATS = ("csv", "xlsx")
DEFAULT_VARIANT = "utf8"


def variant_of(key: str | None) -> CsvVariant | None:
    """The CSV variant of ?variant= (utf8 when not given); None for one that does not exist."""
    return VARIANTS.get(key or DEFAULT_VARIANT)


def download(export: Export, user: User, form: str, variant: CsvVariant | None = None, filters: dict | None = None):
    """Note the export (format, rows, filter) in the security log, commit that, then stream the file."""
    variant = variant or VARIANTS[DEFAULT_VARIANT]
    rows = export.count()
    detail = f"format={form}" + (f" variant={variant.key}" if form == "csv" else "") + f" rows={rows}"
    if filters:
        detail += " filter=" + urlencode(sorted(filters.items()))
    commit_or_rollback(lambda: record_audit(f"export.{export.name}", user, subject=export.filename, detail=detail))
    if form == "csv":
        body, content_type = csv_chunks(export.header(), export.rows(), variant), f"text/csv; charset={variant.charset}"
    else:
        body, content_type = xlsx_chunks(export.header(), export.rows(), export.title), MIMETYPE
    response = attachment(stream_with_context(body), f"{export.filename}-{date.today().isoformat()}.{form}", content_type)
    response.headers["Cache-Control"] = "no-store"
    return response
