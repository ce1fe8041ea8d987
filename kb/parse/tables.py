"""Task-breakdown tables (任务分解表) become clauses, one per row, with the row's lead and co-units as departments.

Loaders give a table row as one line with its cells joined by " | " (DOCX rows; a TXT table pasted with |).
A table counts when its header row names a lead-unit column (牵头单位/责任单位/主责单位, or a word of a division of
work: 部门分工) — or, in a `|` table, one column's every filled cell reads as units — and a task or content column
(or, where there is neither, a column of targets: `预期目标`, `2022年主要指标`),
and it runs while the following rows have as many cells as the header. A column of other units (评分部门: who
scores, not who does) is read past. Other tables stay plain text.

- `normalize_keeping_rows(doc)` normalizes as `normalize` does but keeps such a table's rows one paragraph each
  (a TXT row has no end punctuation, so normalizing alone would glue the rows together);
- `find_tables(paragraphs)` takes the tables out of the paragraph stream, remembering where each stood;
- `table_clauses(...)` hangs each table's rows under the outline item the table continues:
  number = the item's number + (序号 or row index,), or (0, row) before any numbered item.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kb.parse.facts import find_deadlines, find_indicators
from kb.parse.normalize import normalize
from kb.parse.notes import (
    LABEL_NOUNS,
    ROLE_ONLY_VERBS,
    VERBS,
    NoteReading,
    Role,
    Unit,
    is_note_line,
    is_wellformed,
    label_role,
    read_note,
    read_units,
)
from kb.parse.outline import PREAMBLE_TITLE, build_outline, read_marker, split_title
from kb.parse.unit_names import has_unit_ending, looks_like_unit
from kb.types import Clause, Deadline, Paragraph, SourceDoc

# Header cell → what the column holds. Compared after removing whitespace and bracketed remarks.
_COLUMNS: dict[str, frozenset[str]] = {
    "number": frozenset({"序号", "编号"}),
    "task": frozenset({"任务", "工作任务", "重点任务", "任务名称", "主要任务", "重点工作", "工作事项"}),
    "content": frozenset(
        {
            "主要内容",
            "具体措施",
            "工作内容",
            "具体内容",
            "任务内容",
            "工作措施",
            "主要措施",
            "具体任务",
            "工作举措",
        }
    ),
    # the unit columns are named by note labels (kb.parse.notes.label_role): `牵头单位`, `责任单位`, `配合单位`…
    "deadline": frozenset({"完成时限", "时间节点", "完成时间", "时限", "时限要求", "完成时限要求"}),
}
_COLUMN_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("task", ("任务", "事项", "名称")),
    ("content", ("内容", "措施", "举措")),
    ("deadline", ("时限", "时间", "节点", "进度安排", "时间安排")),
)
_REMARK = re.compile(r"[（(][^（()）]*[）)]|\s+")
# A column of targets (`预期目标`, `2022年主要目标`, `主要指标`): what each row is about, where the header names no
# task or content column — a table of the year's targets with one unit a row.
_TARGET_ENDINGS = ("目标", "指标")
_RULE_CELL = re.compile(r"^:?-{3,}:?$")  # a markdown table's |---|---| line
_BARE_DATE = re.compile(r"20\d{2}\s*年(?:\s*\d{1,2}\s*月)?")


@dataclass(frozen=True)
class Table:
    """A task table taken out of the paragraph stream; `before` = paragraphs of the stream that precede it."""

    before: int
    page: int | None
    columns: dict[str, int]  # column role → cell index
    rows: tuple[tuple[str, ...], ...]  # data rows only (header, repeated headers and rule lines dropped)
    header: tuple[str, ...] = ()


def split_cells(text: str) -> list[str] | None:
    """`A | B | C` → [A, B, C] (outer pipes of a markdown row `| A | B |` ignored: only a pipe at both ends is
    one; `A | B | ` is a row whose last cell is empty); None for a line without cells."""
    stripped = text.strip()
    if "|" not in stripped:
        return None
    if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
        stripped = stripped[1:-1]
    return [cell.strip() for cell in stripped.split("|")]


def header_columns(cells: Sequence[str]) -> dict[str, int] | None:
    """Column roles of a header row, or None when it is not a task table's header (no lead-unit column, or
    neither a task nor a content column)."""
    columns = _header_roles(cells)
    if "lead" not in columns or not ({"task", "content"} & columns.keys()):
        return None
    return columns


def _header_roles(cells: Sequence[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _REMARK.sub("", cell)
        for role, names in _COLUMNS.items():
            if key in names and role not in columns:
                columns[role] = index
        for role, endings in _COLUMN_ENDINGS:  # header words met nowhere yet, by how they end
            if (
                role not in columns
                and not any(key in names for names in _COLUMNS.values())
                and key.endswith(endings)
            ):
                columns[role] = index
        unit_role = column_role(key)
        column = None if unit_role is None else "co" if unit_role == "co" else "lead"
        if column == "lead" and "lead" in columns:
            # `牵头单位 | 责任单位 | 配合单位`: a second unit column beside the lead column holds units, not leads
            column = "also"
        if column and column not in columns:
            columns[column] = index
    if not ({"task", "content"} & columns.keys()):
        target = next(
            (i for i, cell in enumerate(cells) if i not in columns.values() and _target_cell(cell)), None
        )
        if target is not None:
            columns["task"] = target
    else:
        # beside the task or content, a column of the row's value (年度目标, 2025年目标值) and one of its unit of
        # measure (单位): what the row's item is to reach, read with it
        value = next((i for i, cell in enumerate(cells) if i not in columns.values() and _value_cell(cell)), None)
        if value is not None:
            columns["value"] = value
            measure = next(
                (i for i, cell in enumerate(cells) if i not in columns.values() and _REMARK.sub("", cell) in _MEASURE),
                None,
            )
            if measure is not None:
                columns["measure"] = measure
    return columns


# a header of the value a row's item is to reach: 年度目标, 2025年目标值, 预期值 (not 指标 alone: the item's name)
_VALUE_ENDINGS = ("目标", "目标值", "指标值", "预期值", "计划值", "预期效果")
_MEASURE = frozenset({"单位", "计量单位", "指标单位"})  # the unit of measure's header, beside a value column
_MEASURE_AT_MOST = 6  # characters of a unit of measure (万元/人, 平方公里); a longer cell is a shifted item
_BARE_NUMBER = re.compile(r"[≥≤>＜<＞约]?\s*\d+(?:\.\d+)?")


def _value_cell(cell: str) -> bool:
    key = _REMARK.sub("", cell)
    return 2 <= len(key) <= 12 and key.endswith(_VALUE_ENDINGS) and column_role(key) is None


def _with_value(text: str, cells: Sequence[str], table: Table) -> str:
    """The row's item with the value its value column sets (农林牧渔业增加值增幅：≥2%, 粮食播种面积：0.07万亩 — a bare
    number with the unit of measure of its row); the item alone when the table has no such column or the cell is
    empty."""
    value = _cell(cells, table, "value").strip() if "value" in table.columns else ""
    if not value or value == text:  # a short row's words shifted into the value column are its item
        return text
    measure = _cell(cells, table, "measure").strip() if "measure" in table.columns else ""
    if measure and measure != text and len(measure) <= _MEASURE_AT_MOST and _BARE_NUMBER.fullmatch(value):
        value += measure
    return f"{text}：{value}"


def _target_cell(cell: str) -> bool:
    key = _REMARK.sub("", cell)
    return 2 <= len(key) <= 12 and key.endswith(_TARGET_ENDINGS) and column_role(key) is None


def column_role(key: str) -> Role | None:
    """The role a header word gives the units of its column: a note label's (`牵头单位`, `配合部门`), or — for a
    word that speaks of a division of work (`部门分工`, `责任分工`, `分工`) — the plain responsible role (its
    cells say who leads: `A牵头，B配合`). A column of people (`分工领导`, `分工负责人`) is none."""
    role = label_role(key)
    if role is None and "分工" in key and len(key) <= 6 and not key.endswith(("领导", "人")):
        return "duty"
    return role


def table_columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> dict[str, int] | None:
    """Column roles of a table with its rows: by the header's words (`header_columns`), or — where no header
    word names a unit column (`部门分工`, `分工`, a bare `部门`) — the first column whose every filled cell
    reads as units (`A牵头，B配合`, `A、B`), beside a task or content column. A column headed as other units
    (`评分部门`) or as people is never it."""
    found = header_columns(header)
    if found is not None:
        return found
    columns = _header_roles(header)
    if not ({"task", "content"} & columns.keys()):
        return None
    for index, name in enumerate(header):
        if index in columns.values() or is_other_unit_column(name):
            continue
        filled = [row[index] for row in rows if index < len(row) and row[index].strip() not in EMPTY_MARKS]
        filled = [cell for cell in filled if cell.strip()]
        if len(filled) >= 2 and all(_reads_as_units(cell) for cell in filled):
            return {**columns, "lead": index}
    return None


def _reads_as_units(cell: str) -> bool:
    """A cell that is a list of units, or a note of units with their verbs, every name unit-shaped."""
    units = _cell_units(cell, "duty")
    return bool(units) and all(is_wellformed(u.name) and looks_like_unit(u.name) for u in units)


def table_spans(texts: Sequence[str]) -> list[tuple[int, int]]:
    """[start, end) of each task table in a list of lines or paragraphs: its header and the rows after it
    with the same number of cells. A header without a row under it is not a table."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(texts):
        cells = split_cells(texts[index])
        if cells is None or not ({"task", "content"} & _header_roles(cells).keys()):
            index += 1  # no header of a task table: not worth counting the rows after it
            continue
        end = index + 1
        while end < len(texts) and len(split_cells(texts[end]) or ()) == len(cells):
            end += 1
        rows = [split_cells(text) or [] for text in texts[index + 1 : end]]
        if end > index + 1 and table_columns(cells, rows) is not None:
            spans.append((index, end))
            index = end
        else:
            index += 1
    return spans


