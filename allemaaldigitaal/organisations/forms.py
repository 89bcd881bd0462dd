"""Forms for invitations and an organisation's details; they validate input and nothing else."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, SelectChoice, SelectField, StringField, TelField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from allemaaldigitaal.accounts.forms import at_most, email_address, new_password_pair
from allemaaldigitaal.web.forms import Form
from allemaaldigitaal.web.postcode import DutchPostcode

from .invitations import NEW_ORGANISATION_KINDS
from .services import MAX_LENGTHS, PROVINCES

NEW = "new"


class ColleagueInvitationForm(Form):
    """Invite someone to your own organisation: only an e-mail address."""

    email = StringField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul het e-mailadres in.")), Length(max=254), email_address],
    )


class CoordinatorInvitationForm(ColleagueInvitationForm):
    """A coordinator also chooses the organisation, or a new one of a given kind."""

    organisation_id = SelectField(
        _l("Organisatie"),
        validators=[InputRequired(_l("Kies een organisatie."))],
        validate_choice=True,
    )
    kind = RadioField(
        _l("Soort nieuwe organisatie"),
        choices=[SelectChoice(kind.value, kind.label) for kind in NEW_ORGANISATION_KINDS],
        validate_choice=False,
    )
    organisation_name = StringField(_l("Naam nieuwe organisatie"), validators=[Length(max=200)])

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = [
            SelectChoice("", _l("Kies een organisatie")),
            SelectChoice(NEW, _l("Een nieuwe organisatie")),
        ] + [
            SelectChoice(str(organisation.id), f"{organisation.name} ({organisation.kind.label})")
            for organisation in organisations
        ]

    @property
    def wants_new_organisation(self) -> bool:
        return self.organisation_id.data == NEW

    def validate_kind(self, field):
        if self.wants_new_organisation and field.data not in {kind.value for kind in NEW_ORGANISATION_KINDS}:
            raise ValidationError(_l("Kies wat voor organisatie het wordt."))

    def validate_organisation_name(self, field):
        if self.wants_new_organisation and not (field.data or "").strip():
            raise ValidationError(_l("Vul de naam van de nieuwe organisatie in."))


class AcceptInvitationForm(Form):
    name = StringField(_l("Je naam"), validators=[DataRequired(_l("Vul je naam in.")), Length(max=200)])
    password, password_confirm = new_password_pair(
        "password", _l("Wachtwoord"), _l("Herhaal het wachtwoord"),
        _l("Kies een wachtwoord."), _l("Vul het wachtwoord nog een keer in."),
    )


class OrganisationForm(Form):
    """A coordinator changes an organisation's name, contact and address."""

    name = StringField(
        _l("Naam van de organisatie"),
        validators=[DataRequired(_l("Vul de naam van de organisatie in.")), at_most(MAX_LENGTHS["name"])],
    )
    contact_name = StringField(_l("Contactpersoon"), validators=[Optional(), at_most(MAX_LENGTHS["contact_name"])])
    contact_email = EmailField(
        _l("E-mailadres voor contact"), validators=[Optional(), at_most(MAX_LENGTHS["contact_email"]), email_address]
    )
    contact_phone = TelField(_l("Telefoonnummer"), validators=[Optional(), at_most(MAX_LENGTHS["contact_phone"])])
    address = StringField(_l("Adres"), validators=[Optional(), at_most(MAX_LENGTHS["address"])])
    postcode = StringField(_l("Postcode"), validators=[Optional(), DutchPostcode()])
    city = StringField(_l("Plaats"), validators=[Optional(), at_most(MAX_LENGTHS["city"])])
    province = SelectField(_l("Provincie"), validate_choice=False)

    def __init__(self, *args, current_province: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        known = [*PROVINCES, *([current_province] if current_province and current_province not in PROVINCES else [])]
        self.province.choices = [SelectChoice("", _l("Onbekend"))] + [SelectChoice(name, name) for name in known]

    def validate_province(self, field):
        if (field.data or "") not in {choice.value for choice in self.province.choices}:
            raise ValidationError(_l("Kies een provincie uit de lijst."))
