"""Stock: how many ready, unallocated devices there are, per kind and grade; counts only, never whose they were."""
from dataclasses import dataclass

from sqlalchemy import func, select

from allemaaldigitaal.core.enums import ConditionGrade, DeviceKind, DeviceStatus
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.extensions import db


@dataclass(frozen=True)
class StockCount:
    kind: DeviceKind
    #: None for a device whose condition was not graded
    grade: ConditionGrade | None
    count: int


def available():
    """The condition of a device that may be allocated: ready and not linked to a claim."""
    return (Device.status == DeviceStatus.READY) & Device.claim_id.is_(None)


def stock_counts() -> list[StockCount]:
    """Every kind × grade (and ungraded) with its number of available devices, zeros included, in a fixed order."""
    rows = db.session.execute(
        select(Device.kind, Device.condition_grade, func.count()).where(available())
        .group_by(Device.kind, Device.condition_grade)
    ).all()
    found = {(kind, grade): count for kind, grade, count in rows}
    return [
        StockCount(kind, grade, found.get((kind, grade), 0))
        for kind in DeviceKind for grade in (*ConditionGrade, None)
    ]


def stock_totals() -> dict[DeviceKind, int]:
    """Available devices per kind."""
    totals = dict.fromkeys(DeviceKind, 0)
    for row in stock_counts():
        totals[row.kind] += row.count
    return totals