# --- tables written flat: one cell per line, or one row per line with spaces between cells ------------------

# a header word, perhaps opened by the year or the months it speaks of (`2022年预期目标`, `1-10月推进情况`)
_HEADER_CELL = re.compile(
    r"^(?:20\d{2}年度?|\d{1,2}[-—~～至]\d{1,2}月份?)?[\u4e00-\u9fff（()）]{2,12}$"
)
# a row that spans the whole table and heads the rows below it (`一、做大做强主导产业`, `（二）民生保障`): an outline
# heading between the rows, not a row
_SECTION_ROW_AT_MOST = 30
_ROW_NUMBER = re.compile(r"^\d{1,4}$")
_MAX_ROW_LINES = 60  # a row spread over more lines than this is not a row of a flattened table


def _flat_cell(line: str) -> str:
    """A line as a flattened table's cell: a copied table may end each cell with its ` |`."""
    return line.strip().removesuffix("|").strip()


def _unit_line(cell: str) -> bool:
    """A line that is a unit cell: unit-shaped (a collective ending in a verb, `全市统筹` — a target written as
    how it is reached — is none), a note of units with verbs that give a role and nothing else (牵头, 配合,
    负责…), or an empty-cell mark."""
    if cell.strip() in EMPTY_MARKS:
        return True
    if any(verb in cell for verb in ROLE_ONLY_VERBS) and is_note_line(cell):  # `A牵头，B配合` in one cell
        return True
    return looks_like_unit(cell) and (has_unit_ending(cell) or not cell.endswith(_VERB_WORDS))


