"""The campaign figures on the home page, counted live from the database."""
from dataclasses import dataclass

from sqlalchemy import func, select

from ..enums import DeviceStatus, OrganisationKind
from ..extensions import db
from ..models import Device, Organisation

#: devices that are on their way to a person: in the workshop or with a care organisation
IN_PREPARATION = (
    DeviceStatus.RECEIVED, DeviceStatus.WIPED, DeviceStatus.READY, DeviceStatus.ALLOCATED, DeviceStatus.DELIVERED,
)


@dataclass(frozen=True)
class CampaignFigures:
    handed_out: int
    in_preparation: int
    donors: int


def campaign_figures() -> CampaignFigures:
    per_status = dict(db.session.execute(select(Device.status, func.count()).group_by(Device.status)).all())
    donors = db.session.scalar(
        select(func.count()).select_from(Organisation).where(
            Organisation.kind == OrganisationKind.DONOR, Organisation.active.is_(True)
        )
    )
    return CampaignFigures(
        handed_out=per_status.get(DeviceStatus.HANDED_OUT, 0),
        in_preparation=sum(per_status.get(status, 0) for status in IN_PREPARATION),
        donors=donors or 0,
    )
