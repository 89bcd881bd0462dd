"""Everything printed (labels, receipts, certificates, handover forms): plain data in, PDF bytes out.

No request, no session and no database here: the feature that prints gathers the data first.

Labels: `list_stocks()` / `get_stock(key)` read the stocks in `labels/`; a caller builds one
`LabelData(url_text=qr_url(BASE_URL, tag), tag_display=format_tag(tag), kind=…, model=…)` per device
and asks for `labels_pdf(stock, labels, skip=…)`, `test_sheet_pdf(stock)`, or for Zebra stocks
`labels_zpl(stock, labels)` / `test_label_zpl(stock)`. Refusals raise PrintError with a `code` and a
plain-Dutch `message`.
"""
from .errors import PrintError, StockFileError
from .labels import LabelData, check_skip, label_positions, labels_pdf, qr_url, test_sheet_pdf
from .stocks import Stock, get_stock, list_stocks
from .zpl import labels_zpl, test_label_zpl

__all__ = [
    "LabelData", "PrintError", "Stock", "StockFileError", "check_skip", "get_stock", "label_positions", "labels_pdf",
    "labels_zpl", "list_stocks", "qr_url", "test_label_zpl", "test_sheet_pdf",
]
