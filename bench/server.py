"""Server benchmark: an index moved to a Chroma server, several clients answering from it at once. Prints
figures; never passes or fails on time.

    .venv/bin/python bench/server.py --index DIR --questions FILE [--clients 4] [--embedder use] [--embedded]
                                     [--keep DIR] [--json]

DIR is an index built by `bench/scale.py --keep KEEP` (KEEP/index-1000) and FILE its questions
(KEEP/questions-1000.json). The benchmark starts `chroma run` on 127.0.0.1 (a free port, its data in a
temporary folder or `--keep`), copies the index there with `kb migrate` (timed), then starts `--clients`
processes, each opening the index folder with `--chroma-url` as an app process would (`KnowledgeBase.warm()`),
and once every one is ready lets them all ask the benchmark's questions at once (each from another point in
the list, so that they do not ask the same question together). Per client and over all: wall and CPU time
per question (p50 / p95 / p99, per question kind), R@1, the client's peak RSS; the server's resident memory
(sampled every 0.2 s while the clients answer, and its peak since start), the questions answered per second,
and the machine's load. `--embedded`: the same clients on the embedded index (each process its own copy of
the vector index), for comparison. The server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import machine  # noqa: E402  (after the path set-up, for running from a checkout)
from bench.loopback import chroma_server  # noqa: E402
from bench.scale import INTENTS, percentiles  # noqa: E402

KINDS = (*INTENTS, "indicator, no place named")


# --- the server ---


def memory_mb(pid: int) -> dict[str, float]:
    """A process's resident memory now and its peak (VmRSS, VmHWM), in MB; empty when it is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    fields = {line.split(":")[0]: line.split()[1] for line in lines if line.startswith(("VmRSS", "VmHWM"))}
    return {key: int(value) / 1024 for key, value in fields.items()}


