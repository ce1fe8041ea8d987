"""What answering and the engine's structures cost at a size whose index would take hours to ingest on a shared
machine: the corpus parsed in this process (no embedding, no Chroma), BM25 fitted here, the engine built over it
with no dense side, and the benchmark's questions asked of it. Prints figures; never passes or fails on time.

    .venv/bin/python bench/engine_only.py --corpus DIR --questions FILE [--clauses CACHE] [--snapshot FILE]

`--corpus` and `--questions`: what `bench/scale.py --keep DIR` leaves (corpus-N/, questions-N.json). `--clauses`
keeps the parsed clauses in a file, read instead of parsing again. `--snapshot FILE`: the engine's structures
(kb.qa.saved) are saved there, and read back in a fresh process to time what opening an index of this size would
read. Per question kind, p50 / p95 / p99 of wall and CPU (the process's) time, with the machine's load. What this
leaves out: the dense side of retrieval (Chroma's vector query and embedding the question, about a tenth of a
question's CPU at 1,000 documents), so every question is asked in `bm25` mode.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import machine  # noqa: E402  (after the path set-up, for running from a checkout)


def parsed(corpus: Path, cache: Path | None) -> tuple[list[Any], dict[str, str | None]]:
    """The clauses of every file of the corpus and each document's place, as ingestion would read them."""
    if cache is not None and cache.exists():
        with open(cache, "rb") as file:
            return pickle.load(file)  # type: ignore[no-any-return]
    from kb.load import load
    from kb.parse import parse
    from kb.parse.departments import DepartmentRegistry
    from kb.settings import load_settings

    registry = DepartmentRegistry.from_settings(load_settings())
    clauses: list[Any] = []
    places: dict[str, str | None] = {}
    for path in sorted(corpus.iterdir()):
        doc = parse(load(path), registry)
        clauses += doc.clauses
        places[doc.doc_id] = doc.place
    if cache is not None:
        with open(cache, "wb") as file:
            pickle.dump((clauses, places), file, protocol=5)
    return clauses, places


def engine_over(
    clauses: list[Any], places: dict[str, str | None], folder: Path, snapshot: Path | None
) -> Any:
    """The engine as KnowledgeBase builds it, over these clauses, with BM25 retrieval only."""
    import numpy as np

    from kb.parse.departments import DepartmentRegistry
    from kb.qa.corpus import Corpus
    from kb.qa.engine import Engine, Thresholds
    from kb.qa.normalise.glossary import Glossary
    from kb.qa.normalise.text import EverydayWords
    from kb.qa.retrieve.hybrid import HybridRetriever
    from kb.qa.saved import Opened
    from kb.qa.understand.intent import ROUTER_EXAMPLES
    from kb.qa.understand.router import intent_model
    from kb.qa.understand.units import NameGrammar, UnitResolver
    from kb.settings import load_settings
    from kb.store import snapshot as saved
    from kb.store.lexical import LexicalIndex

    settings = load_settings()
    base = DepartmentRegistry.from_settings(settings)
    lexical = LexicalIndex(folder / "lexical")
    lexical.build(clauses, base.names())
    started = machine.tick()
    opened = Opened.build(_Parsed(clauses, places))
    built = machine.spent(started)
    if snapshot is not None:
        saved.write(snapshot, opened, {"bench": 1})
    registry = base.extended(opened.unit_places)
    home = [p.place for p in base.places() if p.place]
    retriever = HybridRetriever(clauses, lexical, lambda *_: [], lambda _: np.zeros(1, dtype=np.float32))
    corpus = Corpus(
        opened.indexes.clauses,
        opened.groups,
        glossary=Glossary.from_yaml(settings.corpus / "glossary.yaml"),
        tokenize=lexical.tokenizer.tokenize,
        doc_places=opened.doc_places,
        home_places=home,
        everyday=EverydayWords.from_yaml(settings.corpus_file("everyday_words.yaml")),
        indexes=opened.indexes,
    )
    engine = Engine(
        corpus,
        registry,
        retriever,
        thresholds=Thresholds.for_embedder("use"),
        model=intent_model(ROUTER_EXAMPLES),
        resolver=UnitResolver(
            registry,
            opened.unit_places,
            NameGrammar.from_yaml(settings.corpus_file("unit_names.yaml")),
            home=frozenset(home),
        ),
    )
    return engine, built


class _Parsed:
    """The parsed corpus as the clause store would give it."""

    def __init__(self, clauses: list[Any], places: dict[str, str | None]) -> None:
        self._clauses, self._places = clauses, places

    def clauses(self) -> list[Any]:
        return self._clauses

    def docs(self) -> list[Any]:
        from types import SimpleNamespace

        return [SimpleNamespace(doc_id=d, place=p) for d, p in self._places.items()]

    def working_groups(self, doc: str | None = None) -> list[Any]:
        return []

    def generation(self) -> int:
        return 0

    def clause_set(self) -> str:
        return ""


