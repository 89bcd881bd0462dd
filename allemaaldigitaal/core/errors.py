"""Every write lives here; services raise a domain error and never commit."""


class DomainError(Exception):
    """Input that breaks a rule; the message tells the user what to do."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
