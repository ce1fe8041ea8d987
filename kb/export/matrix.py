"""The department × document responsibility matrix: how many clauses each department leads and shares in
each document, as a table (md, csv, xlsx) and as a heatmap picture (PNG)."""

from __future__ import annotations

import io
import textwrap
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.export.formats import (
    Cell,
    Format,
    add_sheet,
    choose_format,
    csv_bytes,
    markdown_table,
    new_workbook,
    workbook_bytes,
    write_file,
)
from kb.types import Clause

MATRIX_FORMATS: tuple[Format, ...] = ("md", "csv", "xlsx", "png")
# Fonts with the Chinese glyphs, best first; matplotlib's default DejaVu Sans has none.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "AR PL UMing CN",
)


@dataclass(frozen=True)
class Matrix:
    """Counts per (department, document). Departments busiest first; documents in the order met."""

    departments: tuple[str, ...]
    docs: tuple[str, ...]
    doc_titles: tuple[str, ...]
    lead: tuple[tuple[int, ...], ...]  # lead[i][j]: clauses department i leads in document j
    shared: tuple[tuple[int, ...], ...]  # shared[i][j]: clauses where it is a co-responsible unit

    def cell(self, department: str, doc: str) -> tuple[int, int]:
        """(lead, shared) for one department in one document; (0, 0) where it has none."""
        if department not in self.departments or doc not in self.docs:
            return (0, 0)
        i, j = self.departments.index(department), self.docs.index(doc)
        return (self.lead[i][j], self.shared[i][j])

    def totals(self, department: str) -> tuple[int, int]:
        """(lead, shared) for one department across all documents."""
        if department not in self.departments:
            return (0, 0)
        i = self.departments.index(department)
        return (sum(self.lead[i]), sum(self.shared[i]))


def matrix(clauses: Iterable[Clause]) -> Matrix:
    """Count, per department and document, the clauses it leads and those it shares."""
    counts: dict[tuple[str, str], list[int]] = {}
    departments: dict[str, None] = {}
    docs: dict[str, str] = {}
    for clause in clauses:
        docs.setdefault(clause.doc, clause.doc_title or clause.doc)
        for name in clause.departments:
            departments.setdefault(name, None)
            counts.setdefault((name, clause.doc), [0, 0])[0 if clause.led_by(name) else 1] += 1
    doc_ids = tuple(docs)

    def row(name: str, role: int) -> tuple[int, ...]:
        return tuple(counts.get((name, doc), [0, 0])[role] for doc in doc_ids)

    def load(name: str) -> tuple[int, int]:
        return (sum(row(name, 0)) + sum(row(name, 1)), sum(row(name, 0)))

    # Busiest first (all clauses, then led ones); sorted() is stable, so ties keep first-appearance order.
    ordered = tuple(sorted(departments, key=load, reverse=True))
    return Matrix(
        departments=ordered,
        docs=doc_ids,
        doc_titles=tuple(docs.values()),
        lead=tuple(row(name, 0) for name in ordered),
        shared=tuple(row(name, 1) for name in ordered),
    )


def _table(m: Matrix) -> tuple[list[str], list[list[Cell]]]:
    headers = ["部门"]
    for title in m.doc_titles:
        headers += [f"{title} 牵头", f"{title} 配合"]
    headers += ["合计 牵头", "合计 配合"]
    rows: list[list[Cell]] = []
    for i, name in enumerate(m.departments):
        row: list[Cell] = [name]
        for j in range(len(m.docs)):
            row += [m.lead[i][j], m.shared[i][j]]
        row += list(m.totals(name))
        rows.append(row)
    return headers, rows


def matrix_markdown(m: Matrix) -> str:
    """The matrix as a Markdown table, one cell per document reading `lead / shared`."""
    headers = ["部门", *m.doc_titles, "合计"]
    rows: list[list[Cell]] = []
    for i, name in enumerate(m.departments):
        lead, shared = m.totals(name)
        cells = [f"{m.lead[i][j]} / {m.shared[i][j]}" for j in range(len(m.docs))]
        rows.append([name, *cells, f"{lead} / {shared}"])
    legend = "每格：牵头条款数 / 配合条款数。\n\n"
    return "# 部门职责矩阵\n\n" + legend + markdown_table(headers, rows)


def matrix_bytes(m: Matrix, fmt: str) -> bytes:
    """The matrix as md, csv, xlsx or png bytes."""
    chosen = choose_format(None, fmt, MATRIX_FORMATS, "responsibility matrix")
    if chosen == "png":
        return matrix_heatmap_png(m)
    if chosen == "md":
        return matrix_markdown(m).encode("utf-8")
    headers, rows = _table(m)
    if chosen == "csv":
        return csv_bytes(headers, rows)
    workbook = new_workbook()
    widths = [22] + [12] * (len(headers) - 1)
    add_sheet(workbook, "部门职责矩阵", headers, rows, widths)
    return workbook_bytes(workbook)


def write_matrix(m: Matrix, path: str | Path, fmt: str | None = None) -> Path:
    """Write the matrix; the format is `fmt`, else the file's suffix (.md, .csv, .xlsx, .png)."""
    chosen = choose_format(path, fmt, MATRIX_FORMATS, "responsibility matrix")
    return write_file(path, matrix_bytes(m, chosen))


@cache
def cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, or None (with a warning) if there is none."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    fallback = sorted(n for n in installed if "CJK" in n or "Hei" in n or "Song" in n)
    if fallback:
        return fallback[0]
    warnings.warn(
        "no font with Chinese glyphs found (install fonts-noto-cjk): heatmap labels will show empty boxes",
        stacklevel=2,
    )
    return None


def matrix_heatmap_png(m: Matrix, dpi: int = 120) -> bytes:
    """A heatmap of the matrix: colour = clauses the department is named in, label = lead/shared."""
    # The object API with the Agg canvas, not pyplot: no global figure state, safe in the app's threads.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    family = cjk_font()
    rows, cols = max(len(m.departments), 1), max(len(m.docs), 1)
    figure = Figure(figsize=(3.2 + 1.6 * cols, 1.4 + 0.36 * rows), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    totals = [[m.lead[i][j] + m.shared[i][j] for j in range(len(m.docs))] for i in range(len(m.departments))]
    image = axes.imshow(totals or [[0]], cmap="Blues", aspect="auto", vmin=0)
    doc_labels = [textwrap.fill(t, 9) for t in m.doc_titles]
    axes.set_xticks(range(len(m.docs)), doc_labels, fontsize=8, fontfamily=family)
    axes.set_yticks(range(len(m.departments)), list(m.departments), fontsize=8, fontfamily=family)
    axes.xaxis.tick_top()
    peak = max((v for row in totals for v in row), default=0)
    for i, row in enumerate(totals):
        for j, value in enumerate(row):
            colour = "white" if peak and value > peak * 0.6 else "black"
            label = f"{m.lead[i][j]}/{m.shared[i][j]}"
            axes.text(j, i, label, ha="center", va="center", fontsize=8, color=colour)
    colorbar = figure.colorbar(image, ax=axes, fraction=0.08)
    colorbar.set_label("条款数（牵头+配合）", fontsize=8, fontfamily=family)
    axes.set_xlabel("每格：牵头/配合", fontsize=8, fontfamily=family)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
