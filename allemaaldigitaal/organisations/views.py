"""Organisations and their people: invitations, members, details, deactivation (after a confirmation page)."""
from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from allemaaldigitaal.accounts.sessions import start_session
from allemaaldigitaal.accounts.throttling import signed_in_user_key
from allemaaldigitaal.core.access import allow, get_visible_or_404, public, scoped, signed_in
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Invitation, Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db, limiter
from allemaaldigitaal.web.forms import commit_or_show
from allemaaldigitaal.web.mail import queue, secret_link_page, send_queued, site_url

from . import invitations as invitation_service, services as organisation_service
from .forms import AcceptInvitationForm, ColleagueInvitationForm, CoordinatorInvitationForm, OrganisationForm
from .letters import invitation_letter

bp = Blueprint("organisations", __name__)
#: carries a new invitation's link to the page after the redirect, once; it is stored nowhere else
LINK_ONCE = "invitation_link_once"


def invitations_per_user() -> str:
    return current_app.config["INVITATION_LIMIT_PER_USER"]


@bp.get("/organisatie")
@signed_in
def overview():
    organisations = None
    if current_user.kind == K.COORDINATOR:
        organisations = db.session.execute(
            select(Organisation, func.count(User.id))
            .outerjoin(User, User.organisation_id == Organisation.id)
            .group_by(Organisation.id)
            .order_by(Organisation.kind, Organisation.name)
        ).all()
    return render_template(
        "organisations/overview.html",
        organisation=current_user.organisation,
        members=_members(current_user.organisation),
        invitations=_open_invitations() if _is_coordinator() else None,
        organisations=organisations,
    )


@bp.get("/organisatie/<int:organisation_id>")
@signed_in
def detail(organisation_id: int):
    organisation = get_visible_or_404(Organisation, organisation_id)
    return render_template("organisations/detail.html", organisation=organisation, members=_members(organisation))


def _members(organisation: Organisation) -> list[User]:
    return list(db.session.scalars(scoped(User).where(User.organisation_id == organisation.id).order_by(User.name)))


def _open_invitations() -> list[Invitation]:
    query = scoped(Invitation).where(Invitation.used_at.is_(None), Invitation.expires_at > utcnow())
    return list(db.session.scalars(query.order_by(Invitation.created_at.desc())))


@bp.route("/organisatie/uitnodigen", methods=["GET", "POST"])
@signed_in
@limiter.limit(invitations_per_user, methods=["POST"], key_func=signed_in_user_key, scope="invitation-user")
def invite():
    form = _invitation_form()
    if form.validate_on_submit():
        done, invited = commit_or_show(form, lambda: _with_letter(_create_invitation(form)))
        if done:
            _show_link_once(invited)
            return _mail(invited)
    return render_template("organisations/invite.html", form=form, coordinator=_is_coordinator())


def _with_letter(invited: invitation_service.Invited) -> invitation_service.Invited:
    """The invitation's mail goes into the outbox in the same transaction as the invitation."""
    queue(invitation_letter(invited, current_user))
    return invited


def _mail(invited: invitation_service.Invited):
    """Send the queued mail after the commit; the inviter reads the same words whether or not the address has an account."""
    if send_queued():
        flash(_("Uitnodiging verstuurd naar %(email)s.", email=invited.email), "success")
    else:
        flash(_("De uitnodiging is opgeslagen, maar de e-mail naar %(email)s is nog niet verstuurd. "
                "We proberen het vanzelf opnieuw.", email=invited.email), "warning")
    return redirect(url_for(".invitation_sent"))


def _show_link_once(invited: invitation_service.Invited) -> None:
    """For a coordinator only: they see every account anyway, so the link (or that there is an account) tells
    them nothing new. Anyone else reads the same words whether or not the address has an account."""
    if _is_coordinator():
        link = site_url("organisations.accept_invitation", token=invited.token) if invited.token else None
        session[LINK_ONCE] = {"link": link, "email": invited.email}


def _is_coordinator() -> bool:
    return current_user.kind == K.COORDINATOR


def _invitation_form():
    if not _is_coordinator():
        return ColleagueInvitationForm()
    active = db.session.scalars(scoped(Organisation).where(Organisation.active).order_by(Organisation.name))
    return CoordinatorInvitationForm(list(active))


def _create_invitation(form):
    """The organisation comes from the signed-in user, or for a coordinator from the checked choice."""
    if not isinstance(form, CoordinatorInvitationForm):
        return invitation_service.invite_colleague(current_user, form.email.data)
    if form.wants_new_organisation:
        return invitation_service.invite_new_organisation(
            current_user, form.email.data, K(form.kind.data), form.organisation_name.data
        )
    organisation = get_visible_or_404(Organisation, int(form.organisation_id.data))
    return invitation_service.invite_to_organisation(current_user, form.email.data, organisation)


@bp.get("/organisatie/uitnodigen/verstuurd")
@signed_in
def invitation_sent():
    """Shows the link of the invitation just made once: it is taken out of the session here."""
    shown = session.pop(LINK_ONCE, None)
    return secret_link_page(render_template("organisations/invitation_sent.html", shown=shown))


