"""What each export holds: its columns and rows, scoped to the user and read from the database a batch at a time.

Every export starts from the same query as the list it comes from (access.scoped, the device filter), so it never
holds a row the list would not show. Personal data goes only where the role needs it: a donation's contact person
only to the donor and coordinators, a recipient's reference and the handout note only to the care organisation
that made the handout; a device's donor only to who may see its donation.
"""
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask_babel import get_timezone, gettext as _, lazy_gettext as _l
from sqlalchemy import Boolean, Enum, Select, case, func, select
from sqlalchemy.orm import aliased

from allemaaldigitaal.core.access import scoped, scoped_ids
from allemaaldigitaal.core.enums import LabelledEnum, OrganisationKind as K
from allemaaldigitaal.core.models import Claim, Device, Donation, Handout, Organisation, User
from allemaaldigitaal.core.models.types import UTCDateTime
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.filters import DeviceFilter
from allemaaldigitaal.extensions import db

#: rows fetched from the database at a time
BATCH = 1000
#: who sees a donation's contact person, phone, e-mail address and notes
CONTACT_READERS = frozenset({K.DONOR, K.COORDINATOR})
#: who may download each list: the kinds that may open the list (every signed-in user may open the device list)
DONATION_READERS = (K.DONOR, K.REFURBISHER, K.COORDINATOR)
CLAIM_READERS = (K.CARE, K.COORDINATOR)
HANDOUT_READERS = (K.CARE, K.COORDINATOR)


@dataclass(frozen=True)
class Column:
    """A column: its heading, the expression in the query that gives its value, and how a value is written."""

    heading: str
    expression: object
    #: turns a value (never None) into what the file shows; by default chosen from the expression's type
    show: Callable | None = None


@dataclass(frozen=True)
class Export:
    """The rows of one export; nothing is read until rows() is iterated."""

    #: devices, donations, claims or handouts: the audit action is export.<name>
    name: str
    #: the file name without date and extension, and the sheet title
    filename: str
    title: str
    columns: tuple[Column, ...]
    query: Select

    def header(self) -> list[str]:
        return [str(column.heading) for column in self.columns]

    def count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(self.query.subquery()))

    def rows(self) -> Iterator[list]:
        """Every row as a list of plain values (text, numbers, local datetimes), a batch at a time."""
        shows = [(number, show) for number, show in enumerate(map(show_of, self.columns)) if show is not None]
        statement = self.query.with_only_columns(*(column.expression for column in self.columns),
                                                 maintain_column_froms=True)
        for row in db.session.execute(statement.execution_options(yield_per=BATCH)):
            values = list(row)
            for number, show in shows:
                if values[number] is not None:
                    values[number] = show(values[number])
            yield values


def show_of(column: Column) -> Callable | None:
    """How a column's values are shown: enums by their label, yes/no, times in Amsterdam without zone; else as they are."""
    if column.show is not None:
        return column.show
    kind = column.expression.type
    if isinstance(kind, Enum) and issubclass(kind.enum_class or object, LabelledEnum):
        return {member: str(member.label) for member in kind.enum_class}.__getitem__
    if isinstance(kind, Boolean):
        return {True: _("ja"), False: _("nee")}.__getitem__
    if isinstance(kind, UTCDateTime):
        zone = get_timezone()
        return lambda moment: moment.astimezone(zone).replace(tzinfo=None)
    return None


def shown_tag(tag: str) -> str:
    """AD-7K4-QX2-M9C; a tag that is not canonical as it is."""
    try:
        return format_tag(tag)
    except ValueError:
        return tag


def devices_export(user: User, chosen: DeviceFilter) -> Export:
    """The devices of the device list with this filter, in its order."""
    # aliases: the filter's own subqueries on donations and claims stay apart from these joins
    donation, claim = aliased(Donation), aliased(Claim)
    donor, workshop, holder, care = (aliased(Organisation) for _ in range(4))
    query = (
        chosen.query(user)
        .join_from(Device, donation, Device.donation_id == donation.id)
        .join_from(donation, donor, donation.donor_id == donor.id)
        .outerjoin_from(donation, workshop, donation.refurbisher_id == workshop.id)
        .outerjoin_from(Device, holder, Device.custodian_id == holder.id)
        .outerjoin_from(Device, claim, Device.claim_id == claim.id)
        .outerjoin_from(claim, care, claim.care_organisation_id == care.id)
    )
    # the donor's name only to who may see the donation (a care organisation sees its reference, not its donor)
    donor_name = donor.name if user.kind == K.COORDINATOR else case(
        (donation.id.in_(scoped_ids(Donation, user)), donor.name), else_=None)
    columns = (
        Column(_l("Code"), Device.asset_tag, shown_tag), Column(_l("Soort"), Device.kind), Column(_l("Merk"), Device.brand),
        Column(_l("Model"), Device.model), Column(_l("Serienummer"), Device.serial_number),
        Column(_l("Inventarisnummer donateur"), Device.donor_asset_number), Column(_l("Processor"), Device.cpu),
        Column(_l("Geheugen (GB)"), Device.ram_gb), Column(_l("Opslag (GB)"), Device.storage_gb),
        Column(_l("Soort opslag"), Device.storage_type), Column(_l("Lader erbij"), Device.charger_included),
        Column(_l("Staat"), Device.condition_grade), Column(_l("Besturingssysteem"), Device.os_installed),
        Column(_l("Status"), Device.status), Column(_l("Status sinds"), Device.status_changed_at),
        Column(_l("Donatie"), donation.reference), Column(_l("Donateur"), donor_name),
        Column(_l("Werkplaats"), workshop.name), Column(_l("Nu bij"), holder.name),
        Column(_l("Aanvraag"), claim.id), Column(_l("Zorgorganisatie"), care.name),
        Column(_l("Aangemeld op"), Device.created_at),
    )
    return Export("devices", "apparaten", _("Apparaten"), columns, query)


