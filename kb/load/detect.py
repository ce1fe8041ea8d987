"""What a file is, judged by its content: magic bytes and structure, whatever its name says.

- `%PDF-` near the start: a PDF;
- a ZIP archive: a DOCX when it holds word/document.xml, an XLSX when it holds xl/workbook.xml (both Office
  Open XML, with [Content_Types].xml), an OFD when it holds OFD.xml at its root (GB/T 33190);
- an OLE2 compound file (D0 CF 11 E0): a Word 97 document when it has a WordDocument stream — WPS Office's
  .wps is the same binary format — an old Excel workbook when it has a Workbook stream;
- HTML by its markup (a doctype, an <html> element, or <head>/<body> with closing tags);
- other binary formats people rename by mistake (programs, images, archives) are refused by name;
- anything else is text.

A file whose content differs from its name is read as what it is, and `mismatch_note` says so for the user:
an HTML page saved as .pdf is read as a web page (its article, not its markup).
"""

from __future__ import annotations

import io
import re
import zipfile

from kb.errors import CorruptFile, UnsupportedFormat
from kb.types import Format

SUPPORTED_EXTENSIONS: dict[str, Format] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".md": "md",
    ".doc": "doc",
    ".wps": "wps",
    ".ofd": "ofd",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
}
EXTENSIONS_TEXT = ".pdf, .docx, .doc, .wps, .ofd, .html, .xlsx, .txt or .md"

# What each format is called in messages.
FORMAT_NAMES: dict[Format, str] = {
    "pdf": "a PDF",
    "docx": "a Word document (.docx)",
    "doc": "a Word 97 document (.doc)",
    "wps": "a WPS Office document (.wps)",
    "ofd": "an OFD document",
    "html": "a web page (HTML)",
    "xlsx": "an Excel workbook (.xlsx)",
    "txt": "plain text",
    "md": "plain text",
}
# Formats that are one kind read the same way: a name of either fits the content of the other.
_SAME_KIND: dict[Format, str] = {"doc": "word97", "wps": "word97", "txt": "text", "md": "text"}

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names stand in the compound file's directory in UTF-16LE.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))

# Binary formats people rename or attach by mistake, by their first bytes: named in the refusal.
_KNOWN_BINARIES: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "a program (ELF executable)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF file: save it as .docx"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)

HTML_SNIFF_BYTES = 64 * 1024  # markup is judged on the file's start
_HTML_START = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL
)
_HTML_ELEMENTS = re.compile(rb"<(?:head|body)[\s>]", re.IGNORECASE)
_HTML_CLOSING = re.compile(rb"</(?:html|head|body|div|p|table|title)>", re.IGNORECASE)


def detect_format(data: bytes, path: str, by_extension: Format) -> Format:
    """The format the bytes are in; the extension only tells .txt from .md, and .doc from .wps."""
    if b"%PDF-" in data[:1024]:  # the PDF header may follow a few bytes of junk
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, path, by_extension)
    if data.startswith(OLE2_MAGIC):
        return _ole_format(data, path, by_extension)
    for magic, what in _KNOWN_BINARIES:
        if data.startswith(magic):
            raise UnsupportedFormat(path, f"the file is {what}, not a document this program reads")
    if is_html(data):
        return "html"
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormat(path, "the file is binary data, not a document this program reads")
    return "md" if by_extension == "md" else "txt"


def mismatch_note(fmt: Format, by_extension: Format) -> str | None:
    """What the user should be told when the content is not what the file's name says; None when it is."""
    if fmt == by_extension or _SAME_KIND.get(fmt, fmt) == _SAME_KIND.get(by_extension, by_extension):
        return None
    return f"read as {FORMAT_NAMES[fmt]}: that is what its content is, not {FORMAT_NAMES[by_extension]} as its name says"


def is_html(data: bytes) -> bool:
    """True for a web page: it starts as one, or it has a head or body element and closing tags."""
    head = data[:HTML_SNIFF_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    if _HTML_START.match(head):
        return True
    return _HTML_ELEMENTS.search(head) is not None and _HTML_CLOSING.search(head) is not None


def _zip_format(data: bytes, path: str, by_extension: Format) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        if by_extension in ("docx", "xlsx", "ofd"):
            kind = by_extension.upper()
            raise CorruptFile(
                path, f"the {kind} is truncated or damaged and cannot be opened ({exc})"
            ) from exc
        raise UnsupportedFormat(
            path, "the file is a damaged ZIP archive, not a document this program reads"
        ) from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(name.lower() == "ofd.xml" for name in names):
        return "ofd"
    raise UnsupportedFormat(
        path,
        "the file is a ZIP archive but not a Word document, an Excel workbook or an OFD "
        "(no word/document.xml, xl/workbook.xml or OFD.xml)",
    )


def _ole_format(data: bytes, path: str, by_extension: Format) -> Format:
    """An OLE2 compound file: Word 97 (.doc, and WPS Office's .wps) is read; an old Excel workbook is not."""
    if _WORD_STREAM in data:
        return "wps" if by_extension == "wps" else "doc"
    if any(stream in data for stream in _EXCEL_STREAMS):
        raise UnsupportedFormat(path, "the file is an old Excel workbook (.xls): save it as .xlsx")
    if by_extension in ("doc", "wps"):
        # a Microsoft Works .wps is a compound file too (LibreOffice reads it through libwps); a .doc whose
        # directory cannot be found (cut short) is LibreOffice's to refuse, with its reason
        return by_extension
    raise UnsupportedFormat(
        path, "the file is an old Office file that is not a Word document (.doc/.wps): save it as .docx"
    )
