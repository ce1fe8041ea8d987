"""Load: concurrent `/ask` clients (gradio_client, 127.0.0.1 only) while an upload is being ingested.

    .venv/bin/python bench/load.py [--clients 20] [--rounds 5] [--index DIR]

Builds an index of the plan (or uses --index), computes each question's answer alone, serves the app on a free
loopback port, starts ingesting an upload (a 45 kB real plan, copied under a new name) and lets every client
ask its questions. Every answer must equal the one computed alone; prints p50/p95/max latency, how many
questions were answered while the upload was being ingested, and the upload's duration. Bounded: each client
asks `rounds` questions, and the run gives up after --deadline seconds. Exit 1 on any wrong or failed answer.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.main import Handlers, launch, private_cache_dir  # noqa: E402
from bench.loopback import free_port  # noqa: E402
from kb.api import KnowledgeBase  # noqa: E402
from kb.settings import load_settings  # noqa: E402

PLAN = ROOT / "tests" / "data" / "plan-attachment3.pdf"
UPLOAD = ROOT / "tests" / "data" / "real" / "prov_anhui_gongye_hulianwang.txt"
QUESTIONS = [
    "湖南中科云母研究院由哪个单位牵头建设？",
    "县林业局负责哪些工作？",
    "全社会研发经费投入要增长多少？",
    "工作专班的办公室设在哪里？",
    "碳基芯片项目由谁负责推进？",
    "Which department leads the work on the mica research institute?",
]


@dataclass
class Asked:
    question: str
    started: float
    ended: float
    correct: bool
    error: str = ""


def essentials(answer: dict) -> tuple:  # type: ignore[type-arg]
    """What must not change under load: the intent, abstention, departments and cited clause ids."""
    return (
        answer["intent"],
        answer["abstained"],
        answer["departments"],
        [c["id"] for c in answer["citations"]],
    )


def client_loop(
    url: str,
    questions: list[str],
    ready: threading.Barrier,
    go: threading.Event,
    out: list[tuple[Asked, dict]],  # type: ignore[type-arg]
) -> None:
    """One client: connects, waits until every client has connected and the upload has started, then asks."""
    from gradio_client import Client

    # A patient client: the figure wanted is how long answers take, not how often a 5 s HTTP timeout fires.
    client = Client(url, verbose=False, httpx_kwargs={"timeout": 120})
    ready.wait()
    go.wait()
    for question in questions:
        started = time.monotonic()
        try:
            answer = client.predict(question, api_name="/ask")
            out.append((Asked(question, started, time.monotonic(), True), answer))
        except Exception as error:  # counted and reported, never hidden
            failed = Asked(question, started, time.monotonic(), False, f"{type(error).__name__}: {error}")
            out.append((failed, {}))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(kb: KnowledgeBase, clients: int, rounds: int, upload: Path, deadline: float) -> dict[str, float]:
    """The load run against an app serving `kb`; returns the figures. An answer is correct when it equals the
    one given alone before the upload or the one given alone after it (the upload may add a clause)."""
    before = {q: essentials(kb.ask(q).to_dict()) for q in QUESTIONS}
    port = free_port()
    demo = launch(kb, port=port, block=False)
    url = f"http://127.0.0.1:{port}/"
    handlers = Handlers(kb, private_cache_dir(kb))
    window: dict[str, float] = {}

    def ingest_upload() -> None:
        window["start"] = time.monotonic()
        window["report"] = 0.0
        report = handlers.upload([str(upload)])
        window["end"] = time.monotonic()
        window["ok"] = float("已导入" in report)

    replies: list[tuple[Asked, dict]] = []  # type: ignore[type-arg]
    ready, go = threading.Barrier(clients + 1, timeout=deadline), threading.Event()
    try:
        threads = [
            threading.Thread(
                target=client_loop,
                args=(url, [QUESTIONS[(i + r) % len(QUESTIONS)] for r in range(rounds)], ready, go, replies),
                daemon=True,
            )
            for i in range(clients)
        ]
        for thread in threads:
            thread.start()
        ready.wait()  # every client connected
        uploader = threading.Thread(target=ingest_upload, daemon=True)
        uploader.start()
        while "start" not in window:
            time.sleep(0.01)
        go.set()
        stop_at = time.monotonic() + deadline
        for thread in [*threads, uploader]:
            thread.join(max(0.0, stop_at - time.monotonic()))
    finally:
        demo.close()
    after = {q: essentials(kb.ask(q).to_dict()) for q in QUESTIONS}
    asked = [
        Asked(
            a.question,
            a.started,
            a.ended,
            a.correct and essentials(answer) in (before[a.question], after[a.question]),
            a.error,
        )
        for a, answer in replies
    ]
    latencies = [(a.ended - a.started) * 1000 for a in asked]
    upload_end = window.get("end", float("inf"))
    figures = {
        "questions": len(asked),
        "expected": clients * rounds,
        "wrong_or_failed": sum(1 for a in asked if not a.correct),
        "answered_during_upload": sum(1 for a in asked if a.ended < upload_end),
        "p50_ms": statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": percentile(latencies, 0.95) if latencies else float("nan"),
        "max_ms": max(latencies, default=float("nan")),
        "upload_s": upload_end - window["start"],
        "upload_ingested": window.get("ok", 0.0),
    }
    for a in asked:
        if a.error:
            print(f"failed: {a.question}: {a.error}", file=sys.stderr)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="questions per client")
    parser.add_argument("--index", type=Path, default=None, help="an index of the plan (default: built now)")
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds before the run gives up")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        index = args.index or Path(scratch) / "index"
        kb = KnowledgeBase(load_settings(index=index))
        if args.index is None:
            print("building the index of the plan…", file=sys.stderr)
            kb.ingest([PLAN])
        upload = Path(scratch) / f"load-upload-{int(time.time())}.txt"
        shutil.copy(UPLOAD, upload)
        figures = run(kb, args.clients, args.rounds, upload, args.deadline)
    print(
        f"{figures['questions']}/{figures['expected']} questions from {args.clients} clients, "
        f"{figures['wrong_or_failed']} wrong or failed; {figures['answered_during_upload']} answered while the "
        f"upload was being ingested ({figures['upload_s']:.1f} s)\n"
        f"latency p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, max {figures['max_ms']:.0f} ms"
    )
    complete = figures["questions"] == figures["expected"] and figures["upload_ingested"] == 1.0
    return 0 if complete and figures["wrong_or_failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
