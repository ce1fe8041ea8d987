"""PDF files through pypdf: the text layer page by page, one `Line` per visual line, with its indentation.

A page without a text layer (a scanned, stamped copy) is read by OCR (kb.load.ocr), and its lines join the
others here: the same margins and indents decide where paragraphs begin, and each keeps its page number and
the engine's confidence.

Every line break of a PDF is a visual wrap, so the normalizer needs to know which lines begin a paragraph.
Published plans indent a paragraph's first line by two characters; wrapped lines start at the margin. The
x position of each line's first text run (from pypdf's text visitor) tells the two apart.
"""

from __future__ import annotations

import io
import logging
import math
import re
import struct
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from kb.errors import CorruptFile, EmptyDocument, Encrypted, NoTextLayer, TooLarge
from kb.limits import Limits
from kb.types import Line

# A line counts as indented when it starts this many font sizes right of the margin: a first-line indent is
# two characters, a wrapped line sits on the margin give or take a point of justification.
INDENT_FONT_SIZES = 0.5
# On a scanned page a whole character: line starts wander by what levelling leaves of the skew, and a line
# opening with （ or “ starts where its ink does, half a character right of the margin; a first-line indent is
# still two characters.
OCR_INDENT_FONT_SIZES = 1.0

# What pypdf raises on a damaged file: its own errors, and plain Python ones from half-parsed objects.
_READ_FAILURES = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    ZeroDivisionError,
    OverflowError,
    RecursionError,  # a cyclic object graph
    OSError,
    struct.error,
    zlib.error,  # a damaged compressed stream
)

# pypdf reports recoverable damage through logging; the loader reports what matters as errors instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass
class _Run:
    text: str
    x: float
    size: float
    inserted: bool  # a space pypdf added for a gap between runs, not a space character of the file


@dataclass
class _VisualLine:
    runs: list[_Run] = field(default_factory=list)
    confidence: float | None = None  # read by OCR: the engine's confidence; None from a text layer
    right: float | None = None  # read by OCR: where the line's text ends

    @property
    def x(self) -> float | None:
        return next((run.x for run in self.runs if run.text.strip()), None)

    @property
    def size(self) -> float:
        return max((run.size for run in self.runs if run.text.strip()), default=0.0)


# Arrays and dictionaries inside one another: real PDFs nest a handful deep; pypdf reads nesting by recursion,
# and a file nested thousands deep is malformed (or made to exhaust the reader), not a scan.
MAX_NESTING = 100
_TOKEN = re.compile(rb"stream\r?\n|[\[\]()%]|<<|>>")


def load_pdf(data: bytes, path: str, limits: Limits | None = None) -> tuple[Line, ...]:
    """The text lines of every page, with page numbers and indentation; pages without a text layer read by
    OCR; refuses unreadable PDFs."""
    limits = limits or Limits()
    reader = _open(data, path)
    try:
        pages = [_visual_lines(page) for page in reader.pages]
    except RecursionError as exc:
        raise _too_deep(path, nesting_depth(data)) from exc
    except _READ_FAILURES as exc:
        raise CorruptFile(path, f"the PDF is damaged and its text cannot be read ({exc})") from exc
    if not pages:
        raise EmptyDocument(path, "the PDF has no pages")
    scanned = _scanned_pages(reader, pages, path)
    if scanned:
        _read_by_ocr(data, path, pages, scanned, limits)
    if not any(line.x is not None for lines in pages for line in lines):
        if scanned:
            raise NoTextLayer(path, "OCR found no text on the scanned pages")
        depth = nesting_depth(data)
        if depth > MAX_NESTING:  # what made the reader see no text: not a scan that needs OCR
            raise _too_deep(path, depth)
        raise NoTextLayer(path, "no text layer and no scanned image on any page")
    return tuple(_to_lines(pages))


def _too_deep(path: str, depth: int) -> CorruptFile:
    deep = f"nested {depth:,} deep" if depth > MAX_NESTING else "nested too deeply to read"
    return CorruptFile(
        path,
        f"the PDF is malformed: its arrays or dictionaries are {deep} (real documents nest fewer than "
        f"{MAX_NESTING}); it cannot be read",
    )


def nesting_depth(data: bytes) -> int:
    """The deepest nesting of arrays and dictionaries in the file's objects (streams and strings skipped), in
    one pass over its tokens."""
    depth = deepest = 0
    position = 0
    while (token := _TOKEN.search(data, position)) is not None:
        kind = token.group()
        position = token.end()
        if kind.startswith(b"stream"):
            end = data.find(b"endstream", position)
            position = len(data) if end < 0 else end + len(b"endstream")
        elif kind == b"(":
            position = _string_end(data, position)
        elif kind == b"%":
            end = data.find(b"\n", position)
            position = len(data) if end < 0 else end
        elif kind in (b"[", b"<<"):
            depth += 1
            deepest = max(deepest, depth)
        elif kind in (b"]", b">>"):
            depth = max(0, depth - 1)
    return deepest


