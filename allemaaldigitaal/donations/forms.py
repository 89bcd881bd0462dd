"""Forms of a donation: the pledge (new and edit) and the coordinator's choice of workshop; they only validate."""
from datetime import UTC, datetime

from flask_babel import get_timezone, lazy_gettext as _l
from wtforms import DateTimeLocalField, EmailField, IntegerField, SelectChoice, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError

from allemaaldigitaal.accounts.forms import at_most, email_address
from allemaaldigitaal.web.forms import Form
from allemaaldigitaal.web.postcode import DutchPostcode

from .services import MAX_EXPECTED, MAX_LENGTHS, PickupDetails

COUNT_MESSAGE = _l("Vul een heel getal in van 0 tot en met %(max)s.", max=MAX_EXPECTED)


def _count(label) -> IntegerField:
    return IntegerField(label, default=0, validators=[
        InputRequired(COUNT_MESSAGE), NumberRange(min=0, max=MAX_EXPECTED, message=COUNT_MESSAGE),
    ], render_kw={"inputmode": "numeric"})


def _aware(moment: datetime | None) -> datetime | None:
    """A time typed on the page (local time) as an aware UTC time."""
    if moment is None:
        return None
    return get_timezone().localize(moment).astimezone(UTC)


def _local(moment: datetime | None) -> datetime | None:
    """A stored time as the page shows it: local, without time zone."""
    return moment.astimezone(get_timezone()).replace(tzinfo=None) if moment is not None else None


class DonationForm(Form):
    """A donor's pledge: where, who, when and how many."""

    pickup_address = StringField(_l("Ophaaladres"), validators=[
        DataRequired(_l("Vul het adres in waar we de apparaten ophalen.")), at_most(MAX_LENGTHS["pickup_address"])])
    pickup_postcode = StringField(_l("Postcode"), validators=[DataRequired(_l("Vul de postcode in.")), DutchPostcode()])
    pickup_city = StringField(_l("Plaats"), validators=[
        DataRequired(_l("Vul de plaats in.")), at_most(MAX_LENGTHS["pickup_city"])])
    contact_name = StringField(_l("Contactpersoon"), validators=[
        DataRequired(_l("Vul de naam van de contactpersoon in.")), at_most(MAX_LENGTHS["contact_name"])])
    contact_phone = TelField(_l("Telefoonnummer"), validators=[
        DataRequired(_l("Vul een telefoonnummer in.")), at_most(MAX_LENGTHS["contact_phone"])])
    contact_email = EmailField(_l("E-mailadres"), validators=[
        DataRequired(_l("Vul een e-mailadres in.")), at_most(MAX_LENGTHS["contact_email"]), email_address])
    pickup_from = DateTimeLocalField(_l("Ophalen kan vanaf"), validators=[Optional()],
                                     format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
    pickup_until = DateTimeLocalField(_l("Ophalen kan tot"), validators=[Optional()],
                                      format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
    expected_laptops = _count(_l("Aantal laptops"))
    expected_tablets = _count(_l("Aantal tablets"))
    notes = TextAreaField(_l("Opmerkingen"), validators=[Optional(), at_most(MAX_LENGTHS["notes"])])

    def validate_pickup_until(self, field):
        if field.data and self.pickup_from.data and field.data <= self.pickup_from.data:
            raise ValidationError(_l("Het einde van de ophaaltijd moet na het begin liggen."))

    def validate_expected_tablets(self, field):
        if (self.expected_laptops.data or 0) + (field.data or 0) == 0 and not self.expected_laptops.errors:
            raise ValidationError(_l("Vul in hoeveel laptops of tablets je wilt geven."))

    def fill_from(self, donation) -> None:
        """Show the stored donation (on GET)."""
        self.process(obj=donation)
        self.pickup_from.data = _local(donation.pickup_from)
        self.pickup_until.data = _local(donation.pickup_until)

    def details(self) -> PickupDetails:
        return PickupDetails(
            pickup_address=self.pickup_address.data, pickup_postcode=self.pickup_postcode.data,
            pickup_city=self.pickup_city.data, contact_name=self.contact_name.data,
            contact_phone=self.contact_phone.data, contact_email=self.contact_email.data,
            pickup_from=_aware(self.pickup_from.data), pickup_until=_aware(self.pickup_until.data),
            notes=self.notes.data, expected_laptops=self.expected_laptops.data,
            expected_tablets=self.expected_tablets.data,
        )


class AssignForm(Form):
    """A coordinator chooses the workshop."""

    workshop = SelectField(_l("Werkplaats"), validators=[InputRequired(_l("Kies een werkplaats."))], validate_choice=True)

    def __init__(self, workshops, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop.choices = [SelectChoice("", _l("Kies een werkplaats"))] + [
            SelectChoice(str(workshop.id), f"{workshop.name}" + (f" ({workshop.province})" if workshop.province else ""))
            for workshop in workshops
        ]
