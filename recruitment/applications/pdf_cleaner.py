"""The PDF rewrite itself, without Django: ``clean(data, limits)`` returns qpdf's rewrite of
``data`` with active content removed, or raises ``Refused(code)``. Run as a script it does
the same in a process of its own under memory and CPU limits; ``recruitment.applications.pdf``
starts it that way for every upload (see there for why, and for the messages).

Steps, in order:

1. **Refuse** what is not one plain PDF: not starting with ``%PDF-`` (``not_pdf``, or
   ``mixed`` if a PDF header follows other data); not ending with ``%%EOF`` (``damaged``,
   truncated), or with other data after it (``mixed``: HTML or ZIP glued to a PDF); what
   qpdf cannot open even after repairing the cross-reference table, or that has no page
   (``damaged``); encrypted with a password (``encrypted``; an empty user password, common
   for "no copying" flags, opens as readers open it, and the copy is stored unprotected).
2. **Bound the work** (``too_complex``): more than ``max_objects`` PDF objects (every
   dictionary, array, number, name and string, nested ones included), or streams that
   decode to more than ``max_decoded_bytes`` together. The same byte count is qpdf's memory
   cap for decoding one stream, so a bomb stops there instead of inflating. Streams under
   image codecs (JPEG, JPEG 2000, JBIG2, CCITT) are not decoded and count by their size.
3. **Remove** active content from every object, those inside object streams included:
   scripts (``/JS``, the ``/JavaScript`` name tree, JavaScript actions), triggers (``/AA``;
   an ``/OpenAction`` other than showing a page), actions that start programs or reach
   other files (Launch, GoToR; links to anything but http(s) and mailto), form logic
   (SubmitForm, ImportData, ResetForm, ``/XFA``), attached files (``/EF``,
   ``/EmbeddedFiles``, ``/AF``, GoToE, file attachment annotations) and multimedia
   (RichMedia, Screen, Movie, Sound and 3D annotations and actions). Pages, text, fonts,
   images, web links, bookmarks and form fields stay.
4. **Save** the rewrite (no encryption, no object streams, streams re-encoded with Flate),
   read it again strictly and refuse (``active_content``) if anything of step 3 is left.
"""

import io
import itertools
import json
import resource
import sys
import traceback
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

PDF_MAGIC = b"%PDF-"
EOF_MARKER = b"%%EOF"
# Allowed after the last %%EOF: line ends, spaces and the NUL padding some tools write.
TRAILING_PADDING = b" \t\r\n\f\x00"

# Kinds of active content, as the applicant is told (labels in recruitment.applications.pdf,
# like the messages for the codes of Refused).
SCRIPTS = "scripts"
TRIGGERS = "triggers"
LAUNCH = "launch"
FORMS = "forms"
FILES = "files"
MEDIA = "media"

