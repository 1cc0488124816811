"""Uploaded documents are PDFs as qpdf reads them, and what we store is qpdf's rewrite of
the file with everything removed that could act in the employer's PDF reader
(``pdf_cleaner`` says what is refused, bounded and removed).

Why a rewrite, not a verdict on the uploaded bytes: a reader and a checker may disagree
about what a file says (bytes before or after the PDF, a repaired cross-reference table,
names hidden in object streams under any filter). The stored file is written by qpdf from
the objects it parsed and then read again, so what the employer's reader gets is what was
inspected. Digital signatures do not survive the rewrite; the stored copy is what
employers read.

Why a process of its own: qpdf parses hostile input in C++, and its memory is not bounded
by the file's size (a 20 kB object stream can hold an array that takes a gigabyte to
parse). The child has a memory and a CPU limit; when it hits one, or dies, the upload is
refused and the web worker goes on. Starting it costs about a quarter of a second.
"""

import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

# Run as a script, never imported here: the web process does not load qpdf at all.
CLEANER = Path(__file__).with_name("pdf_cleaner.py")

# The kinds of active content the cleaner reports, and the codes of its refusals.
REMOVED_LABELS = {
    "scripts": gettext_lazy("scripts"),
    "triggers": gettext_lazy("actions that run by themselves when the file is opened or used"),
    "launch": gettext_lazy("links that start programs or open other files"),
    "forms": gettext_lazy("form logic that sends or loads data"),
    "files": gettext_lazy("attached files"),
    "media": gettext_lazy("multimedia"),
}
REFUSALS = {
    "not_pdf": gettext_lazy("Only PDF files can be uploaded, and this file is not a PDF."),
    "mixed": gettext_lazy(
        "This file has other data before or after the PDF. Please save it again as a plain "
        "PDF (for example with “Print to PDF”)."
    ),
    "damaged": gettext_lazy(
        "This PDF is damaged or incomplete, so it cannot be read. Please save or export it "
        "again and upload the new copy."
    ),
    "encrypted": gettext_lazy(
        "Password-protected PDFs cannot be checked. Please upload an unprotected copy."
    ),
    "too_complex": gettext_lazy("This PDF is too complex to check. Please upload a simpler copy."),
    "active_content": gettext_lazy(
        "This PDF contains scripts or actions that start programs, which we do not accept. "
        "Please save it again as a plain PDF (for example with “Print to PDF”)."
    ),
}


@dataclass(frozen=True)
class CleanPdf:
    """The file to store, and the kinds of active content taken out of the upload."""

    content: bytes
    removed: frozenset[str]

    def removed_labels(self) -> str:
        return ", ".join(
            str(label) for kind, label in REMOVED_LABELS.items() if kind in self.removed
        )


def max_document_bytes() -> int:
    return settings.DOCUMENT_MAX_BYTES


def _too_large(size: int | None = None) -> ValidationError:
    limit = filesizeformat(max_document_bytes())
    if size is None:
        message = _("The file is too large. The limit is %(limit)s.") % {"limit": limit}
    else:
        message = _("The file is too large (%(size)s). The limit is %(limit)s.") % {
            "size": filesizeformat(size),
            "limit": limit,
        }
    return ValidationError(message, code="too_large")


def _refused(code: str) -> ValidationError:
    return ValidationError(str(REFUSALS[code]), code=code)


def _read(uploaded) -> bytes:
    """The upload's bytes, counted rather than taken from the declared size."""
    limit = max_document_bytes()
    if uploaded.size is not None and uploaded.size > limit:
        raise _too_large(uploaded.size)
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    uploaded.seek(0)
    if len(data) > limit:
        raise _too_large()
    return data


def _run_cleaner(data: bytes) -> tuple[bytes, frozenset[str]]:
    seconds = settings.DOCUMENT_PDF_MAX_SECONDS
    limits = (
        settings.DOCUMENT_PDF_MAX_OBJECTS,
        settings.DOCUMENT_PDF_MAX_DECODED_BYTES,
        settings.DOCUMENT_PDF_MAX_MEMORY_BYTES,
        seconds,
    )
    try:
        done = subprocess.run(  # noqa: S603 - our own script, with numbers as arguments
            [sys.executable, "-I", str(CLEANER), *map(str, limits)],
            input=data,
            capture_output=True,
            timeout=seconds + 5,  # the limit is CPU seconds; a busy machine takes longer
            env={},  # nothing of the portal's environment (keys, passwords) for the parser
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _refused("too_complex") from None
    header, _newline, content = done.stdout.partition(b"\n")
    try:
        result = json.loads(header)
    except ValueError:
        # Killed at the CPU or memory limit (no header), or died in qpdf itself.
        logger.warning("The PDF cleaner ended with %s: %s", done.returncode, done.stderr[-2000:])
        raise _refused("too_complex" if done.returncode < 0 else "damaged") from None
    if done.stderr:
        logger.warning("The PDF cleaner reported: %s", done.stderr[-2000:])
    if "refused" in result:
        raise _refused(result["refused"])
    if done.returncode != 0 or len(content) != result["size"]:
        # Stopped while writing the rewrite: never store a part of it.
        logger.warning("The PDF cleaner ended with %s after its answer", done.returncode)
        raise _refused("too_complex")
    return content, frozenset(result["removed"])


def clean_pdf(uploaded) -> CleanPdf:
    """The PDF to store for ``uploaded`` (a Django UploadedFile), with active content
    removed; raises ValidationError, with a message for the applicant, if it cannot be
    accepted."""
    content, removed = _run_cleaner(_read(uploaded))
    if len(content) > max_document_bytes():
        raise _too_large(len(content))
    return CleanPdf(content=content, removed=removed)


def removed_message(title: str, clean: CleanPdf) -> str:
    """What the applicant is told when ``clean`` took something out of ``title``."""
    return _(
        "We removed content from “%(title)s” that could act in a PDF reader (%(what)s). "
        "The text and images of its pages are unchanged."
    ) % {"title": title, "what": clean.removed_labels()}
