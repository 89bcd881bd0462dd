"""The intake receipt of a donation: its facts and every device, gathered for printing.receipt."""
from flask_babel import gettext as _
from sqlalchemy import select

from allemaaldigitaal.core.enums import DeviceStatus
from allemaaldigitaal.core.models import Device, Donation
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.printing.receipt import ReceiptData, ReceiptDevice, receipt_pdf
from allemaaldigitaal.web.formatting import format_date


def _joined(*parts: str | None, separator: str = ", ") -> str:
    return separator.join(part for part in parts if part)


def receipt_data(donation: Donation) -> ReceiptData:
    """The donation and its devices (not the cancelled ones), ordered by tag."""
    query = (select(Device).where(Device.donation_id == donation.id, Device.status != DeviceStatus.CANCELLED)
             .order_by(Device.asset_tag))
    devices = tuple(
        ReceiptDevice(
            tag=format_tag(device.asset_tag), kind=str(device.kind.label),
            brand_model=_joined(device.brand, device.model, separator=" "), serial=device.serial_number or "",
            donor_asset_number=device.donor_asset_number or "",
        )
        for device in db.session.scalars(query)
    )
    return ReceiptData(
        reference=donation.reference, donor=donation.donor.name,
        workshop=donation.refurbisher.name if donation.refurbisher else _("Nog geen werkplaats"),
        pickup=_joined(donation.pickup_address, _joined(donation.pickup_postcode, donation.pickup_city, separator=" ")),
        contact=_joined(donation.contact_name, donation.contact_phone, donation.contact_email),
        pledged_on=format_date(donation.created_at), printed_on=format_date(utcnow()), devices=devices,
    )


def receipt_document(donation: Donation) -> tuple[bytes, str]:
    """The receipt as PDF bytes and its file name."""
    return receipt_pdf(receipt_data(donation)), f"ontvangstbewijs-{donation.reference}.pdf"
