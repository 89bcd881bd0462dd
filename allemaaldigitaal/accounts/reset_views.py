"""Forgot your password: ask for a link by e-mail, then choose a new password with it."""
import hashlib

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from allemaaldigitaal.core.access import public
from allemaaldigitaal.extensions import limiter
from allemaaldigitaal.web.forms import commit_or_show
from allemaaldigitaal.web.mail import secret_link_page

from . import throttling as limits
from .reset import choose_password, open_reset, request_reset, reset_minutes
from .reset_forms import ChoosePasswordForm, ForgotPasswordForm
from .sessions import end_session

bp = Blueprint("password_reset", __name__)


def reset_per_ip() -> str:
    return current_app.config["PASSWORD_RESET_LIMIT_PER_IP"]


def reset_per_address() -> str:
    return current_app.config["PASSWORD_RESET_LIMIT_PER_ADDRESS"]


def typed_address_key() -> str:
    """The typed address, hashed: each address gets only a few links an hour, whoever asks and from where."""
    typed = (request.form.get("email") or "").strip().lower()
    return "reset-address:" + hashlib.sha256(typed.encode()).hexdigest()[:40]


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@public
@limiter.limit(reset_per_ip, methods=["POST"], scope="reset-ip")
@limiter.limit(reset_per_address, methods=["POST"], key_func=typed_address_key, scope="reset-address")
def forgot():
    """The same page after asking, whether or not the address has an account (the mail tells the rest)."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("auth.profile"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        done, email = commit_or_show(form, lambda: request_reset(form.email.data))
        if done:
            return render_template("accounts/reset_sent.html", email=email, minutes=reset_minutes())
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/wachtwoord-vergeten/<token>", methods=["GET", "POST"])
@public
@limiter.limit(limits.login_per_ip, methods=["POST"], scope="reset-choose-ip", deduct_when=limits.failed)
def choose(token: str):
    reset = open_reset(token)
    if reset is None:
        return secret_link_page(render_template("accounts/reset_link_closed.html"), 404)
    email, user_id = reset.user.email, reset.user_id
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        done, _user = commit_or_show(form, lambda: choose_password(token, form.password.data))
        if done:
            limits.forget_failed_sign_ins(email)
            if current_user.is_authenticated and current_user.id == user_id:
                end_session()
            flash(_("Je wachtwoord is gewijzigd. Log in met je nieuwe wachtwoord."), "success")
            return secret_link_page(redirect(url_for("auth.login")), 302)
    return secret_link_page(render_template("accounts/reset_choose.html", form=form, email=email))
