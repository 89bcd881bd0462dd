"""Forms of the workshop records: a check, a wipe of one medium, recycling, and an upload of nwipe reports."""
import re
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l, to_user_timezone, to_utc
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from allemaaldigitaal.core.enums import ConditionGrade, StorageType, WipeLevel, WipeTechnique, WipeVerification
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.web.forms import Form

from .checks import OS_CHOICES, CheckFindings
from .recycling import DESTRUCTION_METHODS, Destruction
from .wipe_records import WipeDetails

OTHER_OS = "other"
TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
SERIAL_SEPARATORS = re.compile(r"[\s,;]+")


def choices(enum) -> list[SelectChoice]:
    return [SelectChoice(member.value, member.label) for member in enum]


def serials(text: str | None) -> tuple[str, ...]:
    """Serials typed or scanned one per line, or separated by commas or spaces."""
    return tuple(part for part in SERIAL_SEPARATORS.split(text or "") if part)


def aware(local: datetime) -> datetime:
    """A time typed in the user's time zone, as aware UTC."""
    return to_utc(local).replace(tzinfo=UTC)


def local_now() -> datetime:
    return to_user_timezone(utcnow()).replace(tzinfo=None, second=0, microsecond=0)


def _part(label):
    return RadioField(label, choices=[SelectChoice("ok", _l("Werkt goed")), SelectChoice("defect", _l("Defect"))],
                      validators=[InputRequired(_l("Kies 'werkt goed' of 'defect'."))])


def _note(label):
    return StringField(label, validators=[Optional(), Length(max=200)])


class CheckForm(Form):
    condition_grade = RadioField(_l("Staat"), choices=choices(ConditionGrade),
                                 validators=[InputRequired(_l("Kies een staat: A, B of C."))])
    battery_health_pct = IntegerField(
        _l("Batterijconditie in %"), validators=[Optional(), NumberRange(0, 100, _l("Vul een getal van 0 tot en met 100 in."))],
        render_kw={"inputmode": "numeric"})
    screen = _part(_l("Scherm"))
    screen_note = _note(_l("Opmerking over het scherm"))
    keyboard = _part(_l("Toetsenbord"))
    keyboard_note = _note(_l("Opmerking over het toetsenbord"))
    ports = _part(_l("Aansluitingen"))
    ports_note = _note(_l("Opmerking over de aansluitingen"))
    camera = _part(_l("Camera"))
    camera_note = _note(_l("Opmerking over de camera"))
    accessories = TextAreaField(_l("Accessoires"), validators=[Optional(), Length(max=1000)])
    os_choice = RadioField(
        _l("Geïnstalleerd besturingssysteem"),
        choices=[SelectChoice(name, name) for name in OS_CHOICES] + [SelectChoice(OTHER_OS, _l("Anders"))],
        validators=[InputRequired(_l("Kies het besturingssysteem."))])
    os_other = StringField(_l("Ander besturingssysteem"), validators=[Length(max=100)])
    activation_lock_cleared = BooleanField(_l("Apple Activation Lock verwijderd"))
    google_frp_cleared = BooleanField(_l("Google FRP verwijderd"))
    chromebook_enrolment_cleared = BooleanField(_l("Chromebook-inschrijving verwijderd"))
    locks_not_applicable = BooleanField(_l("Geen van deze vergrendelingen van toepassing"))
    drive_serials = StringField(_l("Serienummers van de schijven"), validators=[Optional(), Length(max=500)],
                                render_kw={"spellcheck": "false", "autocomplete": "off"})

    def validate_os_other(self, field):
        if self.os_choice.data == OTHER_OS and not (field.data or "").strip():
            raise ValidationError(_l("Vul in welk besturingssysteem erop staat."))

    def findings(self) -> CheckFindings:
        parts = {f"{part}_ok": getattr(self, part).data == "ok" for part in ("screen", "keyboard", "ports", "camera")}
        notes = {f"{part}_note": getattr(self, f"{part}_note").data for part in ("screen", "keyboard", "ports", "camera")}
        return CheckFindings(
            condition_grade=ConditionGrade(self.condition_grade.data), battery_health_pct=self.battery_health_pct.data,
            accessories=self.accessories.data,
            os_installed=self.os_other.data if self.os_choice.data == OTHER_OS else self.os_choice.data,
            activation_lock_cleared=self.activation_lock_cleared.data, google_frp_cleared=self.google_frp_cleared.data,
            chromebook_enrolment_cleared=self.chromebook_enrolment_cleared.data,
            locks_not_applicable=self.locks_not_applicable.data, drive_serials=serials(self.drive_serials.data),
            **parts, **notes,
        )


