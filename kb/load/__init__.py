"""Loading: a file on disk becomes a `SourceDoc` (its text as lines, nothing normalized yet).

    doc = load("corpus/plan-attachment3.pdf")   # -> SourceDoc(format="pdf", visual_lines=True, ...)

The format is judged by content (kb.load.detect), not by the extension: a PDF saved as .txt is still read as
a PDF, a web page saved as .pdf as a web page (with a note), and a program or an image renamed .pdf is
refused. Every refusal is an `IngestError` subclass whose message names the file and the problem; no pypdf,
zipfile, python-docx, openpyxl or LibreOffice failure escapes.

Each format's loader gives the lines the DOCX loader gives (one per paragraph, a table row as its cells
joined by " | ", in body order), or, for fixed-layout pages (PDF, OFD), one per visual line with its page and
indentation, so the parsers read every format the same way.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kb.cleantext import clean_name
from kb.errors import EmptyDocument, IngestError, TooLarge, UnsupportedFormat
from kb.limits import MB, Limits
from kb.load.archive import check_archive
from kb.load.detect import EXTENSIONS_TEXT, SUPPORTED_EXTENSIONS, detect_format, mismatch_note
from kb.load.text import check_readable, decode_text
from kb.types import Format, Line, PageMeta, SourceDoc

# Formats whose lines are visual lines of a fixed page layout (every break a wrap), not paragraphs.
_VISUAL_FORMATS: frozenset[Format] = frozenset({"pdf", "ofd"})
_ZIP_FORMATS: frozenset[Format] = frozenset({"docx", "xlsx", "ofd"})


def load(path: str | Path, limits: Limits | None = None) -> SourceDoc:
    """Read one file of a supported format; raises an `IngestError` subclass when it cannot be used, `TooLarge`
    beyond `limits` (checked before the costly step each guards: reading, inflating, decoding, indexing)."""
    limits = limits or Limits()
    name = str(path)
    extension = Path(name).suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise UnsupportedFormat(
            name, f"unsupported file type '{extension or 'no extension'}': use {EXTENSIONS_TEXT}"
        )
    _check_file_size(name, limits)
    _check_text_size(name, limits)
    data = _read_bytes(name)
    if not data.strip():
        raise EmptyDocument(name, "the file is empty")
    by_extension = SUPPORTED_EXTENSIONS[extension]
    fmt = detect_format(data, name, by_extension)
    if fmt in ("txt", "md", "html") and len(data) > limits.max_text_bytes:  # a PDF header far in, then text
        raise _text_file_too_large(name, len(data), limits)
    if fmt in _ZIP_FORMATS:
        check_archive(data, name, limits, fmt.upper())
    lines, meta = _load_lines(data, name, fmt, limits)
    if not any(line.text.strip() for line in lines):
        raise EmptyDocument(name, "the file holds no text")
    characters = sum(len(line.text) for line in lines)
    if characters > limits.max_text_chars:
        raise TooLarge(
            name,
            f"the document holds {characters:,} characters of text, more than the {limits.max_text_chars:,} "
            "allowed (KB_MAX_TEXT_CHARS): split it into smaller files",
        )
    check_readable("\n".join(line.text for line in lines), name)
    note = mismatch_note(fmt, by_extension)
    return SourceDoc(
        path=name,
        doc_id=doc_id_for(name),
        format=fmt,
        lines=lines,
        sha256=hashlib.sha256(data).hexdigest(),
        visual_lines=fmt in _VISUAL_FORMATS,
        meta=meta,
        notes=(note,) if note else (),
    )


def doc_id_for(path: str | Path) -> str:
    """The file name without its last extension: plan-attachment3.gbk.txt -> plan-attachment3.gbk; without the
    format and control characters a name may hide (a bidi override that displays the id reversed)."""
    return clean_name(Path(path).stem).strip() or "document"


def _check_text_size(path: str, limits: Limits) -> None:
    """A text file too long to index is refused from its first bytes, without reading the rest."""
    size = Path(path).stat().st_size
    if size <= limits.max_text_bytes:
        return
    with open(path, "rb") as file:
        head = file.read(1024)
    if b"%PDF-" in head or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return  # a PDF, a ZIP-based or an OLE2 document: its text is counted once extracted
    raise _text_file_too_large(path, size, limits)


def _text_file_too_large(path: str, size: int, limits: Limits) -> TooLarge:
    return TooLarge(
        path,
        f"the text file is {size / MB:,.1f} MB, more than a document of {limits.max_text_chars:,} characters "
        "can be (KB_MAX_TEXT_CHARS): split it into smaller files",
    )


def _check_file_size(path: str, limits: Limits) -> None:
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise IngestError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if size > limits.max_file_mb * MB:
        raise TooLarge(
            path,
            f"the file is {size / MB:,.1f} MB, larger than the {limits.max_file_mb:g} MB allowed (KB_MAX_FILE_MB)",
        )


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read the file: {exc.strerror or exc}") from exc


def _load_lines(
    data: bytes, path: str, fmt: Format, limits: Limits
) -> tuple[tuple[Line, ...], PageMeta | None]:
    # each format's library is imported by the format that needs it: a process that only names documents
    # (doc_id_for: the app, an ingest of unchanged files) does not pay for them
    if fmt == "pdf":
        from kb.load.pdf import load_pdf

        return load_pdf(data, path, limits), None
    if fmt == "docx":
        from kb.load.docx import load_docx

        return load_docx(data, path), None
    if fmt in ("doc", "wps"):
        from kb.load.office import load_word97

        return load_word97(data, path, fmt, limits), None
    if fmt == "ofd":
        from kb.load.ofd import load_ofd

        return load_ofd(data, path), None
    if fmt == "html":
        from kb.load.html import load_html

        return load_html(data, path)
    if fmt == "xlsx":
        from kb.load.xlsx import load_xlsx

        return load_xlsx(data, path), None
    text = decode_text(data, path)
    return tuple(Line(text=line) for line in text.split("\n")), None


__all__ = ["SUPPORTED_EXTENSIONS", "detect_format", "doc_id_for", "load"]
