"""A PDF clause shown as it is printed: its page rendered to an image with the clause's region highlighted.

The page is rendered by PDFium (pypdfium2); the clause is found in the page's own text layer by comparing both
texts with whitespace, soft hyphens and character widths set aside (the clause text was extracted by pypdf and
normalised, the page text is PDFium's), then its lines are boxed with PDFium's text rectangles. A clause that
cannot be found on its page is shown on the page unhighlighted, and says so (`found=False`): a reader is never
pointed at a wrong region.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kb.types import Clause

SCALE = 1.5  # rendering scale (PDF points → pixels): a 595 pt A4 page becomes 893 px, legible when enlarged
ANCHOR = 12  # characters of the clause's start and end looked up on the page
_IGNORED = {"\ufffe", "\u00ad", "\ufeff"}  # PDFium's marks for hyphenation and byte-order, not text
_PDFIUM = threading.Lock()  # PDFium is not thread-safe; the app answers two requests at a time
Box = tuple[float, float, float, float]  # left, top, right, bottom in image pixels


@dataclass(frozen=True)
class PageImage:
    """A rendered page; `boxes` are the highlighted lines of the clause (empty when it was not found)."""

    png: bytes
    page: int
    found: bool
    continues: bool  # the clause runs on past the bottom of this page
    boxes: tuple[Box, ...] = ()
    pages: int = 0  # pages of the whole document, for paging through it
    clause_page: int | None = None  # the page the clause starts on (`page` when it is shown)


def _normalised(text: str) -> tuple[str, list[int]]:
    """`text` without whitespace and PDFium's marks, NFKC-folded (full- and half-width alike), with the
    position in `text` of every character kept."""
    chars: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        if char.isspace() or char in _IGNORED:
            continue
        for folded in unicodedata.normalize("NFKC", char):
            chars.append(folded)
            where.append(i)
    return "".join(chars), where


def clause_span(page_text: str, clause: Clause) -> tuple[int, int, bool] | None:
    """Where the clause sits in the page text: (first char, one past the last, continues on the next page),
    its heading included when it stands just before the text; None when its start is not on the page."""
    page, where = _normalised(page_text)
    body, _ = _normalised(clause.text)
    if not body or not where:
        return None
    anchor = page.find(body[:ANCHOR])
    if anchor < 0:
        return None
    start = anchor
    heading, _ = _normalised(clause.title)
    if heading:
        before = page.rfind(heading, max(0, anchor - len(heading) - 8), anchor)
        start = before if before >= 0 else anchor
    if page.startswith(body, anchor):
        return where[start], where[anchor + len(body) - 1] + 1, False
    tail = page.find(body[-ANCHOR:], anchor)
    if tail >= 0:
        return where[start], where[tail + ANCHOR - 1] + 1, False
    return where[start], where[-1] + 1, True  # the rest of the clause is on the next page


def render_clause_page(
    pdf: Path, clause: Clause, scale: float = SCALE, shown: int | None = None
) -> PageImage | None:
    """The page of `clause` in `pdf` as a PNG with the clause's lines highlighted; None without a page.
    `shown`: another page of the document, to page through it (the clause highlighted only on its own)."""
    if clause.page is None:
        return None
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    number = clause.page if shown is None else shown
    with _PDFIUM:
        document = pdfium.PdfDocument(str(pdf))
        try:
            pages = len(document)
            if not 1 <= number <= pages:
                return None
            page = document[number - 1]
            text_page = page.get_textpage()
            span = clause_span(text_page.get_text_range(), clause) if number == clause.page else None
            left, _, _, top = page.get_cropbox()
            boxes: list[Box] = []
            if span is not None:
                first, last, _ = span
                for i in range(text_page.count_rects(first, last - first)):
                    x0, y0, x1, y1 = text_page.get_rect(i)
                    boxes.append(
                        ((x0 - left) * scale, (top - y1) * scale, (x1 - left) * scale, (top - y0) * scale)
                    )
            image = page.render(scale=scale).to_pil().convert("RGB")
        finally:
            document.close()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for x0, y0, x1, y1 in _padded(boxes):
            draw.rectangle((x0, y0, x1, y1), fill=(255, 214, 0, 90))
        outline = _outline(boxes)
        draw.rectangle(outline, outline=(194, 65, 12, 255), width=3)
        image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)
    return PageImage(
        png=buffer.getvalue(),
        page=number,
        found=span is not None,
        continues=bool(span and span[2]),
        boxes=tuple(boxes),
        pages=pages,
        clause_page=clause.page,
    )


def _padded(boxes: list[Box], pad: float = 2.0) -> list[Box]:
    return [(x0 - pad, y0 - pad, x1 + pad, y1 + pad) for x0, y0, x1, y1 in boxes]


def _outline(boxes: list[Box], pad: float = 6.0) -> Box:
    """One frame around every highlighted line: the clause as a region a reader finds at a glance."""
    return (
        min(b[0] for b in boxes) - pad,
        min(b[1] for b in boxes) - pad,
        max(b[2] for b in boxes) + pad,
        max(b[3] for b in boxes) + pad,
    )
