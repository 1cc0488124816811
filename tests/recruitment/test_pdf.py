"""The PDF check (recruitment/applications/pdf.py) on PDFs built with pikepdf: active
content of every kind is removed, wherever and however it is encoded, and the pages stay;
what is not one readable PDF is refused with a message saying why; hostile files cost
bounded time and memory. Each result is read back independently (``read_back``): the
tests do not trust the checker's own walk."""

import io
import json
import resource
import subprocess
import sys
import time

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String

from recruitment.applications import pdf as pdf_module
from recruitment.applications import pdf_cleaner
from recruitment.applications.pdf import clean_pdf
from tests.recruitment import pdf_samples as samples

# Names that must not be left anywhere in a cleaned file (as keys or as values).
ACTIVE_NAMES = {
    "/JS",
    "/JavaScript",
    "/AA",
    "/XFA",
    "/EF",
    "/EmbeddedFiles",
    "/EmbeddedFile",
    "/AF",
    "/Launch",
    "/GoToR",
    "/GoToE",
    "/SubmitForm",
    "/ImportData",
    "/ResetForm",
    "/RichMedia",
    "/RichMediaContent",
    "/Screen",
    "/Rendition",
    "/FileAttachment",
}
# Bytes of the payloads the samples carry: the script, the programs, the hosts, the files.
PAYLOADS = [
    samples.SCRIPT.encode(),
    b"cmd.exe",
    b"/bin/sh",
    b"attacker.example",
    b"evil",
    b"<script",
    b"MZ\x90",
]
DAMAGED = (
    "This PDF is damaged or incomplete, so it cannot be read. Please save or export it "
    "again and upload the new copy."
)
TOO_COMPLEX = "This PDF is too complex to check. Please upload a simpler copy."
MIXED = (
    "This file has other data before or after the PDF. Please save it again as a plain PDF "
    "(for example with “Print to PDF”)."
)
NOT_PDF = "Only PDF files can be uploaded, and this file is not a PDF."
ENCRYPTED = "Password-protected PDFs cannot be checked. Please upload an unprotected copy."


def clean(data: bytes):
    return clean_pdf(SimpleUploadedFile("cv.pdf", data, "application/pdf"))


