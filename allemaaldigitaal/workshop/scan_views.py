"""The scan station page /scannen: one scan per POST, answered as JSON to the page's script or, without script,
by a full page load (POST-redirect-GET). The chosen action, the reason and this session's scans live in the session."""
from flask import jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from allemaaldigitaal.core.access import allow
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.web.navigation import has_endpoint

from . import scans
from .blueprint import bp
from .scan_forms import ScanForm, UndoForm

SCANNERS = (K.REFURBISHER, K.CARE, K.COORDINATOR)
#: the session keys: the chosen action and reason, and this session's scans (newest first)
ACTION, REASON, LIST = "scan_action", "scan_reason", "scan_list"
#: the session is a cookie: only the newest scans are kept
KEEP = 10


@bp.route("/scannen", methods=["GET", "POST"])
@allow(*SCANNERS)
def scan():
    form = ScanForm(current_user.kind, data={"action": session.get(ACTION), "reason": session.get(REASON)})
    if request.method == "POST":
        if not form.validate():
            return _answer_invalid(form)
        session[ACTION], session[REASON] = form.action.data, form.reason.data or None
        note = form.reason.data if scans.needs_reason(form.action.data) else None
        result = commit_or_rollback(lambda: scans.scan(current_user, form.code.data, form.action.data, note))
        _remember(result)
        return _answer(result)
    return _page(form)


@bp.post("/scannen/ongedaan")
@allow(*SCANNERS)
def scan_undo():
    form = UndoForm()
    last = _undoable()
    if not form.validate() or last is None or last["event_id"] != form.event.data:
        result = scans.ScanResult("refused", _("Alleen de laatste scan kan ongedaan worden gemaakt."), code="not_last")
    else:
        result = commit_or_rollback(lambda: scans.undo(current_user, form.event.data))
        if result.accepted:
            last["undone"] = True
            session.modified = True
    _remember_message(result)
    return _answer(result)


def _page(form, status: int = 200):
    return render_template(
        "workshop/scan.html", form=form, undo_form=UndoForm(), scans=session.get(LIST, []), undoable=_undoable(),
        message=session.pop("scan_message", None),
    ), status


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _answer(result: scans.ScanResult):
    if _wants_json():
        listing = render_template("workshop/scan_list.html", scans=session.get(LIST, []), undo_form=UndoForm(),
                                  undoable=_undoable())
        return jsonify(result=result.as_dict(), html=listing)
    return redirect(url_for("workshop.scan"))


def _answer_invalid(form):
    if _wants_json():
        errors = {name: [str(error) for error in field.errors] for name, field in form._fields.items() if field.errors}
        return jsonify(result={"outcome": "invalid", "accepted": False, "message": _first_error(errors)},
                       errors=errors), 422
    return _page(form, 422)


def _first_error(errors: dict) -> str:
    return next((messages[0] for messages in errors.values() if messages), _("Controleer de invoer."))


def _remember(result: scans.ScanResult) -> None:
    """Add the scan to this session's list (newest first) and keep its message for the next page."""
    entry = {
        "accepted": result.accepted, "message": result.message, "tag": format_tag(result.tag) if result.tag else None,
        "device": " ".join(part for part in (result.brand, result.model) if part) or None,
        "status": result.status_label, "action": str(scans.ACTION_LABELS.get(result.action, "")),
        "event_id": result.event_id if result.accepted else None, "undone": False,
        "check_url": _check_url(result),
    }
    session[LIST] = [entry, *session.get(LIST, [])][:KEEP]
    _remember_message(result)


def _remember_message(result: scans.ScanResult) -> None:
    session["scan_message"] = {"accepted": result.accepted, "message": result.message}


def _check_url(result: scans.ScanResult) -> str | None:
    if result.accepted and result.action == scans.CHECK and has_endpoint("workshop.check"):
        return url_for("workshop.check", tag=result.tag)
    return None


def _undoable() -> dict | None:
    """The newest scan, when it was a step that was taken and not yet taken back."""
    listing = session.get(LIST) or []
    newest = listing[0] if listing else None
    if newest and newest["event_id"] and not newest["undone"]:
        return newest
    return None
