"""What printing refuses, with a plain-Dutch message for the person who asked."""


class PrintError(Exception):
    """Input that cannot be printed; `code` names the reason for callers, `message` explains it (lazy, translatable)."""

    def __init__(self, code: str, message) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


class StockFileError(PrintError):
    """A label stock file with a mistake; the message names the file and the field."""

    def __init__(self, file: str, field: str, message) -> None:
        super().__init__("stock_file", message)
        self.file = file
        self.field = field