def refusal(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        clean(data)
    return caught.value


def read_back(data: bytes) -> tuple[set[str], list[bytes]]:
    """Every name in the file (keys and values, nested or not, inside object streams or
    not) and every payload found in its bytes, its decoded streams or its strings."""
    names: set[str] = set()
    found = {payload for payload in PAYLOADS if payload in data}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for top in pdf.objects:
            stack = [top]
            while stack:
                obj = stack.pop()
                if obj is not top and getattr(obj, "is_indirect", False):
                    continue  # visited as an object of its own
                if isinstance(obj, Name):
                    names.add(str(obj))
                elif isinstance(obj, String):
                    found.update(p for p in PAYLOADS if p in bytes(obj))
                elif isinstance(obj, (Dictionary, pikepdf.Stream)):
                    names.update(obj.keys())
                    stack.extend(value for _key, value in obj.items())
                    if isinstance(obj, pikepdf.Stream) and "/DCTDecode" not in str(
                        obj.get("/Filter")
                    ):
                        decoded = obj.read_bytes()
                        found.update(p for p in PAYLOADS if p in decoded)
                elif isinstance(obj, Array):
                    stack.extend(obj)
    return names, sorted(found)


def pages_of(data: bytes) -> list[dict]:
    """What each page shows: its text, its fonts and the bytes of its images."""
    result = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page, texts in zip(pdf.pages, samples.page_texts(data), strict=True):
            resources = page.Resources
            result.append(
                {
                    "text": texts,
                    "fonts": sorted(str(f.BaseFont) for f in resources.Font.values()),
                    "images": sorted(
                        image.read_raw_bytes() for image in resources.get("/XObject", {}).values()
                    ),
                    "box": [float(x) for x in page.MediaBox],
                }
            )
    return result


# --- (j) A plain CV -------------------------------------------------------------------------


def test_a_plain_cv_keeps_its_pages_text_fonts_and_images():
    original = samples.cv_bytes(pages=3)
    result = clean(original)
    assert result.removed == frozenset()
    assert pages_of(result.content) == pages_of(original)
    assert len(pages_of(result.content)) == 3
    assert pages_of(result.content)[0]["text"] == samples.page_lines(1)
    assert pages_of(result.content)[0]["fonts"] == ["/Helvetica", "/Times-Roman"]
    assert len(pages_of(result.content)[0]["images"]) == 2


def test_the_stored_copy_is_a_plain_pdf_without_object_streams_or_encryption():
    result = clean(samples.cv_bytes(object_stream_mode=pikepdf.ObjectStreamMode.generate))
    assert result.content.startswith(b"%PDF-")
    assert result.content.rstrip().endswith(b"%%EOF")
    with pikepdf.open(io.BytesIO(result.content), attempt_recovery=False) as pdf:
        assert not pdf.is_encrypted
        assert not [o for o in pdf.objects if o.get("/Type") == Name.ObjStm]
        assert pdf.get_warnings() == []


def test_the_same_upload_gives_the_same_stored_bytes():
    upload = samples.cv_bytes()
    assert clean(upload).content == clean(upload).content


# --- (a, c–h) Active content is removed, the pages stay -------------------------------------

EXPECTED_KINDS = {
    "xfa-script": {"forms"},
    "open-action-script": {"scripts"},
    "open-action-script-in-stream": {"scripts"},
    "named-script": {"scripts"},
    "page-additional-actions": {"triggers"},
    "document-additional-actions": {"triggers"},
    "launch-link": {"launch"},
    "launch-open-action": {"launch"},
    "remote-file-link": {"launch"},
    "script-chained-after-link": {"scripts"},
    "bookmark-script": {"scripts"},
    "embedded-files": {"files"},
    "associated-file": {"files"},
    "rich-media": {"media", "files"},
    "screen-rendition": {"media"},
    "submit-form": {"forms"},
}


@pytest.mark.parametrize("construct", sorted(samples.ACTIVE))
def test_active_content_is_removed_and_the_pages_stay(construct):
    upload = samples.cv_with(samples.ACTIVE[construct])
    names_before, _payloads = read_back(upload)
    assert names_before & ACTIVE_NAMES  # the sample carries what it claims
    result = clean(upload)
    names, payloads = read_back(result.content)
    assert names & ACTIVE_NAMES == set()
    assert payloads == []
    assert result.removed == EXPECTED_KINDS[construct]
    assert pages_of(result.content) == pages_of(samples.cv_bytes())


def test_an_xfa_script_in_an_uncompressed_stream_is_removed():
    """(a) The old check inflated only Flate streams; this script sits in plain text."""
    upload = samples.cv_with(samples.xfa_script, compress_streams=False)
    assert b"<script contentType" in upload
    result = clean(upload)
    names, payloads = read_back(result.content)
    assert names & ACTIVE_NAMES == set()
    assert payloads == []
    with pikepdf.open(io.BytesIO(result.content)) as pdf:
        assert "/XFA" not in pdf.Root.AcroForm
        assert "/NeedsRendering" not in pdf.Root


FILTER_CHAINS = [
    ["/ASCIIHexDecode"],
    ["/ASCII85Decode"],
    ["/LZWDecode"],
    ["/RunLengthDecode"],
    ["/FlateDecode"],
    ["/ASCIIHexDecode", "/LZWDecode"],
    ["/ASCII85Decode", "/FlateDecode", "/RunLengthDecode"],
]


@pytest.mark.parametrize("filters", FILTER_CHAINS, ids=lambda chain: "+".join(chain))
def test_a_script_in_an_object_stream_is_removed_whatever_the_filters(filters):
    """(b) The catalogue and its JavaScript open action live inside an object stream."""
    upload = samples.with_object_stream(filters)
    if "/RunLengthDecode" not in filters[:1]:  # RunLength leaves literal bytes readable
        assert b"JavaScript" not in upload
        assert b"OpenAction" not in upload
    with pikepdf.open(io.BytesIO(upload)) as pdf:  # the sample is what it claims
        assert [str(name) for name in pdf.get_object((5, 0)).Filter] == filters
        assert str(pdf.Root.OpenAction.S) == "/JavaScript"
    result = clean(upload)
    assert result.removed == {"scripts"}
    names, payloads = read_back(result.content)
    assert names & ACTIVE_NAMES == set()
    assert payloads == []
    with pikepdf.open(io.BytesIO(result.content)) as pdf:
        assert "/OpenAction" not in pdf.Root
        assert len(pdf.pages) == 1


def test_a_script_under_an_escaped_name_is_removed():
    """``/J#61vaScript`` is ``/JavaScript`` to a reader, and to qpdf."""
    upload = samples.cv_bytes().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"
    )
    result = clean(upload)
    assert result.removed == {"scripts"}
    assert b"app.alert" not in result.content


