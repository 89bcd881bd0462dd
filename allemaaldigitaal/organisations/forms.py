"""Forms for invitations; they validate input and nothing else."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from allemaaldigitaal.accounts.forms import new_password_pair
from allemaaldigitaal.web.forms import Form

from .invitations import NEW_ORGANISATION_KINDS

NEW = "new"


class ColleagueInvitationForm(Form):
    """Invite someone to your own organisation: only an e-mail address."""

    email = StringField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul het e-mailadres in.")), Length(max=254)],
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