# Action types (the /S of an action) that run code, start programs, reach other files,
# send or load data, or play media. Kept: GoTo, GoToDp, Named, Hide, Thread, Trans,
# SetOCGState, and URI to a web page or an e-mail address.
ACTIVE_ACTIONS = {
    "/JavaScript": SCRIPTS,
    "/Launch": LAUNCH,
    "/GoToR": LAUNCH,  # fetching a file from \\host\share hands over Windows credentials
    "/GoToE": FILES,
    "/SubmitForm": FORMS,
    "/ImportData": FORMS,
    "/ResetForm": FORMS,
    "/Rendition": MEDIA,
    "/Movie": MEDIA,
    "/Sound": MEDIA,
    "/RichMediaExecute": MEDIA,
    "/GoTo3DView": MEDIA,
}
# Keys removed from whichever dictionary holds them.
ACTIVE_KEYS = {
    "/JS": SCRIPTS,
    "/JavaScript": SCRIPTS,  # the document-level scripts in /Names
    "/AA": TRIGGERS,
    "/XFA": FORMS,
    "/NeedsRendering": FORMS,  # "this is an XFA form", meaningless without /XFA
    "/EF": FILES,
    "/EmbeddedFiles": FILES,
    "/AF": FILES,
    "/Collection": FILES,  # the portfolio view of attached files
    "/Renditions": MEDIA,
    "/RichMediaContent": MEDIA,
    "/RichMediaSettings": MEDIA,
    "/3DD": MEDIA,
}
# Keys whose value is an action (or, for /Next, one or a list of them).
ACTION_SLOTS = ("/A", "/PA", "/Next")
# Annotations taken off their page.
ACTIVE_ANNOTATIONS = {
    "/FileAttachment": FILES,
    "/RichMedia": MEDIA,
    "/Screen": MEDIA,
    "/Movie": MEDIA,
    "/Sound": MEDIA,
    "/3D": MEDIA,
}
WEB_SCHEMES = ("http://", "https://", "mailto:")
# Filters qpdf decodes without an image codec; other streams count by their stored size.
GENERAL_FILTERS = frozenset(
    {
        "/FlateDecode",
        "/Fl",
        "/LZWDecode",
        "/LZW",
        "/ASCII85Decode",
        "/A85",
        "/ASCIIHexDecode",
        "/AHx",
        "/RunLengthDecode",
        "/RL",
    }
)
# Signs in qpdf's warnings that it gave up on part of the file for want of resources.
GAVE_UP = ("bad_alloc", "limit exceeded")
# The keys that make a dictionary worth a closer look (most have none of them).
WATCHED_KEYS = frozenset(ACTIVE_KEYS) | {"/OpenAction", "/Annots", *ACTION_SLOTS}
# qpdf copies the trailer's keys and fills in /Size only where the key exists (a repaired
# file may lack it, and the rewrite would then fail a strict reading).
TRAILER_KEYS = ("/Root", "/Info", "/Encrypt", "/ID", "/Size")


@dataclass(frozen=True)
class Limits:
    max_objects: int
    max_decoded_bytes: int


REFUSAL_CODES = ("not_pdf", "mixed", "damaged", "encrypted", "too_complex", "active_content")


class Refused(Exception):
    """The upload cannot be stored; ``code`` says why (see the module's docstring)."""

    def __init__(self, code: str):
        assert code in REFUSAL_CODES, code  # each has its message for the applicant
        super().__init__(code)
        self.code = code


def _check_envelope(data: bytes) -> None:
    """One PDF and nothing else: ``%PDF-`` first, ``%%EOF`` last."""
    if not data.startswith(PDF_MAGIC):
        # Readers look for the header in the first kilobyte, so a file may be two things.
        raise Refused("mixed" if PDF_MAGIC in data[:1024] else "not_pdf")
    if not data.rstrip(TRAILING_PADDING).endswith(EOF_MARKER):
        raise Refused("mixed" if EOF_MARKER in data else "damaged")


def _open(data: bytes) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(io.BytesIO(data), password="")
    except pikepdf.PasswordError:
        raise Refused("encrypted") from None
    except pikepdf.PdfError:
        raise Refused("damaged") from None
    try:
        pages = len(pdf.pages)
    except pikepdf.PdfError:
        pages = 0
    if pages == 0:
        pdf.close()
        raise Refused("damaged")
    return pdf


def _gave_up(message: str) -> bool:
    return any(sign in message for sign in GAVE_UP)


def _filters(stream: Stream) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    return [str(name) for name in (value if isinstance(value, Array) else [value])]


def _check_streams(pdf: pikepdf.Pdf, limits: Limits) -> None:
    """Decode every stream qpdf can decode without an image codec, within the budget.
    A stream that does not decode is damage the reader would show as a broken page."""
    budget = limits.max_decoded_bytes
    for obj in pdf.objects:
        if not isinstance(obj, Stream):
            continue
        if all(name in GENERAL_FILTERS for name in _filters(obj)):
            try:
                level = pikepdf.StreamDecodeLevel.specialized
                size = len(memoryview(obj.get_stream_buffer(decode_level=level)))
            except pikepdf.PdfError as error:
                raise Refused("too_complex" if _gave_up(str(error)) else "damaged") from None
        else:
            size = len(memoryview(obj.get_raw_stream_buffer()))
        budget -= size
        if budget < 0:
            raise Refused("too_complex")


