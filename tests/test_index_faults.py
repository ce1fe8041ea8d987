"""Faults around the index (issue 22, rows 6, 8, 12, 13, 16): links out of a corpus folder are not followed, a
rebuild stopped midway leaves the old index working, a read-only index and a full disk are one clear line each,
and the advice after an interrupted `kb migrate` works."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kb.api import KnowledgeBase
from kb.cli import cli
from kb.settings import load_settings
from kb.store.chroma import ClauseStore
from kb.store.embed import EMBEDDERS
from tests.test_cli import LetterEmbedder, fake_embedder  # noqa: F401  (the fast embedder, autouse)

DATA = Path(__file__).parent / "data"
PLAN_TXT = DATA / "plan-attachment3.txt"  # 48 clauses
NOTICE = "试点工作通知\n一、工作任务\n（一）建设竹木智能仓储中心。推进仓储数字化。（县林业局负责）\n"  # 2 clauses
QUESTION = "湖南中科云母研究院由哪个单位牵头建设？"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def docs(index: Path) -> dict[str, int]:
    result = run("docs", "--json", "--index", index)
    assert result.exit_code == 0, result.output
    return {d["doc"]: d["clauses"] for d in json.loads(result.stdout)}


@pytest.fixture
def two_docs(tmp_path: Path) -> Path:
    """An index of the plan and a two-clause notice."""
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    index = tmp_path / "index"
    assert run("ingest", "--index", index, PLAN_TXT, notice).exit_code == 0
    return index


# --- row 6: links ---


def test_a_link_leading_out_of_the_corpus_folder_is_skipped_with_a_warning(tmp_path: Path) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text(NOTICE, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PLAN_TXT, corpus)
    (corpus / "passwd.txt").symlink_to(outside / "secret.txt")
    (corpus / "more").symlink_to(outside, target_is_directory=True)
    (corpus / "alias.txt").symlink_to(corpus / "plan-attachment3.txt")  # inside the folder: followed
    index = tmp_path / "index"
    result = run("ingest", "--index", index, corpus)
    assert result.exit_code == 0, result.output
    assert f"warning: {corpus / 'passwd.txt'}: a symbolic link to {outside / 'secret.txt'}, outside {corpus}" in (
        result.stderr
    )
    assert sorted(docs(index)) == ["alias", "plan-attachment3"]
    assert not list((index / "sources").rglob("*secret*")) and not list((index / "sources").rglob("passwd*"))


# --- row 8: atomic rebuild ---


def test_a_rebuild_stopped_midway_leaves_the_old_index_working(
    two_docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = json.loads(run("ask", "--json", "--index", two_docs, QUESTION).stdout)
    written = ClauseStore.replace_doc
    calls = []

    def dies_on_the_second(self: ClauseStore, *args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as a kill would stop it: nothing after this line runs
        written(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ClauseStore, "replace_doc", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        KnowledgeBase(load_settings(index=two_docs)).rebuild()
    monkeypatch.setattr(ClauseStore, "replace_doc", written)
    assert docs(two_docs) == {"notice": 2, "plan-attachment3": 48}  # the old index, whole
    assert json.loads(run("ask", "--json", "--index", two_docs, QUESTION).stdout) == before
    assert not list(two_docs.glob("damaged-*"))
    # the next rebuild discards what the stopped one left, and completes
    result = run("rebuild", "--index", two_docs)
    assert result.exit_code == 0, result.output
    assert docs(two_docs) == {"notice": 2, "plan-attachment3": 48}
    assert not (two_docs / "rebuilding").exists()
    assert json.loads(run("ask", "--json", "--index", two_docs, QUESTION).stdout) == before


# --- row 12: read-only ---


def test_ingest_into_a_read_only_index_is_one_clear_line(
    two_docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kb.lock

    def read_only(folder: Path, *args: object) -> None:  # where the lock file is created, as on a ro mount
        raise OSError(errno.EROFS, "Read-only file system", str(folder / "writer.lock"))

    monkeypatch.setattr(kb.lock, "writer_lock", read_only)
    result = run("ingest", "--index", two_docs, PLAN_TXT)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the index {two_docs} is read-only ({two_docs / 'writer.lock'}): kb needs to write there to "
        "ingest, and Chroma writes to its database even to answer. Give this user write access to the folder, "
        "or copy it to a writable place and use --index\n"
    )


def test_ask_on_a_read_only_index_does_not_call_it_damaged(
    two_docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chromadb

    def refuses(*args: object, **kwargs: object) -> None:
        # what Chroma raises opening a folder on a read-only file system (seen on a read-only bind mount)
        raise RuntimeError("error returned from database: (code: 8) attempt to write a readonly database")

    monkeypatch.setattr(chromadb, "PersistentClient", refuses)
    result = run("ask", "--index", two_docs, QUESTION)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: the index {two_docs} is read-only:")
    assert "damaged" not in result.stderr and "rebuild" not in result.stderr


# --- row 13: disk full ---


@pytest.mark.parametrize(
    "failure",
    [OSError(errno.ENOSPC, "No space left on device"), RuntimeError("database or disk is full")],
    ids=["ENOSPC", "sqlite-full"],
)
def test_a_full_disk_stops_the_ingest_with_one_line_and_the_index_survives(
    two_docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    changed = tmp_path / "notice.txt"  # the notice, changed where it is
    changed.write_text(NOTICE + "（二）推进竹木加工。建设加工园区。（县商务局负责）\n", encoding="utf-8")

    def full(self: ClauseStore, *args: object) -> None:
        raise failure

    monkeypatch.setattr(ClauseStore, "_add_clauses", full)
    result = run("ingest", "--index", two_docs, changed)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the disk holding the index {two_docs} is full while storing {changed}: the run was stopped and "
        "the index is as it was before this file (the files ingested before it are kept). Free some disk "
        "space, then run the same command again\n"
    )
    monkeypatch.undo()
    monkeypatch.setitem(EMBEDDERS, "test", lambda argument, settings: LetterEmbedder(argument))
    monkeypatch.setenv("KB_EMBEDDER", "test:letters")
    assert docs(two_docs) == {"notice": 2, "plan-attachment3": 48}  # the notice as it was, not half written
    assert run("ingest", "--index", two_docs, changed).exit_code == 0  # once there is room, the same command
    assert docs(two_docs) == {"notice": 3, "plan-attachment3": 48}


# --- row 16: after an interrupted migrate ---






@pytest.mark.server
def test_the_advice_after_an_interrupted_migrate_works(
    two_docs: Path, chroma_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kb.store.migrate

    local = json.loads(run("ask", "--json", "--index", two_docs, QUESTION).stdout)
    copy = kb.store.migrate._copy_records

    def killed_after_a_batch(origin: Any, target: Any, batch: int) -> int:
        target.add(**_first_records(origin, 10))
        raise KeyboardInterrupt  # the migration is stopped after its first records

    monkeypatch.setattr(kb.store.migrate, "_copy_records", killed_after_a_batch)
    with pytest.raises(KeyboardInterrupt):
        KnowledgeBase(load_settings(index=two_docs)).migrate(chroma_server)
    monkeypatch.setattr(kb.store.migrate, "_copy_records", copy)
    retry = run("migrate", "--index", two_docs, "--to", chroma_server)
    assert retry.exit_code == 1
    advice = f"kb rebuild --index {two_docs} --chroma-url {chroma_server}"
    assert f"`{advice}`" in retry.stderr and "KB_COLLECTION" not in retry.stderr
    done = run(*advice.split()[1:])
    assert done.exit_code == 0, done.output
    served = json.loads(
        run("ask", "--json", "--index", two_docs, "--chroma-url", chroma_server, QUESTION).stdout
    )
    assert served == local
    assert docs(two_docs) == {"notice": 2, "plan-attachment3": 48}  # the embedded index untouched


def _first_records(origin: Any, count: int) -> dict[str, Any]:
    records = origin.get(limit=count, include=["embeddings", "metadatas", "documents"])
    return {key: records[key] for key in ("ids", "embeddings", "metadatas", "documents")}
