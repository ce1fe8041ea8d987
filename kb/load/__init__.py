"""Loading: a file on disk becomes a `SourceDoc` (its text as lines, nothing normalized yet).

    doc = load("corpus/plan-attachment3.pdf")   # -> SourceDoc(format="pdf", visual_lines=True, ...)

The format is judged by content (magic bytes), not only by the extension: a PDF saved as .txt is still read as
a PDF, and a program or an image renamed .pdf is refused. Every refusal is an `IngestError` subclass whose
message names the file and the problem; no pypdf, zipfile or python-docx exception escapes.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Literal

from kb.errors import CorruptFile, EmptyDocument, IngestError, TooLarge, UnsupportedFormat
from kb.limits import MB, Limits
from kb.load.archive import check_archive
from kb.load.text import check_readable, decode_text
from kb.types import Line, SourceDoc

Format = Literal["pdf", "docx", "txt", "md"]

SUPPORTED_EXTENSIONS: dict[str, Format] = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".md": "md"}

# Binary formats people rename or attach by mistake, by their first bytes: named in the refusal.
_KNOWN_BINARIES: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "a program (ELF executable)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls): save it as .docx"),
    (b"{\\rtf", "an RTF file: save it as .docx"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)


def load(path: str | Path, limits: Limits | None = None) -> SourceDoc:
    """Read one .pdf/.docx/.txt/.md file; raises an `IngestError` subclass when it cannot be used, `TooLarge`
    beyond `limits` (checked before the costly step each guards: reading, inflating, decoding, indexing)."""
    limits = limits or Limits()
    name = str(path)
    extension = Path(name).suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise UnsupportedFormat(
            name, f"unsupported file type '{extension or 'no extension'}': use .pdf, .docx, .txt or .md"
        )
    _check_file_size(name, limits)
    _check_text_size(name, limits)
    data = _read_bytes(name)
    if not data.strip():
        raise EmptyDocument(name, "the file is empty")
    fmt = detect_format(data, name, SUPPORTED_EXTENSIONS[extension])
    if fmt in ("txt", "md") and len(data) > limits.max_text_bytes:  # a PDF header far in, then text
        raise _text_file_too_large(name, len(data), limits)
    if fmt == "docx":
        check_archive(data, name, limits)
    lines = _load_lines(data, name, fmt, limits)
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
    return SourceDoc(
        path=name,
        doc_id=doc_id_for(name),
        format=fmt,
        lines=lines,
        sha256=hashlib.sha256(data).hexdigest(),
        visual_lines=fmt == "pdf",
    )


def doc_id_for(path: str | Path) -> str:
    """The file name without its last extension: plan-attachment3.gbk.txt -> plan-attachment3.gbk."""
    return Path(path).stem


def detect_format(data: bytes, path: str, by_extension: Format) -> Format:
    """The format the bytes are in; the extension only decides between .txt and .md for text.

    Text saved under a .pdf or .docx name is read as text (format "txt"): the content decides.
    """
    if b"%PDF-" in data[:1024]:  # the PDF header may follow a few bytes of junk
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, path, by_extension)
    for magic, what in _KNOWN_BINARIES:
        if data.startswith(magic):
            raise UnsupportedFormat(path, f"the file is {what}, not a PDF, DOCX or text file")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormat(path, "the file is binary data, not a PDF, DOCX or text file")
    return "md" if by_extension == "md" else "txt"


def _zip_format(data: bytes, path: str, by_extension: Format) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        if by_extension == "docx":
            raise CorruptFile(path, f"the DOCX is truncated or damaged and cannot be opened ({exc})") from exc
        raise UnsupportedFormat(
            path, "the file is a damaged ZIP archive, not a PDF, DOCX or text file"
        ) from exc
    if "word/document.xml" not in names:
        raise UnsupportedFormat(
            path, "the file is a ZIP archive but not a Word document (no word/document.xml)"
        )
    return "docx"


def _check_text_size(path: str, limits: Limits) -> None:
    """A text file too long to index is refused from its first bytes, without reading the rest."""
    size = Path(path).stat().st_size
    if size <= limits.max_text_bytes:
        return
    with open(path, "rb") as file:
        head = file.read(1024)
    if b"%PDF-" in head or head.startswith(b"PK\x03\x04"):
        return  # a PDF or a DOCX: its text is counted once extracted
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


def _load_lines(data: bytes, path: str, fmt: Format, limits: Limits) -> tuple[Line, ...]:
    # pypdf and python-docx are imported by the format that needs them: a process that only names documents
    # (doc_id_for: the app, an ingest of unchanged files) does not pay for them
    if fmt == "pdf":
        from kb.load.pdf import load_pdf

        return load_pdf(data, path, limits)
    if fmt == "docx":
        from kb.load.docx import load_docx

        return load_docx(data, path)
    text = decode_text(data, path)
    return tuple(Line(text=line) for line in text.split("\n"))


__all__ = ["SUPPORTED_EXTENSIONS", "detect_format", "doc_id_for", "load"]
