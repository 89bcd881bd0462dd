"""Stock: ready devices not yet allocated, counted per kind and grade, and nothing else."""
from dataclasses import fields

from allemaaldigitaal.care.allocation import allocate_tags
from allemaaldigitaal.care.stock import StockCount, stock_counts, stock_totals
from allemaaldigitaal.core.enums import ConditionGrade as G, DeviceKind, DeviceStatus as S

LAPTOP, TABLET = DeviceKind.LAPTOP, DeviceKind.TABLET


def counts() -> dict:
    return {(row.kind, row.grade): row.count for row in stock_counts()}


def test_stock_counts_ready_unallocated_devices_per_kind_and_grade(world):
    before = counts()
    world.device(kind=LAPTOP, grade=G.A)
    world.device(kind=LAPTOP, grade=G.A)
    world.device(kind=TABLET, grade=G.C)
    world.device(kind=TABLET, grade=None)
    allocated = world.device(kind=LAPTOP, grade=G.B)
    allocate_tags(world.claim(1, 0), world.coordinator, [allocated.asset_tag])
    world.device(S.WIPED, kind=LAPTOP)
    world.device(S.DELIVERED, kind=TABLET)
    after = counts()
    grown = {key: after[key] - before[key] for key in after if after[key] != before[key]}
    assert grown == {(LAPTOP, G.A): 2, (TABLET, G.C): 1, (TABLET, None): 1}


def test_every_kind_and_grade_is_listed_even_at_zero_and_totals_add_up(session):
    rows = stock_counts()
    assert [(row.kind, row.grade) for row in rows] == [(kind, grade) for kind in DeviceKind for grade in (*G, None)]
    totals = stock_totals()
    assert totals == {kind: sum(row.count for row in rows if row.kind == kind) for kind in DeviceKind}


def test_stock_says_nothing_but_kind_grade_and_count():
    assert [field.name for field in fields(StockCount)] == ["kind", "grade", "count"]
