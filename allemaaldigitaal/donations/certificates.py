"""Data-wipe certificates: gather a donation's devices and wipe records, issue and store a certificate, verify one.

A device is wiped when the latest record of each of its storage media since it last came into the
workshop passed (the rule of core.lifecycle.wiped_media), recycled when it is recycled and its media
were destroyed that way, and pending otherwise. Cancelled devices never left the donor: they are left out.
Each certificate is stored with its PDF and the PDF's SHA-256; a later one never replaces an earlier one.
"""
import hashlib
import secrets
from collections import defaultdict

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import INTAKE, DeviceStatus
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Certificate, Device, DeviceEvent, Donation, User, WipeRecord
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.printing.certificate import (
    PENDING,
    RECYCLED,
    WIPED,
    CertificateData,
    CertificateDevice,
    MediumWipe,
    certificate_pdf,
)
from allemaaldigitaal.web.formatting import format_date, format_number

from . import letters

#: Crockford Base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_code() -> str:
    """A random code of 60 bits, grouped by four: K7M2-P9QX-4RTA."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str | None:
    """The code as stored, from what someone typed (any case, with or without hyphens or spaces); None if it cannot be one."""
    raw = "".join(text.upper().split()).replace("-", "").translate(_READ_AS)
    if len(raw) != CODE_LENGTH or any(character not in ALPHABET for character in raw):
        return None
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def verify_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/certificaat/{code}"


def _devices(donation: Donation) -> list[Device]:
    query = (select(Device).where(Device.donation_id == donation.id, Device.status != DeviceStatus.CANCELLED)
             .order_by(Device.asset_tag))
    return list(db.session.scalars(query))


def _last_intakes(donation: Donation) -> dict[int, object]:
    """When each device of the donation last came into a workshop."""
    query = (
        select(DeviceEvent.device_id, func.max(DeviceEvent.created_at))
        .join(Device, Device.id == DeviceEvent.device_id)
        .where(Device.donation_id == donation.id, DeviceEvent.to_status.in_(INTAKE))
        .group_by(DeviceEvent.device_id)
    )
    return dict(db.session.execute(query).all())


def _latest_records(donation: Donation) -> dict[int, list[tuple[WipeRecord, str]]]:
    """Per device, the latest record of each medium since its last intake, with its operator's name."""
    since = _last_intakes(donation)
    query = (
        select(WipeRecord, User.name)
        .join(Device, Device.id == WipeRecord.device_id)
        .outerjoin(User, User.id == WipeRecord.operator_id)
        .where(Device.donation_id == donation.id)
        .order_by(WipeRecord.finished_at, WipeRecord.id)
    )
    latest: dict[int, dict[str, tuple[WipeRecord, str]]] = defaultdict(dict)
    for record, operator in db.session.execute(query):
        intake = since.get(record.device_id)
        if intake is not None and record.started_at >= intake:
            latest[record.device_id][record.medium_serial] = (record, operator or "")
    return {device_id: list(media.values()) for device_id, media in latest.items()}


def _state(device: Device, media: list[tuple[WipeRecord, str]]) -> str:
    passed = sum(record.passed for record, _operator in media)
    if not media or passed < len(media) or passed < device.storage_media_count:
        return PENDING
    return RECYCLED if device.status == DeviceStatus.RECYCLED else WIPED


def _medium(record: WipeRecord, operator: str) -> MediumWipe:
    tool = f"{record.tool} {record.tool_version}" if record.tool_version else record.tool
    capacity = _("%(size)s GB", size=format_number(record.medium_capacity_gb)) if record.medium_capacity_gb else ""
    return MediumWipe(
        medium_type=str(record.medium_type.label), serial=record.medium_serial, capacity=capacity,
        level=str(record.level.label), technique=str(record.technique.label), tool=tool,
        verification=str(record.verification.label), result=_("Geslaagd") if record.passed else _("Mislukt"),
        operator=operator, date=format_date(record.finished_at),
    )


def _device(device: Device, media: list[tuple[WipeRecord, str]]) -> CertificateDevice:
    return CertificateDevice(
        tag=format_tag(device.asset_tag), kind=str(device.kind.label),
        brand_model=" ".join(part for part in (device.brand, device.model) if part), serial=device.serial_number or "",
        state=_state(device, media), media=tuple(_medium(record, operator) for record, operator in media),
    )


def certificate_data(donation: Donation, code: str, base_url: str, issued_by: User | None, issued_at) -> CertificateData:
    """What the certificate shows, gathered in three queries whatever the number of devices."""
    media = _latest_records(donation)
    return CertificateData(
        code=code, verify_url=verify_url(base_url, code), reference=donation.reference, donor=donation.donor.name,
        workshop=donation.refurbisher.name if donation.refurbisher else _("Nog geen werkplaats"),
        issued_on=format_date(issued_at), issued_by=issued_by.name if issued_by else "",
        devices=tuple(_device(device, media.get(device.id, [])) for device in _devices(donation)),
    )


def issue_certificate(donation: Donation, actor: User | None, base_url: str) -> Certificate:
    """A new certificate for the donation as it stands now, stored with its PDF and hash; the caller commits."""
    data = certificate_data(donation, new_code(), base_url, actor, utcnow())
    if not data.devices:
        raise DomainError(_l("Deze donatie heeft nog geen apparaten. Een certificaat kan pas als er apparaten zijn."),
                          "devices")
    content = certificate_pdf(data)
    certificate = Certificate(
        code=data.code, donation=donation, issued_by_id=actor.id if actor else None,
        device_count=len(data.devices), pending_count=data.count(PENDING),
        sha256=hashlib.sha256(content).hexdigest(), pdf=content,
    )
    db.session.add(certificate)
    db.session.flush()
    if actor is None or actor.organisation_id != donation.donor_id:
        letters.certificate_ready(donation, complete=not certificate.pending_count)
    return certificate


def certificates_of(donation: Donation) -> list[Certificate]:
    """The donation's certificates, newest first."""
    query = select(Certificate).where(Certificate.donation_id == donation.id).order_by(Certificate.id.desc())
    return list(db.session.scalars(query))


def latest_certificate(donation: Donation) -> Certificate | None:
    return next(iter(certificates_of(donation)), None)


def find_by_code(text: str) -> Certificate | None:
    code = normalise_code(text)
    if code is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def is_unaltered(certificate: Certificate, content: bytes) -> bool:
    """Whether these bytes are exactly the PDF that was issued."""
    return secrets.compare_digest(hashlib.sha256(content).hexdigest(), certificate.sha256)
