"""API schemas of devices: what to print as labels (query string)."""
from marshmallow import Schema, ValidationError, fields, validate

from allemaaldigitaal.printing import list_stocks

from .labels import MAX_TAGS

#: far more spots than any sheet has; the stock itself sets the real limit
MAX_SKIP = 1000
#: how a document is described in the OpenAPI document: bytes, not JSON
BINARY = {"type": "string", "format": "binary"}
#: what a tag may look like before its check character is checked: `329XPEG6Q`, `AD-329-XPE-G6Q`, `ad329xpeg6q`
TAG_SHAPE = r"^[0-9A-Za-z][0-9A-Za-z -]*$"


class StockKey(fields.String):
    """A stock's key in any case, documented as the list of keys."""

    def __init__(self, zpl_only: bool = False, **kwargs):
        self.keys = [stock.key for stock in list_stocks() if stock.output == "zpl" or not zpl_only]
        what = "A Zebra stock (ZPL)" if zpl_only else "The label stock"
        metadata = {"description": f"{what}; see `flask label-stocks`. Any case.", "enum": self.keys,
                    "example": self.keys[0] if zpl_only else "L7160"}
        super().__init__(required=True, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        found = next((key for key in self.keys if key.upper() == text.strip().upper()), None)
        if found is None:
            raise ValidationError(f"Must be one of: {', '.join(self.keys)}.")
        return found


def label_query_schema(zpl_only: bool) -> type[Schema]:
    class LabelQuerySchema(Schema):
        """One source (a donation or tags), a stock and the spots already used on the first sheet."""

        stock = StockKey(zpl_only)
        donation = fields.String(
            validate=validate.Length(min=1, max=20),
            metadata={"description": "Print the labels of every device of the donation with this reference.",
                      "example": "DON-2026-00001"},
        )
        tag = fields.List(
            fields.String(validate=[validate.Length(min=1, max=40), validate.Regexp(TAG_SHAPE)]),
            validate=validate.Length(max=MAX_TAGS),
            metadata={"description": "Print the label of the device (or pre-printed label) with this tag, in any "
                                     "form (`329XPEG6Q`, `AD-329-XPE-G6Q`); repeat for more."},
        )
        # a query string carries text: not strict, but "1.5" and "abc" are still refused
        skip = fields.Integer(
            load_default=0, validate=validate.Range(min=0, max=MAX_SKIP),
            metadata={"description": "Spots already used on the first sheet: printing starts at spot skip + 1."},
        )

    LabelQuerySchema.__name__ = "ZplLabelQuerySchema" if zpl_only else "PdfLabelQuerySchema"
    return LabelQuerySchema


PdfLabelQuerySchema = label_query_schema(zpl_only=False)
ZplLabelQuerySchema = label_query_schema(zpl_only=True)
