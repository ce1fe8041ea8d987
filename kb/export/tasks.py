"""The task breakdown table (任务分解表): one row per clause that names departments, ready for print or a
spreadsheet — outline path, task, content, lead and co-responsible departments, targets, deadline, source."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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

TASK_FORMATS: tuple[Format, ...] = ("xlsx", "csv", "md")
TASK_HEADERS = (
    "序号",
    "条款编号",
    "层级",
    "任务",
    "内容",
    "牵头单位",
    "配合单位",
    "目标指标",
    "完成时限",
    "来源文件",
    "页码",
)
# Character widths for print: the content column takes what the others leave on a landscape A4 page.
TASK_WIDTHS = (5, 14, 22, 14, 60, 12, 22, 18, 10, 16, 5)
PATH_SEPARATOR = " / "
LIST_SEPARATOR = "、"


@dataclass(frozen=True)
class TaskRow:
    """One row of the task table, as typed values; `cells()` gives it as the table shows it."""

    number: int  # 序号, from 1
    clause_id: str
    path: tuple[str, ...]
    title: str
    content: str
    lead: str | None
    others: tuple[str, ...]
    targets: tuple[str, ...]  # "规上工业企业研发机构覆盖率 超过50%"
    deadlines: tuple[str, ...]  # "到2027年"
    doc: str
    doc_title: str
    page: int | None

    def cells(self) -> list[Cell]:
        """The row in `TASK_HEADERS` order."""
        return [
            self.number,
            self.clause_id,
            PATH_SEPARATOR.join(self.path),
            self.title,
            self.content,
            self.lead or "",
            LIST_SEPARATOR.join(self.others),
            "；".join(self.targets),
            "；".join(self.deadlines),
            self.doc_title or self.doc,
            self.page,
        ]


def _targets(clause: Clause) -> tuple[str, ...]:
    return tuple(f"{i.name} {i.display()}".strip() for i in clause.indicators)


def _deadlines(clause: Clause) -> tuple[str, ...]:
    # A clause may repeat the same year in two sentences; the column lists it once.
    return tuple(dict.fromkeys(d.text for d in clause.deadlines))


def task_row(number: int, clause: Clause) -> TaskRow:
    """The row for one clause."""
    return TaskRow(
        number=number,
        clause_id=clause.id,
        path=clause.path,
        title=clause.title,
        content=clause.text,
        lead=clause.leads_label() or None,
        others=clause.others,
        targets=_targets(clause),
        deadlines=_deadlines(clause),
        doc=clause.doc,
        doc_title=clause.doc_title,
        page=clause.page,
    )


def tasks_table(clauses: Iterable[Clause]) -> list[TaskRow]:
    """One row per clause with departments, in the order given (document order), numbered from 1."""
    assigned = [clause for clause in clauses if clause.departments]
    return [task_row(number, clause) for number, clause in enumerate(assigned, start=1)]


def rows_bytes(rows: Sequence[TaskRow], fmt: Format, title: str = "任务分解表") -> bytes:
    """Task rows as a file of the given format."""
    cells = [row.cells() for row in rows]
    if fmt == "csv":
        return csv_bytes(TASK_HEADERS, cells)
    if fmt == "md":
        return (f"# {title}\n\n" + markdown_table(TASK_HEADERS, cells)).encode("utf-8")
    workbook = new_workbook()
    add_sheet(workbook, title, TASK_HEADERS, cells, TASK_WIDTHS)
    return workbook_bytes(workbook)


def tasks_bytes(clauses: Iterable[Clause], fmt: str) -> bytes:
    """The task table of these clauses as xlsx, csv or md bytes (for a download)."""
    chosen = choose_format(None, fmt, TASK_FORMATS, "task table")
    return rows_bytes(tasks_table(clauses), chosen)


def write_tasks(clauses: Iterable[Clause], path: str | Path, fmt: str | None = None) -> Path:
    """Write the task table; the format is `fmt`, else the file's suffix (.xlsx, .csv, .md)."""
    chosen = choose_format(path, fmt, TASK_FORMATS, "task table")
    return write_file(path, rows_bytes(tasks_table(clauses), chosen))
