"""The e-mails of sign-up and its confirmation; the person who asked for them reads them in their own language.

Whatever the address, a sign-up or a request for a new link sends exactly one of these, so the
page after it is the same for every address.
"""
from flask_babel import get_locale, lazy_gettext as _l

from allemaaldigitaal.core.models import User
from allemaaldigitaal.web.mail import Letter, site_url

from .confirmation import confirmation_days, confirmation_token


def _language() -> str:
    return get_locale().language


def confirmation_letter(user: User) -> Letter:
    """The link that confirms the address of a new sign-up."""
    link = site_url("auth.confirm_email", token=confirmation_token(user))
    context = {"name": user.name, "organisation": user.organisation.name, "link": link, "days": confirmation_days()}
    return Letter("confirm_signup", user.email, _l("Bevestig je aanmelding bij allemaaldigitaal"), context, _language())


def signup_letter(user: User) -> Letter:
    """After a sign-up: the link for an unconfirmed account, or a notice for an account that is ready."""
    if user.email_confirmed_at is None:
        return confirmation_letter(user)
    context = {"name": user.name, "login": site_url("auth.login")}
    return Letter("account_exists", user.email, _l("Aanmelding met jouw e-mailadres"), context, _language())


def new_link_letter(email: str, user: User | None) -> Letter:
    """After a request for a new link: the link, or what to do instead."""
    if user is not None:
        if user.email_confirmed_at is None:
            return confirmation_letter(user)
        context = {"name": user.name, "login": site_url("auth.login")}
        return Letter("already_confirmed", user.email, _l("Je e-mailadres is al bevestigd"), context, _language())
    context = {"signup": site_url("auth.signup")}
    return Letter("no_signup", email, _l("Geen aanmelding met dit e-mailadres"), context, _language())