# --- What is passive stays --------------------------------------------------------------------


def test_a_web_link_is_kept():
    """(i) A link to a web page runs nothing by itself; the reader asks before opening."""
    result = clean(samples.to_bytes(samples.web_link(samples.cv())))
    assert result.removed == frozenset()
    with pikepdf.open(io.BytesIO(result.content)) as pdf:
        [link] = pdf.pages[0].Annots
        assert link.A.S == Name.URI
        assert str(link.A.URI) == "https://www.linkedin.com/in/nora-nordmann"


def test_an_e_mail_link_is_kept():
    result = clean(samples.to_bytes(samples.web_link(samples.cv(), "mailto:nora@example.no")))
    assert result.removed == frozenset()


@pytest.mark.parametrize(
    "uri",
    [
        "file:///C:/Windows/System32/calc.exe",
        r"\\attacker.example\share\x",
        "smb://attacker.example/share",
        "javascript:app.alert(1)",
        " JavaScript:app.alert(1)",
        "cv.pdf",
    ],
)
def test_a_link_to_anything_but_a_web_page_or_an_address_is_removed(uri):
    """File and share links leak the reader's Windows credentials or run programs."""
    result = clean(samples.to_bytes(samples.web_link(samples.cv(), uri)))
    assert result.removed == {"launch"}
    with pikepdf.open(io.BytesIO(result.content)) as pdf:
        [link] = pdf.pages[0].Annots
        assert "/A" not in link  # the annotation (an underline) stays, inert


def test_opening_at_the_first_page_is_kept():
    result = clean(samples.to_bytes(samples.destination_open_action(samples.cv())))
    assert result.removed == frozenset()
    with pikepdf.open(io.BytesIO(result.content)) as pdf:
        assert pdf.Root.OpenAction[1] == Name.Fit


def test_a_web_page_opened_by_itself_is_removed():
    pdf = samples.cv()
    pdf.Root.OpenAction = Dictionary(S=Name.URI, URI=String("https://tracker.example/cv"))
    result = clean(samples.to_bytes(pdf))
    assert result.removed == {"triggers"}
    assert b"tracker.example" not in result.content


def test_bookmarks_and_form_fields_stay_without_their_actions():
    pdf = samples.submit_form(samples.outline_script(samples.cv()))
    result = clean(samples.to_bytes(pdf))
    assert result.removed == {"scripts", "forms"}
    with pikepdf.open(io.BytesIO(result.content)) as cleaned:
        assert str(cleaned.Root.Outlines.First.Title) == "CV"
        [field] = cleaned.Root.AcroForm.Fields
        assert str(field.T) == "send"
        assert "/A" not in field


def test_a_harmless_action_keeps_the_harmless_part_of_its_chain():
    pdf = samples.cv()
    page = pdf.pages[0].obj
    samples._add_annotation(
        pdf,
        samples._link(
            pdf,
            {
                "/S": Name.GoTo,
                "/D": Array([page, Name.Fit]),
                "/Next": Array(
                    [Dictionary(samples.SCRIPT_ACTION), Dictionary(S=Name.Named, N=Name.NextPage)]
                ),
            },
        ),
    )
    result = clean(samples.to_bytes(pdf))
    with pikepdf.open(io.BytesIO(result.content)) as cleaned:
        [link] = cleaned.pages[0].Annots
        assert str(link.A.S) == "/GoTo"
        assert [action.S for action in link.A.Next] == [Name.Named]


