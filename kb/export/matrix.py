"""The department × document responsibility matrix: how many clauses each department leads and shares in
each document, as a table (md, csv, xlsx) and as a heatmap picture (PNG)."""

from __future__ import annotations

import io
import textwrap
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
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
from kb.unit import NO_PLACE, Unit

TableRows = tuple[list[str], list[list[Cell]]]

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
    """Counts per (unit, document). Units grouped by place (places in order met, unknown place last), busiest
    first within a place; documents in the order met. Two places' 市财政局 are two rows."""

    departments: tuple[str, ...]  # row labels: unit names, with their place when several places are counted
    docs: tuple[str, ...]
    doc_titles: tuple[str, ...]
    lead: tuple[tuple[int, ...], ...]  # lead[i][j]: clauses unit i leads in document j
    shared: tuple[tuple[int, ...], ...]  # shared[i][j]: clauses where it is a co-responsible unit
    units: tuple[Unit, ...] = ()  # the unit of each row
    doc_places: tuple[str | None, ...] = ()  # the place of each document column

    def cell(self, department: str, doc: str) -> tuple[int, int]:
        """(lead, shared) for one row (its label) in one document; (0, 0) where it has none."""
        if department not in self.departments or doc not in self.docs:
            return (0, 0)
        i, j = self.departments.index(department), self.docs.index(doc)
        return (self.lead[i][j], self.shared[i][j])

    def totals(self, department: str) -> tuple[int, int]:
        """(lead, shared) for one row (its label) across all documents."""
        if department not in self.departments:
            return (0, 0)
        i = self.departments.index(department)
        return (sum(self.lead[i]), sum(self.shared[i]))

    @property
    def several_places(self) -> bool:
        return len({u.place for u in self.units}) > 1

    def by_place(self) -> list[tuple[str, list[int], list[int]]]:
        """(place shown, its rows, its document columns) for each place, in the rows' order."""
        groups: dict[str, tuple[list[int], list[int]]] = {}
        for i, unit in enumerate(self.units):
            groups.setdefault(unit.where, ([], []))[0].append(i)
        for j, place in enumerate(self.doc_places):
            groups.setdefault(place or NO_PLACE, ([], []))[1].append(j)
        return [(place, rows, cols) for place, (rows, cols) in groups.items() if rows]


def matrix(clauses: Iterable[Clause], doc_places: Mapping[str, str | None] | None = None) -> Matrix:
    """Count, per unit and document, the clauses it leads and those it shares. With `doc_places` (document id →
    its place) a unit is (place, name): the same name in two places' documents is two rows, labelled with the
    place when several places are counted."""
    places = doc_places or {}
    counts: dict[tuple[Unit, str], list[int]] = {}
    units: dict[Unit, None] = {}
    docs: dict[str, str] = {}
    for clause in clauses:
        docs.setdefault(clause.doc, clause.doc_title or clause.doc)
        for name in clause.departments:
            unit = Unit(name, places.get(clause.doc))
            units.setdefault(unit, None)
            counts.setdefault((unit, clause.doc), [0, 0])[0 if clause.led_by(name) else 1] += 1
    doc_ids = tuple(docs)

    def row(unit: Unit, role: int) -> tuple[int, ...]:
        return tuple(counts.get((unit, doc), [0, 0])[role] for doc in doc_ids)

    def load(unit: Unit) -> tuple[int, int]:
        return (sum(row(unit, 0)) + sum(row(unit, 1)), sum(row(unit, 0)))

    place_order: dict[str | None, int] = {
        p: i for i, p in enumerate(dict.fromkeys(u.place for u in units if u.place))
    }
    # By place (unknown last), then busiest first (all clauses, then led ones); sorted() is stable, so ties
    # keep first-appearance order.
    ordered = tuple(
        sorted(
            units,
            key=lambda u: (place_order.get(u.place, len(place_order)), *(-n for n in load(u))),
        )
    )
    several = len({u.place for u in ordered}) > 1
    return Matrix(
        departments=tuple(u.shown(several) for u in ordered),
        docs=doc_ids,
        doc_titles=tuple(docs.values()),
        lead=tuple(row(unit, 0) for unit in ordered),
        shared=tuple(row(unit, 1) for unit in ordered),
        units=ordered,
        doc_places=tuple(places.get(doc) for doc in doc_ids),
    )


