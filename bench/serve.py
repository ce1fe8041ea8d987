"""`kb serve` on an existing index, from the command to its first answer. Prints figures; never passes or fails.

    .venv/bin/python bench/serve.py --index DIR [--embedder e5|use] [--runs 3] [--profile]

Each run starts `kb serve` as a process on a free loopback port and times: until the page answers HTTP (the
app is up), until the first `/ask` through gradio_client returns an answer (question answering loaded: the
engine, the models and their warm-up), and a second question (warm). After the answers it reads the server's
resident and peak memory from /proc, then stops it. The process is always stopped, also on failure.

`--profile` runs one more start under py-spy (every thread, sampling at 200 Hz, idle time left out) and prints
where the CPU went from the command to the first answer, by phase (which package's import, the engine's build,
the warm-up, Gradio's start): on a start bound to one interpreter lock, these shares add up to the wait.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loopback import free_port  # noqa: E402  (after the path set-up, for running from a checkout)

QUESTIONS = ("县林业局负责哪些工作？", "研发经费投入增长目标是多少？")


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def one_run(
    index: Path, embedder: str | None, deadline: float, profile: Path | None = None
) -> dict[str, float]:
    from gradio_client import Client

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if embedder:
        env["KB_EMBEDDER"] = embedder
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    command = [sys.executable, "-m", "kb.cli", "serve", "--index", str(index), "--port", str(port)]
    if profile:
        spy = Path(sys.executable).with_name("py-spy")
        if not spy.exists():
            raise SystemExit(f"--profile needs py-spy beside {sys.executable}: pip install -e '.[bench]'")
        command = [
            str(spy),
            "record",
            "--threads",
            "-r",
            "200",
            "-f",
            "raw",
            "-o",
            str(profile),
            "--",
            *command,
        ]
    server = subprocess.Popen(
        command,
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
        served = served_pid(server.pid) if profile else server.pid
        rss, peak = memory_mb(served)
        return {
            "page_s": page,
            "first_answer_s": first,
            "second_ms": second_ms,
            "rss_mb": rss,
            "peak_mb": peak,
        }
    finally:
        if profile:  # py-spy writes its samples once the program it records has ended
            with contextlib.suppress(OSError, ValueError):
                os.kill(served_pid(server.pid), signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def served_pid(recorder: int) -> int:
    """The `kb serve` process py-spy started."""
    children = Path(f"/proc/{recorder}/task/{recorder}/children").read_text().split()
    return int(children[0])


# (phase, frame text marking it), first match wins; the rest is named by the package being imported. py-spy
# names a file from its package's folder ("gradio/blocks.py:12"), and sometimes by its base name only.
PHASES = (
    ("engine build (clauses, indexes, units, router)", "_build_engine ("),
    ("warm-up questions (models, tables, first embeddings)", "_warm (kb/cli.py"),
    ("opening the index (store, lexical index, jieba's dictionary)", "ensure_index (app/main.py"),
    ("Gradio page build and start", "launch (app/main.py"),
)


def phase(stack: list[str]) -> str:
    """The phase of one sampled stack (root first): a marked function, else the package whose import it is."""
    for name, mark in PHASES:
        if any(mark in frame for frame in stack):
            return name
    own = False
    for frame in stack:
        if not frame.startswith("<module> ("):
            continue
        where = frame.removeprefix("<module> (")
        if where.startswith(("kb/", "app/")):
            own = True
        elif not where.startswith(
            "<"
        ):  # py-spy names a package's file from its folder: "gradio/blocks.py:12"
            return "import " + where.split("/", 1)[0].split(".py", 1)[0]
    return "import kb / app (own modules)" if own else "other: " + (stack[-1] if stack else "?")


def profile_table(raw: Path, top: int = 14) -> list[tuple[str, float]]:
    """CPU seconds per phase from py-spy's raw (collapsed) samples at 200 Hz, largest first."""
    counts: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack_text, _, count = line.rpartition(" ")
        frames = stack_text.split(";")[1:]  # the first frame names the thread
        counts[phase(frames)] += int(count)
    return [(name, n / 200) for name, n in counts.most_common(top)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="an existing index folder")
    parser.add_argument("--embedder", default=None, help="the index's embedder (KB_EMBEDDER), e.g. use")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds before a run gives up")
    parser.add_argument(
        "--profile",
        type=Path,
        nargs="?",
        const=True,
        default=None,
        help="one more start under py-spy: CPU by phase (and its raw samples kept in the file given)",
    )
    args = parser.parse_args()
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.2f}, index {args.index}", file=sys.stderr)
    runs = [one_run(args.index, args.embedder, args.deadline) for _ in range(args.runs)]
    for key in runs[0] if runs else ():
        values = [r[key] for r in runs]
        print(
            f"{key:>15}: median {statistics.median(values):8.2f}   runs "
            + ", ".join(f"{v:.2f}" for v in values)
        )
    if args.profile:
        with tempfile.TemporaryDirectory() as folder:
            raw = args.profile if isinstance(args.profile, Path) else Path(folder) / "serve.txt"
            timed = one_run(args.index, args.embedder, args.deadline, profile=raw)
            table = profile_table(raw)
        print(
            f"profiled start: first answer {timed['first_answer_s']:.2f} s (py-spy slows it); CPU by phase:"
        )
        for name, seconds in table:
            print(f"  {seconds:6.2f} s  {name}")
        print(f"  {sum(s for _, s in table):6.2f} s  in all (top {len(table)} phases)")


if __name__ == "__main__":
    main()
