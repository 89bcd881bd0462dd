"""Pre-printed labels: new tags a workshop prints before the devices are registered, and linking one to a device.

A workshop (or a coordinator for a workshop) prints N labels during collection and sticks them on devices;
registering such a device links its label, once. The same label is never linked twice, also when two people
try at the same moment: the label's row is locked while it is linked (PostgreSQL; SQLite's write lock does the
same), and unique constraints on both tables refuse a second link that gets past the check.
"""
import random
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Device, Donation, Organisation, PreprintedLabel, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tags import InvalidTag, format_tag, normalise_tag
from allemaaldigitaal.extensions import db

from .asset_tags import issue_tags

#: the most labels one print run makes
MAX_PREPRINTED = 1000
#: the form field a linking refusal belongs to
TAG_FIELD = "preprinted_tag"


class NotYours(DomainError):
    """The workshop is not the user's to print for: the caller answers 404."""


def may_preprint_for(user: User, workshop: Organisation) -> bool:
    """A workshop prints for itself; a coordinator for any active workshop."""
    if workshop.kind != K.REFURBISHER or not workshop.active:
        return False
    return user.kind == K.COORDINATOR or (user.kind == K.REFURBISHER and user.organisation_id == workshop.id)


def print_preprinted(user: User, workshop: Organisation, count: int, rng: random.Random | None = None) -> list[PreprintedLabel]:
    """`count` new labels for the workshop, printed now by this user; flushed, never committed."""
    if not may_preprint_for(user, workshop):
        raise NotYours(_l("Deze werkplaats bestaat niet of je mag er geen labels voor maken."), "workshop")
    if not 1 <= count <= MAX_PREPRINTED:
        raise DomainError(_l("Kies een aantal van 1 tot en met %(most)s.", most=MAX_PREPRINTED), "count")
    printed_at = utcnow()
    labels = [
        PreprintedLabel(tag=tag, workshop_id=workshop.id, printed_by_id=user.id, printed_at=printed_at)
        for tag in issue_tags(count, rng)
    ]
    db.session.add_all(labels)
    db.session.flush()
    return labels


def linkable_label(text: str, donation: Donation) -> PreprintedLabel:
    """The unlinked pre-printed label with this tag (typed or scanned) of the donation's workshop, locked until commit."""
    try:
        tag = normalise_tag(text)
    except InvalidTag as error:
        raise DomainError(str(error), TAG_FIELD) from error
    if donation.refurbisher_id is None:
        raise DomainError(_l("Deze donatie heeft nog geen werkplaats. Een voorgedrukt label kan pas als er een "
                             "werkplaats is gekozen."), TAG_FIELD)
    label = db.session.scalar(select(PreprintedLabel).where(PreprintedLabel.tag == tag).with_for_update())
    if label is None or label.workshop_id != donation.refurbisher_id:
        raise DomainError(_l("Code %(tag)s is geen voorgedrukt label van de werkplaats van deze donatie. "
                             "Controleer de code.", tag=format_tag(tag)), TAG_FIELD)
    if label.device_id is not None:
        raise DomainError(_l("Label %(tag)s zit al op een ander apparaat. Gebruik een nieuw label.",
                             tag=format_tag(tag)), TAG_FIELD)
    return label


def link(label: PreprintedLabel, device: Device) -> None:
    """The label now sits on this device (which carries the label's tag); flushed."""
    label.device_id = device.id
    label.linked_at = utcnow()
    db.session.flush()


@dataclass(frozen=True)
class PrintRun:
    """The labels one person printed for a workshop at one moment; `first_id` names the run."""

    first_id: int
    workshop: str
    printed_by: str
    printed_at: datetime
    count: int
    linked: int


def _runs(user: User):
    """Print runs as rows (first id, workshop, printed by, printed at, count, linked), newest first."""
    return (
        scoped(PreprintedLabel, user)
        .join(Organisation, Organisation.id == PreprintedLabel.workshop_id)
        .join(User, User.id == PreprintedLabel.printed_by_id)
        .with_only_columns(
            func.min(PreprintedLabel.id), Organisation.name, User.name, PreprintedLabel.printed_at,
            func.count(), func.count(PreprintedLabel.device_id),
        )
        .group_by(PreprintedLabel.workshop_id, Organisation.name, PreprintedLabel.printed_by_id, User.name,
                  PreprintedLabel.printed_at)
        .order_by(PreprintedLabel.printed_at.desc())
    )


def print_runs(user: User, limit: int = 20) -> list[PrintRun]:
    """The latest print runs this user may see, newest first."""
    return [PrintRun(*row) for row in db.session.execute(_runs(user).limit(limit))]


def run_summary(user: User, label_id: int) -> PrintRun | None:
    """The print run that holds this label, if the user may see it."""
    label = db.session.scalar(scoped(PreprintedLabel, user).where(PreprintedLabel.id == label_id))
    if label is None:
        return None
    row = db.session.execute(_runs(user).where(*_same_run(label))).first()
    return PrintRun(*row) if row else None


def _same_run(label: PreprintedLabel) -> tuple:
    return (
        PreprintedLabel.workshop_id == label.workshop_id,
        PreprintedLabel.printed_by_id == label.printed_by_id,
        PreprintedLabel.printed_at == label.printed_at,
    )


def run_of(user: User, label_id: int) -> list[PreprintedLabel] | None:
    """Every label of the run that holds this label, in order; None when the user may not see it."""
    first = db.session.scalar(scoped(PreprintedLabel, user).where(PreprintedLabel.id == label_id))
    if first is None:
        return None
    return list(db.session.scalars(scoped(PreprintedLabel, user).where(*_same_run(first)).order_by(PreprintedLabel.id)))
