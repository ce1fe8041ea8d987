"""Refusals that say what is really wrong (issue 22, row 18): a PDF nested 100,000 deep is malformed, not a
scan that needs OCR; UTF-8 text with a few bad bytes is read, with a warning counting them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import CorruptFile, NoTextLayer
from kb.isolate import parse_file
from kb.limits import Limits
from kb.load import load
from kb.load.pdf import nesting_depth
from kb.parse.departments import DepartmentRegistry
from kb.settings import Settings

DATA = Path(__file__).parent / "data"


def pdf(*objects: bytes) -> bytes:
    """A minimal PDF of these objects (1: catalog, 2: pages, 3: page, …) with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


PAGE = (
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
    b"<< /Length 7 >>\nstream\n0 0 m S\nendstream",  # a line drawn, no text
)


def test_a_pdf_nested_100000_deep_is_refused_as_malformed_not_as_a_scan(tmp_path: Path) -> None:
    path = tmp_path / "deep.pdf"
    path.write_bytes(pdf(*PAGE, b"[" * 100_000 + b"]" * 100_000))
    with pytest.raises(CorruptFile) as refused:
        load(path)
    assert str(refused.value) == (
        f"{path}: the PDF is malformed: its arrays or dictionaries are nested 100,000 deep (real documents nest "
        "fewer than 100); it cannot be read"
    )


def test_a_pdf_without_text_and_without_deep_nesting_still_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf(*PAGE))
    with pytest.raises(NoTextLayer):
        load(path)


def test_nesting_is_measured_outside_streams_and_strings() -> None:
    assert nesting_depth(b"<< /A [1 [2 [3]]] /S (a [[[[ string \\) [[[) >>") == 4  # <<, then 3 arrays
    assert nesting_depth(b"<< /Length 9 >>\nstream\n[[[[[[[[[\nendstream") == 1
    assert nesting_depth((DATA / "plan-attachment3.pdf").read_bytes()) < 10


def test_utf8_text_with_a_few_bad_bytes_is_read_with_a_warning_counting_them(tmp_path: Path) -> None:
    text = (DATA / "plan-attachment3.txt").read_bytes()
    cut = text.index("云母".encode())  # a character boundary inside a sentence
    path = tmp_path / "plan-attachment3.txt"
    path.write_bytes(text[:cut] + b"\xff\xfe\x80" + text[cut:])  # three bytes that are not UTF-8
    run = parse_file(path, DepartmentRegistry.from_settings(Settings()), Limits())
    assert run.doc is not None and len(run.doc.clauses) == 48
    assert run.doc.warnings == ("3 bytes not valid UTF-8, shown as the replacement character �",)


def test_gbk_text_is_still_read_as_gbk_without_a_warning() -> None:
    run = parse_file(DATA / "plan-attachment3.gbk.txt", DepartmentRegistry.from_settings(Settings()), Limits())
    assert run.doc is not None and len(run.doc.clauses) == 48 and run.doc.warnings == ()


def test_the_warning_shows_on_the_ingest_line_and_on_the_page() -> None:
    from app.render import ingest_markdown
    from kb.types import IngestResult

    warned = IngestResult(
        "a.txt", "ingested", "a", 3, 1, warnings=("3 bytes not valid UTF-8, shown as the replacement character �",)
    )
    assert warned.line() == (
        "ingested  a.txt: 3 clauses, 1 departments (a); warning: 3 bytes not valid UTF-8, shown as the "
        "replacement character �"
    )
    assert "注意：文件中有 3 个字节无法按 UTF-8 解码，显示为 �" in ingest_markdown([warned])
