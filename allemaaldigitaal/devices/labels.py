"""Who may print which labels, what goes on them, and the history entry a printed label leaves.

One service for the pages and the API: a donor prints the labels of its own donations' devices, a workshop
those of the donations assigned to it (and devices in its custody) and its own pre-printed labels, a
coordinator everything. What a user may not print is answered as not found, never as "not yours".
Everything is checked before anything is written.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import EventKind, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.lifecycle import record_event
from allemaaldigitaal.core.models import Device, PreprintedLabel, User
from allemaaldigitaal.core.tags import InvalidTag, format_tag, normalise_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.printing import (
    LabelData,
    PrintError,
    Stock,
    check_skip,
    get_stock,
    labels_pdf,
    labels_zpl,
    qr_url,
    test_label_zpl,
    test_sheet_pdf,
)

from . import preprinted
from .filters import DeviceFilter, visible_donation
from .label_commands import label_data

#: the kinds of organisation that print labels; a care organisation does not
PRINTING_KINDS = frozenset({K.DONOR, K.REFURBISHER, K.COORDINATOR})
#: the most labels in one document
MAX_LABELS = 5000
#: the most tags typed or passed at once
MAX_TAGS = 500
#: the form field (and API parameter) each refusal of the printing engine belongs to
PRINT_ERROR_FIELDS = {"unknown_stock": "stock", "not_zpl": "stock", "stock_too_small": "stock", "stock_file": "stock",
                      "skip": "skip"}
PDF, ZPL = "application/pdf", "text/plain; charset=utf-8"


class LabelRefused(DomainError):
    """Labels that cannot be printed as asked; `field` names the input, `code` the reason for programs."""

    def __init__(self, message, field: str | None = None, code: str = "invalid"):
        super().__init__(message, field)
        self.code = code


class LabelNotFound(LabelRefused):
    """A donation, tag or print run that does not exist or is not the user's: answered as 404."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message, field, "not_found")


@dataclass(frozen=True)
class LabelRequest:
    """What to print: a stock, one source (a donation's reference, tags as typed, or a pre-printed run) and a skip."""

    stock: str
    donation: str | None = None
    tags: tuple[str, ...] = ()
    run: int | None = None
    skip: int = 0


