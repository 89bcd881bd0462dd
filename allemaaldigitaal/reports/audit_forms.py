"""The audit page's filter form (read from the query string); it checks the shape, the filter the rest."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import Email, Length, Optional

from allemaaldigitaal.core.enums import EventKind
from allemaaldigitaal.web.forms import Form

from .audit import LOGS

#: the security log's actions in words
ACTION_LABELS = {
    "login": _l("Ingelogd"),
    "login_failed": _l("Inloggen mislukt"),
    "logout": _l("Uitgelogd"),
    "access_denied": _l("Geen toegang"),
    "signup": _l("Aangemeld als donateur"),
    "email_confirmed": _l("E-mailadres bevestigd"),
    "password_changed": _l("Wachtwoord gewijzigd"),
    "password_reset_requested": _l("Nieuw wachtwoord gevraagd"),
    "password_reset": _l("Nieuw wachtwoord gekozen"),
    "invitation_created": _l("Uitnodiging gemaakt"),
    "invitation_accepted": _l("Uitnodiging aangenomen"),
    "invitation_cancelled": _l("Uitnodiging ingetrokken"),
    "user_deactivated": _l("Gebruiker uitgezet"),
    "user_activated": _l("Gebruiker weer aangezet"),
    "organisation_deactivated": _l("Organisatie uitgezet"),
    "organisation_activated": _l("Organisatie weer aangezet"),
    "organisation_updated": _l("Organisatie aangepast"),
    "name_changed": _l("Naam gewijzigd"),
    "token_created": _l("API-token gemaakt"),
    "token_revoked": _l("API-token ingetrokken"),
    "export.devices": _l("Apparaten gedownload"),
    "export.donations": _l("Donaties gedownload"),
    "export.claims": _l("Aanvragen gedownload"),
    "export.handouts": _l("Uitreikingen gedownload"),
}


def kind_label(kind: str):
    """A device event kind or a security action in words (the code itself when it has none)."""
    if kind in EventKind.values():
        return EventKind(kind).label
    return ACTION_LABELS.get(kind, kind)


class AuditFilterForm(Form):
    """Narrow the audit trail down; a bad value is named next to its field and left out of the filter."""

    log = SelectField(_l("Log"), choices=[SelectChoice(key, label) for key, label in LOGS.items()], default="devices")
    tag = StringField(_l("Apparaat (code)"), validators=[Optional(), Length(max=40)])
    organisation = SelectField(_l("Organisatie"), default="")
    user = StringField(_l("Gebruiker (e-mailadres)"), validators=[
        Optional(), Length(max=254), Email(message=_l("Vul een e-mailadres in, zoals naam@voorbeeld.nl."))])
    kind = SelectField(_l("Soort gebeurtenis"), default="")
    since = DateField(_l("Vanaf"), validators=[Optional()])
    until = DateField(_l("Tot en met"), validators=[Optional()])

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [SelectChoice("", _l("Alle organisaties"))] + [
            SelectChoice(str(organisation.id), organisation.name) for organisation in organisations
        ]
        self.kind.choices = [SelectChoice("", _l("Alle soorten"))] + [
            SelectChoice(kind.value, kind.label) for kind in EventKind
        ] + [SelectChoice(key, label) for key, label in ACTION_LABELS.items()]

    def valid(self, name: str):
        """A field's value, or None when it is empty or wrong."""
        field = getattr(self, name)
        return field.data if not field.errors and field.data not in ("", None) else None
