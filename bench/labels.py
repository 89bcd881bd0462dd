"""Time 1,000 asset labels on Avery L7160 into one PDF, decode every code, and time the naive way beside it.

Usage: python bench/labels.py [--labels N] [--runs R] [--naive-runs R] [--sample K]
Prints the median of R runs (wall clock and CPU), how many codes decode to their exact URL (all of
them unless --sample K), and the naive approach (a qrcode PIL image per label, drawn into reportlab)
measured in the same run, for the ratio. The first run of this process builds the tables for the
code size and is reported apart.
"""
import argparse
import os
import random
import statistics
import time
from io import BytesIO

import pypdfium2 as pdfium
import qrcode
import zxingcpp
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from allemaaldigitaal.core.tags import format_tag, generate_tag
from allemaaldigitaal.printing import LabelData, get_stock, labels_pdf, qr_url
from allemaaldigitaal.printing.look import MM

STOCK = "L7160"
BASE_URL = "https://allemaaldigitaal.nl"


def some_labels(count: int) -> list[LabelData]:
    rng = random.Random(2020)
    tags = [generate_tag(rng) for _ in range(count)]
    return [LabelData(qr_url(BASE_URL, tag), format_tag(tag), "Laptop", "Dell Latitude 5490") for tag in tags]


def decode(pdf: bytes, dpi: int = 150) -> list[str]:
    """The text of every QR code on every page, rendered at `dpi`."""
    document = pdfium.PdfDocument(pdf)
    texts = []
    for page in document:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        texts.extend(result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))
        page.close()
    document.close()
    return texts


def naive_pdf(labels: list[LabelData]) -> bytes:
    """The usual way: a PIL image of each code from the qrcode library, placed with drawImage."""
    stock = get_stock(STOCK)
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(stock.page_width * MM, stock.page_height * MM))
    spots = stock.positions()
    side = stock.label_height - 4
    for index, label in enumerate(labels):
        if index and index % len(spots) == 0:
            canvas.showPage()
        x, y = spots[index % len(spots)]
        image = qrcode.make(label.url_text, border=4).get_image()
        bottom = (stock.page_height - y - stock.label_height + 2) * MM
        canvas.drawImage(ImageReader(image), (x + 2) * MM, bottom, side * MM, side * MM)
        canvas.setFont("Courier-Bold", 12)
        canvas.drawString((x + side + 4) * MM, bottom + side * MM / 2, label.tag_display)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def measure(action, runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds over `runs` runs, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--labels", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--naive-runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=0, help="decode only K labels' pages (0: decode all)")
    args = parser.parse_args()
    labels = some_labels(args.labels)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.labels} labels on {STOCK}; {os.cpu_count()} CPUs, load average {load:.1f}")

    first_wall, first_cpu, _ = measure(lambda: labels_pdf(STOCK, labels), 1)
    print(f"first run in this process (builds the tables): {first_wall:.3f} s wall, {first_cpu:.3f} s CPU")
    wall, cpu, pdf = measure(lambda: labels_pdf(STOCK, labels), args.runs)
    print(f"labels_pdf: median {wall:.3f} s wall, {cpu:.3f} s CPU over {args.runs} runs; {len(pdf) / 1e6:.2f} MB")

    wanted = labels if not args.sample else labels[: args.sample]
    document = pdf if not args.sample else labels_pdf(STOCK, wanted)
    decoded = decode(document)
    exact = sum(1 for label, text in zip(sorted(label.url_text for label in wanted), sorted(decoded), strict=False)
                if label == text)
    print(f"decoded at 150 dpi with zxing-cpp: {exact} of {len(wanted)} codes to their exact URL"
          f" ({'all labels' if not args.sample else f'a sample of {args.sample}'}; {len(decoded)} codes found)")

    naive_wall, naive_cpu, _ = measure(lambda: naive_pdf(labels), args.naive_runs)
    print(f"naive (qrcode PIL image per label + drawImage): median {naive_wall:.3f} s wall, {naive_cpu:.3f} s CPU"
          f" over {args.naive_runs} runs")
    print(f"ratio: {naive_wall / wall:.1f}x faster (wall), {naive_cpu / cpu:.1f}x (CPU); goal <= 0.5 s: "
          f"{'met' if wall <= 0.5 else 'missed'}")


if __name__ == "__main__":
    main()