_VERB_WORDS = tuple(verb for verb, _ in VERBS)


def unflatten_tables(texts: Sequence[str]) -> list[tuple[int, int, list[str]]]:
    """Task tables whose cells lost their row structure, as (start, end, rows written `A | B | C`) spans of the
    lines to put in their place. Two forms are read by their shape:

    - one cell per line: a header of short column words each on its own line, opening with 序号 (the row
      numbers are what tell the rows apart) and naming a unit column; then each row's number on its own line
      and its cells after it — a merged cell (a category written once for several rows) is missing from the
      rows below it, and a unit cell listing several units may put each on a line of its own;
    - one row per line, cells separated by spaces: `序号 工作任务 牵头单位` then `1 任务… 发展改革委`.
    """
    spans: list[tuple[int, int, list[str]]] = []
    index = 0
    while index < len(texts):
        found = (
            _cell_per_line_table(texts, index)
            or _space_separated_table(texts, index)
            or _unnumbered_table(texts, index)
        )
        if found is None:
            index += 1
            continue
        spans.append(found)
        index = found[1]
    return spans


# Header words of a category column that may stand before 序号 (`考核项目 | 序号 | …`): its cell, written once
# for the rows it spans, stands before the number of the first of them.
_CATEGORY_ENDINGS = ("项目", "类别", "分类", "类型", "领域", "板块", "方面", "事项")
_MAX_LEADING = 2  # category columns before 序号


