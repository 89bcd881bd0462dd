"""Sign in, sign out, sign up and the profile."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from allemaaldigitaal.core.access import public, signed_in
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import limiter
from allemaaldigitaal.web.forms import commit_or_show
from allemaaldigitaal.web.navigation import safe_local_path

from . import throttling as limits
from .auth import change_password as change_password_of, sign_in, sign_out, sign_up_donor
from .forms import ChangePasswordForm, LoginForm, SignupForm
from .sessions import end_session, keep_session_after_version_change, start_session

bp = Blueprint("auth", __name__)

#: the same words whatever went wrong, so nobody learns whether an account exists
LOGIN_FAILED = _l("Inloggen is niet gelukt. Controleer je e-mailadres en wachtwoord en probeer het opnieuw.")


def _next_url() -> str:
    return safe_local_path(request.args.get("next")) or url_for("public.home")



@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(limits.login_per_ip, methods=["POST"], scope="login-ip")
@limiter.limit(
    limits.login_per_account, methods=["POST"], key_func=limits.typed_email_key,
    scope="login-account", deduct_when=limits.failed,
)
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_next_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = commit_or_rollback(lambda: sign_in(form.email.data, form.password.data))
        if user is not None:
            start_session(user)
            return redirect(_next_url())
        form.form_errors.append(LOGIN_FAILED)
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@signed_in
def logout():
    commit_or_rollback(lambda: sign_out(current_user))
    end_session()
    flash(_("Je bent uitgelogd."), "success")
    return redirect(url_for("public.home"))


@bp.route("/aanmelden", methods=["GET", "POST"])
@public
@limiter.limit(limits.signup_per_ip, methods=["POST"], scope="signup-ip")
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        done, user = commit_or_show(form, lambda: sign_up_donor(
            form.organisation.data, form.name.data, form.email.data, form.password.data,
            postcode=form.postcode.data, city=form.city.data,
        ))
        if done:
            start_session(user)
            flash(_("Welkom! Je organisatie is aangemeld en je bent ingelogd."), "success")
            return redirect(url_for("public.home"))
    return render_template("accounts/signup.html", form=form)


@bp.get("/profiel")
@signed_in
def profile():
    return render_template("accounts/profile.html", form=ChangePasswordForm())


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
    return render_template("accounts/profile.html", form=form)
