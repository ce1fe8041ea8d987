"""What the machine was doing while a benchmark ran, and what a measured step cost in CPU beside its wall time.

A wall-clock figure taken on a shared machine moves with the other work on it (the same 100-document run gave a
warm p95 of 39 ms idle and 363 ms with seven other engineers' jobs on the two cores). The CPU time a step used is
what the code costs, and moves far less; the load beside a figure says how far its wall time may be trusted:

- `Clock` times one step in wall, process CPU (every thread of this process: the vector store's and the
  embedder's threads included) and this thread's CPU;
- `sample()` and `since(start)` give the load averages, the number of cores and the share of
  the machine's CPU that was busy between two samples (from /proc/stat: every process, not only ours), and how
  much of it was ours.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

_STAT = Path("/proc/stat")


@dataclass(frozen=True)
class Tick:
    """One reading of the step's clocks, in seconds."""

    wall: float
    cpu: float  # this process, every thread
    thread: float  # this thread only


def tick() -> Tick:
    return Tick(time.perf_counter(), time.process_time(), time.thread_time())


@dataclass(frozen=True)
class Spent:
    """What one step cost, in milliseconds."""

    wall_ms: float
    cpu_ms: float
    thread_ms: float


def spent(since: Tick) -> Spent:
    now = tick()
    return Spent(
        (now.wall - since.wall) * 1000, (now.cpu - since.cpu) * 1000, (now.thread - since.thread) * 1000
    )


def _jiffies() -> tuple[int, int, int] | None:
    """(busy, total, stolen) jiffies of every core since boot; None where /proc/stat is missing (not Linux).
    Stolen: time a virtual machine's cores waited for the host — work of other guests, counted in no process."""
    try:
        fields = _STAT.read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    values = [int(v) for v in fields] + [0] * 8
    idle = values[3] + values[4]  # idle and iowait
    total = sum(values[:8])  # guest time is counted inside user already
    return total - idle - values[7], total, values[7]


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float  # this process's CPU seconds (every thread) at the sample
    load: tuple[float, float, float]
    jiffies: tuple[int, int, int] | None


def sample() -> Sample:
    return Sample(time.perf_counter(), time.process_time(), os.getloadavg(), _jiffies())


def since(start: Sample) -> dict[str, Any]:
    """The machine between `start` and now: load averages at both ends, cores, the busy share of all cores and
    this process's share of them. `others_busy_cores` is how many cores other processes kept busy on average:
    near 0 on an idle machine, and a wall time taken beside 1.5 of 2 cores busy elsewhere is not a figure."""
    end = sample()
    cores = os.cpu_count() or 1
    seconds = max(end.wall - start.wall, 1e-9)
    ours = (end.cpu - start.cpu) / seconds  # cores' worth of CPU this process used
    out: dict[str, Any] = {
        "cores": cores,
        "load_start": [round(x, 2) for x in start.load],
        "load_end": [round(x, 2) for x in end.load],
        "seconds": round(seconds, 2),
        "own_cores": round(ours, 2),
    }
    if start.jiffies and end.jiffies:
        busy = end.jiffies[0] - start.jiffies[0]
        total = max(end.jiffies[1] - start.jiffies[1], 1)
        machine = busy / total * cores  # cores' worth busy on the whole machine
        out["busy_cores"] = round(machine, 2)
        out["others_busy_cores"] = round(max(machine - ours, 0.0), 2)
        out["stolen_cores"] = round((end.jiffies[2] - start.jiffies[2]) / total * cores, 2)
    return out


def describe(load: dict[str, Any]) -> str:
    """One line for a reader of a run: how loaded the machine was while it measured."""
    text = f"{load['cores']} cores, load {load['load_start'][0]:.2f} → {load['load_end'][0]:.2f} (1 min avg)"
    if "others_busy_cores" in load:
        text += f", other processes kept {load['others_busy_cores']:.2f} cores busy"
    if load.get("stolen_cores"):
        text += f", the host took {load['stolen_cores']:.2f} cores (steal)"
    return text


def as_dict(value: Spent) -> dict[str, float]:
    return {k: round(v, 2) for k, v in asdict(value).items()}