# --- (k) Encryption ---------------------------------------------------------------------------


def test_a_pdf_that_needs_a_password_is_refused():
    upload = samples.cv_bytes(encryption=pikepdf.Encryption(user="hemmelig", owner="eier"))
    error = refusal(upload)
    assert error.code == "encrypted"
    assert error.messages == [ENCRYPTED]


def test_a_pdf_that_opens_without_a_password_is_stored_without_protection():
    """Protection against copying or printing only (an empty user password) is common on
    diplomas; the reader opens such a file without asking, so the check does too, and the
    copy stored for employers is not protected."""
    upload = samples.cv_bytes(
        encryption=pikepdf.Encryption(
            user="", owner="eier", allow=pikepdf.Permissions(extract=False, print_highres=False)
        )
    )
    with pikepdf.open(io.BytesIO(upload)) as pdf:
        assert pdf.is_encrypted
    result = clean(upload)
    with pikepdf.open(io.BytesIO(result.content)) as pdf:
        assert not pdf.is_encrypted
    assert pages_of(result.content) == pages_of(samples.cv_bytes())


# --- (l) Damaged files, other files, files glued to other files ----------------------------


def _broken_content_stream() -> bytes:
    pdf = samples.cv(1)
    pdf.pages[0].Contents.write(b"\x78\x9c this is not Flate data", filter=Name.FlateDecode)
    return samples.to_bytes(pdf, stream_decode_level=pikepdf.StreamDecodeLevel.none)


def _without_pages() -> bytes:
    pdf = pikepdf.new()
    return samples.to_bytes(pdf)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: samples.cv_bytes()[: len(samples.cv_bytes()) // 2], DAMAGED),
        (lambda: samples.cv_bytes()[:-30], DAMAGED),
        (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", DAMAGED),
        (lambda: b"%PDF-1.7\n%%EOF", DAMAGED),
        (_broken_content_stream, DAMAGED),
        (_without_pages, DAMAGED),
        (lambda: b"%PDF-", DAMAGED),
        (lambda: b"GIF89a" + samples.cv_bytes(), MIXED),
        (lambda: b"<html><script>alert(1)</script></html>\n" + samples.cv_bytes(), MIXED),
        (lambda: samples.zip_bytes() + samples.cv_bytes(), MIXED),
        (lambda: samples.cv_bytes() + samples.zip_bytes(), MIXED),
        (lambda: samples.cv_bytes() + b"<html><script>alert(1)</script></html>", MIXED),
        (lambda: samples.zip_bytes(), NOT_PDF),
        (lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), NOT_PDF),
    ],
    ids=[
        "truncated-half",
        "truncated-end",
        "garbage-inside",
        "header-only",
        "content-stream-not-decodable",
        "no-pages",
        "magic-only",
        "image-before",
        "html-before",
        "zip-before",
        "zip-after",
        "html-after",
        "zip",
        "png",
    ],
)
def test_what_is_not_one_readable_pdf_is_refused_with_a_clear_message(make, message):
    error = refusal(make())
    assert error.messages == [message]


def test_line_ends_and_padding_after_the_end_are_accepted():
    result = clean(samples.cv_bytes() + b"\r\n\x00\x00\n")
    assert len(pages_of(result.content)) == 3


def test_a_broken_cross_reference_table_is_repaired_by_the_rewrite():
    """Readers repair a wrong xref silently; qpdf does too, and we store the repaired file."""
    upload = samples.cv_bytes().replace(b"startxref\n", b"startxref\n1").replace(b"xref", b"xerf")
    result = clean(upload)
    with pikepdf.open(io.BytesIO(result.content), attempt_recovery=False) as pdf:
        assert len(pdf.pages) == 3


# --- (m) Size and bombs: refused, in bounded time and memory -------------------------------


def _peak_megabytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


@pytest.fixture(scope="module")
def gigabyte_bomb() -> bytes:
    return samples.with_bomb_image(1024)