class WipeForm(Form):
    """One wipe of one medium (NIST SP 800-88); several on one page, each with its own prefix."""

    medium_serial = StringField(_l("Serienummer van de schijf"), validators=[InputRequired(_l("Vul het serienummer in."))],
                                render_kw={"spellcheck": "false", "autocomplete": "off"})
    medium_type = SelectField(_l("Soort opslag"), choices=choices(StorageType), default=StorageType.SSD.value)
    medium_capacity_gb = IntegerField(_l("Grootte in GB"), validators=[Optional(), NumberRange(1, 10_000_000)],
                                      render_kw={"inputmode": "numeric"})
    level = SelectField(_l("Niveau (NIST SP 800-88)"), choices=choices(WipeLevel), default=WipeLevel.PURGE.value)
    technique = SelectField(_l("Techniek"), choices=choices(WipeTechnique), default=WipeTechnique.OVERWRITE.value)
    tool = StringField(_l("Programma"), validators=[InputRequired(_l("Vul in met welk programma is gewist.")),
                                                    Length(max=100)])
    tool_version = StringField(_l("Versie van het programma"), validators=[Optional(), Length(max=50)])
    verification = SelectField(_l("Controle"), choices=choices(WipeVerification), default=WipeVerification.FULL.value)
    passed = RadioField(_l("Resultaat"), choices=[SelectChoice("ja", _l("Geslaagd")), SelectChoice("nee", _l("Mislukt"))],
                        validators=[InputRequired(_l("Kies geslaagd of mislukt."))])
    started_at = DateTimeLocalField(_l("Begonnen om"), format=TIME_FORMATS,
                                    validators=[InputRequired(_l("Vul in wanneer het wissen begon."))])
    finished_at = DateTimeLocalField(_l("Klaar om"), format=TIME_FORMATS,
                                     validators=[InputRequired(_l("Vul in wanneer het wissen klaar was."))])
    result_note = TextAreaField(_l("Opmerking"), validators=[Optional(), Length(max=1000)])
    report_reference = StringField(_l("Kenmerk van een extern rapport"), validators=[Optional(), Length(max=200)])

    def details(self) -> WipeDetails:
        return WipeDetails(
            medium_type=StorageType(self.medium_type.data), medium_serial=self.medium_serial.data,
            medium_capacity_gb=self.medium_capacity_gb.data, level=WipeLevel(self.level.data),
            technique=WipeTechnique(self.technique.data), tool=self.tool.data, tool_version=self.tool_version.data,
            verification=WipeVerification(self.verification.data), passed=self.passed.data == "ja",
            started_at=aware(self.started_at.data), finished_at=aware(self.finished_at.data),
            result_note=self.result_note.data, report_reference=self.report_reference.data,
        )


class RecycleForm(Form):
    reason = TextAreaField(_l("Waarom kan het apparaat niet meer gebruikt worden?"),
                           validators=[InputRequired(_l("Schrijf kort op waarom.")), Length(max=500)])
    method = RadioField(_l("Hoe is de opslag vernietigd?"),
                        choices=[SelectChoice(key, label) for key, label in DESTRUCTION_METHODS.items()],
                        validators=[InputRequired(_l("Kies hoe de opslag is vernietigd."))])
    destroyed_by = StringField(_l("Vernietigd door (naam of bedrijf)"),
                               validators=[InputRequired(_l("Vul in wie de opslag heeft vernietigd.")), Length(max=100)])
    media_serials = TextAreaField(_l("Serienummers van de vernietigde schijven"), validators=[Optional(), Length(max=900)],
                                  render_kw={"spellcheck": "false", "rows": 3})

    def destruction(self) -> Destruction:
        return Destruction(reason=self.reason.data, method=self.method.data, destroyed_by=self.destroyed_by.data,
                           media_serials=serials(self.media_serials.data))


class ReportUploadForm(Form):
    file = MultipleFileField(_l("Rapporten van nwipe (JSON)"), render_kw={"accept": ".json,application/json"})
    tag = StringField(_l("Code van het apparaat (als de schijf nog onbekend is)"),
                      validators=[Optional(), Length(max=40)], render_kw={"spellcheck": "false", "autocomplete": "off"})
    level = SelectField(_l("Niveau (NIST SP 800-88)"), choices=choices(WipeLevel), default=WipeLevel.CLEAR.value)
    technique = SelectField(_l("Techniek"), choices=choices(WipeTechnique), default=WipeTechnique.OVERWRITE.value)
    verification = SelectField(_l("Controle"), choices=choices(WipeVerification), default=WipeVerification.FULL.value)

    def validate_file(self, field):
        if not [upload for upload in field.data or [] if getattr(upload, "filename", "")]:
            raise ValidationError(_l("Kies een of meer rapporten van nwipe (JSON)."))
