"""The style page: every component the site uses, in the campaign theme, so a theme change is checked in one place."""
from flask import render_template
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from allemaaldigitaal.core.access import allow
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus, OrganisationKind
from allemaaldigitaal.web.forms import Form

from .views import bp

#: what the example form shows: one field left empty, so its error message is on the page
EXAMPLE_INPUT = MultiDict({"name": "", "email": "info@example.org", "kind": "donor", "device": "laptop"})
#: rows of the example table: asset tag, kind, status
EXAMPLE_DEVICES = [
    ("AD7K3MQ", DeviceKind.LAPTOP, DeviceStatus.READY),
    ("AD2F9PX", DeviceKind.TABLET, DeviceStatus.WIPED),
    ("AD8R4TC", DeviceKind.LAPTOP, DeviceStatus.HANDED_OUT),
]


class ExampleForm(Form):
    """Only for show; it is never sent."""

    class Meta:
        csrf = False

    name = StringField(_l("Naam van de organisatie"), validators=[DataRequired(_l("Vul de naam van de organisatie in."))])
    email = EmailField(_l("E-mailadres"), validators=[Optional()])
    kind = SelectField(_l("Soort organisatie"))
    device = RadioField(_l("Soort apparaat"))
    agree = BooleanField(_l("Ik heb de privacyverklaring gelezen"))
    notes = TextAreaField(_l("Opmerking"), validators=[Optional()])


def example_form() -> ExampleForm:
    form = ExampleForm(formdata=EXAMPLE_INPUT)
    form.kind.choices = [(kind.value, kind.label) for kind in OrganisationKind]
    form.device.choices = [(kind.value, kind.label) for kind in DeviceKind]
    form.validate()
    return form


@bp.get("/stijl")
@allow(OrganisationKind.COORDINATOR)
def style():
    return render_template(
        "public/style.html", form=example_form(), statuses=list(DeviceStatus), examples=EXAMPLE_DEVICES
    )