def _action_kind(value, *, opening: bool = False) -> str | None:
    """The kind of active content ``value`` is, if it is an action to remove. Where the
    action runs by itself (``opening``), only showing a page is kept."""
    if not isinstance(value, (Dictionary, Stream)):
        return None
    action_type = value.get("/S")
    if not isinstance(action_type, Name):
        return None
    action_type = str(action_type)
    if action_type in ACTIVE_ACTIONS:
        return ACTIVE_ACTIONS[action_type]
    if action_type == "/URI":
        uri = value.get("/URI")
        text = bytes(uri).decode("latin-1") if isinstance(uri, pikepdf.String) else ""
        if not text.strip().lower().startswith(WEB_SCHEMES):
            return LAUNCH
    if opening and (action_type != "/GoTo" or "/Next" in value):
        return TRIGGERS
    return None


def _findings(holder, keys: set[str]) -> list[tuple[str, object]]:
    """What is active in one dictionary (or a stream's dictionary), each with where it is:
    a key to delete, (key, index) of an array item to drop, or None for the holder itself."""
    found = []
    for key in keys & WATCHED_KEYS:
        found.extend(_key_findings(key, holder.get(key)))
    if "/S" in keys and (kind := _action_kind(holder)) is not None:
        found.append((kind, None))  # an action reached some other way
    if isinstance(holder, Stream) and holder.get("/Type") == Name.EmbeddedFile:
        found.append((FILES, None))
    return found


def _key_findings(key: str, value: object) -> list[tuple[str, object]]:
    """What is active under one watched key of a dictionary, each with where it is."""
    if key in ACTIVE_KEYS:
        return [(ACTIVE_KEYS[key], key)]
    if key == "/OpenAction":
        kind = _action_kind(value, opening=True)
        return [] if kind is None else [(kind, key)]
    if key in ACTION_SLOTS:
        return _slot_findings(key, value)
    if key == "/Annots" and isinstance(value, Array):
        return _annotation_findings(key, value)
    return []


def _slot_findings(key: str, value: object) -> list[tuple[str, object]]:
    """The actions in an action slot (one action, or an array of them as in ``/Next``)."""
    found: list[tuple[str, object]] = []
    items = enumerate(value) if isinstance(value, Array) else [(None, value)]
    for index, item in items:
        if (kind := _action_kind(item)) is not None:
            found.append((kind, key if index is None else (key, index)))
    return found


def _annotation_findings(key: str, annotations: Array) -> list[tuple[str, object]]:
    """The active annotations (widgets, media, …) of a page's ``/Annots`` array."""
    found: list[tuple[str, object]] = []
    for index, annotation in enumerate(annotations):
        if isinstance(annotation, Dictionary):
            subtype = str(annotation.get("/Subtype"))
            if subtype in ACTIVE_ANNOTATIONS:
                found.append((ACTIVE_ANNOTATIONS[subtype], (key, index)))
    return found


def _remove(holder, findings) -> None:
    if any(where is None for _kind, where in findings):
        # The holder itself is active (an action, an embedded file): emptied where it is.
        if isinstance(holder, Stream):
            holder.write(b"")
        for key in list(holder.keys()):
            if key != "/Length":
                del holder[key]
        return
    drops: dict[str, set[int]] = {}
    for _kind, where in findings:
        if isinstance(where, tuple):
            drops.setdefault(where[0], set()).add(where[1])
        elif where in holder:
            del holder[where]
    for key, indexes in drops.items():
        array = holder[key]
        for index in sorted(indexes, reverse=True):
            del array[index]
        if key == "/Next" and len(array) == 0:
            del holder[key]


