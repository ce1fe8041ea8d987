"""How far an ingest of many files has come: files done of all, clauses per second, and the time remaining.

A province's ten thousand documents take an hour or more to ingest; the person who started it wants to know
when it will end. Files differ in size by a hundred times, so the time remaining is estimated from the bytes
still to read at the rate bytes were read so far, not from a count of files. Files found unchanged (their
content already indexed) cost almost nothing and are left out of that rate: a re-run that finds the first
thousand files indexed does not promise to read the rest at the speed of hashing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.types import IngestResult

MIN_SECONDS_FOR_ESTIMATE = 1.0  # a rate measured over less time than this is noise, not a promise


@dataclass(frozen=True)
class IngestStatus:
    """One moment of an ingest: the file just finished and the totals so far."""

    file: str
    files_done: int
    files_total: int
    clauses: int  # clauses indexed by this run so far (files found unchanged count none)
    seconds: float  # since the run started
    remaining_s: float | None  # None until a rate is known (no file read yet, or too short a time)
    refused: int = 0

    @property
    def clauses_per_s(self) -> float:
        return self.clauses / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """`312/1,000 files · 8,940 clauses · 61.2 clauses/s · about 9 min left` (· 2 refused)."""
        parts = [
            f"{self.files_done:,}/{self.files_total:,} files",
            f"{self.clauses:,} clauses",
            f"{self.clauses_per_s:.1f} clauses/s",
        ]
        if self.files_done < self.files_total:
            parts.append(
                "time left not known yet"
                if self.remaining_s is None
                else f"about {duration(self.remaining_s)} left"
            )
        else:
            parts.append(f"done in {duration(self.seconds)}")
        if self.refused:
            parts.append(f"{self.refused:,} refused")
        return " · ".join(parts)


def duration(seconds: float) -> str:
    """`40 s`, `9 min`, `1 h 25 min`: as precise as a forecast deserves."""
    if seconds < 60:
        return f"{max(0, round(seconds))} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


class ProgressTracker:
    """Told of each file's result in order, tells `report` the run's IngestStatus."""

    def __init__(
        self,
        files: Sequence[Path],
        report: Callable[[IngestStatus], None] | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._report = report
        self._clock = clock
        self._started = clock()
        self._sizes = [_size(path) for path in files] if report else []
        self._left = sum(self._sizes)
        self._done = self._clauses = self._refused = 0
        self._read_bytes = 0  # of files read (ingested or refused), not found unchanged
        self._unchanged_s = 0.0  # time spent on files found unchanged, kept out of the rate
        self._last = self._started

    def file_done(self, result: IngestResult) -> None:
        if self._report is None:
            return
        now = self._clock()
        size = self._sizes[self._done]
        self._left -= size
        self._done += 1
        if result.status == "unchanged":
            self._unchanged_s += now - self._last
        else:
            self._read_bytes += size
            self._clauses += result.clauses if result.status == "ingested" else 0
            self._refused += result.status == "refused"
        self._last = now
        self._report(
            IngestStatus(
                file=result.path,
                files_done=self._done,
                files_total=len(self._sizes),
                clauses=self._clauses,
                seconds=now - self._started,
                remaining_s=self._remaining(now),
                refused=self._refused,
            )
        )

    def _remaining(self, now: float) -> float | None:
        reading = now - self._started - self._unchanged_s
        if self._read_bytes <= 0 or reading < MIN_SECONDS_FOR_ESTIMATE:
            return None
        return self._left * reading / self._read_bytes


def _size(path: Path) -> int:
    try:
        return max(path.stat().st_size, 1)  # an empty file still costs a parse
    except OSError:
        return 1
