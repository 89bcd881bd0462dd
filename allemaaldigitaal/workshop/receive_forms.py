"""Forms of receiving: a scanned code, and a device that arrived without a pledge (checked like a spreadsheet row)."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Length

from allemaaldigitaal.core.enums import DeviceKind
from allemaaldigitaal.web.forms import Form

#: a scanner types into this field and presses Enter: no autocorrect, no suggestions
CODE_INPUT = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
#: what a workshop fills in for a device that arrived without a pledge
ARRIVAL_FIELDS = ("kind", "brand", "model", "serial_number")


class ScanForm(Form):
    code = StringField(
        _l("Code van het apparaat"),
        validators=[InputRequired(_l("Scan of typ de code van het apparaat.")), Length(max=300)],
        render_kw=CODE_INPUT,
    )


class ArrivalForm(Form):
    """A device that arrived without a pledge; the values are checked by donations.device_import."""

    kind = RadioField(
        _l("Soort"), choices=[SelectChoice(kind.value, kind.label) for kind in DeviceKind],
        default=DeviceKind.LAPTOP.value, validators=[InputRequired(_l("Kies laptop of tablet."))], validate_choice=False,
    )
    brand = StringField(_l("Merk"), render_kw={"autocomplete": "off"})
    model = StringField(_l("Model"), render_kw={"autocomplete": "off"})
    serial_number = StringField(
        _l("Serienummer"), validators=[InputRequired(_l("Vul het serienummer in."))], render_kw={"spellcheck": "false"},
    )
    preprinted_tag = StringField(_l("Code van een voorgedrukt label"), validators=[Length(max=300)],
                                 render_kw=CODE_INPUT)

    def row(self) -> dict[str, str]:
        """The values as a row for device_import.check_rows; the other specs stay empty."""
        return {name: getattr(self, name).data or "" for name in ARRIVAL_FIELDS}
