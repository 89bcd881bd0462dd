"""The device list's filter as its query string gives it: one form for the list page and the device export."""
from collections.abc import Mapping

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Organisation, User
from allemaaldigitaal.extensions import db

from .forms import DeviceFilterForm


def organisations_of_kind(kind: K) -> list[Organisation]:
    return list(db.session.scalars(scoped(Organisation).where(Organisation.kind == kind).order_by(Organisation.name)))


def list_filter_form(user: User, args: Mapping) -> DeviceFilterForm:
    """The filter form read from args and checked (a coordinator chooses among workshops and care organisations);
    a value it refuses is named next to its field and counts as empty in form.chosen()."""
    coordinator = user.kind == K.COORDINATOR
    form = DeviceFilterForm(
        organisations_of_kind(K.REFURBISHER) if coordinator else None,
        organisations_of_kind(K.CARE) if coordinator else None,
        formdata=args, meta={"csrf": False},
    )
    if args:
        form.validate()
    return form
