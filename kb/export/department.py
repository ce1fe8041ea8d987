"""A department's duty sheet (职责清单): the clauses it leads and those it shares, across all documents,
with targets and deadlines — as xlsx, Markdown or a printable PDF."""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape

from kb.errors import UnknownDepartment
from kb.export.formats import (
    Format,
    add_sheet,
    choose_format,
    markdown_table,
    new_workbook,
    register_pdf_font,
    workbook_bytes,
    write_file,
)
from kb.export.tasks import TASK_HEADERS, TASK_WIDTHS, TaskRow, tasks_table
from kb.types import Clause

DEPARTMENT_FORMATS: tuple[Format, ...] = ("xlsx", "md", "pdf")
LED_TITLE = "牵头任务"
SHARED_TITLE = "配合任务"


@dataclass(frozen=True)
class DutySheet:
    """What one unit answers for: clauses it leads, and clauses where it is a co-responsible unit. `place` is
    the unit's place (two places' 市财政局 are two units, each with its own sheet), named in the heading."""

    department: str
    led: tuple[TaskRow, ...]
    shared: tuple[TaskRow, ...]
    english_name: str | None = None
    place: str | None = None

    @property
    def heading(self) -> str:
        english = f"（{self.english_name}）" if self.english_name else ""
        place = f"（{self.place}）" if self.place else ""
        return f"{self.department}{place}{english}职责清单"

    @property
    def summary(self) -> str:
        docs = {row.doc for row in (*self.led, *self.shared)}
        return f"牵头任务 {len(self.led)} 项，配合任务 {len(self.shared)} 项，涉及文件 {len(docs)} 份。"


def department_sheet(
    clauses: Iterable[Clause], department: str, english_name: str | None = None, place: str | None = None
) -> DutySheet:
    """The duty sheet of `department` (a canonical name) over these clauses, in the order given; with `place`,
    the clauses are that place's documents' (the caller chooses them: KnowledgeBase.clauses(place=…))."""
    listed = list(clauses)
    led = [c for c in listed if c.led_by(department)]
    shared = [c for c in listed if department in c.others]
    return DutySheet(department, tuple(tasks_table(led)), tuple(tasks_table(shared)), english_name, place)


class Registry(Protocol):
    """What the duty sheet needs of the department registry (kb.parse.departments.DepartmentRegistry)."""

    def resolve(self, text: str) -> str | None: ...
    def names(self) -> list[str]: ...
    def english(self, canonical: str) -> str | None: ...


def resolve_in_registry(name: str, registry: Registry, indexed: Iterable[str] = ()) -> str:
    """The canonical name for any spelling the registry knows, or a name the indexed clauses use as written
    (`indexed`: notes may name bodies the registry lacks); otherwise `UnknownDepartment` with the closest
    canonical, English or indexed names."""
    seen = list(indexed)
    written = "".join(name.split())
    canonical = registry.resolve(name) or (written if written in seen else None)
    if canonical:
        return canonical
    known = [*registry.names(), *(e for n in registry.names() if (e := registry.english(n))), *seen]
    raise UnknownDepartment(name, close_departments(name, registry.resolve, known))


def resolve_department(name: str, resolve: Callable[[str], str | None], known: Iterable[str]) -> str:
    """The canonical name for `name` (any spelling `resolve` accepts); otherwise `UnknownDepartment`
    listing the canonical names closest to it. `known` holds the spellings to suggest from."""
    canonical = resolve(name.strip())
    if canonical:
        return canonical
    raise UnknownDepartment(name, close_departments(name, resolve, known))


def close_departments(
    name: str, resolve: Callable[[str], str | None], known: Iterable[str], limit: int = 5
) -> tuple[str, ...]:
    """Canonical names whose spellings resemble `name`: sharing a run of it, or close by edit similarity."""
    by_folded = {spelling.casefold(): spelling for spelling in known}
    needle = name.strip().casefold()
    contained = [s for s in by_folded if needle and (needle in s or (len(s) > 1 and s in needle))]
    similar = difflib.get_close_matches(needle, list(by_folded), n=limit * 2, cutoff=0.55)
    found: dict[str, None] = {}
    for folded in (*contained, *similar):
        spelling = by_folded[folded]
        found.setdefault(resolve(spelling) or spelling, None)
    return tuple(found)[:limit]


# --- rendering ---


def sheet_bytes(sheet: DutySheet, fmt: Format) -> bytes:
    """The duty sheet as xlsx, md or pdf bytes."""
    if fmt == "md":
        return _markdown(sheet).encode("utf-8")
    if fmt == "pdf":
        return _pdf(sheet)
    workbook = new_workbook()
    for title, rows in ((LED_TITLE, sheet.led), (SHARED_TITLE, sheet.shared)):
        heading = f"{sheet.heading} — {title}（{len(rows)} 项）"
        add_sheet(workbook, title, TASK_HEADERS, [r.cells() for r in rows], TASK_WIDTHS, heading=heading)
    return workbook_bytes(workbook)


