"""Forms for signing in, signing up and changing the password; they only check the input."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional, ValidationError

from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.web.forms import Form
from allemaaldigitaal.web.postcode import DutchPostcode

from .passwords import check_password_rules
from .services import normalise_email


def at_most(length: int) -> Length:
    return Length(max=length, message=_l("Gebruik hoogstens %(max)d tekens."))


def password_rules(_form, field) -> None:
    """The service's rule (12 to 128 characters), shown next to the field."""
    try:
        check_password_rules(field.data or "")
    except DomainError as error:
        raise ValidationError(str(error.message)) from error


def email_address(_form, field) -> None:
    """The service's check of an e-mail address, shown next to the field together with every other error."""
    if not (field.data or "").strip():
        return
    try:
        normalise_email(field.data)
    except DomainError as error:
        raise ValidationError(str(error.message)) from error


def new_password_pair(name: str, label, again_label, missing, again_missing) -> tuple[PasswordField, PasswordField]:
    """A new password (checked against the rules) and the same password typed again."""
    password = PasswordField(label, validators=[InputRequired(missing), password_rules])
    again = PasswordField(
        again_label,
        validators=[InputRequired(again_missing), EqualTo(name, _l("De twee wachtwoorden zijn niet hetzelfde."))],
    )
    return password, again


class LoginForm(Form):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul je e-mailadres in."))])
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(_l("Vul je wachtwoord in."))])


class SignupForm(Form):
    organisation = StringField(
        _l("Naam van je organisatie"),
        validators=[DataRequired(_l("Vul de naam van je organisatie in.")), at_most(200)],
    )
    name = StringField(
        _l("Je naam"), validators=[DataRequired(_l("Vul je naam in.")), at_most(200)]
    )
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(_l("Vul je e-mailadres in.")), at_most(254), email_address]
    )
    password, password_confirm = new_password_pair(
        "password", _l("Wachtwoord"), _l("Wachtwoord nog een keer"),
        _l("Kies een wachtwoord."), _l("Typ je wachtwoord nog een keer."),
    )
    postcode = StringField(_l("Postcode"), validators=[Optional(), at_most(10), DutchPostcode()])
    city = StringField(_l("Plaats"), validators=[Optional(), at_most(100)])
    accept_privacy = BooleanField(
        _l("Ik heb de privacyverklaring gelezen"),
        validators=[DataRequired(_l("Zet een vinkje als je de privacyverklaring hebt gelezen."))],
    )


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Je huidige wachtwoord"), validators=[InputRequired(_l("Vul je huidige wachtwoord in."))]
    )
    new_password, new_password_confirm = new_password_pair(
        "new_password", _l("Nieuw wachtwoord"), _l("Nieuw wachtwoord nog een keer"),
        _l("Kies een nieuw wachtwoord."), _l("Typ je nieuwe wachtwoord nog een keer."),
    )


class ChangeNameForm(Form):
    name = StringField(_l("Je naam"), validators=[DataRequired(_l("Vul je naam in.")), at_most(200)])


class ConfirmEmailForm(Form):
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(_l("Vul je wachtwoord in."))])


class NewLinkForm(Form):
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(_l("Vul je e-mailadres in.")), at_most(254), email_address]
    )