@dataclass(frozen=True)
class LabelJob:
    """Labels checked and ready to draw; `device_ids` are the devices whose history records the print."""

    stock: Stock
    skip: int
    labels: list[LabelData]
    device_ids: list[int] = field(default_factory=list)
    #: the donation's reference, or "selectie" or "voorgedrukt": part of the file name
    source: str = "selectie"

    @property
    def sheets(self) -> int:
        """Pages the labels take, the first one from the skip on."""
        return -(-(self.skip + len(self.labels)) // self.stock.per_sheet) if self.labels else 0


@dataclass(frozen=True)
class Document:
    content: bytes
    mimetype: str
    filename: str


def may_print(user: User) -> bool:
    return getattr(user, "is_authenticated", False) and user.kind in PRINTING_KINDS


def stock_or_refuse(key: str) -> Stock:
    try:
        return get_stock(key)
    except PrintError as error:
        raise refused(error) from error


def check_print_settings(stock_key: str, skip: int) -> Stock:
    """The stock, if it exists and the start spot lies on its first sheet."""
    stock = stock_or_refuse(stock_key)
    try:
        check_skip(stock, skip)
    except PrintError as error:
        raise refused(error) from error
    return stock


def refused(error: PrintError) -> LabelRefused:
    return LabelRefused(error.message, PRINT_ERROR_FIELDS.get(error.code), error.code)


def canonical_tags(texts) -> list[str]:
    """Tags as typed or scanned (one per item, blank items left out), canonical, each once, in the order given."""
    tags = []
    for text in (text.strip() for text in texts):
        if not text:
            continue
        try:
            tags.append(normalise_tag(text))
        except InvalidTag as error:
            raise LabelRefused(f"{text}: {error}", "tags", "invalid_tag") from error
    if len(tags) > MAX_TAGS:
        raise LabelRefused(_l("Geef hoogstens %(most)s codes tegelijk.", most=MAX_TAGS), "tags", "too_many")
    return list(dict.fromkeys(tags))


def prepare(user: User, asked: LabelRequest, base_url: str, allow_empty: bool = False) -> LabelJob:
    """The labels this user asked for, checked; LabelRefused (or LabelNotFound) with nothing written."""
    stock = check_print_settings(asked.stock, asked.skip)
    if not may_print(user):
        raise LabelNotFound(_l("Er is niets gevonden dat je organisatie mag afdrukken."))
    sources = [bool(asked.donation), bool(asked.tags), asked.run is not None]
    if sum(sources) > 1:
        raise LabelRefused(_l("Kies één ding om af te drukken: een donatie, codes of een reeks voorgedrukte labels."),
                           "donation", "several_sources")
    if asked.donation:
        job = _donation_job(user, stock, asked, base_url)
    elif asked.run is not None:
        job = _run_job(user, stock, asked, base_url)
    else:
        job = _tags_job(user, stock, asked, base_url)
    if not job.labels and not allow_empty:
        raise LabelRefused(_l("Er zijn geen labels om af te drukken. Kies een donatie of typ minstens één code."),
                           "tags", "empty")
    if len(job.labels) > MAX_LABELS:
        raise LabelRefused(_l("Dat zijn %(count)s labels. Druk er hoogstens %(most)s tegelijk af: kies een deel van "
                              "de apparaten.", count=len(job.labels), most=MAX_LABELS), "donation", "too_many")
    return job


def _donation_job(user: User, stock: Stock, asked: LabelRequest, base_url: str) -> LabelJob:
    donation = visible_donation(user, asked.donation)
    if donation is None:
        raise LabelNotFound(_l("Donatie %(reference)s bestaat niet, of je organisatie mag er geen labels voor "
                               "afdrukken.", reference=asked.donation.strip()), "donation")
    devices = DeviceFilter(donation=donation.reference).devices(user)
    if not devices:
        raise LabelRefused(_l("Donatie %(reference)s heeft nog geen apparaten.", reference=donation.reference),
                           "donation", "empty")
    return LabelJob(stock, asked.skip, label_data(devices, base_url), [d.id for d in devices], donation.reference)


def _tags_job(user: User, stock: Stock, asked: LabelRequest, base_url: str) -> LabelJob:
    tags = canonical_tags(asked.tags)
    devices = {device.asset_tag: device for device in DeviceFilter(tags=tuple(tags)).devices(user)} if tags else {}
    unlinked = _unlinked_labels(user, set(tags) - set(devices))
    missing = [format_tag(tag) for tag in tags if tag not in devices and tag not in unlinked]
    if missing:
        raise LabelNotFound(_l("Geen apparaat of label gevonden dat je organisatie mag afdrukken, met code %(tags)s.",
                               tags=", ".join(missing)), "tags")
    labels = [
        label_data([devices[tag]], base_url)[0] if tag in devices else blank_label(tag, base_url) for tag in tags
    ]
    return LabelJob(stock, asked.skip, labels, [devices[tag].id for tag in tags if tag in devices])


def _unlinked_labels(user: User, tags: set[str]) -> set[str]:
    """Which of these tags are pre-printed labels on no device yet that the user may print."""
    if not tags:
        return set()
    query = scoped(PreprintedLabel, user).where(PreprintedLabel.tag.in_(tags), PreprintedLabel.device_id.is_(None))
    return set(db.session.scalars(query.with_only_columns(PreprintedLabel.tag)))


def _run_job(user: User, stock: Stock, asked: LabelRequest, base_url: str) -> LabelJob:
    run = preprinted.run_of(user, asked.run)
    if run is None:
        raise LabelNotFound(_l("Deze reeks voorgedrukte labels bestaat niet, of is niet van je organisatie."), "run")
    unlinked = [label.tag for label in run if label.device_id is None]
    if not unlinked:
        raise LabelRefused(_l("Alle labels van deze reeks zitten al op een apparaat."), "run", "empty")
    return LabelJob(stock, asked.skip, [blank_label(tag, base_url) for tag in unlinked], source="voorgedrukt")


def blank_label(tag: str, base_url: str) -> LabelData:
    """The label of a tag that no device carries yet: the code and the tag, nothing else."""
    return LabelData(url_text=qr_url(base_url, tag), tag_display=format_tag(tag))


def labels_document(job: LabelJob, output: str | None = None) -> Document:
    """The labels as the stock's printer takes them (or as `output`: "pdf" or "zpl"); LabelRefused if they cannot be."""
    output = output or job.stock.output
    try:
        if output == "zpl":
            return Document(labels_zpl(job.stock, job.labels), ZPL, _filename(job, "zpl"))
        return Document(labels_pdf(job.stock, job.labels, skip=job.skip), PDF, _filename(job, "pdf"))
    except PrintError as error:
        raise refused(error) from error


def test_document(stock: Stock) -> Document:
    """The stock's test sheet (PDF), or its test label (ZPL) for a Zebra stock."""
    if stock.output == "zpl":
        return Document(test_label_zpl(stock), ZPL, f"testlabel-{stock.key}.zpl")
    return Document(test_sheet_pdf(stock), PDF, f"testvel-{stock.key}.pdf")


test_document.__test__ = False  # a function, not a test, for pytest


def _filename(job: LabelJob, extension: str) -> str:
    return f"labels-{job.source}-{job.stock.key}.{extension}"


def record_printed(user: User, job: LabelJob) -> int:
    """A "label printed" event in the history of every device in the job, with the stock; flushed, never committed."""
    devices = db.session.scalars(select(Device).where(Device.id.in_(job.device_ids)).order_by(Device.id))
    count = 0
    for device in devices:
        record_event(device, EventKind.LABEL_PRINTED, actor=user, deltas={"stock": job.stock.key})
        count += 1
    db.session.flush()
    return count
