"""Word files (.docx) through python-docx: body paragraphs and tables in the order they appear.

The body XML is walked directly because python-docx lists paragraphs and tables separately, losing their
order. Headers and footers (page numbers, letterheads) are not part of the body and so are skipped.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from kb.errors import CorruptFile
from kb.types import Line

CELL_SEPARATOR = " | "  # how a table row reads as one line


def load_docx(data: bytes, path: str) -> tuple[Line, ...]:
    """One line per body paragraph and per table row, in document order (pages are unknown: None)."""
    try:
        document = docx.Document(io.BytesIO(data))
        texts = list(_block_texts(document.element.body, document))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError, EOFError) as exc:
        raise CorruptFile(path, f"the DOCX is truncated or damaged and cannot be opened ({exc})") from exc
    except Exception as exc:  # lxml and python-docx raise many kinds on a damaged package
        raise CorruptFile(path, f"the DOCX is damaged: {type(exc).__name__}: {exc}") from exc
    return tuple(Line(text=text) for text in texts)


def _block_texts(container: Any, parent: Any) -> Iterator[str]:
    """Texts of the paragraphs and table rows under `container`, descending into content controls."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield _paragraph_text(Paragraph(child, parent))
        elif child.tag == qn("w:tbl"):
            yield from _table_rows(Table(child, parent))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_texts(content, parent)


def _paragraph_text(paragraph: Paragraph) -> str:
    # A soft line break inside a paragraph is layout, not a new paragraph: it is joined like a visual wrap.
    pieces = paragraph.text.split("\n")
    text = pieces[0]
    for piece in pieces[1:]:
        text += " " + piece if text[-1:].isascii() and piece[:1].isascii() else piece
    return text


def _table_rows(table: Table) -> Iterator[str]:
    """Each row as its cells joined by CELL_SEPARATOR; an empty cell stays (as an empty column), so a row lines up
    with its header — a blank 配合单位 must not shift 完成时限 into its place."""
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):  # a merged cell is repeated once per grid column it spans
                continue
            seen.append(cell._tc)
            cells.append(" ".join(_paragraph_text(p) for p in cell.paragraphs if p.text.strip()))
        if any(cells):
            yield CELL_SEPARATOR.join(cells)
