"""Content checks for uploaded documents: a PDF is recognised by its bytes, never by its
name, and PDFs that can run code in the reader are refused.

Active content hides in two ways that a plain byte search misses: PDF names may escape
characters (``/J#61vaScript`` is ``/JavaScript``), and since PDF 1.5 whole dictionaries
may sit inside compressed object streams. Both are undone before searching, with a
budget on decompression so a small "zip bomb" cannot exhaust memory.
"""

import re
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Names that make a reader run script or start programs.
FORBIDDEN_NAMES = frozenset({b"JavaScript", b"JS", b"Launch"})
PDF_MAGIC = b"%PDF-"
NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
DECOMPRESSED_BUDGET = 64 * 1024 * 1024


def max_document_bytes() -> int:
    return settings.DOCUMENT_MAX_BYTES


def _names(data: bytes) -> set[bytes]:
    return {ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), name) for name in NAME.findall(data)}


def _inflated_streams(data: bytes):
    budget = DECOMPRESSED_BUDGET
    for match in STREAM.finditer(data):
        if budget <= 0:
            # Too much to inspect honestly: treat as suspicious rather than pass it.
            raise ValidationError(
                _("This PDF is too complex to check. Please upload a simpler copy.")
            )
        try:
            inflated = zlib.decompressobj().decompress(match[1], budget)
        except zlib.error:
            continue  # not Flate (e.g. a JPEG image); nothing to search in it
        budget -= len(inflated)
        yield inflated


def validate_pdf(uploaded) -> None:
    """Raise ValidationError unless ``uploaded`` (a Django UploadedFile) is an acceptable
    PDF: within the size limit, a real PDF by content, not encrypted, no active content."""
    limit = max_document_bytes()
    if uploaded.size is not None and uploaded.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    uploaded.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large. The limit is %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    if not data.startswith(PDF_MAGIC) or b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            _("Only PDF files can be uploaded, and this file is not a PDF."), code="not_pdf"
        )
    names = _names(data)
    if b"Encrypt" in names:
        raise ValidationError(
            _("Password-protected PDFs cannot be checked. Please upload an unprotected copy."),
            code="encrypted",
        )
    if names & FORBIDDEN_NAMES or any(
        _names(stream) & FORBIDDEN_NAMES for stream in _inflated_streams(data)
    ):
        raise ValidationError(
            _(
                "This PDF contains scripts or actions that start programs, which we do not "
                "accept. Please save it again as a plain PDF (for example with “Print to PDF”)."
            ),
            code="active_content",
        )
