"""The form to make a personal API token; it only checks the input."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from allemaaldigitaal.web.forms import Form

from .tokens import NAME_MAX_LENGTH


class TokenForm(Form):
    name = StringField(
        _l("Naam van de sleutel"),
        validators=[
            DataRequired(_l("Geef de sleutel een naam.")),
            Length(max=NAME_MAX_LENGTH, message=_l("Gebruik hoogstens %(max)d tekens.")),
        ],
    )