def _markdown(sheet: DutySheet) -> str:
    parts = [f"# {sheet.heading}\n", f"{sheet.summary}\n"]
    for title, rows in ((LED_TITLE, sheet.led), (SHARED_TITLE, sheet.shared)):
        parts.append(f"## {title}（{len(rows)} 项）\n")
        parts.append(markdown_table(TASK_HEADERS, [r.cells() for r in rows]) if rows else "无。\n")
    return "\n".join(parts)


PDF_HEADERS = ("序号", "条款", "任务", "内容", "牵头单位", "配合单位", "目标指标", "完成时限", "来源")
# Millimetres, summing to 277 (A4 landscape less 10 mm margins); the department columns fit the longest
# canonical name (县畜牧水产农机事务中心, 11 characters at 8 pt) on one line, so no name is broken in two.
PDF_WIDTHS_MM = (10, 17, 24, 96, 33, 33, 24, 16, 24)


PDF_CHUNK = 900  # characters of content per table row: a taller row than one page makes reportlab fail
CONTENT = PDF_HEADERS.index("内容")


def _pdf_rows(row: TaskRow) -> list[list[str]]:
    """The table rows of one clause: a long content continues in rows of its own, marked （续）."""
    page = f" 第{row.page}页" if row.page is not None else ""
    first = [
        str(row.number),
        row.clause_id.rsplit(":", 1)[-1],  # the document is named in the 来源 column
        row.title,
        "",
        row.lead or "",
        "\n".join(row.others),
        "\n".join(row.targets),
        "\n".join(row.deadlines),
        f"{row.doc_title or row.doc}{page}",
    ]
    chunks = _chunks(row.content, PDF_CHUNK) or [""]
    rows = [first] + [["", "", f"{row.title}（续）", "", "", "", "", "", ""] for _ in chunks[1:]]
    for cells, chunk in zip(rows, chunks, strict=True):
        cells[CONTENT] = chunk
    return rows


def _chunks(text: str, size: int) -> list[str]:
    """Pieces of at most `size` characters, cut after a sentence end where one is near."""
    pieces: list[str] = []
    while len(text) > size:
        cut = text.rfind("。", size // 2, size) + 1 or size
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


def _pdf_paragraph(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _pdf(sheet: DutySheet) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = register_pdf_font()
    # wordWrap="CJK" breaks lines between Chinese characters, which have no spaces to break at.
    body = ParagraphStyle("body", fontName=font, fontSize=8, leading=10.5, wordWrap="CJK")
    h1 = ParagraphStyle("h1", fontName=font, fontSize=15, leading=20, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story: list = [Paragraph(escape(sheet.heading), h1), Paragraph(escape(sheet.summary), body)]
    for title, rows in ((LED_TITLE, sheet.led), (SHARED_TITLE, sheet.shared)):
        story.append(Paragraph(escape(f"{title}（{len(rows)} 项）"), h2))
        if not rows:
            story.append(Paragraph("无。", body))
            continue
        data = [[_pdf_paragraph(c, body) for c in PDF_HEADERS]]
        data += [[_pdf_paragraph(c, body) for c in cells] for r in rows for cells in _pdf_rows(r)]
        table = Table(data, colWidths=[w * mm for w in PDF_WIDTHS_MM], repeatRows=1)
        table.setStyle(style)
        story += [table, Spacer(1, 4 * mm)]
    out = io.BytesIO()
    margin = 10 * mm
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=sheet.heading,
    )
    document.build(story)
    return out.getvalue()


def department_sheet_bytes(
    clauses: Iterable[Clause],
    department: str,
    fmt: str,
    english_name: str | None = None,
    place: str | None = None,
) -> bytes:
    """The duty sheet of `department` (of `place`) as xlsx, md or pdf bytes (for a download)."""
    chosen = choose_format(None, fmt, DEPARTMENT_FORMATS, "duty sheet")
    return sheet_bytes(department_sheet(clauses, department, english_name, place), chosen)


def write_department_sheet(
    clauses: Iterable[Clause],
    department: str,
    path: str | Path,
    fmt: str | None = None,
    english_name: str | None = None,
    place: str | None = None,
) -> Path:
    """Write the duty sheet; the format is `fmt`, else the file's suffix (.xlsx, .md, .pdf)."""
    chosen = choose_format(path, fmt, DEPARTMENT_FORMATS, "duty sheet")
    return write_file(path, sheet_bytes(department_sheet(clauses, department, english_name, place), chosen))


def departments_in(clauses: Sequence[Clause]) -> tuple[str, ...]:
    """Every canonical department named in these clauses, in order of first appearance."""
    return tuple(dict.fromkeys(name for clause in clauses for name in clause.departments))
