"""The handover form of a device given or lent to a person (PDF), in two copies: one for each party.

Plain data in (values formatted by the caller: tags as AD-…, dates in the reader's language), PDF bytes
out; the fixed texts follow the current language. A4 portrait: the recipient's copy, then the
organisation's, each starting on a page of its own. The recipient appears by reference only.
"""
from dataclasses import dataclass

from flask_babel import gettext as _, ngettext

from . import pages
from .fonts import MONO_BOLD, SANS, SANS_BOLD, register_fonts
from .look import MM

WIDTH_MM, HEIGHT_MM = 210, 297
BODY = WIDTH_MM * MM - 2 * pages.MARGIN
FRAME_HEIGHT = 18
DIGIHULPLIJN = "0800-1508"
WHOLE = [pages.Column(0, BODY)]
FACTS = pages.columns([50 * MM, BODY - 50 * MM])
HALVES = pages.columns([BODY / 2, BODY / 2])
BULLET = pages.columns([5 * MM, BODY - 5 * MM])


@dataclass(frozen=True)
class HandoverFormData:
    organisation: str
    #: street, postcode and town as far as known; empty when unknown
    organisation_address: str
    recipient_reference: str
    tag: str
    kind: str
    brand_model: str
    serial: str
    accessories: str
    condition: str
    handed_out_on: str
    #: the loan's end date; empty for a gift
    loan_until: str
    #: the data-wipe certificate's code; empty when there is none, then the wipe records below say it
    certificate_code: str
    wiped_media: int
    wiped_on: str
    help_point: str
    retention_months: int

    @property
    def is_loan(self) -> bool:
        return bool(self.loan_until)


def _heading(text: str) -> list[pages.Row]:
    return [pages.gap(8), pages.row(WHOLE, [text], font=SANS_BOLD, size=12, keep=True)]


def _paragraph(text: str, size: float = 10) -> pages.Row:
    return pages.row(WHOLE, [text], size=size)


def _facts(pairs) -> list[pages.Row]:
    return [pages.row(FACTS, [label, value], size=10, fonts=[SANS_BOLD, SANS]) for label, value in pairs]


def _parties(data: HandoverFormData) -> list[pages.Row]:
    organisation = [(_("Organisatie"), data.organisation)]
    if data.organisation_address:
        organisation.append((_("Adres"), data.organisation_address))
    return [
        *_heading(_("De partijen")),
        *_facts([*organisation, (_("Ontvanger (kenmerk)"), data.recipient_reference)]),
        _paragraph(_("De ontvanger staat op dit formulier alleen met een kenmerk, niet met naam of adres."), size=9),
    ]


def _handout_kind(data: HandoverFormData) -> str:
    if data.is_loan:
        return _("Bruikleen tot en met %(date)s: het apparaat blijft van de organisatie.", date=data.loan_until)
    return _("Schenking: het apparaat is nu van de ontvanger.")


def _device(data: HandoverFormData) -> list[pages.Row]:
    rows = [
        *_heading(_("Het apparaat")),
        *_facts([(_("Soort"), data.kind), (_("Merk en model"), data.brand_model)]),
        pages.row(FACTS, [_("Code"), data.tag], size=10, fonts=[SANS_BOLD, MONO_BOLD]),
    ]
    return rows + _facts([
        (_("Serienummer"), data.serial or "–"), (_("Accessoires"), data.accessories or _("Geen")),
        (_("Staat"), data.condition or "–"), (_("Uitgereikt op"), data.handed_out_on),
        (_("Soort uitgifte"), _handout_kind(data)),
    ])


def _wipe_statement(data: HandoverFormData) -> str:
    if data.certificate_code:
        return _("Alle gegevens van de vorige eigenaar zijn veilig gewist (volgens NIST SP 800-88). Het bewijs is het "
                 "certificaat van gegevensverwijdering met controlecode %(code)s.", code=data.certificate_code)
    if data.wiped_media:
        return ngettext(
            "Alle gegevens van de vorige eigenaar zijn veilig gewist (volgens NIST SP 800-88). De wisverslagen van "
            "het apparaat zijn gecontroleerd: %(num)d opslagmedium gewist en gecontroleerd, het laatst op %(date)s.",
            "Alle gegevens van de vorige eigenaar zijn veilig gewist (volgens NIST SP 800-88). De wisverslagen van "
            "het apparaat zijn gecontroleerd: %(num)d opslagmedia gewist en gecontroleerd, het laatst op %(date)s.",
            data.wiped_media, date=data.wiped_on,
        )
    return _("Er is geen wisverslag van dit apparaat gevonden. Vraag de organisatie ernaar.")


