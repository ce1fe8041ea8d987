"""Excel workbooks (.xlsx) through openpyxl: a task-breakdown table (任务分解表) as the lines a DOCX table gives.

Offices keep the 任务分解表 as a spreadsheet: a title row merged across the sheet, a header row (序号 / 重点任务
/ 具体任务 / 牵头单位 / 配合单位 / 完成时限), and each 重点任务 cell merged down over its several rows. Each row
becomes one line with its cells joined by " | " (like a DOCX table row), so kb.parse.tables reads it as a
clause with its lead, co-units and deadline. Merged cells are resolved as kb.load.grid says: a 重点任务 merged
down is carried into each of its rows; the title row and section rows merged across are lines of their own.
A cell reads as a document writes it (kb.load.xlsx.cell_text): a date 2026年12月31日, a percentage 8.5%.
Hidden sheets are skipped; visible sheets are read in order.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from kb.errors import CorruptFile
from kb.load.grid import Cells, grid_lines
from kb.types import Line


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
    cells: Cells = {}
    for row in sheet.iter_rows():
        for cell in row:
            text = cell_text(cell.value, cell.number_format)
            if text:
                cells[(cell.row, cell.column)] = text
    merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
    return grid_lines(cells, merges)


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as a document writes it: a date as 2026年12月31日, a percentage as 8.5% (Excel stores
    0.085), a whole number without `.0`."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in number_format:
        return f"{round(value * 100, 6):g}%"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # lines of one cell (Alt+Enter) joined by a space, as the DOCX loader joins a cell's paragraphs
    return " ".join(piece.strip() for piece in str(value).splitlines() if piece.strip())
