"""The intake receipt of a donation (PDF): who gives what to which workshop, device by device.

The donor hands it to whoever collects the devices. Plain data in (texts already formatted by the
caller: tags as AD-…, dates in the reader's language), PDF bytes out.
"""
from dataclasses import dataclass

from flask_babel import gettext as _

from . import pages
from .fonts import MONO_BOLD, SANS, SANS_BOLD, register_fonts
from .look import MM

WIDTH_MM, HEIGHT_MM = 210, 297
BODY = WIDTH_MM * MM - 2 * pages.MARGIN


@dataclass(frozen=True)
class ReceiptDevice:
    tag: str
    kind: str
    brand_model: str
    serial: str
    donor_asset_number: str = ""


@dataclass(frozen=True)
class ReceiptData:
    reference: str
    donor: str
    workshop: str
    pickup: str
    contact: str
    pledged_on: str
    printed_on: str
    devices: tuple[ReceiptDevice, ...]


def _facts(data: ReceiptData) -> list[pages.Row]:
    labels = pages.columns([45 * MM, BODY - 45 * MM])
    facts = [
        (_("Donatie"), data.reference), (_("Donateur"), data.donor), (_("Werkplaats"), data.workshop),
        (_("Ophaaladres"), data.pickup), (_("Contactpersoon"), data.contact),
        (_("Aangemeld op"), data.pledged_on), (_("Afgedrukt op"), data.printed_on),
        (_("Aantal apparaten"), str(len(data.devices))),
    ]
    return [pages.row(labels, fact, size=10, fonts=[SANS_BOLD, SANS]) for fact in facts]


def _device_rows(data: ReceiptData) -> list[pages.Row]:
    table = pages.columns([8 * MM, 36 * MM, 22 * MM, 58 * MM, 38 * MM, BODY - 162 * MM])
    heading = pages.row(table, ["#", _("Code"), _("Soort"), _("Merk en model"), _("Serienummer"), _("Eigen nummer")],
                        font=SANS_BOLD, keep=True)
    rows = [heading]
    for number, device in enumerate(data.devices, start=1):
        texts = [str(number), device.tag, device.kind, device.brand_model, device.serial, device.donor_asset_number]
        rows.append(pages.row(table, texts, fonts=[SANS, MONO_BOLD, SANS, SANS, SANS, SANS], rule=True))
    return rows


def _signatures() -> list[pages.Row]:
    halves = pages.columns([BODY / 2, BODY / 2])
    return [
        pages.gap(18),
        pages.row(halves, [_("Meegegeven door (naam, handtekening)"), _("Opgehaald door (naam, handtekening)")],
                  font=SANS_BOLD, size=9, keep=True),
        pages.gap(40),
        pages.row(halves, [_("Datum:"), _("Datum:")], size=9, rule=True),
    ]


def receipt_pdf(data: ReceiptData, font_dir=None) -> bytes:
    """The receipt: the donation's facts, every device with its code, then room for two signatures."""
    register_fonts(font_dir)
    title = _("Ontvangstbewijs %(reference)s", reference=data.reference)
    intro = _("Geef dit bewijs aan wie de apparaten ophaalt. Elk apparaat heeft een code (AD-…) op een label.")
    rows = [
        pages.row([pages.Column(0, BODY)], [title], font=SANS_BOLD, size=16),
        pages.row([pages.Column(0, BODY)], [intro], size=9),
        pages.gap(8),
        *_facts(data),
        pages.gap(10),
        *_device_rows(data),
        *_signatures(),
    ]
    frame = pages.framed(WIDTH_MM, HEIGHT_MM, "allemaaldigitaal", title)
    setup = pages.PageSetup(WIDTH_MM, HEIGHT_MM, title, frame, frame_height=18)
    return pages.render(setup, rows)
