"""Forms for signing in, signing up and changing the password; they only check the input."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional, ValidationError

from ..services import DomainError
from ..services.passwords import check_password_rules


def at_most(length: int) -> Length:
    return Length(max=length, message=_l("Gebruik hoogstens %(max)d tekens."))


def password_rules(_form, field) -> None:
    """The service's rule (12 to 128 characters), shown next to the field."""
    try:
        check_password_rules(field.data or "")
    except DomainError as error:
        raise ValidationError(str(error.message)) from error


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul je e-mailadres in."))])
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(_l("Vul je wachtwoord in."))])


class SignupForm(FlaskForm):
    organisation = StringField(
        _l("Naam van je organisatie"),
        validators=[DataRequired(_l("Vul de naam van je organisatie in.")), at_most(200)],
    )
    name = StringField(
        _l("Je naam"), validators=[DataRequired(_l("Vul je naam in.")), at_most(200)]
    )
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(_l("Vul je e-mailadres in.")), at_most(254)]
    )
    password = PasswordField(
        _l("Wachtwoord"), validators=[InputRequired(_l("Kies een wachtwoord.")), password_rules]
    )
    password_confirm = PasswordField(
        _l("Wachtwoord nog een keer"),
        validators=[
            InputRequired(_l("Typ je wachtwoord nog een keer.")),
            EqualTo("password", _l("De twee wachtwoorden zijn niet hetzelfde.")),
        ],
    )
    postcode = StringField(_l("Postcode"), validators=[Optional(), at_most(10)])
    city = StringField(_l("Plaats"), validators=[Optional(), at_most(100)])
    accept_privacy = BooleanField(
        _l("Ik heb de privacyverklaring gelezen"),
        validators=[DataRequired(_l("Zet een vinkje als je de privacyverklaring hebt gelezen."))],
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Je huidige wachtwoord"), validators=[InputRequired(_l("Vul je huidige wachtwoord in."))]
    )
    new_password = PasswordField(
        _l("Nieuw wachtwoord"), validators=[InputRequired(_l("Kies een nieuw wachtwoord.")), password_rules]
    )
    new_password_confirm = PasswordField(
        _l("Nieuw wachtwoord nog een keer"),
        validators=[
            InputRequired(_l("Typ je nieuwe wachtwoord nog een keer.")),
            EqualTo("new_password", _l("De twee wachtwoorden zijn niet hetzelfde.")),
        ],
    )