@bp.get("/organisatie/uitnodigingen/<int:invitation_id>/intrekken/bevestigen")
@signed_in
def confirm_cancel_invitation(invitation_id: int):
    invitation = get_visible_or_404(Invitation, invitation_id)
    if not invitation_service.is_open(invitation):
        flash(_("Deze uitnodiging is al gebruikt of verlopen. Intrekken is niet meer nodig."), "info")
        return redirect(url_for(".overview"))
    return render_template("organisations/confirm_cancel_invitation.html", invitation=invitation)


@bp.post("/organisatie/uitnodigingen/<int:invitation_id>/intrekken")
@signed_in
def cancel_invitation(invitation_id: int):
    invitation = get_visible_or_404(Invitation, invitation_id)
    message = _("De uitnodiging voor %(email)s is ingetrokken. De link werkt niet meer.", email=invitation.email)
    _apply(invitation_service.cancel_invitation, invitation, message)
    return redirect(url_for(".overview"))


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    if current_user.is_authenticated:
        return secret_link_page(render_template("organisations/accept_signed_in.html"))
    invitation = invitation_service.find_open_invitation(token)
    if invitation is None:
        return secret_link_page(render_template("organisations/invitation_closed.html"), 404)
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        done, user = commit_or_show(
            form, lambda: invitation_service.accept_invitation(token, form.name.data, form.password.data)
        )
        if done:
            start_session(user)
            flash(_("Welkom, %(name)s. Je account is klaar.", name=user.name), "success")
            return redirect(url_for(".overview"))
    return secret_link_page(render_template("organisations/accept.html", form=form, invitation=invitation))


@bp.route("/organisatie/<int:organisation_id>/bewerken", methods=["GET", "POST"])
@allow(K.COORDINATOR)
def edit(organisation_id: int):
    organisation = get_visible_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation, current_province=organisation.province)
    if form.validate_on_submit():
        done, _changed = commit_or_show(
            form, lambda: organisation_service.update_organisation(current_user, organisation, _details(form))
        )
        if done:
            flash(_("De gegevens van %(name)s zijn opgeslagen.", name=organisation.name), "success")
            return redirect(url_for(".detail", organisation_id=organisation.id))
    return render_template("organisations/edit.html", form=form, organisation=organisation)


def _details(form: OrganisationForm) -> organisation_service.OrganisationDetails:
    return organisation_service.OrganisationDetails(
        name=form.name.data,
        contact_name=form.contact_name.data,
        contact_email=form.contact_email.data,
        contact_phone=form.contact_phone.data,
        address=form.address.data,
        postcode=form.postcode.data,
        city=form.city.data,
        province=form.province.data,
    )


@bp.get("/organisatie/gebruikers/<int:user_id>/deactiveren/bevestigen")
@allow(K.COORDINATOR)
def confirm_deactivate_user(user_id: int):
    user = get_visible_or_404(User, user_id)
    return render_template("organisations/confirm_deactivate_user.html", user=user)


@bp.post("/organisatie/gebruikers/<int:user_id>/deactiveren")
@allow(K.COORDINATOR)
def deactivate_user(user_id: int):
    user = get_visible_or_404(User, user_id)
    _apply(organisation_service.deactivate_user, user, _("%(name)s kan niet meer inloggen.", name=user.name))
    return redirect(url_for(".detail", organisation_id=user.organisation_id))


@bp.post("/organisatie/gebruikers/<int:user_id>/activeren")
@allow(K.COORDINATOR)
def activate_user(user_id: int):
    user = get_visible_or_404(User, user_id)
    _apply(organisation_service.activate_user, user, _("%(name)s kan weer inloggen.", name=user.name))
    return redirect(url_for(".detail", organisation_id=user.organisation_id))


@bp.get("/organisatie/<int:organisation_id>/deactiveren/bevestigen")
@allow(K.COORDINATOR)
def confirm_deactivate_organisation(organisation_id: int):
    organisation = get_visible_or_404(Organisation, organisation_id)
    return render_template("organisations/confirm_deactivate_organisation.html", organisation=organisation)


@bp.post("/organisatie/<int:organisation_id>/deactiveren")
@allow(K.COORDINATOR)
def deactivate_organisation(organisation_id: int):
    organisation = get_visible_or_404(Organisation, organisation_id)
    message = _(
        "%(name)s is gedeactiveerd. De mensen van deze organisatie kunnen niet meer inloggen.", name=organisation.name
    )
    _apply(organisation_service.deactivate_organisation, organisation, message)
    return redirect(url_for(".detail", organisation_id=organisation.id))


@bp.post("/organisatie/<int:organisation_id>/activeren")
@allow(K.COORDINATOR)
def activate_organisation(organisation_id: int):
    organisation = get_visible_or_404(Organisation, organisation_id)
    message = _("%(name)s is weer actief.", name=organisation.name)
    _apply(organisation_service.activate_organisation, organisation, message)
    return redirect(url_for(".detail", organisation_id=organisation.id))


def _apply(action, target, success: str) -> None:
    """Run one coordinator action, commit it, and tell the result."""
    try:
        commit_or_rollback(lambda: action(current_user, target))
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(success, "success")
