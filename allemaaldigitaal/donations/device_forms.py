"""Forms to add devices to a donation: one by one, or by a spreadsheet; the rules are in device_import."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired

from allemaaldigitaal.core.enums import DeviceKind, StorageType
from allemaaldigitaal.web.forms import Form

from .device_import import FIELDS


class DeviceForm(Form):
    """One device; every value is text here, checked (and its problems named) like a spreadsheet row."""

    kind = RadioField(
        _l("Soort"), choices=[SelectChoice(kind.value, kind.label) for kind in DeviceKind], default=DeviceKind.LAPTOP.value,
        validators=[InputRequired(_l("Kies laptop of tablet."))], validate_choice=False,
    )
    brand = StringField(_l("Merk"), render_kw={"list": "brand-suggestions", "autocomplete": "off"})
    model = StringField(_l("Model"), render_kw={"list": "model-suggestions", "autocomplete": "off"})
    serial_number = StringField(
        _l("Serienummer"), validators=[InputRequired(_l("Vul het serienummer in."))], render_kw={"spellcheck": "false"}
    )
    donor_asset_number = StringField(_l("Eigen nummer (inventarisnummer)"), render_kw={"spellcheck": "false"})
    cpu = StringField(_l("Processor"))
    ram_gb = StringField(_l("Werkgeheugen in GB"), render_kw={"inputmode": "numeric"})
    storage_gb = StringField(_l("Opslag in GB"), render_kw={"inputmode": "numeric"})
    storage_type = SelectField(
        _l("Soort opslag"),
        choices=[SelectChoice("", _l("Weet ik niet"))] + [SelectChoice(kind.value, kind.label) for kind in StorageType],
        validate_choice=False,
    )
    storage_media_count = StringField(_l("Aantal opslagmedia"), default="1", render_kw={"inputmode": "numeric"})
    charger_included = RadioField(
        _l("Lader erbij"), default="",
        choices=[SelectChoice("ja", _l("Ja")), SelectChoice("nee", _l("Nee")), SelectChoice("", _l("Weet ik niet"))],
        validate_choice=False,
    )
    preprinted_tag = StringField(_l("Code van een voorgedrukt label"), render_kw={"spellcheck": "false", "autocomplete": "off"})

    def row(self) -> dict[str, str]:
        """The values as a row for device_import.check_rows."""
        return {name: getattr(self, name).data or "" for name in FIELDS}


class ImportForm(Form):
    file = FileField(_l("Spreadsheet (CSV of Excel)"), validators=[FileRequired(_l("Kies een bestand."))],
                     render_kw={"accept": ".csv,.xlsx"})


class ConfirmImportForm(Form):
    #: the checked rows, signed by the server (see device_views); checked again before they are saved
    rows = HiddenField(validators=[InputRequired()])
