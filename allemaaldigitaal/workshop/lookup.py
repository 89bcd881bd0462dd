"""The device behind a tag in a URL, in any case or form, for the workshop's record pages and API."""
from flask import abort

from allemaaldigitaal.core.access import get_visible_by_or_404
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.core.tags import InvalidTag, normalise_tag

#: who records checks, wipes and recycling: a workshop (its own devices) and a coordinator
RECORDERS = (K.REFURBISHER, K.COORDINATOR)


def visible_device_or_404(tag: str) -> Device:
    """The device the signed-in user may see, or 404 (also for a mistyped tag)."""
    try:
        canonical = normalise_tag(tag)
    except InvalidTag:
        abort(404)
    return get_visible_by_or_404(Device, Device.asset_tag, canonical)
