"""Forms of taking delivery and handing out; validate only (the services check the reference and the dates).

Field names match the services' DomainError fields, so a refusal lands next to its field.
"""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectChoice, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, Optional

from allemaaldigitaal.core.enums import HandoutKind
from allemaaldigitaal.web.forms import Form

from .delivery import NONE_TICKED
from .recipient_reference import MAX_LENGTH


class ReceiveForm(Form):
    """The ticked devices of a claim; which may be received is for the delivery service to say."""

    tags = SelectMultipleField(_l("Ontvangen apparaten"), validate_choice=False,
                               validators=[InputRequired(NONE_TICKED)])


class HandoutForm(Form):
    recipient_reference = StringField(
        _l("Kenmerk van de ontvanger"),
        validators=[InputRequired(_l("Vul een kenmerk voor de ontvanger in. Geen naam.")), Length(max=MAX_LENGTH)],
        render_kw={"maxlength": MAX_LENGTH, "autocomplete": "off", "spellcheck": "false"},
    )
    kind = RadioField(
        _l("Schenking of bruikleen"),
        choices=[SelectChoice(HandoutKind.GIFT.value, _l("Schenking: de ontvanger mag het apparaat houden")),
                 SelectChoice(HandoutKind.LOAN.value, _l("Bruikleen: het apparaat komt terug"))],
        validators=[InputRequired(_l("Kies schenking of bruikleen."))],
    )
    loan_until = DateField(_l("Bruikleen tot en met"), validators=[Optional()])