def _table(m: Matrix, rows_of: Sequence[int] | None = None, cols: Sequence[int] | None = None) -> TableRows:
    """Headers and rows (default: every row and column); a 地区 column first when several places are counted
    in one table."""
    rows_of = range(len(m.departments)) if rows_of is None else rows_of
    cols = range(len(m.docs)) if cols is None else cols
    with_place = m.several_places and len({m.units[i].place for i in rows_of}) > 1
    headers = ["地区", "部门"] if with_place else ["部门"]
    for j in cols:
        headers += [f"{m.doc_titles[j]} 牵头", f"{m.doc_titles[j]} 配合"]
    headers += ["合计 牵头", "合计 配合"]
    rows: list[list[Cell]] = []
    for i in rows_of:
        unit = m.units[i] if m.units else Unit(m.departments[i])
        # a place's own table (its sheet) names its units without the place its title gives
        row: list[Cell] = (
            [unit.where, unit.name] if with_place else [unit.name if m.units else m.departments[i]]
        )
        for j in cols:
            row += [m.lead[i][j], m.shared[i][j]]
        row += [sum(m.lead[i][j] for j in cols), sum(m.shared[i][j] for j in cols)]
        rows.append(row)
    return headers, rows


def _markdown_rows(m: Matrix, rows_of: Sequence[int], cols: Sequence[int], name: Callable[[int], str]) -> str:
    headers = ["部门", *(m.doc_titles[j] for j in cols), "合计"]
    rows: list[list[Cell]] = []
    for i in rows_of:
        lead, shared = sum(m.lead[i][j] for j in cols), sum(m.shared[i][j] for j in cols)
        cells = [f"{m.lead[i][j]} / {m.shared[i][j]}" for j in cols]
        rows.append([name(i), *cells, f"{lead} / {shared}"])
    return markdown_table(headers, rows)


def matrix_markdown(m: Matrix) -> str:
    """The matrix as Markdown, one cell per document reading `lead / shared`; with several places, one table
    per place (its units, its documents)."""
    legend = "每格：牵头条款数 / 配合条款数。\n\n"
    if not m.several_places:
        everything = _markdown_rows(
            m, range(len(m.departments)), range(len(m.docs)), m.departments.__getitem__
        )
        return "# 部门职责矩阵\n\n" + legend + everything
    parts = ["# 部门职责矩阵（按地区）\n\n" + legend]
    for place, rows_of, cols in m.by_place():
        parts.append(f"## {place}\n\n" + _markdown_rows(m, rows_of, cols, lambda i: m.units[i].name))
    return "\n".join(parts)


def matrix_bytes(m: Matrix, fmt: str) -> bytes:
    """The matrix as md, csv, xlsx or png bytes."""
    chosen = choose_format(None, fmt, MATRIX_FORMATS, "responsibility matrix")
    if chosen == "png":
        return matrix_heatmap_png(m)
    if chosen == "md":
        return matrix_markdown(m).encode("utf-8")
    if chosen == "csv":
        return csv_bytes(*_table(m))
    workbook = new_workbook()
    # several places: a sheet per place, its units and its documents only
    groups = m.by_place() if m.several_places else [("部门职责矩阵", None, None)]
    for title, rows_of, cols in groups:
        headers, rows = _table(m, rows_of, cols)
        widths = [22] + [12] * (len(headers) - 1)
        add_sheet(workbook, title[:31], headers, rows, widths)  # Excel's limit on a sheet's name
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
