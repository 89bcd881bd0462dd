"""flask label-stocks and flask print-labels: the label engine from the command line.

The devices are looked up here (printing knows no database); what is printed comes from printing.
Everything is made before anything is written, so a refusal leaves no file behind.
"""
from collections.abc import Iterable
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from allemaaldigitaal.core.models import Device, Donation
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
    list_stocks,
    qr_url,
    test_label_zpl,
    test_sheet_pdf,
)
from allemaaldigitaal.web.mail import base_url


def label_data(devices: Iterable[Device], base_url: str) -> list[LabelData]:
    """What each device's label shows: its URL, its tag as printed, its kind and its brand and model."""
    return [
        LabelData(
            url_text=qr_url(base_url, device.asset_tag),
            tag_display=format_tag(device.asset_tag),
            kind=str(device.kind.label),
            model=" ".join(part for part in (device.brand, device.model) if part) or None,
        )
        for device in devices
    ]


def donation_devices(reference: str) -> list[Device]:
    """The devices of the donation with this reference, in the order they were added."""
    donation = db.session.scalar(select(Donation).where(Donation.reference == reference.strip()))
    if donation is None:
        raise click.ClickException(f"No donation has reference {reference!r}.")
    return list(db.session.scalars(select(Device).where(Device.donation_id == donation.id).order_by(Device.id)))


def tagged_devices(tags: Iterable[str]) -> list[Device]:
    """The devices with these tags (typed in any form), in the order given; a tag that fails its check is refused."""
    canonical = []
    for text in tags:
        try:
            canonical.append(normalise_tag(text))
        except InvalidTag as error:
            raise click.ClickException(f"{text}: {error}") from error
    found = {device.asset_tag: device for device in db.session.scalars(select(Device).where(Device.asset_tag.in_(canonical)))}
    missing = [format_tag(tag) for tag in canonical if tag not in found]
    if missing:
        raise click.ClickException(f"No device has tag {', '.join(missing)}.")
    return [found[tag] for tag in canonical]


def _stock(key: str) -> Stock:
    try:
        return get_stock(key)
    except PrintError as error:
        raise click.ClickException(str(error.message)) from error


def _document(stock: Stock, devices: list[Device] | None, skip: int) -> bytes:
    """The test sheet, or the devices' labels, as the stock's printer takes them (PDF or ZPL)."""
    if devices is None:
        return test_label_zpl(stock) if stock.output == "zpl" else test_sheet_pdf(stock)
    check_skip(stock, skip)
    labels = label_data(devices, base_url())
    return labels_zpl(stock, labels) if stock.output == "zpl" else labels_pdf(stock, labels, skip=skip)


@click.command("label-stocks")
@with_appcontext
def label_stocks() -> None:
    """List the label stocks in labels/ with their sizes."""
    for stock in list_stocks():
        size = f"{stock.label_width:g} x {stock.label_height:g} mm"
        if stock.is_roll:
            layout = f"roll {stock.page_width:g} mm wide, {stock.dpi} dpi"
        else:
            layout = f"{stock.columns} x {stock.rows} on {stock.page_width:g} x {stock.page_height:g} mm"
        click.echo(f"{stock.key:<10} {stock.name:<22} {size:<20} {layout:<32} {stock.output.upper()}")


@click.command("print-labels")
@click.option("--stock", "stock_key", required=True, help="Label stock, e.g. L7160 (see flask label-stocks).")
@click.option("--donation", help="Print the labels of every device in the donation with this reference.")
@click.option("--tag", "tags", multiple=True, help="Print the label of the device with this tag; repeat for more.")
@click.option("--skip", default=0, show_default=True, type=click.IntRange(min=0),
              help="Spots already used on the first sheet: printing starts at spot N+1.")
@click.option("--test-sheet", is_flag=True, help="Print the stock's outlines to check the printer's alignment instead.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="File to write (PDF, or ZPL for Zebra stocks); - writes to standard output.")
@with_appcontext
def print_labels(stock_key: str, donation: str | None, tags: tuple[str, ...], skip: int, test_sheet: bool,
                 output: Path) -> None:
    """Write asset labels for a donation's devices or for given tags, or a test sheet, to a file."""
    if test_sheet == bool(donation or tags) or (donation and tags):
        raise click.UsageError("Give exactly one of --donation, --tag (one or more) or --test-sheet.")
    stock = _stock(stock_key)
    devices = None if test_sheet else donation_devices(donation) if donation else tagged_devices(tags)
    try:
        document = _document(stock, devices, skip)
    except PrintError as error:
        raise click.ClickException(str(error.message)) from error
    if str(output) == "-":
        click.echo(document, nl=False)
        return
    output.write_bytes(document)
    what = "test sheet" if devices is None else f"{len(devices)} label(s)"
    click.echo(f"Wrote {what} on {stock.name} to {output} ({len(document)} bytes).")


def register_label_commands(app: Flask) -> None:
    app.cli.add_command(label_stocks)
    app.cli.add_command(print_labels)
