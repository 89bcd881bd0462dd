"""The handover form of a handout: its facts gathered from the models, in the reader's language, for printing.

The recipient's reference is printed only for the care organisation that handed the device out; a
coordinator's form leaves it out, as everywhere else. The wipe is proven by the donation's latest
data-wipe certificate issued after the device's last wipe (an earlier one may list it as not wiped
yet); without one, by the device's wipe records: the latest record of each storage medium since the
device last came into the workshop, when it passed.
"""
from flask import current_app
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.config import DEFAULT_HANDOVER_HELP_POINT
from allemaaldigitaal.core.lifecycle import last_intake_at
from allemaaldigitaal.core.models import Certificate, Device, Handout, Organisation, WipeRecord
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.device_page import device_checks
from allemaaldigitaal.extensions import db
from allemaaldigitaal.printing.handover_form import HandoverFormData, handover_form_pdf
from allemaaldigitaal.web.formatting import format_date
from allemaaldigitaal.web.i18n import LOCALES

#: how long the recipient's reference is kept after the handout ends, when RECIPIENT_RETENTION_MONTHS is not set
RETENTION_MONTHS = 24
#: in the reference's place when someone else than the care organisation that handed the device out prints it
REFERENCE_WITHHELD = _l("Alleen bekend bij de zorgorganisatie")


def _joined(*parts: str | None, separator: str = ", ") -> str:
    return separator.join(part for part in parts if part)


def _address(organisation: Organisation) -> str:
    return _joined(organisation.address, _joined(organisation.postcode, organisation.city, separator=" "))


def help_point() -> str:
    """The configured local help point; the default one in the reader's language."""
    configured = current_app.config.get("HANDOVER_HELP_POINT") or DEFAULT_HANDOVER_HELP_POINT
    if configured == DEFAULT_HANDOVER_HELP_POINT:
        return _("Informatiepunt Digitale Overheid in de bibliotheek bij u in de buurt")
    return configured


def passed_wipes(device: Device) -> list[WipeRecord]:
    """The latest record of each medium since the device's last intake, where that record passed."""
    since = last_intake_at(device)
    if since is None:
        return []
    records = db.session.scalars(
        select(WipeRecord).where(WipeRecord.device_id == device.id, WipeRecord.started_at >= since)
        .order_by(WipeRecord.finished_at, WipeRecord.id)
    )
    latest = {record.medium_serial: record for record in records}
    return [record for record in latest.values() if record.passed]


def proving_certificate(device: Device, wipes: list[WipeRecord]) -> Certificate | None:
    """The donation's latest certificate issued after the device's last passed wipe, if any."""
    if not wipes:
        return None
    last_wipe = max(record.finished_at for record in wipes)
    return db.session.scalar(
        select(Certificate).where(Certificate.donation_id == device.donation_id, Certificate.issued_at >= last_wipe)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc()).limit(1)
    )


def handover_form_data(handout: Handout, with_reference: bool = True) -> HandoverFormData:
    """What the form shows, formatted in the current language; the reference only `with_reference`."""
    device = handout.device
    check = next(iter(device_checks(device)), None)
    grade = check.condition_grade if check else device.condition_grade
    wipes = passed_wipes(device)
    certificate = proving_certificate(device, wipes)
    return HandoverFormData(
        organisation=handout.care_organisation.name, organisation_address=_address(handout.care_organisation),
        recipient_reference=(handout.recipient_reference or "–") if with_reference else str(REFERENCE_WITHHELD),
        tag=format_tag(device.asset_tag),
        kind=str(device.kind.label), brand_model=_joined(device.brand, device.model, separator=" "),
        serial=device.serial_number or "", accessories=(check.accessories or "") if check else "",
        condition=str(grade.label) if grade else "", handed_out_on=format_date(handout.handed_out_at),
        loan_until=format_date(handout.loan_until), certificate_code=certificate.code if certificate else "",
        wiped_media=len(wipes), wiped_on=format_date(max((record.finished_at for record in wipes), default=None)),
        help_point=help_point(),
        retention_months=int(current_app.config.get("RECIPIENT_RETENTION_MONTHS", RETENTION_MONTHS)),
    )


def handover_form_document(handout: Handout, language: str | None = None, with_reference: bool = True) -> tuple[bytes, str]:
    """The form as PDF bytes and its file name; in `language` ('nl' or 'en'), or the current one when None."""
    filename = f"overdrachtsformulier-{format_tag(handout.device.asset_tag)}.pdf"
    if language is None:
        return handover_form_pdf(handover_form_data(handout, with_reference)), filename
    with force_locale(LOCALES[language]):
        return handover_form_pdf(handover_form_data(handout, with_reference)), filename
