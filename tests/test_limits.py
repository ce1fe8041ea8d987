"""Bounded memory and time for untrusted files (issue #10, item 2): archives checked before they are inflated,
text length and clause count capped, and every file parsed in a child process with memory and time limits —
each refusal names the file and the problem, the child's peak memory is measured, and nothing indexed is lost."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.errors import IngestError, TooLarge
from kb.isolate import parse_file
from kb.limits import Limits
from kb.load import load
from kb.parse.departments import DepartmentRegistry
from kb.settings import Settings
from tests.test_cli import PLAN_TXT, fake_embedder  # noqa: F401  (the fast embedder, autouse)

DATA = Path(__file__).parent / "data"
PLAN_DOCX = DATA / "plan-attachment3.docx"
CHILD_PEAK_MB = 200  # what a refused file may cost the parsing child at most (it starts near 50 MB)


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_settings(Settings())


def docx_bomb(path: Path, inflated_mb: int) -> Path:
    """The plan's DOCX with its word/document.xml replaced by `inflated_mb` MB of spaces (a few MB zipped)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(PLAN_DOCX) as plan,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for info in plan.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, plan.read(info))
        with out.open("word/document.xml", "w", force_zip64=True) as part:
            block = b" " * (1 << 20)
            for _ in range(inflated_mb):
                part.write(block)
    path.write_bytes(buffer.getvalue())
    return path


def refusal(path: Path, registry: DepartmentRegistry, limits: Limits) -> tuple[IngestError, float]:
    started = time.monotonic()
    with pytest.raises(IngestError) as refused:
        parse_file(path, registry, limits)
    return refused.value, time.monotonic() - started


def test_a_docx_bomb_is_refused_before_it_is_inflated(tmp_path: Path, registry: DepartmentRegistry) -> None:
    bomb = docx_bomb(tmp_path / "bomb.docx", 512)
    assert bomb.stat().st_size < 4 * 1024 * 1024
    error, seconds = refusal(bomb, registry, Limits())
    assert isinstance(error, TooLarge)
    assert str(error) == (
        f"{bomb}: the DOCX (word/document.xml) inflates to 512 MB, more than the 100 MB allowed: "
        "refused as a possible zip bomb"
    )
    assert error.peak_rss_mb is not None and error.peak_rss_mb < CHILD_PEAK_MB
    assert seconds < 5


def test_a_highly_compressed_part_is_refused_as_a_bomb(tmp_path: Path, registry: DepartmentRegistry) -> None:
    bomb = docx_bomb(tmp_path / "bomb.docx", 20)  # within the size limit, but 1000:1
    error, _ = refusal(bomb, registry, Limits())
    assert "word/document.xml is compressed" in str(error) and "refused as a possible zip bomb" in str(error)


def test_a_part_inflating_beyond_the_limit_is_stopped_while_inflating(tmp_path: Path) -> None:
    bomb = docx_bomb(tmp_path / "bomb.docx", 8)
    with pytest.raises(TooLarge, match=r"inflates to \d MB, more than the 4 MB allowed"):
        load(bomb, Limits(max_part_mb=4, max_ratio=10_000))


def test_a_60_mb_text_file_is_refused_without_being_read(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        line = "（一）主要指标。力争全社会研发经费投入增长 8.5%以上。\n".encode()
        file.write(line * (60 * 1024 * 1024 // len(line)))
    error, seconds = refusal(big, registry, Limits())
    assert str(error).startswith(
        f"{big}: the text file is 60.0 MB, more than a document of 2,000,000 characters"
    )
    assert error.peak_rss_mb is not None and error.peak_rss_mb < CHILD_PEAK_MB
    assert seconds < 5


def test_text_and_clause_counts_are_capped(tmp_path: Path, registry: DepartmentRegistry) -> None:
    with pytest.raises(TooLarge, match=r"holds [\d,]+ characters of text, more than the 1,000 allowed"):
        parse_file(PLAN_DOCX, registry, Limits(max_text_chars=1000))
    with pytest.raises(TooLarge, match=r"holds 48 clauses, more than the 10 allowed \(KB_MAX_CLAUSES\)"):
        parse_file(PLAN_TXT, registry, Limits(max_clauses=10))


def test_memory_is_capped_in_the_child(tmp_path: Path, registry: DepartmentRegistry) -> None:
    """A parse that needs more memory than allowed ends in a refusal, not in the caller's memory."""
    long_text = tmp_path / "long.txt"
    long_text.write_text(
        ("一、任务\n" + "（一）建设平台。推进工作。（县发改局负责）\n" * 40_000), encoding="utf-8"
    )
    error, seconds = refusal(long_text, registry, Limits(memory_mb=120))
    assert str(error) == (
        f"{long_text}: reading the file needed more than 120 MB of memory and was stopped: "
        "it is too large or malformed (KB_PARSE_MEMORY_MB)"
    )
    assert error.peak_rss_mb is not None and error.peak_rss_mb <= 130
    assert seconds < 10


def test_time_is_capped_in_the_child(tmp_path: Path, registry: DepartmentRegistry) -> None:
    long_text = tmp_path / "long.txt"
    long_text.write_text(
        ("一、任务\n" + "（一）建设平台。推进工作。（县发改局负责）\n" * 40_000), encoding="utf-8"
    )
    error, seconds = refusal(long_text, registry, Limits(timeout_s=0.5))
    assert str(error).startswith(f"{long_text}: reading the file took longer than 0.5 s and was stopped")
    assert seconds < 3


def test_the_cli_refuses_a_bomb_and_keeps_the_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    run = CliRunner().invoke
    assert run(cli, ["ingest", "--index", str(index), str(PLAN_TXT)]).exit_code == 0
    before = run(cli, ["clauses", "--json", "--index", str(index)]).output
    bomb = docx_bomb(tmp_path / "bomb.docx", 512)
    result = run(cli, ["ingest", "--index", str(index), str(bomb)])
    assert result.exit_code == 1
    assert result.output.startswith(f"refused   {bomb}: the DOCX (word/document.xml) inflates to 512 MB")
    assert run(cli, ["clauses", "--json", "--index", str(index)]).output == before