def test_a_flate_bomb_is_refused_without_inflating_it(gigabyte_bomb, settings):
    """An 'image' of 1 MB that inflates to 1 GB: qpdf stops at the decoded-bytes budget."""
    settings.DOCUMENT_PDF_MAX_DECODED_BYTES = 32 * 1024 * 1024
    assert len(gigabyte_bomb) < 2 * 1024 * 1024
    peak, started = _peak_megabytes(), time.monotonic()
    error = refusal(gigabyte_bomb)
    assert error.messages == [TOO_COMPLEX]
    assert time.monotonic() - started < 5
    assert _peak_megabytes() - peak < 200


def test_a_bomb_inside_a_bomb_is_refused(settings):
    settings.DOCUMENT_PDF_MAX_DECODED_BYTES = 16 * 1024 * 1024
    upload = samples.with_bomb_image(64, filters=(Name.FlateDecode, Name.FlateDecode))
    assert refusal(upload).messages == [TOO_COMPLEX]


def test_an_lzw_bomb_is_refused_too(settings):
    """qpdf has no LZW limit of its own; its Flate limit stops LZW as well."""
    settings.DOCUMENT_PDF_MAX_DECODED_BYTES = 32 * 1024 * 1024
    pdf = samples.cv(1)
    bomb = pikepdf.Stream(pdf, b"")
    bomb.write(samples.lzw_bomb(100), filter=Name.LZWDecode)  # 0.5 MB, 700 MB decoded
    pdf.pages[0].Resources.XObject.Bomb = bomb
    upload = samples.to_bytes(pdf, compress_streams=False)  # qpdf would recompress LZW
    assert refusal(upload).messages == [TOO_COMPLEX]