def donations_export(user: User) -> Export:
    """The donations of the donations list, newest first; contact details only for the donor and coordinators."""
    donor, workshop = aliased(Organisation), aliased(Organisation)
    devices = select(func.count(Device.id)).where(Device.donation_id == Donation.id).scalar_subquery()
    query = (
        scoped(Donation, user).order_by(Donation.created_at.desc(), Donation.id.desc())
        .join_from(Donation, donor, Donation.donor_id == donor.id)
        .outerjoin_from(Donation, workshop, Donation.refurbisher_id == workshop.id)
    )
    columns = (
        Column(_l("Kenmerk"), Donation.reference), Column(_l("Donateur"), donor.name),
        Column(_l("Werkplaats"), workshop.name), Column(_l("Aangemaakt op"), Donation.created_at),
        Column(_l("Verwachte laptops"), Donation.expected_laptops),
        Column(_l("Verwachte tablets"), Donation.expected_tablets), Column(_l("Apparaten"), devices),
        Column(_l("Ophaaladres"), Donation.pickup_address), Column(_l("Postcode"), Donation.pickup_postcode),
        Column(_l("Plaats"), Donation.pickup_city), Column(_l("Ophalen vanaf"), Donation.pickup_from),
        Column(_l("Ophalen tot"), Donation.pickup_until), Column(_l("Opgehaald op"), Donation.collected_at),
        Column(_l("Afgesloten op"), Donation.closed_at), Column(_l("Geannuleerd op"), Donation.cancelled_at),
    )
    if user.kind in CONTACT_READERS:
        columns += (
            Column(_l("Contactpersoon"), Donation.contact_name), Column(_l("Telefoon"), Donation.contact_phone),
            Column(_l("E-mailadres"), Donation.contact_email), Column(_l("Opmerkingen"), Donation.notes),
        )
    return Export("donations", "donaties", _("Donaties"), columns, query)


def claims_export(user: User) -> Export:
    """The claims of the claims list, newest first, with how many devices are allocated to each now."""
    allocated = select(func.count(Device.id)).where(Device.claim_id == Claim.id).scalar_subquery()
    care = aliased(Organisation)
    query = (
        scoped(Claim, user).order_by(Claim.created_at.desc(), Claim.id.desc())
        .join_from(Claim, care, Claim.care_organisation_id == care.id)
    )
    columns = (
        Column(_l("Aanvraag"), Claim.id), Column(_l("Zorgorganisatie"), care.name),
        Column(_l("Status"), Claim.status), Column(_l("Aangevraagd op"), Claim.created_at),
        Column(_l("Laptops gevraagd"), Claim.laptops_requested), Column(_l("Tablets gevraagd"), Claim.tablets_requested),
        Column(_l("Toegewezen apparaten"), allocated), Column(_l("Gewenst vóór"), Claim.wanted_by),
        Column(_l("Besloten op"), Claim.decided_at), Column(_l("Reden van afwijzing"), Claim.rejection_reason),
        Column(_l("Waarvoor"), Claim.purpose),
    )
    return Export("claims", "aanvragen", _("Aanvragen"), columns, query)


def handouts_export(user: User) -> Export:
    """The handouts the user may see, newest first; the recipient's reference and the note only for its own care org."""
    care = aliased(Organisation)
    query = (
        scoped(Handout, user).order_by(Handout.handed_out_at.desc(), Handout.id.desc())
        .join_from(Handout, Device, Handout.device_id == Device.id)
        .join_from(Handout, care, Handout.care_organisation_id == care.id)
    )
    columns = (
        Column(_l("Code"), Device.asset_tag, shown_tag), Column(_l("Soort"), Device.kind), Column(_l("Merk"), Device.brand),
        Column(_l("Model"), Device.model), Column(_l("Zorgorganisatie"), care.name),
        Column(_l("Uitgereikt op"), Handout.handed_out_at), Column(_l("Vorm"), Handout.kind),
        Column(_l("Bruikleen tot"), Handout.loan_until), Column(_l("Teruggebracht op"), Handout.returned_at),
    )
    if user.kind == K.CARE:
        columns += (Column(_l("Kenmerk ontvanger"), Handout.recipient_reference), Column(_l("Notitie"), Handout.note))
    return Export("handouts", "uitreikingen", _("Uitreikingen"), columns, query)
