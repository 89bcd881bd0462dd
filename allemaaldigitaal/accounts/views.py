"""Sign in, sign out, sign up and the profile."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from allemaaldigitaal.core.access import public, signed_in
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import limiter
from allemaaldigitaal.web.forms import commit_or_show
from allemaaldigitaal.web.mail import Letter, queue, secret_link_page, send_queued
from allemaaldigitaal.web.navigation import safe_local_path

from . import throttling as limits
from .auth import change_password as change_password_of, check_password, sign_in, sign_out, sign_up_donor
from .confirmation import account_for_new_link, confirm_email as confirm_address, unconfirmed_user_for
from .forms import ChangeNameForm, ChangePasswordForm, ConfirmEmailForm, LoginForm, NewLinkForm, SignupForm
from .letters import new_link_letter, signup_letter
from .services import change_name as change_name_of
from .sessions import end_session, keep_session_after_version_change, start_session

bp = Blueprint("auth", __name__)

#: the same words whatever went wrong, so nobody learns whether an account exists
LOGIN_FAILED = _l("Inloggen is niet gelukt. Controleer je e-mailadres en wachtwoord en probeer het opnieuw.")
#: the sign-out form's checkbox
REVOKE_API_TOKENS = "revoke_api_tokens"


def _next_url() -> str:
    return safe_local_path(request.args.get("next")) or url_for("start.index")



@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(limits.login_per_ip, methods=["POST"], scope="login-ip")
def login():
    """Only a checked password that lets nobody in counts towards this source's back-off for the account."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_next_url())
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data
        limits.wait_before_sign_in(email)
        check = check_password(email, form.password.data)
        user = commit_or_rollback(lambda: sign_in(check))
        if user is not None:
            limits.forget_failed_sign_ins(email)
            start_session(user)
            return redirect(_next_url())
        limits.note_failed_sign_in(email)
        form.form_errors.append(LOGIN_FAILED)
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@signed_in
def logout():
    """Signs out everywhere; with the box ticked, the user's API tokens stop working too."""
    also_api_tokens = request.form.get(REVOKE_API_TOKENS) == "1"
    commit_or_rollback(lambda: sign_out(current_user, also_api_tokens=also_api_tokens))
    end_session()
    if also_api_tokens:
        flash(_("Je bent uitgelogd en je API-sleutels zijn ingetrokken."), "success")
    else:
        flash(_("Je bent uitgelogd."), "success")
    return redirect(url_for("public.home"))


@bp.route("/aanmelden", methods=["GET", "POST"])
@public
@limiter.limit(limits.signup_per_ip, methods=["POST"], scope="signup-ip")
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        done, letter = commit_or_show(form, lambda: queue(signup_letter(sign_up_donor(
            form.organisation.data, form.name.data, form.email.data, form.password.data,
            postcode=form.postcode.data, city=form.city.data,
        ).user)))
        if done:
            return _mailed(letter)
    return render_template("accounts/signup.html", form=form)


def _mailed(letter: Letter):
    """The same answer for every address: look in your mail; or, plainly, that it is late (the outbox keeps trying)."""
    if send_queued():
        flash(_("We hebben een e-mail gestuurd naar %(email)s.", email=letter.to), "success")
    else:
        flash(_("De e-mail naar %(email)s is nog niet verstuurd. We proberen het vanzelf opnieuw. "
                "Kijk over een paar minuten in je mail.", email=letter.to), "warning")
    return redirect(url_for("auth.signup_sent"))


@bp.get("/aanmelden/kijk-in-je-mail")
@public
def signup_sent():
    return render_template("accounts/signup_sent.html")


@bp.route("/aanmelden/nieuwe-link", methods=["GET", "POST"])
@public
@limiter.limit(limits.signup_per_ip, methods=["POST"], scope="new-link-ip")
def new_link():
    form = NewLinkForm()
    if form.validate_on_submit():
        done, letter = commit_or_show(form, lambda: queue(new_link_letter(*account_for_new_link(form.email.data))))
        if done:
            return _mailed(letter)
    return render_template("accounts/signup_new_link.html", form=form)


@bp.route("/aanmelden/bevestigen/<token>", methods=["GET", "POST"])
@public
@limiter.limit(limits.login_per_ip, methods=["POST"], scope="confirm-ip", deduct_when=limits.failed)
def confirm_email(token: str):
    user = unconfirmed_user_for(token)
    if user is None:
        return secret_link_page(render_template("accounts/signup_link_closed.html"), 404)
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        check = check_password(user.email, form.password.data)
        done, confirmed = commit_or_show(form, lambda: confirm_address(token, check))
        if done:
            start_session(confirmed)
            flash(_("Je e-mailadres is bevestigd. Welkom bij allemaaldigitaal!"), "success")
            return redirect(url_for("start.index"))
    return secret_link_page(render_template("accounts/signup_confirm.html", form=form, user=user))


@bp.get("/profiel")
@signed_in
def profile():
    return _profile_page()


def _profile_page(password_form: ChangePasswordForm | None = None, name_form: ChangeNameForm | None = None):
    """The profile with its two forms; the one not being submitted starts afresh (with the current name)."""
    password_form = password_form or ChangePasswordForm(formdata=None)
    name_form = name_form or ChangeNameForm(formdata=None, name=current_user.name)
    return render_template("accounts/profile.html", form=password_form, name_form=name_form)


@bp.post("/profiel/naam")
@signed_in
def change_name():
    form = ChangeNameForm()
    if form.validate_on_submit():
        done, _nothing = commit_or_show(form, lambda: change_name_of(current_user, form.name.data))
        if done:
            flash(_("Je naam is gewijzigd."), "success")
            return redirect(url_for("auth.profile"))
    return _profile_page(name_form=form)


@bp.post("/profiel/wachtwoord")
@signed_in
@limiter.limit(
    limits.password_change_per_user, key_func=limits.signed_in_user_key,
    scope="password-change", deduct_when=limits.failed,
)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        done, _nothing = commit_or_show(
            form, lambda: change_password_of(current_user, form.current_password.data, form.new_password.data)
        )
        if done:
            keep_session_after_version_change(current_user)
            flash(_("Je wachtwoord is gewijzigd. Op andere apparaten ben je nu uitgelogd."), "success")
            return redirect(url_for("auth.profile"))
    return _profile_page(password_form=form)
