"""Where the time of a py-spy recording went: the functions holding the most samples, by their own time and by
the time under them (the project's own functions only, for the second). Prints figures; never passes or fails.

    py-spy record -r 200 -f raw -o ask.txt -- .venv/bin/python bench/scale.py --child ask INDEX use QUESTIONS
    .venv/bin/python bench/pyspy_top.py ask.txt [--top 15] [--under kb/qa/engine.py]

`--under FRAME`: only the samples whose stack holds a frame containing this text (one phase of the run: the
questions, not the opening of the index, with `--under child_ask`).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

OWN = ("kb/", "app/", "engine.py", "targets.py", "retrieve.py", "intent.py", "units.py")  # py-spy may shorten


def read(raw: Path, under: str | None) -> list[tuple[list[str], int]]:
    """(frames root first, samples) of each recorded stack; the thread's name frame left out."""
    stacks = []
    for line in raw.read_text(encoding="utf-8").splitlines():
        text, _, count = line.rpartition(" ")
        frames = [f for f in text.split(";") if not f.startswith(("thread (", "process "))]
        if under is None or any(under in f for f in frames):
            stacks.append((frames, int(count)))
    return stacks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="py-spy record -f raw output")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--under", default=None, help="only stacks holding a frame with this text")
    parser.add_argument("--rate", type=float, default=200.0, help="the recording's samples per second")
    args = parser.parse_args()
    stacks = read(args.raw, args.under)
    total = sum(n for _, n in stacks)
    own_time: Counter[str] = Counter()
    under_time: Counter[str] = Counter()
    for frames, n in stacks:
        if frames:
            own_time[frames[-1]] += n
        for frame in set(frames):
            if any(mark in frame for mark in OWN):
                under_time[frame] += n
    print(f"{total} samples, {total / args.rate:.2f} s of CPU" + (f" under {args.under!r}" if args.under else ""))
    print("\nby own time:")
    for frame, n in own_time.most_common(args.top):
        print(f"  {n / total:6.1%}  {frame}")
    print("\nthe project's functions, by the time under them:")
    for frame, n in under_time.most_common(args.top):
        print(f"  {n / total:6.1%}  {frame}")


if __name__ == "__main__":
    main()