def _string_end(data: bytes, position: int) -> int:
    """Just past the literal string opened before `position` (balanced parentheses, backslash escapes)."""
    level, index = 1, position
    while index < len(data):
        byte = data[index]
        if byte == 0x5C:  # a backslash: the next byte is escaped
            index += 2
            continue
        if byte == 0x28:
            level += 1
        elif byte == 0x29:
            level -= 1
            if level == 0:
                return index + 1
        index += 1
    return len(data)


def _scanned_pages(reader: PdfReader, pages: list[list[_VisualLine]], path: str) -> list[int]:
    """The 1-based numbers of pages without text that hold an image (a page blank on both counts is left
    out); CorruptFile naming the page whose image cannot be decoded, before any time is spent on OCR."""
    scanned = []
    for number, lines in enumerate(pages, start=1):
        if any(line.x is not None for line in lines):
            continue
        try:
            images = list(reader.pages[number - 1].images)
            for image in images:
                _check_decodes(image)
        except _READ_FAILURES as exc:
            raise CorruptFile(
                path, f"page {number} is a scanned image that cannot be decoded, so it cannot be read ({exc})"
            ) from exc
        if images:
            scanned.append(number)
    return scanned


def _check_decodes(image: Any) -> None:
    """Decode one image of a page: where a damaged scan fails. PDFium renders every filter a scanner writes,
    pypdf not all of them (JBIG2 needs the jbig2dec program): an image pypdf cannot decode is left to PDFium,
    not refused."""
    try:
        image.image.load()
    except (NotImplementedError, DependencyError):
        return


def _read_by_ocr(
    data: bytes, path: str, pages: list[list[_VisualLine]], scanned: list[int], limits: Limits
) -> None:
    """Fill the scanned pages with the lines OCR reads on them, in PDF points like a text layer's."""
    from kb.load import ocr

    if len(scanned) > limits.ocr_max_pages:
        raise TooLarge(
            path,
            f"{len(scanned):,} pages are scanned images, more than the {limits.ocr_max_pages:,} read by OCR in "
            "one file (KB_OCR_MAX_PAGES): split it into smaller files",
        )
    for page in ocr.read_pages(data, path, scanned, limits):
        size = ocr.character_width(page)  # the indent and short-line rules count in characters
        pages[page.number - 1] = [
            _VisualLine(
                runs=[_Run(box.text, box.x, size, inserted=False) for box in row],
                confidence=min(box.confidence for box in row),
                right=max(box.right for box in row),
            )
            for row in ocr.rows(page)
        ]