def is_other_unit_column(cell: str) -> bool:
    """A column whose header is a unit noun with no responsibility cue (`评分部门`, `考核单位`, `监督部门`): its
    cells name bodies, but not the ones that carry the row out — read past, never taken. A bare `单位` is no such
    header (it is the column of measures: `%`, `万亩`)."""
    key = _REMARK.sub("", cell)
    return 3 <= len(key) <= 8 and key.endswith(LABEL_NOUNS) and label_role(key) is None


def _key(line: str) -> str:
    return _REMARK.sub("", _flat_cell(line))


def _cell_per_line_table(texts: Sequence[str], start: int) -> tuple[int, int, list[str]] | None:
    leading = next(
        (
            i
            for i in range(_MAX_LEADING + 1)
            if start + i < len(texts) and _key(texts[start + i]) in _COLUMNS["number"]
        ),
        None,
    )
    if leading is None or not all(
        _key(t).endswith(_CATEGORY_ENDINGS) for t in texts[start : start + leading]
    ):
        return None
    header: list[str] = []
    end = start
    while end < len(texts) and _HEADER_CELL.match(_key(texts[end]) or "-"):
        header.append(_key(texts[end]))
        end += 1
    first: list[str] = []  # the first row's cells before its number
    if leading:
        number_at = next(
            (
                i
                for i in range(end, min(end + leading + 1, len(texts)))
                if _ROW_NUMBER.match(_flat_cell(texts[i]))
            ),
            None,
        )
        if number_at is None or number_at - leading < start + leading + 3:
            return None
        first = [_flat_cell(t) for t in texts[number_at - leading : number_at]]
        header = header[: number_at - leading - start]
        end = number_at
    inner = header[leading:]
    columns = header_columns(inner) if len(inner) >= 3 else None
    if columns is None or columns.get("number") != 0:
        return None
    units = [i for i, cell in enumerate(inner) if column_role(cell) is not None]
    if units != list(range(units[0], units[-1] + 1)):
        return None  # unit columns apart from one another: which line belongs to which cannot be told
    # a row ending in a unit-shaped cell (its last column holds units) that ends instead in other lines: those
    # are the next row's category cells, written before its number
    last_holds_units = units[-1] == len(inner) - 1 or is_other_unit_column(inner[-1])
    rows: list[str] = []
    head = " | ".join([*inner, *header[:leading]])
    out: list[str] = []  # the lines put in the table's place: section rows and, after each, the header again
    while end < len(texts) and _section_row(_flat_cell(texts[end])):
        out.append(_flat_cell(texts[end]))
        end += 1
    while end < len(texts) and _ROW_NUMBER.match(_flat_cell(texts[end])):
        number = int(_flat_cell(texts[end]))
        following = [_flat_cell(t) for t in texts[end + 1 : end + 1 + _MAX_ROW_LINES]]
        cut = next((i for i, cell in enumerate(following) if cell == str(number + 1) or _section_row(cell)), None)
        at_end = end + 1 + len(following) >= len(texts) and len(following) < len(inner)
        following = (
            following[:cut]
            if cut is not None
            else following
            if at_end  # the text ends with this row: what is left is all of it
            else following[: _last_row_length(following, inner, units)]
        )
        lines, category = following, list[str]()
        while (
            cut is not None
            and leading
            and last_holds_units
            and len(category) < leading
            and lines
            and not _unit_line(lines[-1])
        ):
            lines, category = lines[:-1], [lines[-1], *category]
        cells = _row_cells(lines, inner, units, whole=cut is not None)
        if cells is None and rows and 0 < len(lines) < len(inner) and not any(map(_unit_line, lines)):
            # the row after the last one read, with no unit cell (a unit cell merged into the row above, or left
            # empty): kept as a row that names no unit, its text cells from the left, never read into another
            padded, text_columns = [*lines, *([""] * len(inner))], units[0] - 1
            cells = [*padded[:text_columns], *([""] * len(units)), *padded[text_columns : len(inner) - 1 - len(units)]]
        if cells is None:
            break
        rows.append(" | ".join([str(number), *cells, *first]))
        if category:
            first = (([""] * leading) + category)[-leading:]
        end += 1 + len(following)
        sections = []
        while end < len(texts) and _section_row(_flat_cell(texts[end])):
            sections.append(_flat_cell(texts[end]))
            end += 1
        if sections:
            if not (end < len(texts) and _ROW_NUMBER.match(_flat_cell(texts[end]))):
                end -= len(sections)  # headings after the table's last row belong to the text after it
                break
            out += [head, *rows, *sections]
            rows = []
    if rows:
        out += [head, *rows]
    if head not in out:
        return None
    return (start, end, out)


