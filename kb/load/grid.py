"""A table with merged cells (a spreadsheet's merged ranges, an HTML table's rowspan/colspan) as the lines a
DOCX table gives: one per row, its cells joined by " | ", so kb.parse.tables reads each row as a clause.

- A cell merged down over several rows (a 重点任务 over its tasks, a shared 牵头单位) is carried down: every row
  it covers holds its value, so each row is a whole clause.
- A cell merged across part of a row keeps its value in its first column and leaves the others empty, so the
  row's cells stay under their header.
- A row merged across the whole table (a title, or a section heading such as `一、培育好强科创动能` between the
  rows) is a line of its own; after a section heading the header row is given again, so the rows that follow
  stay a task table, under that section.
- A row with one filled cell (a note typed into one cell) is a line of text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kb.load.docx import CELL_SEPARATOR

Cells = dict[tuple[int, int], str]  # (row, column) → text of the cell whose top-left corner is there
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (inclusive)


def grid_lines(cells: Cells, merges: Iterable[Merge]) -> Iterator[str]:
    """The table's rows as lines, top to bottom, merged cells resolved as the module says."""
    grid, banners = _resolve(dict(cells), merges)
    if not grid and not banners:
        return
    rows = [row for row, _ in grid] + list(banners)
    width = max((column for _, column in grid), default=0)
    first_column = min((column for _, column in grid), default=1)
    header: str | None = None
    header_due = False  # the header row is given right before the rows under it, again after a section row
    for row in range(min(rows), max(rows) + 1):
        if row in banners:
            yield banners[row]
            header_due = header is not None
            continue
        texts = [grid.get((row, column), "") for column in range(first_column, width + 1)]
        filled = [text for text in texts if text]
        if not filled:
            continue
        if len(filled) == 1:
            yield filled[0]
            continue
        line = CELL_SEPARATOR.join(texts)
        if header is None:
            header, header_due = line, True
            continue
        if header_due and line != header:
            yield header
        header_due = False
        yield line


def _resolve(grid: Cells, merges: Iterable[Merge]) -> tuple[Cells, dict[int, str]]:
    """The cells with merged ranges carried down (and kept in their first column), and the full-width rows."""
    used = {column for _, column in grid}
    first, last = (min(used), max(used)) if used else (1, 1)
    banners: dict[int, str] = {}
    for top, left, bottom, right in merges:
        value = grid.get((top, left), "")
        full_width = left <= first and right >= last and last > first
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                grid.pop((row, column), None)
            if value and full_width:
                if row == top:
                    banners[row] = value
            elif value:
                grid[(row, left)] = value
    return grid, banners
