"""GET /api/v1/events: the audit trail (device history or security log) for coordinators, a page at a time.

The same filter as the audit page. A bad filter value, or one that does not fit the chosen log, is a 422 naming it.
"""
from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort

from allemaaldigitaal.core.access import allow
from allemaaldigitaal.core.enums import OrganisationKind as K

from .audit import LAST, AuditFilter, AuditFilterRefused, InvalidCursor
from .audit_schemas import EventPageSchema, EventQuerySchema
from .blueprint import blp

PAGE_HEADERS = {
    "Link": {"description": "The first, previous, next and last page (RFC 8288), as far as they exist.",
             "schema": {"type": "string"}},
}
FILTER_NAMES = ("tag", "organisation", "user", "kind", "since", "until")


def _refuse(field: str, message: str):
    abort(422, message=message, errors={"query": {field: [message]}})


@blp.route("/events")
@allow(K.COORDINATOR)
@blp.arguments(EventQuerySchema, location="query")
@blp.response(200, EventPageSchema, headers=PAGE_HEADERS)
def list_events(query: dict):
    """The audit trail, newest first, a page at a time (coordinators only).

    `log=devices` (the default) gives every device's history: status steps, scans, labels, wipes, checks.
    `log=security` gives the security log: sign-ins, refusals, invitations, tokens; it never holds passwords or
    tokens. Every filter narrows the list. Follow `next_cursor` (or the Link header) until it is null;
    `cursor=last` gives the oldest page.
    """
    try:
        chosen = AuditFilter(log=query["log"], **{name: query[name] for name in FILTER_NAMES if name in query})
    except AuditFilterRefused as error:
        _refuse(error.field, str(error.message))
    try:
        page = chosen.page(current_user, query.get("cursor"), query["limit"])
    except InvalidCursor:
        _refuse("cursor", _("Deze cursor hoort niet bij deze lijst. Begin zonder cursor."))
    body = {"log": page.log, "items": page.entries, "next_cursor": page.next, "previous_cursor": page.previous,
            "organisations": {str(key): name for key, name in page.organisations.items()}}
    return body, {"Link": _links(page)}


def _links(page) -> str:
    """first, prev, next and last, each keeping the filter and the page size."""
    kept = {name: value for name, value in request.args.items() if name != "cursor"}

    def link(cursor: str | None, rel: str) -> str:
        url = url_for("api_reports.list_events", _external=True, **kept, **({"cursor": cursor} if cursor else {}))
        return f'<{url}>; rel="{rel}"'

    links = [link(None, "first")]
    if page.previous:
        links.append(link(page.previous, "prev"))
    if page.next:
        links.append(link(page.next, "next"))
    links.append(link(LAST, "last"))
    return ", ".join(links)