def _section_row(line: str) -> bool:
    """A line between a flattened table's rows that heads the rows below it: an outline heading (`一、…`,
    `（一）…`, `第一章…`), short, with no sentence in it."""
    marker = read_marker(line)
    return (
        marker is not None
        and marker.style in ("chapter", "section", "cn", "paren_cn")
        and len(line) <= _SECTION_ROW_AT_MOST
        and not re.search(r"[。；;]", line)
    )


_UNNUMBERED_HEADER_CELL = re.compile(r"^[\u4e00-\u9fff（()）][\u4e00-\u9fff（()）、]{1,15}$")


def _unnumbered_table(texts: Sequence[str], start: int) -> tuple[int, int, list[str]] | None:
    """A table with no 序号 column written one cell per line: a header of ≥3 short column words naming a unit column
    and a task, content or target column, then rows of exactly one line per column — each row's unit cell
    unit-shaped and no other cell, its first cell no heading (`目标任务 | 执行措施、实施步骤 | … | 责任分工 | 监督方式`
    and one line a cell).
    Without row numbers only full rows can be told apart: the table ends at the first row that does not read so."""
    if start > 0 and _UNNUMBERED_HEADER_CELL.match(_key(texts[start - 1])):
        return None  # not the header's first line
    header: list[str] = []
    end = start
    while end < len(texts) and _UNNUMBERED_HEADER_CELL.match(_key(texts[end])) and read_marker(texts[end]) is None:
        header.append(_key(texts[end]))
        end += 1
    if len(header) < 3 or "序号" in header:
        return None
    columns = header_columns(header)
    if columns is None:
        return None
    unit_columns = [i for i, cell in enumerate(header) if column_role(cell) is not None]
    rows: list[str] = []
    while end + len(header) <= len(texts):
        cells = [_flat_cell(t) for t in texts[end : end + len(header)]]
        if (
            any("|" in cell for cell in cells)
            or read_marker(cells[0]) is not None  # a heading: rows of merged cells, whose length cannot be told
            or any(_unit_line(cell) for i, cell in enumerate(cells) if i not in unit_columns)
            or not all(cells[i] and cells[i] not in EMPTY_MARKS and _reads_as_units(cells[i]) for i in unit_columns)
        ):
            break
        rows.append(" | ".join(cells))
        end += len(header)
    return (start, end, [" | ".join(header), *rows]) if rows else None


def _last_row_length(lines: Sequence[str], header: Sequence[str], units: Sequence[int]) -> int:
    """How many lines the last row takes: its first cell, its other text cells, then its unit lines (and the
    unit-shaped cells of columns such as 评分部门 after them)."""
    text_columns = units[0] - 1
    length = 1
    while length < len(lines) and length < text_columns and not _unit_line(lines[length]):
        length += 1
    while length < len(lines) and _unit_line(lines[length]):
        length += 1
    # then its cells after the units (完成时限): short lines, no sentence
    after = sum(not is_other_unit_column(cell) for cell in header[units[-1] + 1 :])
    while (
        after
        and length < len(lines)
        and len(lines[length]) <= 20
        and not re.search(r"[。，,；;]", lines[length])
    ):
        length, after = length + 1, after - 1
    return length


