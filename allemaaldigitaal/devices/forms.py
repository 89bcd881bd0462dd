"""Forms of the device list and label printing; they check the shape of the input, the services the rules."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus
from allemaaldigitaal.printing import list_stocks
from allemaaldigitaal.web.forms import Form

from .filters import LIST_SORT, DeviceFilter
from .preprinted import MAX_PREPRINTED

#: the stock a new form starts with: the most common A4 address label in the Netherlands
DEFAULT_STOCK = "L7160"
TAG_SEPARATORS = re.compile(r"[\n\r,;]+")
#: the orders a person may choose for the device list
SORT_LABELS = {
    "newest": _l("Nieuwste eerst"),
    "oldest": _l("Oudste eerst"),
    "status": _l("Status (in de volgorde van de levensloop)"),
    "tag": _l("Code"),
    "longest_in_status": _l("Langst in dezelfde status"),
}


class WholeNumberField(IntegerField):
    """An integer, with a plain Dutch message when it is none."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Vul een heel getal in, zoals 3.")) from error


class TagsField(TextAreaField):
    """Codes, one per line; several values (the ticked boxes of the device list) become one line each."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = "\n".join(value.strip() for value in valuelist if value.strip())

    def tags(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in TAG_SEPARATORS.split(self.data or "") if part.strip())


def stock_choices() -> list[SelectChoice]:
    return [SelectChoice(stock.key, f"{stock.name} – {stock.description}") for stock in list_stocks()]


def donation_choice_list(donations) -> list[SelectChoice]:
    """The donations (with how many devices) the user may see, after an empty choice."""
    return [SelectChoice("", _l("Geen donatie"))] + [
        SelectChoice(donation.reference, _l("%(reference)s (%(count)s apparaten)", reference=donation.reference, count=count))
        for donation, count in donations
    ]


def stock_field() -> RadioField:
    """Checked by the label service, which names the stocks there are when the choice is unknown."""
    return RadioField(_l("Labelsoort"), choices=stock_choices, default=DEFAULT_STOCK, validate_choice=False)


def skip_field() -> WholeNumberField:
    return WholeNumberField(
        _l("Al gebruikte labels op het eerste vel"), default=0,
        validators=[Optional(), NumberRange(min=0, message=_l("Vul 0 of een hoger getal in."))],
    )


class DeviceFilterForm(Form):
    """Narrow the device list down (read from the query string); bad values are named next to their field."""

    q = StringField(_l("Zoeken"), validators=[Optional(), Length(max=100)])
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("Alle statussen"))] + [SelectChoice(status.value, status.label) for status in DeviceStatus],
    )
    kind = SelectField(
        _l("Soort"),
        choices=[SelectChoice("", _l("Alle soorten"))] + [SelectChoice(kind.value, kind.label) for kind in DeviceKind],
    )
    donation = StringField(_l("Donatie"), validators=[Optional(), Length(max=20)])
    workshop = SelectField(_l("Werkplaats"))
    care = SelectField(_l("Zorgorganisatie"))
    sort = SelectField(_l("Volgorde"), choices=[SelectChoice(key, label) for key, label in SORT_LABELS.items()],
                       default=LIST_SORT)

    def __init__(self, workshops=None, care_organisations=None, *args, **kwargs):
        """Without workshops and care organisations (only a coordinator chooses them) those fields are left out."""
        super().__init__(*args, **kwargs)
        for name, organisations, everyone in (("workshop", workshops, _l("Alle werkplaatsen")),
                                              ("care", care_organisations, _l("Alle zorgorganisaties"))):
            if organisations is None:
                delattr(self, name)
            else:
                getattr(self, name).choices = [SelectChoice("", everyone)] + [
                    SelectChoice(str(organisation.id), organisation.name) for organisation in organisations
                ]

    def _valid(self, name: str) -> str | None:
        field = getattr(self, name, None)
        return field.data if field is not None and not field.errors and field.data else None

    def chosen(self) -> DeviceFilter:
        """The filter of the fields that are valid; a field with an error counts as empty."""
        status, kind, workshop, care = (self._valid(name) for name in ("status", "kind", "workshop", "care"))
        return DeviceFilter(
            donation=self._valid("donation"), status=DeviceStatus(status) if status else None,
            kind=DeviceKind(kind) if kind else None, workshop=int(workshop) if workshop else None,
            care=int(care) if care else None, text=self._valid("q"), sort=self._valid("sort") or LIST_SORT,
        )

    @property
    def chosen_status(self) -> DeviceStatus | None:
        return DeviceStatus(self.status.data) if self.status.data in DeviceStatus.values() else None


class LabelForm(Form):
    """What to print: a stock, a donation or codes (or a run of pre-printed labels), and the spots already used."""

    stock = stock_field()
    donation = SelectField(_l("Alle apparaten van een donatie"), validate_choice=False)
    tags = TagsField(_l("Of: codes van apparaten, één per regel"), validators=[Length(max=10_000)])
    run = HiddenField()
    skip = skip_field()

    def __init__(self, donations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.donation.choices = donation_choice_list(donations)

    @property
    def run_id(self) -> int | None:
        return int(self.run.data) if (self.run.data or "").isdigit() and len(self.run.data) < 10 else None

    def has_input(self) -> bool:
        """Whether anything was asked for (a first visit shows the empty form, without errors)."""
        return bool(self.donation.data or self.tags.data or self.run.data)


class PreprintForm(Form):
    """New labels for a workshop: how many, and how to print them."""

    workshop = SelectField(_l("Werkplaats"), validate_choice=False)
    count = WholeNumberField(
        _l("Aantal labels"), default=21,
        validators=[InputRequired(_l("Vul in hoeveel labels je wilt maken.")),
                    NumberRange(min=1, max=MAX_PREPRINTED,
                                message=_l("Kies een aantal van 1 tot en met %(most)s.", most=MAX_PREPRINTED))],
    )
    stock = stock_field()
    skip = skip_field()

    def __init__(self, workshops, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop.choices = [SelectChoice("", _l("Kies een werkplaats"))] + [
            SelectChoice(str(workshop.id), workshop.name) for workshop in workshops
        ]


class StepForm(Form):
    """One status step from the device page; the lifecycle decides whether it may be taken now."""

    to = HiddenField(validators=[InputRequired(_l("Kies een stap.")),
                                 AnyOf(DeviceStatus.values(), message=_l("Deze stap bestaat niet. Kies een knop op de pagina."))])
    note = TextAreaField(_l("Waarom?"), validators=[Optional(), Length(max=500)])
