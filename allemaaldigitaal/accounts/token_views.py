"""Personal API tokens on the profile: list, make (shown once) and revoke (after a confirmation page)."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from allemaaldigitaal.core.access import get_visible_or_404, scoped, signed_in
from allemaaldigitaal.core.models import ApiToken
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.forms import commit_or_show

from .token_forms import TokenForm
from .tokens import create_token, revoke_token

bp = Blueprint("api_tokens", __name__, url_prefix="/profiel/tokens")


def _own_tokens() -> list[ApiToken]:
    query = scoped(ApiToken, current_user).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    return list(db.session.scalars(query))


def _index_page(form: TokenForm):
    return render_template("accounts/tokens.html", form=form, tokens=_own_tokens())


@bp.get("")
@signed_in
def index():
    return _index_page(TokenForm())


@bp.post("")
@signed_in
def create():
    """Makes a token and shows it on this one page; it is not stored anywhere we can show it again."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _index_page(form)
    done, created = commit_or_show(form, lambda: create_token(current_user, form.name.data))
    if not done:
        return _index_page(form)
    token, raw = created
    return render_template("accounts/token_created.html", token=token, raw_token=raw)


@bp.get("/<int:token_id>/intrekken/bevestigen")
@signed_in
def confirm_revoke(token_id: int):
    """Asks first; the form on this page posts to revoke."""
    token = get_visible_or_404(ApiToken, token_id)
    if token.revoked_at is not None:
        flash(_("De sleutel %(name)s is al ingetrokken.", name=token.name), "info")
        return redirect(url_for("api_tokens.index"))
    return render_template("accounts/token_revoke.html", token=token)


@bp.post("/<int:token_id>/intrekken")
@signed_in
def revoke(token_id: int):
    token = get_visible_or_404(ApiToken, token_id)
    commit_or_rollback(lambda: revoke_token(token))
    flash(_("De sleutel %(name)s is ingetrokken. Hij werkt niet meer.", name=token.name), "success")
    return redirect(url_for("api_tokens.index"))
