"""A damaged index is reported in one line that says how to rebuild it (issue #10, item 5), and `kb rebuild`
builds it again from the source copies the index keeps."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kb.cli import cli
from kb.settings import Settings
from kb.store.chroma import connect, forget_client
from tests.test_cli import PLAN_TXT, fake_embedder  # noqa: F401  (the fast embedder, autouse)

SECOND = Path(__file__).parent / "data" / "second-policy.txt"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def index(tmp_path: Path) -> Path:
    folder = tmp_path / "index"
    originals = tmp_path / "originals"
    originals.mkdir()
    for source in (PLAN_TXT, SECOND):
        (originals / source.name).write_bytes(source.read_bytes())
    result = run("ingest", "--index", folder, originals)
    assert result.exit_code == 0, result.output
    for source in originals.iterdir():
        source.unlink()  # the originals are gone: a rebuild must work from the index's own copies
    return folder


def damaged(result: Result, index: Path) -> str:
    """The one line a damaged index gives: exit 1, `Error: …`, no traceback, how to rebuild."""
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: the index {index} is damaged ("), result.output
    assert lines[0].endswith(f"rebuild it from its stored sources with `kb rebuild --index {index}`")
    return lines[0]


def overwrite_a_page(index: Path) -> None:
    database = index / "chroma" / "chroma.sqlite3"
    with database.open("r+b") as file:
        file.seek(4096 * 5)
        file.write(os.urandom(4096))


def truncate(index: Path) -> None:
    database = index / "chroma" / "chroma.sqlite3"
    os.truncate(database, database.stat().st_size // 2)


def lose_a_clause(index: Path) -> None:
    """A write that died halfway: a clause record gone, the document record unchanged."""
    settings = Settings(index=index)
    connect(settings, create=False).get_collection("kb_clauses").delete(ids=["plan-attachment3:1.1"])
    forget_client(settings)


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (overwrite_a_page, "chroma.sqlite3 fails SQLite's quick_check"),
        (truncate, "chroma.sqlite3"),
        (lose_a_clause, "Chroma holds 57 clauses but the document records list 58"),
    ],
)
def test_a_damaged_index_is_one_clear_line_then_rebuilt(index: Path, damage, problem: str) -> None:  # type: ignore[no-untyped-def]
    before = run("clauses", "--json", "--index", index).output
    damage(index)
    for command in (["docs"], ["clauses", "--json"], ["ask", "研发经费投入增长目标是多少？"]):
        assert problem in damaged(run(*command, "--index", index), index)

    rebuilt = run("rebuild", "--index", index)
    assert rebuilt.exit_code == 0, rebuilt.output
    lines = rebuilt.output.splitlines()
    assert lines[0].startswith(f"moved the old index aside to {index}/damaged-")
    assert sorted(line.split()[0] for line in lines[1:]) == ["ingested", "ingested"]
    assert json.loads(run("clauses", "--json", "--index", index).output) == json.loads(before)


def test_sources_are_kept_privately_inside_the_index(index: Path) -> None:
    kept = sorted(p.relative_to(index).as_posix() for p in (index / "sources").rglob("*") if p.is_file())
    assert kept == [
        "sources/plan-attachment3/plan-attachment3.txt",
        "sources/second-policy/second-policy.txt",
    ]
    assert (index / "sources" / "plan-attachment3" / "plan-attachment3.txt").stat().st_mode & 0o777 == 0o600


def test_rebuild_without_sources_says_what_to_do(tmp_path: Path) -> None:
    result = run("rebuild", "--index", tmp_path / "empty")
    assert result.exit_code == 1
    assert "Error: no stored sources in" in result.output and "kb ingest --force" in result.output


def test_the_app_says_a_damaged_index_in_chinese_with_the_rebuild_command(index: Path) -> None:
    import gradio as gr

    from app.main import Handlers
    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    truncate(index)
    kb = KnowledgeBase(load_settings(index=index))
    handlers = Handlers(kb, index / "uploads" / "gradio")
    with pytest.raises(gr.Error) as shown:
        handlers.api_ask("研发经费投入增长目标是多少？")
    assert str(shown.value.message) == (
        f"索引已损坏：请管理员用 kb rebuild 从保存的原件重建（kb rebuild --index {index}）"
    )
    assert shown.value.title == "出错了"


def _records_read_at_verify(index: Path) -> int:
    """How many times verifying the index read the document records' metadata."""
    from kb.store.chroma import ClauseStore

    forget_client(Settings(index=index))
    store = ClauseStore(Settings(index=index), create=False)
    reads = []
    get = store._docs.get
    store._docs.get = lambda *a, **k: reads.append(k.get("include")) or get(*a, **k)  # type: ignore[method-assign]
    store.verify()
    forget_client(Settings(index=index))
    return sum(1 for include in reads if include == ["metadatas"])


