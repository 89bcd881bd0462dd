"""Two campaigns side by side for the export tests: each a donor, a workshop, a care organisation with an approved
claim, and devices along the lifecycle; our donor's name is a formula, our texts hold characters Windows-1252 lacks."""
import csv
import io
import random
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from allemaaldigitaal.care.claims import approve_claim, create_claim
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus as S, OrganisationKind as K, StorageType
from allemaaldigitaal.core.models import Device, Donation, User
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import PickupDetails, create_donation

FORMULA = '=HYPERLINK("http://x","y")'
NEUTRALISED = "'" + FORMULA
#: a snowman and a CJK character are not in Windows-1252; é and € are
UNICODE_BRAND = "Dell € é ☃ 東"
EXCEL_BRAND = "Dell € é ? ?"


@dataclass
class Side:
    donor: User
    workshop: User
    care: User
    donation: Donation
    devices: list[Device] = field(default_factory=list)


@dataclass
class ExportWorld:
    ours: Side
    theirs: Side
    coordinator: User

    def user(self, role: str) -> User:
        return {"donor": self.ours.donor, "refurbisher": self.ours.workshop, "care": self.ours.care,
                "coordinator": self.coordinator}[role]


def build_side(make, session, coordinator: User, donor_name: str, brand: str) -> Side:
    donor = make.user(K.DONOR, organisation=make.organisation(K.DONOR, name=donor_name))
    workshop, care = make.user(K.REFURBISHER), make.user(K.CARE)
    pickup = PickupDetails(pickup_address="Dorpsstraat 1", pickup_city="Utrecht", contact_name="Ans de Vries",
                           contact_email="ans@example.org", contact_phone="030 123 4567", notes="+31 bellen")
    donation = create_donation(donor.organisation, donor, pickup, refurbisher=workshop.organisation)
    claim = approve_claim(create_claim(care.organisation, care, 3, 1, "-Voor de buurt"), coordinator)
    cast = Cast(coordinator=coordinator, refurbishers=[workshop], care=[care], claims=[claim])
    side = Side(donor, workshop, care, donation)
    for number, status in enumerate((S.PLEDGED, S.READY, S.HANDED_OUT, S.HANDED_OUT)):
        specs = DeviceSpecs(kind=DeviceKind.LAPTOP if number % 2 else DeviceKind.TABLET, brand=brand,
                            model=f"Model {number}", serial_number=f"@SN-{donor_name[:3]}-{number}", ram_gb=8,
                            storage_gb=256, storage_type=StorageType.SSD, charger_included=bool(number % 2))
        device = add_device(donation, donor, specs)
        bring_to(device, status, cast, random.Random(number), workshop)
        side.devices.append(device)
    session.flush()
    return side


def build_world(make, session) -> ExportWorld:
    coordinator = make.user(K.COORDINATOR)
    ours = build_side(make, session, coordinator, FORMULA, UNICODE_BRAND)
    theirs = build_side(make, session, coordinator, "Andere Donateur", "HP")
    return ExportWorld(ours, theirs, coordinator)


def read_csv(content: bytes, variant: str) -> list[list[str]]:
    """A CSV file read back as Excel would: UTF-8 with its byte order mark, or Windows-1252 with semicolons."""
    if variant == "excel":
        return list(csv.reader(io.StringIO(content.decode("cp1252"), newline=""), delimiter=";"))
    assert content.startswith(b"\xef\xbb\xbf"), "the UTF-8 file starts with a byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=","))


def read_xlsx(content: bytes) -> list[list]:
    """The first sheet's cells; a formula cell would come back as data_type 'f' and is refused here."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = []
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row), "no cell is a formula"
        rows.append([cell.value for cell in row])
    return rows


def local(moment: datetime | None) -> datetime | None:
    """A stored time as the export shows it: in Amsterdam, without the zone."""
    return moment.astimezone(ZoneInfo("Europe/Amsterdam")).replace(tzinfo=None) if moment else None
