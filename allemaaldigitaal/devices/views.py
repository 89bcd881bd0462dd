"""Label printing (labels, test sheets, previews, pre-printed labels); device_views adds the device pages and list.

Choosing what to print and seeing the preview are GET requests that change nothing. Printing labels for devices
is a POST with a CSRF token: it writes a "label printed" event into each device's history, then sends the file.
A test sheet and a preview write nothing, so they are plain GET links.
"""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from allemaaldigitaal.core.access import allow, scoped
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Organisation
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.downloads import attachment
from allemaaldigitaal.web.forms import commit_or_show, leave_focus_to_error_summary, show_domain_error
from allemaaldigitaal.web.mail import base_url

from . import labels as label_service, preprinted
from .filters import donation_choices
from .forms import DEFAULT_STOCK, LabelForm, PreprintForm
from .preview import first_page_labels, preview_png, preview_size

bp = Blueprint("devices", __name__)
bp.add_app_template_filter(format_tag, "format_tag")
PRINTERS = (K.DONOR, K.REFURBISHER, K.COORDINATOR)


@bp.route("/labels", methods=["GET", "POST"])
@allow(*PRINTERS)
def labels():
    """GET: choose and preview (nothing is written); POST: print, which notes the print in each device's history."""
    donations = donation_choices(current_user)
    if request.method == "POST":
        form = LabelForm(donations)
        if form.validate():
            printed = _print(form)
            if printed is not None:
                return printed
        return _labels_page(form, None)
    form = LabelForm(donations, formdata=request.args, meta={"csrf": False})
    job = None
    if not request.args or form.validate():
        job = _prepare(form, allow_empty=True)
    return _labels_page(form, job)


def _asked(form: LabelForm) -> label_service.LabelRequest:
    return label_service.LabelRequest(
        stock=form.stock.data or DEFAULT_STOCK, donation=form.donation.data or None, tags=form.tags.tags(),
        run=form.run_id, skip=form.skip.data or 0,
    )


def _prepare(form: LabelForm, allow_empty: bool = False) -> label_service.LabelJob | None:
    """The job, or None with the refusal shown next to its field."""
    try:
        return label_service.prepare(current_user, _asked(form), base_url(), allow_empty)
    except label_service.LabelRefused as error:
        show_domain_error(form, error)
        return None


def _print(form: LabelForm) -> Response | None:
    """The labels as a download, after their devices' histories note the print; None when refused (shown in the form)."""
    job = _prepare(form)
    if job is None:
        return None
    try:
        document = label_service.labels_document(job)
    except label_service.LabelRefused as error:
        show_domain_error(form, error)
        return None
    if job.device_ids:
        commit_or_rollback(lambda: label_service.record_printed(current_user, job))
    return download(document)


def _labels_page(form: LabelForm, job):
    run = preprinted.run_summary(current_user, form.run_id) if form.run_id is not None else None
    return render_template(
        "devices/labels.html", form=form, job=job, run=run, stock=job.stock if job else None,
        test_stock=job.stock if job else _stock_for_test_sheet(form),
        preview=_preview_link(form, job) if job else None,
        preview_size=preview_size(job.stock) if job else None,
        may_preprint=current_user.kind in (K.REFURBISHER, K.COORDINATOR),
    )


def _stock_for_test_sheet(form: LabelForm):
    """The chosen stock if it exists, else the default one."""
    try:
        return label_service.stock_or_refuse(form.stock.data or DEFAULT_STOCK)
    except label_service.LabelRefused:
        return label_service.stock_or_refuse(DEFAULT_STOCK)


def _preview_link(form: LabelForm, job: label_service.LabelJob) -> str:
    """The preview's address: the choice as it stands, with only the tags that land on the first sheet."""
    asked = _asked(form)
    tags = [label.tag_display for label in first_page_labels(job.stock, job.labels, job.skip)] if asked.tags else []
    return url_for(".preview", stock=job.stock.key, donation=asked.donation, tags=tags, run=asked.run,
                   skip=job.skip)


@bp.get("/labels/voorbeeld.png")
@allow(*PRINTERS)
def preview():
    """The first sheet as a picture; writes nothing."""
    form = LabelForm([], formdata=request.args, meta={"csrf": False})
    job = _prepare(form, allow_empty=True) if form.validate() else None
    if job is None:
        abort(404)
    return Response(preview_png(job.stock, job.labels, job.skip), mimetype="image/png")


@bp.get("/labels/testvel")
@allow(*PRINTERS)
def test_sheet():
    """A stock's test sheet (or a Zebra stock's test label); writes nothing."""
    try:
        stock = label_service.stock_or_refuse(request.args.get("stock") or DEFAULT_STOCK)
    except label_service.LabelRefused as error:
        return render_template("devices/refused.html", message=error.message), 404
    return download(label_service.test_document(stock))


def download(document: label_service.Document) -> Response:
    return attachment(document.content, document.filename, document.mimetype)


@bp.route("/labels/voorgedrukt", methods=["GET", "POST"])
@allow(K.REFURBISHER, K.COORDINATOR)
def preprint():
    """New labels for devices that are not registered yet; after making them, the labels page prints them."""
    workshops = _workshops()
    form = PreprintForm(workshops)
    if form.validate_on_submit():
        workshop = _chosen_workshop(form, workshops)
        if workshop is not None and _print_settings_fit(form):
            done, made = commit_or_show(
                form, lambda: preprinted.print_preprinted(current_user, workshop, form.count.data)
            )
            if done:
                flash(_("Er zijn %(count)s nieuwe codes gemaakt. Druk ze nu af.", count=len(made)), "success")
                return redirect(url_for(".labels", run=made[0].id, stock=form.stock.data, skip=form.skip.data or 0))
    return render_template("devices/preprint.html", form=form, runs=preprinted.print_runs(current_user),
                           coordinator=current_user.kind == K.COORDINATOR)


def _workshops() -> list[Organisation]:
    if current_user.kind != K.COORDINATOR:
        return [current_user.organisation]
    query = scoped(Organisation).where(Organisation.kind == K.REFURBISHER, Organisation.active)
    return list(db.session.scalars(query.order_by(Organisation.name)))


def _chosen_workshop(form: PreprintForm, workshops: list[Organisation]) -> Organisation | None:
    if current_user.kind != K.COORDINATOR:
        return current_user.organisation
    found = next((workshop for workshop in workshops if str(workshop.id) == form.workshop.data), None)
    if found is None:
        form.workshop.errors = [*form.workshop.errors, _("Kies een werkplaats uit de lijst.")]
        leave_focus_to_error_summary(form)
    return found


def _print_settings_fit(form: PreprintForm) -> bool:
    """The stock and start spot are checked before any code is made."""
    try:
        label_service.check_print_settings(form.stock.data, form.skip.data or 0)
    except label_service.LabelRefused as error:
        show_domain_error(form, error)
        return False
    return True