def test_opening_a_finished_index_checks_its_count_without_reading_every_document_record(index: Path) -> None:
    """Every write records the clause count it leaves: an index whose last write finished is verified from that
    count (every document record read took seconds at 10,000 documents); one marked as being written, or whose
    count differs, has its records read and added up as before."""
    assert _records_read_at_verify(index) == 0
    settings = Settings(index=index)
    docs = connect(settings, create=False).get_collection("kb_clauses_docs")
    info = dict(docs.metadata or {})
    assert info["clauses"] == connect(settings, create=False).get_collection("kb_clauses").count() == 58
    docs.modify(metadata={**info, "clause_set": "writing"})  # a write that died midway
    forget_client(settings)
    assert _records_read_at_verify(index) == 1
    assert run("docs", "--index", index).exit_code == 0  # the records agree: not damaged


def test_a_document_removed_records_the_count_it_leaves(index: Path) -> None:
    assert run("remove", "--index", index, "second-policy").exit_code == 0
    assert _records_read_at_verify(index) == 0
    assert run("ask", "--index", index, "研发经费投入增长目标是多少？").exit_code == 0


def test_an_index_written_before_counts_were_recorded_gets_its_count_once(index: Path) -> None:
    """An index whose writes did not record the clause count is verified by reading every document record; the
    first opening that finds them agreeing records the count, and the next one compares counts only. Not while
    another process holds the writer lock (its write records the count itself)."""
    from kb.lock import writer_lock

    settings = Settings(index=index)
    docs = connect(settings, create=False).get_collection("kb_clauses_docs")
    info = dict(docs.metadata or {})
    del info["clauses"]  # as an index written before this round
    docs.modify(metadata=info)
    forget_client(settings)
    with writer_lock(index):  # a writer at work: nothing recorded (and opening does not verify at all)
        assert run("docs", "--index", index).exit_code == 0
    assert _records_read_at_verify(index) == 1
    assert run("docs", "--index", index).exit_code == 0  # this opening records it
    assert _records_read_at_verify(index) == 0
    recorded = dict(connect(settings, create=False).get_collection("kb_clauses_docs").metadata or {})
    forget_client(settings)
    assert recorded["clauses"] == 58
    assert {k: v for k, v in recorded.items() if k != "clauses"} == info  # generation, clause set unchanged


def test_quick_check_runs_once_per_version_of_the_database_file(index: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """SQLite's quick_check reads every page (seconds at 10,000 documents): an opening runs it only when the
    file is not the very one found whole before. Any write through the file system (an overwritten page, a
    truncation, a copy put in its place) makes it check again, and damage is reported as before."""
    from kb.store import chroma

    checks: list[Path] = []
    check = chroma.check_sqlite
    monkeypatch.setattr(chroma, "check_sqlite", lambda folder, name: checks.append(folder) or check(folder, name))
    assert run("docs", "--index", index).exit_code == 0
    forget_client(Settings(index=index))
    assert run("docs", "--index", index).exit_code == 0
    forget_client(Settings(index=index))
    assert len(checks) <= 1  # the ingest's writes came after its own opening: at most the first opening checks
    checks.clear()
    overwrite_a_page(index)
    assert "chroma.sqlite3 fails SQLite's quick_check" in damaged(run("docs", "--index", index), index)
    assert len(checks) == 1
