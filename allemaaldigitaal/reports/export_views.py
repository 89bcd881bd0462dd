"""The downloads of the lists: /export/apparaten.csv (?variant=excel for Dutch Excel) or .xlsx, and likewise
donaties, aanvragen and uitreikingen. Each takes the list's own filter and scope; each download is in the security log.
"""
from flask import abort, request
from flask_login import current_user

from allemaaldigitaal.core.access import allow, signed_in
from allemaaldigitaal.devices.list_filter import list_filter_form

from . import exports
from .blueprint import bp
from .downloads import download, variant_of

FORMAT = "<any(csv, xlsx):form>"


def _send(export: exports.Export, form: str, filters: dict | None = None):
    variant = variant_of(request.args.get("variant"))
    if variant is None:
        abort(404)
    return download(export, current_user, form, variant, filters)


@bp.get(f"/export/apparaten.{FORMAT}")
@signed_in
def export_devices(form: str):
    """The device list with the filter of its query string (a value the list refuses counts as empty there too)."""
    filter_form = list_filter_form(current_user, request.args)
    chosen = filter_form.chosen()
    filters = {field.name: request.args[field.name] for field in filter_form
               if request.args.get(field.name) and not field.errors}
    return _send(exports.devices_export(current_user, chosen), form, filters)


@bp.get(f"/export/donaties.{FORMAT}")
@allow(*exports.DONATION_READERS)
def export_donations(form: str):
    return _send(exports.donations_export(current_user), form)


@bp.get(f"/export/aanvragen.{FORMAT}")
@allow(*exports.CLAIM_READERS)
def export_claims(form: str):
    return _send(exports.claims_export(current_user), form)


@bp.get(f"/export/uitreikingen.{FORMAT}")
@allow(*exports.HANDOUT_READERS)
def export_handouts(form: str):
    return _send(exports.handouts_export(current_user), form)
