"""The invitation e-mail: the link, or a notice when the address already has an account. In Dutch:
the invited person's language is not known."""
from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.models import User
from allemaaldigitaal.web.mail import Letter, site_url

from .invitations import Invited, invitation_days

SUBJECT = _l("Uitnodiging voor allemaaldigitaal")


def invitation_letter(invited: Invited, inviter: User) -> Letter:
    """Both letters have the same subject; only the invited person sees which one came."""
    context = {
        "inviter": inviter.name,
        "inviter_organisation": inviter.organisation.name,
        "organisation": invited.organisation_name,
        "kind": invited.kind.label,
        "new_organisation": invited.new_organisation,
        "login": site_url("auth.login"),
    }
    if invited.token is None:
        return Letter("invitation_account_exists", invited.email, SUBJECT, context)
    context.update(link=site_url("organisations.accept_invitation", token=invited.token), days=invitation_days())
    return Letter("invitation", invited.email, SUBJECT, context)
