"""Data-wipe certificates and intake receipts: the PDFs read back match the database; issuing, storing, verifying."""
import hashlib
import io
import random

import pypdf
import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import (
    DeviceStatus,
    OrganisationKind as K,
    StorageType,
    WipeLevel,
    WipeTechnique,
    WipeVerification,
)
from allemaaldigitaal.core.lifecycle import apply_transition
from allemaaldigitaal.core.models import Certificate
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.demo.services import bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations import certificates as service
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.workshop.wiping import record_wipe

BASE = "https://allemaaldigitaal.example"


def pdf_text(content: bytes) -> str:
    """The text of every page, with each run of white space (a wrapped cell's line break) as one space."""
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages).split())


@pytest.fixture
def people(make):
    donor = make.user(K.DONOR, organisation=make.organisation(K.DONOR, name="Ağaoğlu Holding B.V."), name="Ayşe Ağaoğlu")
    workshop = make.user(K.REFURBISHER, name="Łukasz Wiśniewski")
    make._users[K.DONOR], make._users[K.REFURBISHER] = donor, workshop
    return donor, workshop


@pytest.fixture
def donation(make, session, people):
    """Three devices: one wiped and ready, one recycled with its disk destroyed, one still pledged."""
    donor, workshop = people
    donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
    ready = add_device(donation, donor, DeviceSpecs(kind="laptop", brand="Dell", model="Latitude 7490",
                                                   serial_number="DL-7490-1", storage_type=StorageType.SSD,
                                                   storage_gb=256))
    recycled = add_device(donation, donor, DeviceSpecs(kind="laptop", brand="HP", model="EliteBook 840",
                                                      serial_number="HP-840-2", storage_type=StorageType.HDD))
    add_device(donation, donor, DeviceSpecs(kind="tablet", brand="Apple", model="iPad 6", serial_number="IP-6-3"))
    bring_to(ready, DeviceStatus.READY, make.cast(), random.Random(1), workshop)
    apply_transition(recycled, DeviceStatus.RECEIVED, actor=workshop, custodian=workshop.organisation)
    now = utcnow()
    record_wipe(recycled, workshop, medium_type=StorageType.HDD, medium_serial="WD-HDD-77", level=WipeLevel.DESTROY,
                technique=WipeTechnique.PHYSICAL_DESTRUCTION, tool="Shredder", verification=WipeVerification.FULL,
                passed=True, started_at=now, finished_at=now)
    apply_transition(recycled, DeviceStatus.RECYCLED, actor=workshop, note="Moederbord kapot")
    session.flush()
    return donation


def test_certificate_lists_every_device_and_medium_as_in_the_database(donation, people, session):
    certificate = service.issue_certificate(donation, people[1], BASE)
    text = pdf_text(certificate.pdf)
    for device in donation.devices:
        assert format_tag(device.asset_tag) in text
        assert device.serial_number in text
        for record in device.wipe_records:
            assert record.medium_serial in text
            assert str(record.level.label) in text
            assert str(record.technique.label) in text
    assert "Ağaoğlu Holding B.V." in text and "Łukasz Wiśniewski" in text
    assert "Nog niet gewist" in text and "Gerecycled: opslag vernietigd" in text and "Gewist" in text
    assert certificate.code in text and f"{BASE}/certificaat/{certificate.code}" in text
    assert "Niet volledig" in text
    assert (certificate.device_count, certificate.pending_count, certificate.complete) == (3, 1, False)
    assert certificate.sha256 == hashlib.sha256(certificate.pdf).hexdigest()


def test_the_text_fonts_are_embedded_dejavu_sans_truetype(donation, people):
    """reportlab declares Helvetica as every canvas's initial font; all text is set in the embedded DejaVu fonts."""
    reader = pypdf.PdfReader(io.BytesIO(service.issue_certificate(donation, people[1], BASE).pdf))
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    embedded = [font for font in fonts if font["/Subtype"] == "/TrueType"]
    assert {str(font["/BaseFont"]).split("+")[1] for font in embedded} == {"DejaVuSans", "DejaVuSans-Bold",
                                                                        "DejaVuSansMono-Bold"}
    assert all("/FontFile2" in font["/FontDescriptor"].get_object() for font in embedded)
    assert [str(font["/BaseFont"]) for font in fonts if font not in embedded] == ["/Helvetica"]


def test_a_later_certificate_does_not_replace_an_earlier_one(donation, people, make, session):
    first = service.issue_certificate(donation, people[1], BASE)
    pending = next(device for device in donation.devices if device.status == DeviceStatus.PLEDGED)
    bring_to(pending, DeviceStatus.READY, make.cast(), random.Random(2), people[1])
    second = service.issue_certificate(donation, people[1], BASE)
    assert second.complete and not first.complete and first.code != second.code
    assert service.certificates_of(donation) == [second, first]
    assert service.find_by_code(first.code.lower().replace("-", "")) == first
    assert service.is_unaltered(first, first.pdf) and not service.is_unaltered(first, second.pdf)
    assert session.scalar(select(func.count()).select_from(Certificate)) == 2


def test_a_failed_latest_wipe_leaves_the_device_pending(make, session, people):
    device = make.device(DeviceStatus.RECEIVED)
    make.wipe(device, passed=True, medium_serial="M-1")
    make.wipe(device, passed=False, medium_serial="M-1")
    certificate = service.issue_certificate(device.donation, people[1], BASE)
    assert certificate.pending_count == 1
    assert "Mislukt" in pdf_text(certificate.pdf)


def test_cancelled_devices_are_left_out(make, session, people):
    device = make.device(DeviceStatus.CANCELLED)
    with pytest.raises(service.DomainError):
        service.issue_certificate(device.donation, people[0], BASE)


@pytest.mark.parametrize("typed,expected", [
    ("k7m2-p9qx-4rta", "K7M2-P9QX-4RTA"), ("K7M2 P9QX 4RTA", "K7M2-P9QX-4RTA"), ("o1l2-0000-0000", "0112-0000-0000"),
    ("K7M2-P9QX", None), ("K7M2-P9QX-4RTU", None), ("", None),
])
def test_codes_are_read_as_typed(typed, expected):
    assert service.normalise_code(typed) == expected


def test_new_codes_are_in_their_own_shape():
    codes = {service.new_code() for _ in range(200)}
    assert len(codes) == 200 and all(service.normalise_code(code) == code for code in codes)
