"""The form on the public verification page: the certificate's PDF, to compare with what was issued."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from allemaaldigitaal.web.forms import Form


class CertificateCheckForm(Form):
    file = FileField(_l("Certificaat (PDF)"), validators=[FileRequired(_l("Kies het PDF-bestand van het certificaat."))])
