"""Forms of the password reset: the address to mail a link to, and the new password; they only check the input."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import DataRequired

from allemaaldigitaal.web.forms import Form

from .forms import at_most, new_password_pair


class ForgotPasswordForm(Form):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul je e-mailadres in.")), at_most(254)])


class ChoosePasswordForm(Form):
    password, password_confirm = new_password_pair(
        "password", _l("Nieuw wachtwoord"), _l("Nieuw wachtwoord nog een keer"),
        _l("Kies een nieuw wachtwoord."), _l("Typ je nieuwe wachtwoord nog een keer."),
    )
