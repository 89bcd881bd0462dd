"""Mail in development (no MAIL_URL): each mail is printed readably and kept whole as a .eml file in instance/mail/.

So a newcomer sees the link of a sign-up or password reset without any mail server; a .eml file opens
in any mail program.
"""
import re
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from flask_mailman.backends.base import BaseEmailBackend

UNSAFE = re.compile(r"[^A-Za-z0-9@._-]+")
RULE = "-" * 72


class EmailBackend(BaseEmailBackend):
    """Flask-Mailman backend (MAIL_BACKEND=allemaaldigitaal.web.mail_development); the folder is MAIL_FILE_PATH."""

    _lock = threading.Lock()

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self.folder = Path(self.mailman.file_path)

    def send_messages(self, email_messages) -> int:
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            for message in email_messages:
                path = self._write(message)
                self._print(message, path)
        return len(email_messages)

    def _write(self, message) -> Path:
        """The whole message (both parts, every header) in a file of its own."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        path = self.folder / f"{stamp}-{UNSAFE.sub('_', ','.join(message.to))[:80]}.eml"
        path.write_bytes(message.message().as_bytes(linesep="\n"))
        return path

    def _print(self, message, path: Path) -> None:
        self.stream.write(
            f"{RULE}\nE-mail (not sent: there is no MAIL_URL), kept in {path}\n"
            f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body.rstrip()}\n{RULE}\n"
        )
        self.stream.flush()
