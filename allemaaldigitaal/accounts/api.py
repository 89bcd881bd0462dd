"""GET /api/v1/me: who the token belongs to."""
from flask_login import current_user

from allemaaldigitaal.api.spec import ApiBlueprint
from allemaaldigitaal.core.access import signed_in

from .schemas import MeSchema

blp = ApiBlueprint("api_account", __name__, description="The account a token belongs to.")


@blp.route("/me")
@signed_in
@blp.response(200, MeSchema)
def me():
    """The user, organisation and organisation kind of this token.

    Handy to check that a token works, and what it may do.
    """
    return {"user": current_user, "organisation": current_user.organisation, "kind": current_user.kind}
