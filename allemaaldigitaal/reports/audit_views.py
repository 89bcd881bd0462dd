"""/audit: the audit trail for coordinators, the device history or the security log, filtered, a page at a time.

A GET form that changes nothing. A wrong filter value is named next to its field and no entries are shown, so a
filter that was not applied can never be mistaken for one that was.
"""
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from allemaaldigitaal.core.access import allow, scoped
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Organisation, User
from allemaaldigitaal.core.tags import InvalidTag, normalise_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.forms import show_domain_error

from .audit import AuditFilter, InvalidCursor
from .audit_forms import AuditFilterForm, kind_label
from .blueprint import bp


@bp.get("/audit")
@allow(K.COORDINATOR)
def audit():
    organisations = db.session.scalars(scoped(Organisation).order_by(Organisation.name))
    form = AuditFilterForm(organisations, formdata=request.args, meta={"csrf": False})
    valid = form.validate() if request.args else True
    chosen = _chosen(form) if valid else None
    page = None
    if chosen is not None:
        try:
            page = chosen.page(current_user, request.args.get("pagina"))
        except InvalidCursor:
            page = chosen.page(current_user)
    query = {field.name: request.args[field.name] for field in form if request.args.get(field.name)}
    return render_template("reports/audit.html", form=form, page=page, query=query, kind_label=kind_label)


def _chosen(form: AuditFilterForm) -> AuditFilter | None:
    """The filter of the form, or None with the problem shown next to its field."""
    try:
        return AuditFilter(
            log=form.valid("log") or "devices", tag=_tag(form.valid("tag")),
            organisation=int(form.valid("organisation")) if form.valid("organisation") else None,
            user=_user_id(form.valid("user")), kind=form.valid("kind"), since=form.valid("since"),
            until=form.valid("until"),
        )
    except DomainError as error:
        show_domain_error(form, error)
        return None


def _tag(typed: str | None) -> str | None:
    if not typed:
        return None
    try:
        return normalise_tag(typed)
    except InvalidTag as error:
        raise DomainError(str(error), "tag") from error


def _user_id(email: str | None) -> int | None:
    if not email:
        return None
    found = db.session.scalar(select(User.id).where(func.lower(User.email) == email.strip().lower()))
    if found is None:
        raise DomainError(_("Er is niemand met dit e-mailadres."), "user")
    return found
