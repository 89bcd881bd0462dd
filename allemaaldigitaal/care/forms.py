"""Forms of the care pages: a claim, a rejection, an allocation by tags and an automatic allocation; validate only.

Field names match the services' DomainError fields, so a refusal lands next to its field.
"""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from allemaaldigitaal.web.forms import Form

from .claims import PURPOSE_MAX, REASON_MAX


class _Count(NumberRange):
    """0 to 10,000; says nothing more when the text was no number at all (the field already said so)."""

    def __call__(self, form, field):
        if field.data is not None:
            super().__call__(form, field)


COUNT = [Optional(), _Count(min=0, max=10000, message=_l("Vul een aantal van 0 tot 10.000 in."))]
NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}


class ClaimForm(Form):
    laptops_requested = IntegerField(_l("Aantal laptops"), default=0, validators=COUNT, render_kw=NUMERIC)
    tablets_requested = IntegerField(_l("Aantal tablets"), default=0, validators=COUNT, render_kw=NUMERIC)
    wanted_by = DateField(_l("Graag uiterlijk op"), validators=[Optional()])
    purpose = TextAreaField(
        _l("Waarvoor zijn de apparaten?"),
        validators=[InputRequired(_l("Schrijf kort op waarvoor je de apparaten nodig hebt.")), Length(max=PURPOSE_MAX)],
        render_kw={"rows": 5},
    )

    def values(self) -> dict:
        """The fields as the claim services take them; an empty count is 0."""
        return {
            "laptops": self.laptops_requested.data or 0, "tablets": self.tablets_requested.data or 0,
            "purpose": self.purpose.data, "wanted_by": self.wanted_by.data,
        }


class RejectForm(Form):
    reason = TextAreaField(
        _l("Reden van afwijzen"),
        validators=[InputRequired(_l("Schrijf op waarom je de aanvraag afwijst.")), Length(max=REASON_MAX)],
        render_kw={"rows": 3},
    )


class AllocateTagsForm(Form):
    tags = TextAreaField(
        _l("Apparaatnummers"), validators=[InputRequired(_l("Vul minstens één apparaatnummer in.")), Length(max=20000)],
        render_kw={"rows": 4, "spellcheck": "false", "autocapitalize": "characters", "autocomplete": "off"},
    )


class AllocateAutoForm(Form):
    laptops = IntegerField(_l("Hoogstens zoveel laptops"), validators=COUNT, render_kw=NUMERIC)
    tablets = IntegerField(_l("Hoogstens zoveel tablets"), validators=COUNT, render_kw=NUMERIC)
