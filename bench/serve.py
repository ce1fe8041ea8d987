"""`kb serve` on an existing index, from the command to its first answer. Prints figures; never passes or fails.

    .venv/bin/python bench/serve.py --index DIR [--embedder e5|use] [--runs 3]

Each run starts `kb serve` as a process on a free loopback port and times: until the page answers HTTP (the
app is up), until the first `/ask` through gradio_client returns an answer (question answering loaded: the
engine, the models and their warm-up), and a second question (warm). After the answers it reads the server's
resident and peak memory from /proc, then stops it. The process is always stopped, also on failure.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ("县林业局负责哪些工作？", "研发经费投入增长目标是多少？")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def one_run(index: Path, embedder: str | None, deadline: float) -> dict[str, float]:
    from gradio_client import Client

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if embedder:
        env["KB_EMBEDDER"] = embedder
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "kb.cli", "serve", "--index", str(index), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while True:
            if time.perf_counter() - started > deadline or server.poll() is not None:
                raise SystemExit(f"kb serve did not come up within {deadline:.0f} s (exit {server.poll()})")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                time.sleep(0.05)
        page = time.perf_counter() - started
        client = Client(url, verbose=False, httpx_kwargs={"timeout": deadline})
        client.predict(QUESTIONS[0], api_name="/ask")
        first = time.perf_counter() - started
        t0 = time.perf_counter()
        client.predict(QUESTIONS[1], api_name="/ask")
        second_ms = (time.perf_counter() - t0) * 1000
        rss, peak = memory_mb(server.pid)
        return {"page_s": page, "first_answer_s": first, "second_ms": second_ms, "rss_mb": rss, "peak_mb": peak}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="an existing index folder")
    parser.add_argument("--embedder", default=None, help="the index's embedder (KB_EMBEDDER), e.g. use")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds before a run gives up")
    args = parser.parse_args()
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.2f}, index {args.index}", file=sys.stderr)
    runs = [one_run(args.index, args.embedder, args.deadline) for _ in range(args.runs)]
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"{key:>15}: median {statistics.median(values):8.2f}   runs " + ", ".join(f"{v:.2f}" for v in values))


if __name__ == "__main__":
    main()
