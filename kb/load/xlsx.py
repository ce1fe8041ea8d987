"""Excel workbooks (.xlsx) through openpyxl: a task-breakdown table (任务分解表) as the lines a DOCX table gives.

Offices keep the 任务分解表 as a spreadsheet: a title row merged across the sheet, a header row (序号 / 重点任务
/ 具体任务 / 牵头单位 / 配合单位 / 完成时限), and each 重点任务 cell merged down over its several rows. Each row
becomes one line with its cells joined by " | " (like a DOCX table row), so kb.parse.tables reads it as a
clause with its lead, co-units and deadline.

- A cell merged down over several rows (a 重点任务, a shared 牵头单位) is carried down: every row it covers
  holds its value, so each row is a whole clause.
- A cell merged across part of a row keeps its value in its first column and leaves the others empty, so the
  row's cells stay under their header.
- A row merged across the whole sheet (the title, or a section heading such as `一、培育好强科创动能` between
  the rows) is a line of its own; after a section heading the header row is given again, so the rows that
  follow stay a task table, under that section.
- A date cell reads as written in Chinese documents (2026年12月31日); a whole number without `.0`.
Hidden sheets are skipped; visible sheets are read in order.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from kb.errors import CorruptFile
from kb.load.docx import CELL_SEPARATOR
from kb.types import Line

Grid = dict[tuple[int, int], str]


def load_xlsx(data: bytes, path: str) -> tuple[Line, ...]:
    """One line per non-empty row of every visible sheet, merged cells resolved as the module says."""
    import openpyxl

    try:
        # not read_only: merged cell ranges are only known to the full worksheet model
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise CorruptFile(path, f"the XLSX is truncated or damaged and cannot be opened ({exc})") from exc
    except Exception as exc:  # openpyxl raises many kinds on a damaged package
        raise CorruptFile(path, f"the XLSX is damaged: {type(exc).__name__}: {exc}") from exc
    lines: list[Line] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            lines.extend(Line(text=text) for text in _sheet_lines(sheet))
    return tuple(lines)


def _sheet_lines(sheet: Any) -> Iterator[str]:
    grid, banners = _grid(sheet)
    width = max((column for _, column in grid), default=0)
    header: str | None = None
    header_due = False  # the header row is given right before the rows under it, again after a section row
    for row in range(1, (sheet.max_row or 0) + 1):
        if row in banners:
            yield banners[row]
            header_due = header is not None
            continue
        cells = [grid.get((row, column), "") for column in range(1, width + 1)]
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        if len(filled) == 1:  # a note or a title typed into one cell: a line of text, not a row
            yield filled[0]
            continue
        line = CELL_SEPARATOR.join(cells)
        if header is None:
            header, header_due = line, True
            continue
        if header_due and line != header:
            yield header
        header_due = False
        yield line


def _grid(sheet: Any) -> tuple[Grid, dict[int, str]]:
    """The sheet's cell texts by (row, column) with merged ranges resolved, and the full-width rows' texts."""
    grid: Grid = {}
    for row in sheet.iter_rows():
        for cell in row:
            text = cell_text(cell.value)
            if text:
                grid[(cell.row, cell.column)] = text
    used_columns = {column for _, column in grid}
    first, last = (min(used_columns), max(used_columns)) if used_columns else (1, 1)
    banners: dict[int, str] = {}
    for merged in sheet.merged_cells.ranges:
        value = grid.get((merged.min_row, merged.min_col), "")
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                grid.pop((row, column), None)
            if value and merged.min_col <= first and merged.max_col >= last and last > first:
                if row == merged.min_row:
                    banners[row] = value
            elif value:
                grid[(row, merged.min_col)] = value  # carried down; across, only its first column
    return grid, banners


def cell_text(value: object) -> str:
    """A cell's value as a document writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # a line break inside a cell is layout (Alt+Enter), joined as a DOCX soft break is
    pieces = [piece.strip() for piece in text.splitlines() if piece.strip()]
    joined = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        joined += " " + piece if joined[-1:].isascii() and piece[:1].isascii() else piece
    return joined