def test_many_small_streams_are_refused_by_their_total(settings):
    settings.DOCUMENT_PDF_MAX_DECODED_BYTES = 8 * 1024 * 1024
    pdf = samples.cv(1)
    for number in range(12):
        part = pikepdf.Stream(pdf, b"")
        part.write(samples.flate_bomb(1), filter=Name.FlateDecode)
        pdf.pages[0].Resources.XObject[f"/Part{number}"] = part
    upload = samples.to_bytes(pdf, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    assert refusal(upload).messages == [TOO_COMPLEX]
    settings.DOCUMENT_PDF_MAX_DECODED_BYTES = 16 * 1024 * 1024
    assert len(clean(upload).removed) == 0


def test_a_bomb_in_an_object_stream_is_refused(settings):
    settings.DOCUMENT_PDF_MAX_DECODED_BYTES = 8 * 1024 * 1024
    padding = b" " * (64 * 1024 * 1024)
    upload = samples.with_object_stream(
        ["/FlateDecode"],
        {1: b"<< /Type /Catalog /Pages 2 0 R >>", 4: b"<< /Pad (" + padding + b") >>"},
    )
    assert len(upload) < 1024 * 1024
    error = refusal(upload)
    assert error.code in ("too_complex", "damaged")


def test_deep_nesting_is_refused_without_a_crash():
    deep = b"[" * 100_000 + b"]" * 100_000
    upload = samples.cv_bytes().replace(b"/Type /Catalog", b"/Type /Catalog /Deep " + deep)
    assert refusal(upload).messages == [DAMAGED]


def test_more_objects_than_the_limit_are_refused(settings):
    settings.DOCUMENT_PDF_MAX_OBJECTS = 100
    assert refusal(samples.cv_bytes(pages=30)).messages == [TOO_COMPLEX]
    settings.DOCUMENT_PDF_MAX_OBJECTS = 1000
    assert len(pages_of(clean(samples.cv_bytes(pages=30)).content)) == 30


def test_a_rewrite_over_the_size_limit_is_refused(settings):
    """Object streams pack small objects tightly; the stored copy has none, so it can grow."""
    upload = samples.cv_bytes(pages=200, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    settings.DOCUMENT_MAX_BYTES = len(upload) + 1
    error = refusal(upload)
    assert error.code == "too_large"


def test_a_pdf_that_takes_too_much_memory_to_parse_is_refused():
    """20 kB whose object stream holds an array of ten million numbers: qpdf would take
    over a gigabyte to parse it. The cleaner's process hits its memory limit, not ours."""
    upload = samples.with_object_stream(
        ["/FlateDecode"],
        {1: b"<< /Type /Catalog /Pages 2 0 R /Big 4 0 R >>", 4: b"[" + b"0 " * 10_000_000 + b"]"},
    )
    assert len(upload) < 30 * 1024
    peak = _peak_megabytes()
    assert refusal(upload).messages == [TOO_COMPLEX]
    assert _peak_megabytes() - peak < 50


def test_a_pdf_that_takes_too_long_is_refused(settings):
    settings.DOCUMENT_PDF_MAX_SECONDS = 1
    numbers = b"0 " * (4 * 1024 * 1024)
    upload = samples.cv_bytes(1).replace(
        b"/Type /Catalog", b"/Type /Catalog /Big [" + numbers + b"]"
    )
    started = time.monotonic()
    assert refusal(upload).messages == [TOO_COMPLEX]
    assert time.monotonic() - started < 10


# --- Defence in depth -------------------------------------------------------------------------


def test_the_rewrite_is_checked_again_before_it_is_stored(monkeypatch):
    """Were a rule of the removal to miss something, the second reading refuses the file."""
    monkeypatch.setattr(pdf_cleaner, "_remove", lambda holder, findings: None)
    with pytest.raises(pdf_cleaner.Refused) as caught:
        pdf_cleaner.clean(
            samples.cv_with(samples.open_action_script), pdf_cleaner.Limits(10**6, 10**8)
        )
    assert caught.value.code == "active_content"


@pytest.fixture
def fake_cleaner(tmp_path, monkeypatch):
    """Put a script of the test's own in the cleaner's place."""

    def install(source: str):
        script = tmp_path / "cleaner.py"
        script.write_text(source)
        monkeypatch.setattr(pdf_module, "CLEANER", script)

    return install


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("import os; os.abort()", TOO_COMPLEX),  # killed by a signal, as at a limit
        ("raise SystemExit(3)", DAMAGED),
        ("print('not the header')", DAMAGED),
        ("""print('{"removed": [], "size": 999}'); print("%PDF-1.7")""", TOO_COMPLEX),
        ("""import os; print('{"removed": [], "size": 0}', flush=True); os.abort()""", TOO_COMPLEX),
    ],
    ids=["killed", "failed", "garbled", "cut-short", "died-after-answering"],
)
def test_a_cleaner_that_dies_refuses_the_file(fake_cleaner, source, message):
    fake_cleaner(source)
    assert refusal(samples.cv_bytes()).messages == [message]


def test_the_cleaner_gets_none_of_the_portals_environment(fake_cleaner, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "do-not-leak")
    fake_cleaner(
        "import json, os, sys\n"
        "env = json.dumps(dict(os.environ))\n"
        "sys.stdout.write(json.dumps({'removed': [], 'size': len(env)}) + '\\n' + env)"
    )
    environment = json.loads(clean(samples.cv_bytes()).content)
    assert "SECRET_KEY" not in environment
    assert "DATABASE_URL" not in environment
    assert set(environment) <= {"LC_CTYPE"}  # set by Python itself (PEP 538)


def test_every_kind_and_refusal_of_the_cleaner_has_words_for_the_applicant():
    kinds = {pdf_cleaner.SCRIPTS, pdf_cleaner.TRIGGERS, pdf_cleaner.LAUNCH}
    kinds |= {pdf_cleaner.FORMS, pdf_cleaner.FILES, pdf_cleaner.MEDIA}
    assert set(pdf_module.REMOVED_LABELS) == kinds
    assert kinds >= set(pdf_cleaner.ACTIVE_ACTIONS.values()) | set(pdf_cleaner.ACTIVE_KEYS.values())
    assert set(pdf_module.REFUSALS) == set(pdf_cleaner.REFUSAL_CODES)


def test_the_web_process_does_not_load_the_pdf_parser():
    """qpdf runs only in the cleaner's process (run a fresh interpreter: tests import it)."""
    code = (
        "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'tests.settings';"
        "django.setup(); import recruitment.applications.views;"
        "print('pikepdf' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
