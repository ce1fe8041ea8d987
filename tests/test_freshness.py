"""A long-running KnowledgeBase (the app) answers from what another process has just ingested (issue #10,
item 4): the store's generation is read again before each question, and on a change the embedded Chroma client,
the lexical index and the engine are loaded anew."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.api import KnowledgeBase
from kb.settings import load_settings
from tests.test_cli import PLAN_TXT, LetterEmbedder, fake_embedder  # noqa: F401  (autouse fixture)

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "竹木智能仓储中心由哪个单位牵头？"
PILOT = "试点工作通知\n一、工作任务\n（一）建设竹木智能仓储中心。推进仓储数字化。（县林业局、县商务局按职责分工负责）\n"
# `kb ingest` in a process of its own, with the tests' fast embedder registered.
OTHER_PROCESS = (
    "import sys; from kb.store.embed import EMBEDDERS; from tests.test_cli import LetterEmbedder; "
    "EMBEDDERS['test'] = lambda argument, settings: LetterEmbedder(argument); "
    "from kb.cli import cli; cli(sys.argv[1:], prog_name='kb')"
)


def kb_in_another_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KB_EMBEDDER": "test:letters"}
    return subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def running(tmp_path: Path) -> KnowledgeBase:
    """A knowledge base that has answered questions already, as the app's has."""
    kb = KnowledgeBase(load_settings(index=tmp_path / "index"))
    assert kb.ingest([PLAN_TXT])[0].status == "ingested"
    assert kb.ask(QUESTION, mode="bm25").lead != "县林业局"
    return kb


def test_an_ingest_in_another_process_is_answered_from_before_the_next_question(
    running: KnowledgeBase, tmp_path: Path
) -> None:
    pilot = tmp_path / "pilot-notice.txt"
    pilot.write_text(PILOT, encoding="utf-8")
    done = kb_in_another_process("ingest", "--index", running.settings.index, pilot)
    assert done.returncode == 0, done.stderr

    answer = running.ask(QUESTION, mode="bm25")
    assert not answer.abstained
    assert answer.lead == "县林业局"
    assert answer.citations[0].clause.id == "pilot-notice:1.1"
    store = running.vector_store()
    vector = running.embedder().embed_query("竹木智能仓储中心")
    dense = {clause.id for clause, _ in store.query(vector, 100)}
    assert "pilot-notice:1.1" in dense  # the vectors too, not only the records
    assert running.lexical().ids.count("pilot-notice:1.1") == 1


def test_a_document_removed_elsewhere_is_no_longer_cited(running: KnowledgeBase, tmp_path: Path) -> None:
    other = KnowledgeBase(load_settings(index=running.settings.index))
    pilot = tmp_path / "pilot-notice.txt"
    pilot.write_text(PILOT, encoding="utf-8")
    other.ingest([pilot])
    assert running.ask(QUESTION, mode="bm25").lead == "县林业局"
    assert other.store().delete_doc("pilot-notice")
    assert "pilot-notice:1.1" not in {hit.clause.id for hit in running.ask(QUESTION, mode="bm25").citations}
