"""Pages to add devices to a donation: one by one, or many from a spreadsheet (preview first, then all or none).

Between the preview and the confirmation the checked rows travel in the page itself, signed by the server and
bound to the donation and the user (no data in the cookie session, nothing stored half); on confirmation every
row is checked again, since a serial may have been registered in the meantime.
"""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from allemaaldigitaal.core.access import allow, get_visible_by_or_404
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Device, Donation
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.web.downloads import attachment
from allemaaldigitaal.web.forms import leave_focus_to_error_summary, show_domain_error
from allemaaldigitaal.web.security import accepts_uploads

from . import spreadsheet
from .blueprint import bp
from .device_forms import ConfirmImportForm, DeviceForm, ImportForm
from .device_import import RowsRefused, add_devices, add_one, check_rows, may_add_devices, suggestions

#: how long a preview may be confirmed
PREVIEW_SECONDS = 2 * 60 * 60
#: rows shown in a preview without problems
PREVIEW_ROWS = 50
TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EDITORS = (K.DONOR, K.REFURBISHER, K.COORDINATOR)
bp.add_app_template_global(may_add_devices, "may_add_devices")


def _donation_to_edit(reference: str) -> Donation:
    """The donation (404 when not visible), when this user may add devices to it (else 403)."""
    donation = get_visible_by_or_404(Donation, Donation.reference, reference)
    if not may_add_devices(donation, current_user):
        abort(403)
    return donation


def _back(donation: Donation) -> str:
    if "donations.detail" in current_app.view_functions:
        return url_for("donations.detail", reference=donation.reference)
    return url_for("donations.new_device", reference=donation.reference)


@bp.route("/donaties/<reference>/apparaten/nieuw", methods=["GET", "POST"])
@allow(*EDITORS)
def new_device(reference: str):
    donation = _donation_to_edit(reference)
    form = DeviceForm()
    workshop_or_coordinator = current_user.kind in (K.REFURBISHER, K.COORDINATOR)
    if not workshop_or_coordinator:
        del form.preprinted_tag
    if form.validate_on_submit():
        tag = form.preprinted_tag.data if workshop_or_coordinator else None
        try:
            device = commit_or_rollback(lambda: add_one(donation, current_user, form.row(), tag))
        except RowsRefused as refused:
            _show_row_problems(form, refused.rows[0].problems)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Apparaat %(tag)s is toegevoegd.", tag=format_tag(device.asset_tag)), "success")
            if request.form.get("another"):
                return redirect(url_for(".new_device", reference=donation.reference))
            return redirect(_back(donation))
    return render_template(
        "donations/devices_new.html", form=form, donation=donation, back=_back(donation),
        brands=suggestions(Device.brand), models=suggestions(Device.model),
    )


def _show_row_problems(form, problems: dict[str, list]) -> None:
    for name, messages in problems.items():
        field = getattr(form, name)
        field.errors = [*field.errors, *messages]
    leave_focus_to_error_summary(form)


@bp.route("/donaties/<reference>/importeren", methods=["GET", "POST"])
@allow(*EDITORS)
@accepts_uploads
def import_devices(reference: str):
    """Upload a spreadsheet; the answer is its preview: every row's problems, or the rows to confirm."""
    donation = _donation_to_edit(reference)
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("donations/import_upload.html", form=form, donation=donation, back=_back(donation))
    try:
        sheet = spreadsheet.read_sheet(form.file.data.read(), form.file.data.filename or "")
    except spreadsheet.SpreadsheetError as error:
        show_domain_error(form, error)
        return render_template("donations/import_upload.html", form=form, donation=donation, back=_back(donation))
    rows = [(row.number, row.cells) for row in sheet]
    checked = check_rows(rows)
    refused = [row for row in checked if row.problems]
    confirm = ConfirmImportForm(formdata=None, rows=_sign(donation, rows)) if not refused else None
    return render_template(
        "donations/import_preview.html", donation=donation, form=ImportForm(formdata=None), confirm=confirm,
        refused=refused, count=len(checked), shown=checked[:PREVIEW_ROWS], preview_rows=PREVIEW_ROWS,
        column=column_name, filename=form.file.data.filename, back=_back(donation),
    )


@bp.route("/donaties/<reference>/importeren/bevestigen", methods=["POST"])
@allow(*EDITORS)
@accepts_uploads
def confirm_import(reference: str):
    """Save every previewed row, or none."""
    donation = _donation_to_edit(reference)
    form = ConfirmImportForm()
    rows = _unsign(donation, form.rows.data) if form.validate_on_submit() else None
    if rows is None:
        flash(_("Deze voorvertoning is verlopen of hoort bij een andere donatie. Kies het bestand opnieuw."), "error")
        return redirect(url_for(".import_devices", reference=donation.reference))
    try:
        count = len(commit_or_rollback(lambda: add_devices(donation, current_user, rows)))
    except RowsRefused as refused:
        return render_template(
            "donations/import_preview.html", donation=donation, form=ImportForm(formdata=None), confirm=None,
            refused=refused.rows, count=len(rows), shown=[], preview_rows=PREVIEW_ROWS, column=column_name,
            filename=None, back=_back(donation),
        )
    except DomainError as error:
        flash(error.message, "error")
        return redirect(_back(donation))
    flash(_("%(count)s apparaten zijn toegevoegd. Elk apparaat heeft een eigen code.", count=count), "success")
    return redirect(_back(donation))


@bp.route("/donaties/voorbeeldbestand/<language>.<extension>")
@allow(*EDITORS)
def import_template(language: str, extension: str):
    """The spreadsheet template, with Dutch (`nl`) or English (`en`) headers, as CSV or XLSX."""
    if language not in ("nl", "en") or extension not in TEMPLATE_TYPES:
        abort(404)
    content = spreadsheet.template_csv(language) if extension == "csv" else spreadsheet.template_xlsx(language)
    name = "devices" if language == "en" else "apparaten"
    return attachment(content, f"{name}.{extension}", TEMPLATE_TYPES[extension])


def column_name(field: str) -> str:
    """A field's column header in the page's language."""
    names = spreadsheet.COLUMNS.get(field)
    if names is None:
        return field
    return names[1] if str(get_locale() or "nl").startswith("en") else names[0]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="donations.device-import")


def _sign(donation: Donation, rows: list) -> str:
    return _serializer().dumps({"donation": donation.id, "user": current_user.id, "rows": rows})


def _unsign(donation: Donation, token: str | None) -> list[tuple[int, dict]] | None:
    try:
        data = _serializer().loads(token or "", max_age=PREVIEW_SECONDS)
    except BadSignature:
        return None
    if data.get("donation") != donation.id or data.get("user") != current_user.id:
        return None
    return [(number, cells) for number, cells in data["rows"]]