class Sampler:
    """The largest resident memory a process had while sampled (every `every` seconds, in a thread)."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every, self.largest = pid, every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.largest = max(self.largest, memory_mb(self.pid).get("VmRSS", 0.0))
            self._stop.wait(self.every)


# --- a client: one process answering as an app process would ---


def client(index: str, embedder: str, url: str, questions_file: str, offset: int) -> None:
    """Open the index (through the server at `url`, or embedded when it is "-"), say `ready`, wait for `go`
    on stdin, ask every question starting at `offset`, print the rows as JSON."""
    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    kb = KnowledgeBase(
        load_settings(index=Path(index), embedder=embedder, chroma_url=None if url == "-" else url)
    )
    t0 = machine.tick()
    kb.warm()
    opened = machine.spent(t0)
    questions = json.loads(Path(questions_file).read_text(encoding="utf-8"))
    asked = [(q["question"], q["intent"], q["gold"]) for q in questions]
    asked += [(q["unplaced"], "indicator, no place named", None) for q in questions if q.get("unplaced")]
    asked = asked[offset % len(asked) :] + asked[: offset % len(asked)]
    print("ready", flush=True)
    sys.stdin.readline()
    began = time.process_time()
    rows = []
    for text, kind, gold in asked:
        t0 = machine.tick()
        answer = kb.ask(text)
        cost = machine.spent(t0)
        row: dict[str, Any] = {"intent": kind, "ms": cost.wall_ms, "cpu_ms": cost.cpu_ms}
        if gold is not None:
            cited = [h.clause.id for h in answer.citations]
            row["hit"] = bool(cited) and cited[0] in gold
        rows.append(row)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "open_s": opened.wall_ms / 1000,
                "open_cpu_s": opened.cpu_ms / 1000,
                "rows": rows,
                "peak_rss_mb": peak,
                "asking_cpu_s": time.process_time() - began,
                "finished": time.time(),
            }
        )
    )


# --- the run ---


def run_clients(
    index: Path, embedder: str, url: str, questions: Path, count: int, server_pid: int | None
) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--client", str(index), embedder, url, str(questions), str(n * 7)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(count)
    ]
    try:
        opening = machine.sample()
        for proc in procs:  # every client opened its index and loaded its models
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise SystemExit(f"a client failed to open the index (exit {proc.wait()})")
        open_load = machine.since(opening)
        before = memory_mb(server_pid) if server_pid else {}
        server_cpu = cpu_seconds(server_pid) if server_pid else 0.0
        asking = machine.sample()
        started = time.time()
        sampler = Sampler(server_pid) if server_pid else contextlib.nullcontext()
        with sampler:
            for proc in procs:
                assert proc.stdin is not None
                proc.stdin.write("go\n")
                proc.stdin.flush()
            outputs = [proc.communicate()[0] for proc in procs]
        load = machine.since(asking)
        server_cpu = (cpu_seconds(server_pid) - server_cpu) if server_pid else 0.0
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    results = [json.loads(out.strip().splitlines()[-1]) for out in outputs]
    seconds = max(r["finished"] for r in results) - started
    # the clients' and the server's CPU are the benchmark's own, not other processes'
    load = _ours(load, (sum(r["asking_cpu_s"] for r in results) + server_cpu) / load["seconds"])
    rows = [row for r in results for row in r["rows"]]
    figures: dict[str, Any] = {
        "clients": [
            {
                "open_s": r["open_s"],
                "open_cpu_s": r["open_cpu_s"],
                "peak_rss_mb": r["peak_rss_mb"],
                "ms": percentiles([row["ms"] for row in r["rows"]]),
                "cpu_ms": percentiles([row["cpu_ms"] for row in r["rows"]]),
                "r_at_1": _accuracy(r["rows"]),
            }
            for r in results
        ],
        "all": {
            "ms": percentiles([row["ms"] for row in rows]),
            "cpu_ms": percentiles([row["cpu_ms"] for row in rows]),
            "by_kind_ms": {k: percentiles([row["ms"] for row in rows if row["intent"] == k]) for k in KINDS},
            "by_kind_cpu_ms": {
                k: percentiles([row["cpu_ms"] for row in rows if row["intent"] == k]) for k in KINDS
            },
            "r_at_1": _accuracy(rows),
        },
        "questions": len(rows),
        "seconds": seconds,
        "per_second": len(rows) / seconds,
        "load_open": _ours(open_load, sum(r["open_cpu_s"] for r in results) / open_load["seconds"]),
        "load_asking": load,
    }
    figures["clients_cpu_s"] = sum(r["asking_cpu_s"] for r in results)
    if server_pid:
        figures["server_cpu_s"] = server_cpu
        figures["server_rss_mb"] = {
            "before_questions": before.get("VmRSS"),
            "largest_while_answering": sampler.largest,  # type: ignore[union-attr]
            "peak_since_start": memory_mb(server_pid).get("VmHWM"),
        }
    return figures


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user + system), from /proc; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ours(load: dict[str, Any], cores: float) -> dict[str, Any]:
    """The machine's load with the benchmark's processes counted as its own cores, not as others'."""
    out = {**load, "own_cores": round(load["own_cores"] + cores, 2)}
    if "others_busy_cores" in load:
        out["others_busy_cores"] = round(max(load["others_busy_cores"] - cores, 0.0), 2)
    return out


def _accuracy(rows: list[dict[str, Any]]) -> float | None:
    """R@1 as bench/scale.py counts it: the questions answered from one retrieved clause."""
    scored = [
        r["hit"] for r in rows if "hit" in r and r["intent"] in ("responsibility", "indicator", "general")
    ]
    return sum(scored) / len(scored) if scored else None


