"""The data-wipe certificate of a donation (PDF): every device, every storage medium and how it was wiped.

Plain data in (texts formatted by the caller), PDF bytes out. Landscape A4, so a medium's facts
(NIST SP 800-88 level, technique, tool, verification, result, operator, date) fit on one line. Every
page names the verification code and address; page 1 carries them as a QR code too.
"""
from dataclasses import dataclass

from flask_babel import gettext as _

from . import pages
from .fonts import MONO_BOLD, SANS, SANS_BOLD, register_fonts
from .look import MM
from .qr import encode, path_operators

WIDTH_MM, HEIGHT_MM = 297, 210
BODY = WIDTH_MM * MM - 2 * pages.MARGIN
WIPED, RECYCLED, PENDING = "wiped", "recycled", "pending"
QR_MODULE = 0.6 * MM


@dataclass(frozen=True)
class MediumWipe:
    medium_type: str
    serial: str
    capacity: str
    level: str
    technique: str
    tool: str
    verification: str
    result: str
    operator: str
    date: str


@dataclass(frozen=True)
class CertificateDevice:
    tag: str
    kind: str
    brand_model: str
    serial: str
    #: WIPED, RECYCLED or PENDING
    state: str
    media: tuple[MediumWipe, ...] = ()


@dataclass(frozen=True)
class CertificateData:
    code: str
    verify_url: str
    reference: str
    donor: str
    workshop: str
    issued_on: str
    issued_by: str
    devices: tuple[CertificateDevice, ...]

    @property
    def complete(self) -> bool:
        return all(device.state != PENDING for device in self.devices)

    def count(self, state: str) -> int:
        return sum(device.state == state for device in self.devices)


def _state_text(state: str) -> str:
    return {
        WIPED: _("Gewist"),
        RECYCLED: _("Gerecycled: opslag vernietigd"),
        PENDING: _("Nog niet gewist"),
    }[state]


def _opening(data: CertificateData) -> list[pages.Row]:
    text_width = BODY - 45 * MM
    whole = [pages.Column(0, text_width)]
    facts = pages.columns([45 * MM, text_width - 45 * MM])
    status = (
        _("Volledig: alle apparaten van deze donatie zijn gewist of hun opslag is vernietigd.") if data.complete else
        _("Niet volledig: dit certificaat is gemaakt voordat alle apparaten gewist waren. "
          "%(count)s apparaten staan nog als 'nog niet gewist'.", count=data.count(PENDING))
    )
    rows = [
        pages.row(whole, [_("Certificaat van gegevensverwijdering")], font=SANS_BOLD, size=16),
        pages.row(whole, [_("Volgens NIST SP 800-88: per opslagmedium hoe en door wie het is gewist.")], size=9),
        pages.gap(6),
    ]
    for label, value in (
        (_("Donatie"), data.reference), (_("Donateur"), data.donor), (_("Werkplaats"), data.workshop),
        (_("Uitgegeven op"), data.issued_on), (_("Uitgegeven door"), data.issued_by),
        (_("Apparaten"), _("%(total)s: %(wiped)s gewist, %(recycled)s gerecycled, %(pending)s nog niet gewist",
                           total=len(data.devices), wiped=data.count(WIPED), recycled=data.count(RECYCLED),
                           pending=data.count(PENDING))),
        (_("Controlecode"), data.code), (_("Controleren op"), data.verify_url),
    ):
        rows.append(pages.row(facts, [label, value], size=9, fonts=[SANS_BOLD, SANS]))
    rows += [pages.gap(4), pages.row(whole, [status], font=SANS_BOLD, size=9), pages.gap(8)]
    return rows


#: the medium columns, in points
MEDIUM_WIDTHS = [62, 84, 42, 66, 76, 76, 84, 44, 84, 62]
INDENT = 16


def _table_rows(data: CertificateData) -> list[pages.Row]:
    widths = MEDIUM_WIDTHS
    # a device's columns line up with pairs of its media's columns
    devices = pages.columns([INDENT + widths[0] + widths[1], widths[2] + widths[3], widths[4] + widths[5],
                             widths[6] + widths[7], BODY - INDENT - sum(widths[:8])])
    media = pages.columns(widths, indent=INDENT)
    device_heading = pages.row(devices, [_("Code"), _("Soort"), _("Merk en model"), _("Serienummer"), _("Stand")],
                               font=SANS_BOLD, keep=True)
    medium_heading = pages.row(media, [
        _("Opslag"), _("Serienummer"), _("Capaciteit"), _("Niveau (NIST)"), _("Techniek"), _("Tool en versie"),
        _("Controle"), _("Resultaat"), _("Uitgevoerd door"), _("Datum"),
    ], font=SANS_BOLD, size=7, keep=True, colour=pages.GREY)
    rows = [device_heading, medium_heading]
    for device in data.devices:
        texts = [device.tag, device.kind, device.brand_model, device.serial, _state_text(device.state)]
        rows.append(pages.row(devices, texts, fonts=[MONO_BOLD, SANS, SANS, SANS, SANS_BOLD], rule=True,
                              keep=bool(device.media)))
        for number, medium in enumerate(device.media, start=1):
            rows.append(pages.row(media, [
                medium.medium_type, medium.serial, medium.capacity, medium.level, medium.technique, medium.tool,
                medium.verification, medium.result, medium.operator, medium.date,
            ], size=7, keep=number < len(device.media)))
    return rows


def _frame(data: CertificateData):
    footer = _("Certificaat %(reference)s, controlecode %(code)s: controleer het op %(url)s",
               reference=data.reference, code=data.code, url=data.verify_url)
    plain = pages.framed(WIDTH_MM, HEIGHT_MM, "allemaaldigitaal", footer)
    symbol = encode(data.verify_url)

    def frame(canvas, number: int, count: int) -> None:
        plain(canvas, number, count)
        if number == 1:
            left = WIDTH_MM * MM - pages.MARGIN - symbol.size * QR_MODULE
            top = HEIGHT_MM * MM - pages.MARGIN - 18
            canvas.addLiteral(f"q {QR_MODULE:.4f} 0 0 {-QR_MODULE:.4f} {left:.3f} {top:.3f} cm\n{path_operators(symbol)}\nQ")

    return frame


def certificate_pdf(data: CertificateData, font_dir=None) -> bytes:
    """The certificate: the donation's facts and whether it is complete, then every device with its media."""
    register_fonts(font_dir)
    title = _("Certificaat van gegevensverwijdering %(reference)s", reference=data.reference)
    setup = pages.PageSetup(WIDTH_MM, HEIGHT_MM, title, _frame(data), frame_height=18)
    return pages.render(setup, [*_opening(data), *_table_rows(data)])