def _conditions(data: HandoverFormData) -> list[str]:
    last = (_("Breng het apparaat uiterlijk op %(date)s terug naar de organisatie, of eerder als u het niet meer "
              "gebruikt.", date=data.loan_until) if data.is_loan else
            _("Gebruikt u het apparaat niet meer? Breng het dan terug naar de organisatie."))
    return [
        _("Ga zuinig om met het apparaat."),
        _("Verkoop het apparaat niet en geef het niet aan iemand anders."),
        _("Is het apparaat kwijt, gestolen of kapot? Meld het dan meteen bij de organisatie."),
        last,
    ]


def _rules_and_help(data: HandoverFormData) -> list[pages.Row]:
    return [
        *_heading(_("Gegevens gewist")),
        _paragraph(_wipe_statement(data)),
        *_heading(_("Afspraken")),
        *(pages.row(BULLET, ["•", text], size=10) for text in _conditions(data)),
        *_heading(_("Hulp nodig?")),
        *_facts([(_("DigiHulplijn"), _("%(number)s (gratis)", number=DIGIHULPLIJN)),
                 (_("Hulp in de buurt"), data.help_point)]),
        *_heading(_("Privacy")),
        _paragraph(_("Wij bewaren geen naam of adres van de ontvanger, alleen het kenmerk op dit formulier. Dat kenmerk "
                     "wissen we %(months)s maanden nadat de uitgifte is afgelopen.", months=data.retention_months),
                   size=9),
    ]


def _signatures() -> list[pages.Row]:
    return [
        pages.gap(12),
        pages.row(HALVES, [_("Ontvanger (handtekening)"), _("Namens de organisatie (naam, handtekening)")],
                  font=SANS_BOLD, size=9, keep=True),
        pages.gap(48),
        pages.row(HALVES, [_("Plaats:"), _("Plaats:")], size=9, rule=True, keep=True),
        pages.gap(6),
        pages.row(HALVES, [_("Datum:"), _("Datum:")], size=9),
    ]


def _copy(data: HandoverFormData, for_whom: str) -> list[pages.Row]:
    intro = _("Met dit formulier geeft %(organisation)s een apparaat aan de ontvanger. Beide partijen tekenen en "
              "krijgen een exemplaar.", organisation=data.organisation)
    return [
        pages.row(WHOLE, [for_whom], font=SANS_BOLD, size=10, colour=pages.GREY),
        pages.row(WHOLE, [_("Overdrachtsformulier")], font=SANS_BOLD, size=16),
        _paragraph(intro),
        *_parties(data),
        *_device(data),
        *_rules_and_help(data),
        *_signatures(),
    ]


def _then_new_page(rows: list[pages.Row], body: float) -> list[pages.Row]:
    """The rows and empty room up to the end of their last page, so whatever follows starts on a new page."""
    last_page = pages.paginate(rows, body, body)[-1]
    room = body - sum(item.height for item in last_page)
    return [*rows, pages.gap(max(room - 1, 0))]


def handover_form_pdf(data: HandoverFormData, font_dir=None) -> bytes:
    """Two copies of the form, the recipient's first; each starts on a new page."""
    register_fonts(font_dir)
    title = _("Overdrachtsformulier %(tag)s", tag=data.tag)
    body = HEIGHT_MM * MM - 2 * pages.MARGIN - FRAME_HEIGHT
    recipients = _copy(data, _("Exemplaar voor de ontvanger"))
    rows = [*_then_new_page(recipients, body), *_copy(data, _("Exemplaar voor de organisatie"))]
    frame = pages.framed(WIDTH_MM, HEIGHT_MM, "allemaaldigitaal", title)
    return pages.render(pages.PageSetup(WIDTH_MM, HEIGHT_MM, title, frame, frame_height=FRAME_HEIGHT), rows)
