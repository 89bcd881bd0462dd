"""The scan station's forms: the action and code of one scan, and the undo of the last one."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.web.forms import Form

from .scans import ACTION_LABELS, actions_for


class ScanForm(Form):
    action = RadioField(_l("Wat doe je met elk apparaat?"), validators=[InputRequired(_l("Kies een handeling."))])
    reason = StringField(
        _l("Reden (bij recyclen of kwijt)"), validators=[Optional(), Length(max=500)], render_kw={"autocomplete": "off"}
    )
    code = StringField(
        _l("Code of QR-adres"),
        validators=[DataRequired(_l("Scan of typ de code van het label.")), Length(max=500)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "autofocus": True},
    )

    def __init__(self, kind: OrganisationKind, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [(name, ACTION_LABELS[name]) for name in actions_for(kind)]


class UndoForm(Form):
    event = IntegerField(validators=[InputRequired()])
