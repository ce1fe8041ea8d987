"""Questions go on while an upload is ingested, and the queue is bounded (issue #10, item 8): the short
version of bench/load.py — 20 `/ask` clients on 127.0.0.1 while an upload's embedding takes 3 s."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from bench.load import run as load_run
from kb.api import KnowledgeBase
from kb.settings import load_settings
from kb.store.embed import EMBEDDERS
from tests.test_cli import PLAN_TXT, LetterEmbedder

BATCH_S = 1.0  # per batch of passages, holding the model lock as the real model does
# An upload of 48 clauses (6 batches) on a topic none of the load's questions touches.
UPLOAD = "应急演练通知\n一、演练任务\n" + "".join(
    f"（{n}）组织第{n}次防汛应急演练。（县应急管理局负责）\n" for n in range(1, 48)
)


class SlowPassages(LetterEmbedder):
    """Letters for questions; passages (an ingest) take BATCH_S per batch, as a large upload's do."""

    slow = False

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        if SlowPassages.slow and not is_query:
            time.sleep(BATCH_S)
        return super()._embed(texts, is_query)


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KnowledgeBase:
    monkeypatch.setitem(EMBEDDERS, "slow", lambda argument, settings: SlowPassages(argument))
    knowledge = KnowledgeBase(load_settings(index=tmp_path / "index", embedder="slow:letters"))
    knowledge.ingest([PLAN_TXT])
    SlowPassages.slow = True
    yield knowledge
    SlowPassages.slow = False


def test_twenty_clients_are_answered_while_an_upload_is_ingested(kb: KnowledgeBase, tmp_path: Path) -> None:
    upload = tmp_path / "upload-policy.txt"
    upload.write_text(UPLOAD, encoding="utf-8")
    figures = load_run(kb, clients=20, rounds=1, upload=upload, deadline=60)
    print(f"\n20 clients during an upload: p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms")
    assert figures["questions"] == 20 and figures["wrong_or_failed"] == 0
    assert figures["upload_ingested"] == 1.0 and figures["upload_s"] >= 6 * BATCH_S
    assert figures["answered_during_upload"] == 20  # none waited for the upload to finish
    assert figures["p95_ms"] < figures["upload_s"] * 1000


def test_beyond_the_queue_bound_the_app_says_busy(tmp_path: Path) -> None:
    from gradio_client import Client

    from app.main import launch
    from bench.load import free_port

    def slow_ask(question: str, **_: object) -> SimpleNamespace:
        time.sleep(1.0)
        return SimpleNamespace(to_dict=lambda: {"question": question})

    kb = SimpleNamespace(settings=load_settings(index=tmp_path / "index", queue_size=2), ask=slow_ask)
    port = free_port()
    demo = launch(kb, port=port, block=False)  # type: ignore[arg-type]
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        jobs = [client.submit(f"q{i}", api_name="/ask") for i in range(8)]
        outcomes = []
        for job in jobs:
            try:
                outcomes.append(job.result(timeout=30)["question"])
            except Exception as error:
                outcomes.append(str(error))
    finally:
        demo.close()
    # the questions wait in the app's fair queue (kb.fair), bounded by the same setting, which says so in
    # Chinese; Gradio's own queue, with the same bound, may still refuse a burst before the fair queue sees it
    ours = ("等待回答的问题已满，请稍后再试", "您已有 2 个问题在等待回答，请等它们答完再问。")
    busy = [o for o in outcomes if o in ours or ("Queue is full" in o and "try again" in o)]
    assert busy, outcomes  # told at once, not queued without end
    assert len(busy) < 8 and all(o.startswith("q") for o in outcomes if o not in busy), outcomes
