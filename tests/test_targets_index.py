"""The inverted index over target parts gives exactly what scoring every part gives, scoring far fewer parts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb.api import KnowledgeBase
from kb.evaluate import load_questions
from kb.qa import targets
from kb.qa.engine import _ASKS_NUMBER, Engine, asked_unit
from kb.qa.quantity import agreement
from kb.qa.targets import TargetIndex, best_target, target_parts
from kb.settings import load_settings
from kb.store.embed import Embedder, register_embedder

ROOT = Path(__file__).resolve().parent.parent


class SameVector(Embedder):
    """One vector for every text: the target search does not use embeddings, and this costs nothing."""

    name, dim = "test:same", 4

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        return np.ones((len(texts), self.dim), dtype=np.float32)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Engine:
    register_embedder("test", lambda argument, settings: SameVector())
    kb = KnowledgeBase(load_settings(index=tmp_path_factory.mktemp("targets"), embedder="test:same"))
    files = [data_dir / "plan-attachment3.txt", data_dir / "real" / "city_ningbo_opc.txt"]
    assert all(r.status == "ingested" for r in kb.ingest(files))
    return kb.engine()


def test_the_index_finds_what_scanning_every_part_finds(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = [
        q
        for q in load_questions(ROOT / "eval" / "questions.jsonl")
        if q.intent in ("indicator", "general", "out_of_scope")
    ]
    parts = engine.targets.parts
    scans: list[int] = []
    scan = targets.best_target
    monkeypatch.setattr(targets, "best_target", lambda *a, **k: scans.append(1) or scan(*a, **k))
    compared = 0
    scored: list[float] = []
    for q in questions:
        question = engine.normalize(q.question)
        r = engine.understand(question)
        tokens = engine.topic_tokens(question, r)
        prior = {h.clause.id: 1 / rank for rank, h in enumerate(engine.search(question).hits[:5], start=1)}
        for docs in (None, frozenset({"plan-attachment3"})):
            among = parts if docs is None else [p for p in parts if p.clause.doc in docs]
            asks = (asked_unit(question), bool(_ASKS_NUMBER.search(question)))
            for unit, number, kind in ((None, False, None), (*asks, None), (*asks, agreement(question))):
                scanned = best_target(
                    tokens, among, r.topic, engine.token_weight, prior, unit, engine.everyday.found, number, kind
                )
                indexed = engine.targets.best(
                    tokens, r.topic, engine.token_weight, prior, unit, number, docs, engine.everyday, kind
                )
                assert (indexed and (indexed.part, indexed.share)) == (
                    scanned and (scanned.part, scanned.share)
                ), q
                compared += 1
        scored.append(len(engine.targets.candidates(tokens, prior, engine.everyday)) / len(parts))
    assert compared == 6 * len(questions)
    print(
        f"parts scored: {np.mean(scored):.1%} on average; every part scored in {len(scans)}/{compared} searches"
    )
    assert np.mean(scored) < 0.4 and len(scans) < 0.2 * compared


def test_a_part_without_the_topics_words_is_still_found_when_nothing_better_is() -> None:
    from kb.types import Clause

    clause = Clause.from_dict(
        {
            "id": "d:1",
            "doc": "d",
            "doc_title": "t",
            "path": [],
            "title": "",
            "text": "研发投入增长8%以上。",
            "lead": None,
            "departments": [],
            "departments_raw": [],
            "indicators": [],
            "deadlines": [],
            "page": 1,
        }
    )
    index = TargetIndex(target_parts([clause]))
    # no topic word stands in the clause: the index falls back to scoring every part, as the scan does
    match = index.best(["经费"], "研发经费", lambda t: 1.0, {})
    assert match is not None and match.part.text == "研发投入增长8%以上"
