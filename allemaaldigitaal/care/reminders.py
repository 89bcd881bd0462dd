"""Reminding a care organisation that a loan ends: once per loan, REMINDER_DAYS before its end date or later.

A loan is reminded about while its device is still handed out under it (not returned, lost or recycled) and its
personal data is not erased. Marking the loan reminded is one conditional UPDATE (`… WHERE loan_reminder_sent_at
IS NULL`), so two runs at the same moment send one reminder between them; the mails go in the same transaction.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update

from allemaaldigitaal.core.enums import DeviceStatus, HandoutKind
from allemaaldigitaal.core.models import Device, Handout
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

from . import mails

REMINDER_DAYS = 14


@dataclass(frozen=True)
class Reminded:
    handout_id: int
    asset_tag: str
    loan_until: date


def loans_to_remind(today: date):
    """select(Handout.id, …) of the running loans that end within REMINDER_DAYS (or ended) and were not reminded."""
    return (
        select(Handout.id, Handout.care_organisation_id, Handout.loan_until, Device.asset_tag)
        .join(Device, Device.handout_id == Handout.id)
        .where(
            Handout.kind == HandoutKind.LOAN,
            Handout.loan_until <= today + timedelta(days=REMINDER_DAYS),
            Handout.loan_reminder_sent_at.is_(None),
            Handout.returned_at.is_(None),
            Handout.personal_data_erased_at.is_(None),
            Device.status == DeviceStatus.HANDED_OUT,
        )
        .order_by(Handout.loan_until, Handout.id)
    )


def send_loan_reminders(today: date | None = None) -> list[Reminded]:
    """Queue one reminder per loan that is due and mark it reminded; the loans reminded now. Never commits."""
    today = today or utcnow().date()
    reminded = []
    for handout_id, organisation_id, loan_until, tag in db.session.execute(loans_to_remind(today)).all():
        marked = db.session.execute(
            update(Handout)
            .where(Handout.id == handout_id, Handout.loan_reminder_sent_at.is_(None))
            .values(loan_reminder_sent_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount == 1
        if marked:
            mails.loan_ends(organisation_id, tag, loan_until, today)
            reminded.append(Reminded(handout_id, tag, loan_until))
    return reminded
