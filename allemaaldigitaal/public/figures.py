"""The campaign figures on the home page, counted live from the database."""
from dataclasses import dataclass

from sqlalchemy import func, select

from allemaaldigitaal.core.enums import IN_PREPARATION, DeviceStatus, OrganisationKind
from allemaaldigitaal.core.models import Device, Organisation
from allemaaldigitaal.extensions import db


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