def migrate(index: Path, embedder: str, url: str) -> dict[str, Any]:
    """`kb migrate` of the index to the server, in a child process: its wall and CPU time, peak memory."""
    code = (
        "import json, resource, time, sys; from pathlib import Path; from kb.api import KnowledgeBase; "
        "from kb.settings import load_settings; t = time.perf_counter(); c = time.process_time(); "
        f"done = KnowledgeBase(load_settings(index=Path({str(index)!r}), embedder={embedder!r})).migrate({url!r}); "
        "print(json.dumps({'seconds': time.perf_counter() - t, 'cpu_s': time.process_time() - c, "
        "'clauses': done.clauses, 'docs': done.docs, "
        "'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if out.returncode:
        raise SystemExit(f"kb migrate failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def show(name: str, f: dict[str, Any]) -> None:
    print(
        f"\n{name}: {f['questions']} questions by {len(f['clients'])} clients at once in {f['seconds']:.1f} s "
        f"({f['per_second']:.1f} answered a second)"
    )
    print("client | open s (CPU s) | wall p50 / p95 / p99 ms | CPU p50 / p95 / p99 ms | R@1 | peak RSS")
    for n, c in enumerate(f["clients"], start=1):
        print(
            f"{n} | {c['open_s']:.1f} ({c['open_cpu_s']:.1f}) | {_p(c['ms'])} | {_p(c['cpu_ms'])} | "
            f"{c['r_at_1']:.3f} | {c['peak_rss_mb']:.0f} MB"
        )
    a = f["all"]
    print(f"all | | {_p(a['ms'])} | {_p(a['cpu_ms'])} | {a['r_at_1']:.3f} |")
    print(
        "per question kind, wall (CPU) p50 / p95 ms: "
        + "; ".join(
            f"{k} {a['by_kind_ms'][k]['p50']:.0f}/{a['by_kind_ms'][k]['p95']:.0f} "
            f"({a['by_kind_cpu_ms'][k]['p50']:.0f}/{a['by_kind_cpu_ms'][k]['p95']:.0f})"
            for k in KINDS
            if a["by_kind_ms"][k]["n"]
        )
    )
    if "server_rss_mb" in f:
        s = f["server_rss_mb"]
        print(
            f"server RSS: {s['before_questions']:.0f} MB before the questions, {s['largest_while_answering']:.0f} MB "
            f"at most while answering, peak since start {s['peak_since_start']:.0f} MB"
        )
    print(f"machine while opening: {machine.describe(f['load_open'])}")
    ours = f"clients {f['clients_cpu_s']:.1f} s of CPU" + (
        f", server {f['server_cpu_s']:.1f} s" if "server_cpu_s" in f else ""
    )
    print(f"machine while answering ({ours}): {machine.describe(f['load_asking'])}")


def _p(p: dict[str, float]) -> str:
    return f"{p['p50']:.0f} / {p['p95']:.0f} / {p['p99']:.0f}"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        client(*sys.argv[2:6], int(sys.argv[6]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="an index folder (bench/scale.py --keep)")
    parser.add_argument("--questions", type=Path, required=True, help="its questions (questions-N.json)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--embedder", default="use")
    parser.add_argument("--embedded", action="store_true", help="also the same clients on the embedded index")
    parser.add_argument("--keep", type=Path, default=None, help="keep the server's data here")
    parser.add_argument("--json", action="store_true", help="the figures as one JSON object")
    args = parser.parse_args()
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.2f}", file=sys.stderr)
    results: dict[str, Any] = {"index_mb": folder_mb(args.index / "chroma")}
    with tempfile.TemporaryDirectory() as tmp:
        data = args.keep or Path(tmp) / "server"
        with chroma_server(data) as (url, pid):
            results["migrate"] = migrate(args.index, args.embedder, url)
            results["server_data_mb"] = folder_mb(data)
            results["server"] = run_clients(args.index, args.embedder, url, args.questions, args.clients, pid)
        if args.embedded:
            results["embedded"] = run_clients(
                args.index, args.embedder, "-", args.questions, args.clients, None
            )
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    m = results["migrate"]
    out = sys.stderr if args.json else sys.stdout
    with contextlib.redirect_stdout(out):
        print(
            f"kb migrate: {m['clauses']:,} clauses and {m['docs']:,} documents in {m['seconds']:.1f} s "
            f"({m['cpu_s']:.1f} s CPU), peak RSS {m['peak_rss_mb']:.0f} MB; the server's folder "
            f"{results['server_data_mb']:.0f} MB (the embedded Chroma folder {results['index_mb']:.0f} MB)"
        )
        show("through the Chroma server", results["server"])
        if "embedded" in results:
            show("embedded (each client its own copy)", results["embedded"])


if __name__ == "__main__":
    main()