def _open(data: bytes, path: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Encrypted(path, "encrypted PDF: remove the password first")
        len(reader.pages)  # reading the page tree is where a truncated file fails
    except Encrypted:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise Encrypted(path, f"encrypted PDF: remove the password first ({exc})") from exc
    except _READ_FAILURES as exc:
        raise CorruptFile(path, f"the PDF is truncated or damaged and cannot be opened ({exc})") from exc
    return reader


def _visual_lines(page: Any) -> list[_VisualLine]:
    """The page's lines as pypdf breaks them, each a list of positioned text runs."""
    lines = [_VisualLine()]

    def visit(text: str, cm: list[float], tm: list[float], font: Any, font_size: float) -> None:
        matrix = _multiply(tm, cm)
        x, scale = matrix[4], math.hypot(matrix[0], matrix[1]) or 1.0
        inserted = font is None and text.strip(" ") == ""
        for i, piece in enumerate(text.split("\n")):
            if i:
                lines.append(_VisualLine())
            if piece:
                lines[-1].runs.append(_Run(piece, x, font_size * scale, inserted))

    page.extract_text(visitor_text=visit)
    return [line for line in lines if line.runs]


def _multiply(tm: list[float], cm: list[float]) -> list[float]:
    """The text matrix in page space (tm × cm)."""
    a, b, c, d, e, f = tm
    return [
        a * cm[0] + b * cm[2],
        a * cm[1] + b * cm[3],
        c * cm[0] + d * cm[2],
        c * cm[1] + d * cm[3],
        e * cm[0] + f * cm[2] + cm[4],
        e * cm[1] + f * cm[3] + cm[5],
    ]


def _to_lines(pages: list[list[_VisualLine]]) -> list[Line]:
    every_line = [line for lines in pages for line in lines]
    # Across the document a margin must hold a few percent of the lines, so a side note repeated on two
    # pages is not taken for it.
    document_margin = _margin(every_line, min_shared=max(2, len(every_line) // 20))
    body_size = _body_font_size(every_line)
    result = []
    for number, lines in enumerate(pages, start=1):
        margin = _margin(lines, document_margin)
        right_margin = _right_margin(lines)
        previous: _VisualLine | None = None
        for line in lines:
            text = _line_text(line.runs)
            if not text.strip():
                continue
            indent = _is_indented(line, margin)
            if previous is not None and _continues_title(previous, line, body_size):
                indent = False
            if previous is not None and _ends_short(previous, right_margin):
                indent = True
            result.append(Line(text=text, page=number, indent=indent, confidence=line.confidence))
            previous = line
    return result


def _right_margin(lines: list[_VisualLine]) -> float | None:
    """Where a scanned page's full lines end (most lines of justified text are full): None on a text layer."""
    rights = sorted(line.right for line in lines if line.right is not None)
    return rights[len(rights) * 3 // 4] if len(rights) >= 4 else None


def _ends_short(line: _VisualLine, right_margin: float | None) -> bool:
    """A scanned line ending two characters or more before the right margin ends its paragraph (or is a
    heading), so the next line starts one: the layout says it when OCR drops the 。 (增长9.5% / （二）重点任务)."""
    if line.right is None or right_margin is None:
        return False
    return line.right < right_margin - 2 * (line.size or 10.0)


def _body_font_size(lines: list[_VisualLine]) -> float:
    sizes = Counter(round(line.size, 1) for line in lines if line.size)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _continues_title(previous: _VisualLine, line: _VisualLine, body_size: float) -> bool:
    """A title set larger than the body and centred over two lines is one paragraph, though both are indented.

    Not told on a scanned page: the height of an OCR box follows its length and padding more than the font
    (附件3 came out taller than the title below it)."""
    if previous.confidence is not None or line.confidence is not None:
        return False
    title_size = line.size > body_size * 1.15 and abs(previous.size - line.size) < 0.5
    return title_size and not _line_text(previous.runs).rstrip().endswith(("。", "！", "？", "；", "："))


def _margin(
    lines: list[_VisualLine], document_margin: float | None = None, min_shared: int = 2
) -> float | None:
    """The left text margin: the leftmost line start shared by `min_shared` lines, or the document's margin.

    A lone start further left (a side note) is not the margin; on a page of one-line paragraphs most lines
    are indented, and the document's margin still tells the few wrapped ones apart.
    """
    starts = Counter(round(x) for x in (line.x for line in lines) if x is not None)
    candidates = [
        x
        for x, count in starts.items()
        if count >= min_shared or (document_margin is not None and abs(x - document_margin) <= 1)
    ]
    if candidates:
        return float(min(candidates))
    if document_margin is not None or not starts:
        return document_margin
    return float(starts.most_common(1)[0][0])


def _is_indented(line: _VisualLine, margin: float | None) -> bool | None:
    x = line.x
    if x is None or margin is None:
        return None
    indent = INDENT_FONT_SIZES if line.confidence is None else OCR_INDENT_FONT_SIZES
    return x > margin + indent * (line.size or 10.0)


def _line_text(runs: list[_Run]) -> str:
    """The runs joined; a space pypdf inserted for a gap next to a Chinese character is dropped.

    Office software widens the gap between Chinese and Latin text or digits (增长6% is set as 增长 6%), and
    pypdf reads the wider gap as a space that the document's text does not have.
    """
    parts: list[str] = []
    for i, run in enumerate(runs):
        if run.inserted:
            before = "".join(parts)[-1:]
            after = next((r.text[:1] for r in runs[i + 1 :] if r.text), "")
            if _is_cjk(before) or _is_cjk(after):
                continue
        parts.append(run.text)
    return "".join(parts)


def _is_cjk(char: str) -> bool:
    return bool(char) and ("\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" or char in "“”‘’—…")


# --- the layout reading, shared with the other fixed-layout format (kb.load.ofd) ---


def new_visual_line() -> _VisualLine:
    """An empty visual line, to which a fixed-layout reader adds its runs left to right."""
    return _VisualLine()


def layout_run(text: str, x: float, size: float, inserted: bool) -> _Run:
    """A run of text starting at `x` in font `size` (any unit, the same for both); `inserted` for a space that
    stands for a gap, not for a space character of the file."""
    return _Run(text, x, size, inserted)


def layout_lines(pages: list[list[_VisualLine]]) -> list[Line]:
    """Pages of visual lines as `Line`s with page numbers and paragraph indentation, as for a PDF."""
    return _to_lines(pages)