def ask_all(
    engine: Any, questions: list[dict[str, Any]], answers: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    rows = []
    for q in questions:
        for text, kind in ((q["question"], q["intent"]), (q.get("unplaced"), "indicator, no place named")):
            if not text:
                continue
            t0 = machine.tick()
            answer = engine.ask(text, mode="bm25")
            cost = machine.spent(t0)
            cited = [h.clause.id for h in answer.citations]
            if answers is not None:
                answers.append({"question": text, "answer": answer.answer, "cited": cited})
            hit = bool(cited) and cited[0] in q["gold"] if kind == q["intent"] else None
            rows.append({"kind": kind, "ms": cost.wall_ms, "cpu_ms": cost.cpu_ms, "hit": hit})
    return rows


def read_back(snapshot: Path, lexical_folder: Path) -> dict[str, Any]:
    """In this (fresh) process: read the snapshot and the saved BM25 index as opening an index would."""
    import gc

    from kb.store import snapshot as saved
    from kb.store.lexical import LexicalIndex

    gc.disable()  # as KnowledgeBase builds its engine (api._collector_paused)
    t0 = machine.tick()
    opened = saved.read(snapshot, {"bench": 1})
    cost = machine.spent(t0)
    t0 = machine.tick()
    LexicalIndex(lexical_folder).load()
    lexical = machine.spent(t0)
    return {
        "read": machine.as_dict(cost),
        "lexical": machine.as_dict(lexical),
        "clauses": len(opened.indexes.clauses),
        "rss_mb": _rss_mb(),
    }


def _rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM, not getrusage's ru_maxrss: that one is kept across
    exec, so a child started by a process holding 3 GB reported 3 GB whatever it read itself."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(values: list[float]) -> dict[str, float]:
    import numpy as np

    if not values:
        return {}
    a = np.asarray(values)
    return {p: round(float(np.percentile(a, q)), 1) for p, q in (("p50", 50), ("p95", 95), ("p99", 99))}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--read":
        print(json.dumps(read_back(Path(sys.argv[2]), Path(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--clauses", type=Path)
    parser.add_argument("--snapshot", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--answers", type=Path, help="write every question's answer text and citations here (JSON)"
    )
    args = parser.parse_args()
    out: dict[str, Any] = {}
    start = machine.sample()
    t0 = machine.tick()
    clauses, places = parsed(args.corpus, args.clauses)
    out["documents"], out["clauses"] = len(places), len(clauses)
    out["parse"] = machine.as_dict(machine.spent(t0))
    with tempfile.TemporaryDirectory() as folder:
        engine, built = engine_over(clauses, places, Path(folder), args.snapshot)
        if args.snapshot is not None:
            done = subprocess.run(
                [sys.executable, __file__, "--read", str(args.snapshot), str(Path(folder) / "lexical")],
                capture_output=True,
                check=True,
                text=True,
            )
            out["snapshot_mb"] = round(args.snapshot.stat().st_size / 1e6, 1)
            out["snapshot_read"] = json.loads(done.stdout.strip().splitlines()[-1])
        out["structures_built"] = machine.as_dict(built)
        engine.warm()
        questions = json.loads(args.questions.read_text(encoding="utf-8"))
        asking = machine.sample()
        answers: list[dict[str, Any]] = []
        rows = ask_all(engine, questions, answers)
        if args.answers is not None:
            args.answers.write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")
        out["load_asking"] = machine.since(asking)
    out["rss_mb"] = _rss_mb()
    kinds = dict.fromkeys(r["kind"] for r in rows)
    out["wall_ms"] = {k: percentiles([r["ms"] for r in rows if r["kind"] == k]) for k in kinds}
    out["cpu_ms"] = {k: percentiles([r["cpu_ms"] for r in rows if r["kind"] == k]) for k in kinds}
    placed = [r for r in rows if r["hit"] is not None]
    out["r_at_1_bm25_only"] = round(sum(bool(r["hit"]) for r in placed) / max(len(placed), 1), 3)
    out["load"] = machine.since(start)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    print(f"{out['documents']} documents, {out['clauses']} clauses; {machine.describe(out['load'])}")
    print(f"structures built: {built.wall_ms / 1000:.1f} s wall, {built.cpu_ms / 1000:.1f} s CPU")
    if "snapshot_read" in out:
        read = out["snapshot_read"]
        print(
            f"snapshot {out['snapshot_mb']} MB, read back in a fresh process: {read['read']['wall_ms'] / 1000:.2f} s "
            f"wall, {read['read']['cpu_ms'] / 1000:.2f} s CPU, peak RSS {read['rss_mb']:.0f} MB; BM25 index read "
            f"{read['lexical']['wall_ms'] / 1000:.2f} s wall, {read['lexical']['cpu_ms'] / 1000:.2f} s CPU"
        )
    print(f"answering peak RSS {out['rss_mb']:.0f} MB; R@1 (BM25 only) {out['r_at_1_bm25_only']}")
    for kind in kinds:
        wall, cpu = out["wall_ms"][kind], out["cpu_ms"][kind]
        print(
            f"  {kind:<28} wall p50/p95/p99 {wall['p50']:7.1f} {wall['p95']:7.1f} {wall['p99']:7.1f}   "
            f"CPU {cpu['p50']:7.1f} {cpu['p95']:7.1f} {cpu['p99']:7.1f} ms"
        )


if __name__ == "__main__":
    main()