def _walk(pdf: pikepdf.Pdf, limits: Limits, *, fix: bool) -> set[str]:
    """Every dictionary of the file, indirect or nested, once; with ``fix``, active content
    is removed on the way (before the walk goes into what was removed). Counts objects
    before it lists them, so a huge array is refused, not copied."""
    seen = 0
    kinds: set[str] = set()
    for top in itertools.chain([pdf.trailer], pdf.objects):
        stack = [top]
        while stack:
            obj = stack.pop()
            if isinstance(obj, (Dictionary, Stream)):
                keys = obj.keys()
                seen += 1 + len(keys)
                if seen > limits.max_objects:
                    raise Refused("too_complex")
                if found := _findings(obj, keys):
                    kinds.update(kind for kind, _where in found)
                    if fix:
                        _remove(obj, found)
                        keys = obj.keys()
                children = [obj.get(key) for key in keys]
            elif isinstance(obj, Array):
                seen += 1 + len(obj)
                if seen > limits.max_objects:
                    raise Refused("too_complex")
                children = list(obj)
            else:
                seen += 1
                continue
            stack.extend(
                child
                for child in children
                if isinstance(child, (Dictionary, Array)) and not child.is_indirect
            )
    return kinds


def _save(pdf: pikepdf.Pdf) -> bytes:
    for key in list(pdf.trailer.keys()):
        if key not in TRAILER_KEYS:
            del pdf.trailer[key]
    pdf.trailer.Size = len(pdf.objects) + 1
    out = io.BytesIO()
    pdf.save(
        out,
        encryption=False,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        compress_streams=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
        linearize=False,
        deterministic_id=True,
    )
    return out.getvalue()


def _verify(content: bytes, pages: int, limits: Limits) -> None:
    """Defence in depth: the rewrite, read strictly, has the pages and nothing active."""
    try:
        with pikepdf.open(io.BytesIO(content), attempt_recovery=False) as pdf:
            clean = (
                not pdf.is_encrypted
                and len(pdf.pages) == pages
                and not _walk(pdf, limits, fix=False)
            )
    except pikepdf.PdfError:
        clean = False
    if not clean:
        raise Refused("active_content")


def clean(data: bytes, limits: Limits) -> tuple[bytes, frozenset[str]]:
    """The rewrite of ``data`` to store and the kinds of active content taken out."""
    _check_envelope(data)
    budget = limits.max_decoded_bytes
    pikepdf.settings.set_qpdf_limits(  # one stream's decoding; Flate's also bounds LZW
        flate_max_memory=budget,
        run_length_max_memory=budget,
        png_max_memory=budget,
        tiff_max_memory=budget,
    )
    pdf = _open(data)
    try:
        _check_streams(pdf, limits)
        removed = _walk(pdf, limits, fix=True)
        pages = len(pdf.pages)
        content = _save(pdf)
        # qpdf reads an object it runs out of memory (or a limit) on as null, and goes on.
        if any(_gave_up(warning) for warning in pdf.get_warnings()):
            raise Refused("too_complex")
    except pikepdf.PdfError:
        raise Refused("damaged") from None
    finally:
        pdf.close()
    _verify(content, pages, limits)
    return content, frozenset(removed)


# --- Run in a process of its own ------------------------------------------------------------
# argv: max_objects max_decoded_bytes max_memory_bytes max_seconds; stdin: the upload.
# stdout: a JSON line ({"removed": [...], "size": n} or {"refused": code}), then the rewrite.


def main(argv: list[str]) -> None:
    max_objects, max_decoded, max_memory, max_seconds = (int(arg) for arg in argv)
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    resource.setrlimit(resource.RLIMIT_CPU, (max_seconds, max_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    data = sys.stdin.buffer.read()
    content = b""
    try:
        content, removed = clean(data, Limits(max_objects, max_decoded))
        header = {"removed": sorted(removed), "size": len(content)}
    except Refused as refusal:
        header = {"refused": refusal.code}
    except MemoryError:
        header = {"refused": "too_complex"}
    except Exception:
        # Hostile input may break qpdf or pikepdf in ways nobody listed: fail closed.
        traceback.print_exc()
        header = {"refused": "damaged"}
    sys.stdout.buffer.write(json.dumps(header).encode() + b"\n" + content)


if __name__ == "__main__":
    main(sys.argv[1:])