def _row_cells(
    lines: Sequence[str], header: Sequence[str], units: Sequence[int], *, whole: bool = False
) -> list[str] | None:
    """One row's lines as its cells after the number. The unit lines are the unit-shaped lines that end the row
    (a task's own words may end like a unit — `新建一批中小学校` — so the run is taken from the end); the text
    lines before them go right-aligned into the columns before the unit columns (a merged cell on the left is
    missing), and any surplus text line belongs to the unit cells (where it is reported as not a unit). Each
    unit column but the last takes one line, the last the remaining ones; columns after the units take the
    row's last lines: one line each for a column of other units (`评分部门`, whatever its shape), lines that
    are not unit-shaped for the others (完成时限). `whole`: the next row's number follows these lines, so they
    are all of the row — lines beyond its text cells are its unit cells even where they name no unit (they are
    reported as not units; the table goes on). None when the lines hold no unit cell."""
    text_columns = units[0] - 1
    after = header[units[-1] + 1 :]
    rest = list(lines)
    tail: list[str] = []
    for column in reversed(after):
        if not rest or not (is_other_unit_column(column) or not _unit_line(rest[-1])):
            break
        tail.insert(0, rest.pop())
    first_unit = len(rest)
    while first_unit > 1 and _unit_line(rest[first_unit - 1]):
        first_unit -= 1
    texts, unit_lines = rest[:first_unit], rest[first_unit:]
    if not texts or not (unit_lines or (whole and len(texts) > text_columns)):
        return None
    unit_lines = texts[text_columns:] + unit_lines
    texts = texts[:text_columns]
    unit_cells = [*unit_lines[: len(units) - 1], "、".join(unit_lines[len(units) - 1 :])]
    unit_cells += [""] * (len(units) - len(unit_cells))
    missing = [""] * (len(after) - len(tail))
    # the cells after the units fill from the left (a row leaves its last cells, 备注/说明, empty far more often than
    # a middle one) — except beside a column of other units, whose cell is told by its place from the end
    after_cells = missing + tail if any(is_other_unit_column(c) for c in after) else tail + missing
    return [""] * (text_columns - len(texts)) + texts + unit_cells + after_cells


def _space_separated_table(texts: Sequence[str], start: int) -> tuple[int, int, list[str]] | None:
    tokens = texts[start].split()
    if len(tokens) < 3 or tokens[0] not in _COLUMNS["number"] or "|" in texts[start]:
        return None
    header: list[str] = []
    spaced = False
    for token in tokens:  # `工 作 任 务`: a header word spaced out letter by letter is one cell
        if len(token) == 1 and spaced:
            header[-1] += token
        else:
            header.append(token)
        spaced = len(token) == 1
    columns = header_columns(header)
    if columns is None or columns.get("number") != 0:
        return None
    trailing = len(header) - 2  # the cells after the text cell are one token each
    rows: list[str] = []
    end = start + 1
    while end < len(texts):
        parts = texts[end].split()
        if len(parts) < 2 + trailing or not _ROW_NUMBER.match(parts[0]):
            break
        cells = parts[len(parts) - trailing :]
        if not any(_unit_line(cell) for cell in cells) or any(
            not _unit_line(cells[i - 2]) for i in range(2, len(header)) if column_role(header[i])
        ):
            break
        rows.append(" | ".join([parts[0], " ".join(parts[1 : len(parts) - trailing]), *cells]))
        end += 1
    return (start, end, [" | ".join(header), *rows]) if rows else None


def normalize_keeping_rows(doc: SourceDoc) -> list[Paragraph]:
    """`normalize(doc)`, except that each line of a task table stays a paragraph of its own (a table written
    flat, one cell per line or with spaces between cells, is put back into rows first)."""
    lines = [line for line in doc.lines if line.text.strip()]
    if not doc.visual_lines:
        for first, last, rows in reversed(unflatten_tables([line.text for line in lines])):
            lines[first:last] = [dataclasses.replace(lines[first], text=row) for row in rows]
    spans = [] if doc.visual_lines else table_spans([line.text for line in lines])
    if not spans:
        return normalize(doc)
    paragraphs: list[Paragraph] = []
    cursor = 0
    for start, end in spans:
        # the text between tables is normalized on its own, so nothing is joined across a table's edge
        paragraphs += normalize(dataclasses.replace(doc, lines=tuple(lines[cursor:start])))
        paragraphs += [Paragraph(text=line.text.strip(), page=line.page) for line in lines[start:end]]
        cursor = end
    return paragraphs + normalize(dataclasses.replace(doc, lines=tuple(lines[cursor:])))


def find_tables(paragraphs: Sequence[Paragraph]) -> tuple[list[Paragraph], list[Table]]:
    """The paragraphs without their task tables, and the tables."""
    body: list[Paragraph] = []
    tables: list[Table] = []
    cursor = 0
    for start, end in table_spans([p.text for p in paragraphs]):
        body += paragraphs[cursor:start]
        header = split_cells(paragraphs[start].text) or []
        rows = [split_cells(p.text) or [] for p in paragraphs[start + 1 : end]]
        columns = table_columns(header, rows) or {}
        data = [tuple(r) for r in rows if r != header and not all(_RULE_CELL.match(c) for c in r)]
        tables.append(Table(len(body), paragraphs[start].page, columns, tuple(data), tuple(header)))
        cursor = end
    return body + list(paragraphs[cursor:]), tables


