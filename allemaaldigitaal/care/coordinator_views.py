"""A coordinator on a claim's page: approve, reject with a reason, allocate by tags or automatically, release.

Every action is a POST; a refusal shows the service's message and writes nothing.
"""
import re

from flask import flash
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from allemaaldigitaal.core.access import allow, get_visible_by_or_404
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import InvalidTag, tag_in_code
from allemaaldigitaal.web.forms import commit_or_show, refused_with_flash

from .allocation import allocate_auto, allocate_tags, release_allocation
from .blueprint import bp
from .claims import approve_claim, reject_claim
from .forms import AllocateAutoForm, AllocateTagsForm, RejectForm
from .views import claim_of, claim_page, to_claim

_SEPARATORS = re.compile(r"[\s,;]+")


@bp.post("/aanvragen/<int:claim_id>/goedkeuren")
@allow(K.COORDINATOR)
def approve(claim_id: int):
    claim_of(claim_id)
    if not refused_with_flash(lambda: approve_claim(claim_of(claim_id), current_user)):
        flash(_("De aanvraag is goedgekeurd. Wijs nu apparaten toe."), "success")
    return to_claim(claim_id)


@bp.post("/aanvragen/<int:claim_id>/afwijzen")
@allow(K.COORDINATOR)
def reject(claim_id: int):
    claim = claim_of(claim_id)
    form = RejectForm()
    if form.validate_on_submit():
        done, _claim = commit_or_show(form, lambda: reject_claim(claim_of(claim_id), current_user, form.reason.data))
        if done:
            flash(_("De aanvraag is afgewezen. De zorgorganisatie ziet de reden."), "success")
            return to_claim(claim_id)
    return claim_page(claim, 422, reject_form=form)


@bp.post("/aanvragen/<int:claim_id>/toewijzen")
@allow(K.COORDINATOR)
def allocate(claim_id: int):
    claim = claim_of(claim_id)
    form = AllocateTagsForm()
    if form.validate_on_submit():
        tags = tags_in(form)
        if tags is not None:
            done, devices = commit_or_show(form, lambda: allocate_tags(claim_of(claim_id), current_user, tags))
            if done:
                flash(_allocated_message(len(devices)), "success")
                return to_claim(claim_id)
    return claim_page(claim, 422, tags_form=form)


@bp.post("/aanvragen/<int:claim_id>/automatisch-toewijzen")
@allow(K.COORDINATOR)
def allocate_automatically(claim_id: int):
    claim = claim_of(claim_id)
    form = AllocateAutoForm()
    if form.validate_on_submit():
        done, devices = commit_or_show(form, lambda: allocate_auto(
            claim_of(claim_id), current_user, laptops=form.laptops.data, tablets=form.tablets.data))
        if done:
            if devices:
                flash(_allocated_message(len(devices)), "success")
            else:
                flash(_("Er is niets toegewezen: er zijn nu geen apparaten klaar die bij deze aanvraag passen, of de "
                        "aanvraag heeft al alles."), "warning")
            return to_claim(claim_id)
    return claim_page(claim, 422, auto_form=form)


@bp.post("/aanvragen/<int:claim_id>/apparaten/<tag>/vrijgeven")
@allow(K.COORDINATOR)
def release(claim_id: int, tag: str):
    claim_of(claim_id)
    get_visible_by_or_404(Device, Device.asset_tag, tag)
    if not refused_with_flash(lambda: release_allocation(
            get_visible_by_or_404(Device, Device.asset_tag, tag), current_user)):
        flash(_("%(tag)s is niet meer toegewezen en weer klaar voor uitgifte.", tag=tag), "success")
    return to_claim(claim_id)


def tags_in(form: AllocateTagsForm) -> list[str] | None:
    """The tags in the text (tags or label URLs, one a line or separated by spaces or commas); None with an error."""
    tags, wrong = [], []
    for line in form.tags.data.splitlines():
        for code in _codes_in(line):
            try:
                tags.append(tag_in_code(code))
            except InvalidTag as error:
                wrong.append(_("%(code)s: %(problem)s", code=code, problem=str(error)))
    if wrong:
        form.tags.errors = [*form.tags.errors, *wrong]
        return None
    return tags


def _codes_in(line: str) -> list[str]:
    """The whole line when it is one code (a tag may be typed with spaces), else its parts."""
    try:
        tag_in_code(line)
    except InvalidTag:
        return [part for part in _SEPARATORS.split(line) if part]
    return [line] if line.strip() else []


def _allocated_message(count: int) -> str:
    return ngettext("%(num)s apparaat is toegewezen.", "%(num)s apparaten zijn toegewezen.", count)
