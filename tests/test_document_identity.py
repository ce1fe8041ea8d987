"""Document identity (issue 22, row 1): a file named as a document indexed from another file never replaces it
silently; `kb ingest --replace DOC FILE` does, on request; the copies in `<index>/sources/` are never deleted
(replaced ones are kept in `versions/`); `kb remove DOC` takes a document out, and `kb rebuild` leaves it out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from app.main import Handlers, private_cache_dir
from kb.api import KnowledgeBase
from kb.cli import cli
from kb.settings import load_settings
from tests.test_cli import fake_embedder  # noqa: F401  (the fast embedder, autouse)

DATA = Path(__file__).parent / "data"
PLAN_PDF = DATA / "plan-attachment3.pdf"  # 48 clauses
NOTICE = "试点工作通知\n一、工作任务\n（一）建设竹木智能仓储中心。推进仓储数字化。（县林业局负责）\n"  # 2 clauses


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def docs(index: Path) -> dict[str, int]:
    return {d["doc"]: d["clauses"] for d in json.loads(run("docs", "--json", "--index", index).stdout)}


def kept(index: Path) -> list[str]:
    return sorted(p.relative_to(index / "sources").as_posix() for p in (index / "sources").rglob("*.*"))


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """The plan's PDF ingested into a fresh index; returns the index folder."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PLAN_PDF, corpus)
    index = tmp_path / "index"
    assert run("ingest", "--index", index, corpus / PLAN_PDF.name).exit_code == 0
    return index


def test_a_file_of_an_indexed_name_from_elsewhere_is_refused_and_nothing_is_lost(
    plan: Path, tmp_path: Path
) -> None:
    other = tmp_path / "upload" / "plan-attachment3.txt"
    other.parent.mkdir()
    other.write_text(NOTICE, encoding="utf-8")
    result = run("ingest", "--index", plan, other)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"refused   {other}: a document 'plan-attachment3' ingested from another file (")
    assert f"kb ingest --replace plan-attachment3 {other}" in result.stdout
    assert docs(plan) == {"plan-attachment3": 48}
    assert kept(plan) == ["plan-attachment3/plan-attachment3.pdf"]


def test_replace_on_request_keeps_the_id_and_the_old_copy(plan: Path, tmp_path: Path) -> None:
    other = tmp_path / "notice-v2.txt"
    other.write_text(NOTICE, encoding="utf-8")
    result = run("ingest", "--index", plan, "--replace", "plan-attachment3", other)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"ingested  {other}: 2 clauses, 1 departments (plan-attachment3); "
        "1 of 2 items with units, 0 notes not understood\n"
    )
    assert docs(plan) == {"plan-attachment3": 2}
    [old] = [k for k in kept(plan) if "/versions/" in k]
    assert [k for k in kept(plan) if "/versions/" not in k] == ["plan-attachment3/notice-v2.txt"]
    assert old.startswith("plan-attachment3/versions/") and old.endswith("-plan-attachment3.pdf")
    # a rebuild keeps the id the document was given, from the current copy
    assert run("rebuild", "--index", plan).exit_code == 0
    assert docs(plan) == {"plan-attachment3": 2}
    unknown = run("ingest", "--index", plan, "--replace", "no-such-doc", other)
    assert unknown.exit_code == 1 and "no document 'no-such-doc' in the index" in unknown.stderr


def test_the_same_file_changed_in_place_updates_its_document_and_the_old_copy_is_kept(tmp_path: Path) -> None:
    source = tmp_path / "notice.txt"
    source.write_text(NOTICE, encoding="utf-8")
    index = tmp_path / "index"
    assert run("ingest", "--index", index, source).exit_code == 0
    source.write_text(NOTICE + "（二）推进竹木加工。建设加工园区。（县商务局负责）\n", encoding="utf-8")
    result = run("ingest", "--index", index, source)
    assert result.stdout == (
        f"ingested  {source}: 3 clauses, 2 departments (notice); 2 of 3 items with units, 0 notes not understood\n"
    )
    assert len([k for k in kept(index) if k.startswith("notice/versions/")]) == 1
    assert "notice/notice.txt" in kept(index)


def test_remove_takes_a_document_out_of_every_index_and_rebuild_leaves_it_out(plan: Path, tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    assert run("ingest", "--index", plan, notice).exit_code == 0
    result = run("remove", "--index", plan, "plan-attachment3")
    assert result.exit_code == 0 and result.stdout == "removed plan-attachment3\n"
    assert docs(plan) == {"notice": 2}
    assert json.loads(run("clauses", "--json", "--index", plan, "--doc", "plan-attachment3").stdout) == []
    answer = json.loads(run("ask", "--json", "--index", plan, "湖南中科云母研究院由哪个单位牵头建设？").stdout)
    assert all(c["doc"] == "notice" for c in answer["citations"])  # the lexical index forgot it too
    assert run("rebuild", "--index", plan).exit_code == 0
    assert docs(plan) == {"notice": 2}
    assert any(k.startswith("plan-attachment3/versions/") for k in kept(plan))  # kept, not deleted
    again = run("remove", "--index", plan, "plan-attachment3")
    assert again.exit_code == 1 and "no document 'plan-attachment3'" in again.stderr


def test_the_app_refuses_an_upload_of_an_indexed_name_in_chinese_and_replaces_on_request(plan: Path) -> None:
    kb = KnowledgeBase(load_settings(index=plan))
    handlers = Handlers(kb, private_cache_dir(kb))
    upload = plan.parent / "arrived" / "plan-attachment3.txt"
    upload.parent.mkdir()
    upload.write_text(NOTICE, encoding="utf-8")
    report = handlers.upload([str(upload)], progress=None).replace("\\", "")  # markdown escapes off
    assert "plan-attachment3.txt：索引中已有同名文件「plan-attachment3」（来自另一个文件），未做替换" in report
    assert "勾选“替换同名文件”" in report
    assert len(kb.clauses(doc="plan-attachment3")) == 48
    report = handlers.upload([str(upload)], replace=True, progress=None)
    assert "已导入" in report
    assert len(kb.clauses(doc="plan-attachment3")) == 2
    assert any("/versions/" in k for k in kept(plan))


def test_a_rebuild_keeps_an_id_that_is_not_a_safe_folder_name(tmp_path: Path) -> None:
    source = tmp_path / "通知:第2号.txt"  # the id holds a colon, which a folder name does not keep
    source.write_text(NOTICE, encoding="utf-8")
    index = tmp_path / "index"
    assert run("ingest", "--index", index, source).exit_code == 0
    assert (index / "sources" / "通知_第2号" / ".doc-id").read_text(encoding="utf-8") == "通知:第2号"
    assert run("rebuild", "--index", index).exit_code == 0
    assert docs(index) == {"通知:第2号": 2}