def table_clauses(
    tables: Sequence[Table],
    body: Sequence[Paragraph],
    doc_id: str,
    doc_title: str,
) -> dict[int, list[Clause]]:
    """Row clauses of each table, keyed by how many outline items precede the table (where they go in order)."""
    placed: dict[int, list[Clause]] = {}
    used: dict[tuple[int, ...], set[int]] = {}  # row numbers taken under each parent, across its tables
    for table in tables:
        # the outline of the text before the table: its last item is the one open when the table starts
        _, before = build_outline(list(body[: table.before]), doc_id)
        number, path = (before[-1].number, before[-1].path) if before else ((0,), (PREAMBLE_TITLE,))
        taken = used.setdefault(number, set())
        for cells in table.rows:
            clause = _row_clause(cells, table, doc_id, doc_title)
            if clause is None:
                continue
            row = _row_number(_cell(cells, table, "number"), taken)
            taken.add(row)
            label = f"{row}. {clause.title}"
            clause = dataclasses.replace(clause, number=(*number, row), path=(*path, label))
            placed.setdefault(len(before), []).append(clause)
    return placed


# What offices write in a cell that has nothing to say: it is empty, never a unit's name.
EMPTY_MARKS = frozenset({"/", "／", "\\", "-", "－", "—", "——", "–", "无", "暂无", "空", "N/A", "n/a"})


def _cell(cells: Sequence[str], table: Table, role: str) -> str:
    index = table.columns.get(role)
    cell = cells[index] if index is not None and index < len(cells) else ""
    return "" if cell.strip() in EMPTY_MARKS else cell


def _row_number(written: str, taken: set[int]) -> int:
    """The 序号 as written when it is a fresh integer, else the next free number (merged or blank 序号 cells)."""
    if written.isdecimal() and int(written) > 0 and int(written) not in taken:
        return int(written)
    return max(taken, default=0) + 1


def _row_clause(cells: Sequence[str], table: Table, doc_id: str, doc_title: str) -> Clause | None:
    """One row as a clause (number and path are set by the caller); None for a row without task or content."""
    task, content = _cell(cells, table, "task"), _cell(cells, table, "content")
    text = content or task or _other_text(cells, table)
    if not text:
        return None
    if content and (len(task) > _TASK_IN_TITLE or re.search(r"[，,。；;]|\d", task)):
        # a task written as a sentence, or with its figures, says more than a title: the row's text opens with it
        text = f"{task.rstrip('。；;')}。{content}"
    text = _with_cells(_with_value(text, cells, table), text, cells, table)
    units, _ = _row_units(cells, table)
    names = tuple(dict.fromkeys(u.name for u in units))
    leads = NoteReading(units=tuple(units), form="table").leads(None)
    return Clause(
        doc=doc_id,
        doc_title=doc_title,
        number=(0,),
        path=(),
        title=task or split_title(content or text)[0],
        text=text,
        page=table.page,
        lead=leads[0] if leads else None,
        leads=leads,
        departments=tuple(dict.fromkeys((*leads, *names))),
        departments_raw=names,
        indicators=tuple(find_indicators(text)),
        deadlines=_deadlines(_cell(cells, table, "deadline") if "deadline" in table.columns else text),
    )


_TASK_IN_TITLE = 30  # characters of a task cell that its row's title shows whole

# columns a row's clause text never repeats: what it is made of already, and the columns of units (read as its units,
# or — 评分部门 — as bodies that do not carry the row out)
_READ_COLUMNS = frozenset({"number", "task", "content", "lead", "also", "co", "value", "measure"})


def _with_cells(text: str, item: str, cells: Sequence[str], table: Table) -> str:
    """The row's text followed by what its cells after the item write, each after its column's header (`预期效果：
    3000万吨左右；完成时限：12月；指标属性：约束性`): a target, a deadline, a person in charge or a remark a row states is
    kept with it, never dropped."""
    used = {index for role, index in table.columns.items() if role in _READ_COLUMNS}
    # the columns before the row's item (a group of indicators, cells merged over several rows) and the categories
    # (考核类别, written before the 序号 and put after the row's cells) group rows: no fact of this row, not repeated
    item_at = min((table.columns[role] for role in ("task", "content") if role in table.columns), default=0)
    headers = [_REMARK.sub("", name) for name in table.header]
    extra = [
        f"{headers[index]}：{cell.strip().rstrip('。；;')}"
        for index, cell in enumerate(cells)
        if item_at < index < len(headers)
        and index not in used
        and not headers[index].endswith(_CATEGORY_ENDINGS)
        and cell.strip()
        and cell.strip() not in EMPTY_MARKS
        and cell.strip() != item
        and not is_other_unit_column(table.header[index])
    ]
    if not extra:
        return text
    return f"{text.rstrip()}{'' if text.rstrip().endswith(('。', '；', ';')) else '。'}{'；'.join(extra)}。"


