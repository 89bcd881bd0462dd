"""Handing out asset tags: new, never used before by a device or a pre-printed label, and registered in asset_tags.

Each tag handed out gets a row in asset_tags (primary key: the tag) in the same transaction as the device or
pre-printed label that carries it. The check below skips tags in use; the primary key refuses a tag that a
simultaneous request took after the check, and commit_or_rollback turns that into a plain "try again".
"""
import random

from sqlalchemy import select

from allemaaldigitaal.core.models import AssetTag, Device
from allemaaldigitaal.core.tags import generate_tag
from allemaaldigitaal.extensions import db


def taken_tags(tags: set[str]) -> set[str]:
    """Which of these tags a device or a pre-printed label already has (registered or not)."""
    if not tags:
        return set()
    registered = set(db.session.scalars(select(AssetTag.tag).where(AssetTag.tag.in_(tags))))
    on_devices = set(db.session.scalars(select(Device.asset_tag).where(Device.asset_tag.in_(tags))))
    return registered | on_devices


def issue_tags(count: int, rng: random.Random | None = None) -> list[str]:
    """`count` new tags, none in use and no two alike, each registered in asset_tags (flushed); never commits."""
    chosen: list[str] = []
    while len(chosen) < count:
        candidates = {generate_tag(rng) for _ in range(count - len(chosen))} - set(chosen)
        chosen.extend(sorted(candidates - taken_tags(candidates)))
    db.session.add_all(AssetTag(tag=tag) for tag in chosen)
    db.session.flush()
    return chosen
