"""The scale benchmark's realistic corpus and its machine figures (bench/scale.py, bench/machine.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bench import machine
from bench.scale import NATIONAL, OPC_SOURCES, SHARED, SOURCES, build_corpus, questions_for, sources

needs_shared = pytest.mark.skipif(
    not (SHARED / "opc").is_dir(), reason="the shared corpus is not beside the checkout"
)


@needs_shared
def test_the_realistic_corpus_holds_every_real_document_then_copies_for_other_places(tmp_path: Path) -> None:
    records = build_corpus(160, tmp_path, kind="real")
    chosen = sources("real")
    assert len(chosen) == 1 + 12 + 55 == len(SOURCES) + len(OPC_SOURCES)
    # every source as published first, then the national document once, then the re-issues
    for record, source in zip(records, chosen, strict=False):
        assert Path(record["file"]).read_text(encoding="utf-8") == source.path.read_text(encoding="utf-8")
        assert record["place"] == source.place
    assert records[len(chosen)]["source"] == NATIONAL
    assert sum(r["source"] == NATIONAL for r in records) == 1
    copies = records[len(chosen) + 1 :]
    assert [r["source"] for r in copies] == ([s.stem for s in chosen] * 2)[: len(copies)]  # in turn
    places = {s.stem: s.place for s in chosen}
    for record in copies:
        text = Path(record["file"]).read_text(encoding="utf-8")
        assert places[record["source"]] not in text  # the place swapped everywhere, unit prefixes with it
        assert record["place"] in text
    assert len({r["place"] for r in copies}) == len(copies)  # every copy another place


@needs_shared
def test_the_real_documents_questions_name_the_place_of_the_copy_they_are_asked_of(tmp_path: Path) -> None:
    records = build_corpus(160, tmp_path, kind="real")
    docs = {r["doc"]: r for r in records}
    questions = questions_for(records, 20, "real")
    real = questions[20:]
    assert len(questions) == 40 and len(real) == 20
    for q in real:
        doc = {g.split(":")[0] for g in q["gold"]}
        assert len(doc) == 1
        record = docs[doc.pop()]
        assert record["place"] in q["question"]
        assert record["source"] in SOURCES and record["source"] != "plan-attachment3"


def test_a_steps_cpu_is_measured_beside_its_wall_time() -> None:
    start, began = machine.sample(), machine.tick()
    deadline = time.process_time() + 0.05
    while time.process_time() < deadline:  # busy: CPU spent by this thread
        pass
    time.sleep(0.05)  # idle: wall time only
    cost = machine.spent(began)
    assert cost.thread_ms >= 45 and cost.cpu_ms >= cost.thread_ms - 1
    assert cost.wall_ms >= cost.thread_ms + 45
    load = machine.since(start)
    assert load["cores"] == os.cpu_count()
    assert len(load["load_start"]) == 3 and load["own_cores"] > 0
    assert "cores" in machine.describe(load)