def _other_text(cells: Sequence[str], table: Table) -> str:
    """The longest text cell before the unit columns, for a row whose task and content cells came out empty (a
    flattened row missing a blank cell puts its words one column to the right)."""
    # the value and its unit of measure are no text columns: a short row's item may stand in them
    named = {index for role, index in table.columns.items() if role not in ("value", "measure")}
    texts = [
        cell
        for index, cell in enumerate(cells[: table.columns.get("lead", len(cells))])
        if index not in named and cell.strip() not in EMPTY_MARKS
    ]
    return max(texts, key=len, default="")


def _row_units(cells: Sequence[str], table: Table) -> tuple[list[Unit], list[str]]:
    """The units of a row's unit cells, and what those cells write that is not a unit (empty-cell marks such as
    `/` and `—` are neither: they name nobody)."""
    header = table.header[table.columns["lead"]] if table.header else "牵头单位"
    lead_role: Role = label_role(_REMARK.sub("", header)) or "duty"
    lead_role = "duty" if lead_role == "co" else lead_role
    read = _cell_units(_cell(cells, table, "lead"), lead_role)
    # the column beside the lead column (`责任单位`) keeps its own role, a lead's role no more
    also_role: Role = "duty"
    if table.header and "also" in table.columns:
        also_role = label_role(_REMARK.sub("", table.header[table.columns["also"]])) or "duty"
        also_role = "duty" if also_role == "lead" else also_role
    read += _cell_units(_cell(cells, table, "also"), also_role, first_group=len(read))
    read += _cell_units(_cell(cells, table, "co"), "co", first_group=len(read))
    units = [u for u in read if is_wellformed(u.name) and looks_like_unit(u.name)]
    return units, [u.name for u in read if u not in units]


def _cell_units(cell: str, role: Role, first_group: int = 0) -> list[Unit]:
    """A unit cell: a list of units with the column's role, or a note of its own (`A牵头，B配合`,
    `牵头：A；配合：B`) whose verbs and labels give the roles."""
    reading = read_note(cell) if cell.strip() else None
    if reading is not None and reading.form != "bare" and not reading.unread:
        return [Unit(u.name, u.role, u.group + first_group, u.starred) for u in reading.units]
    return read_units(cell, role, first_group)


def table_cells_not_read(tables: Sequence[Table]) -> list[tuple[str, str, str]]:
    """(row text, what was not read, why) for every table row whose unit cells write something that is not a
    unit, and every row with units but no task or content (it makes no clause: reported under the row before
    it, or under the first row when it opens the table)."""
    found = []
    for table in tables:
        last_text = ""
        orphans: list[str] = []
        for cells in table.rows:
            clause = _row_clause(cells, table, "", "")
            units, pieces = _row_units(cells, table)
            if clause is None:
                if units or pieces:
                    orphans.append(" | ".join(c for c in cells if c.strip()))
                continue
            if pieces:
                found.append((clause.text, "、".join(pieces), "table cell: not a unit"))
            for orphan in orphans:
                found.append((last_text or clause.text, orphan, "table row: units but no task or content"))
            orphans, last_text = [], clause.text
        found += [
            (last_text, orphan, "table row: units but no task or content") for orphan in orphans if last_text
        ]
    return found


def _deadlines(cell: str) -> tuple[Deadline, ...]:
    """Deadlines of a 完成时限 cell: there a bare `2027年` or `2026年6月` is one too, unlike in narration."""
    found = find_deadlines(cell)
    if found:
        return tuple(found)
    return tuple(
        Deadline(year=int(m.group()[:4]), text=m.group(), month=_month(m.group()))
        for m in _BARE_DATE.finditer(cell)
    )


def _month(date: str) -> int | None:
    month = re.search(r"(\d{1,2})\s*月", date)
    return int(month.group(1)) if month else None
