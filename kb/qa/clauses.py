"""The clauses of an index as the engine keeps them (kb.qa.indexes): saved with the index one document at a time,
each document's pickled clauses end to end in one array that is memory-mapped when the snapshot is read back
(kb.qa.saved), and made `Clause` objects again when a question first reads one of that document's clauses.

At 10,000 documents unpickling the 169,000 clause objects was most of reading the engine's snapshot (~1 s of CPU
and a few hundred megabytes, a Python string per field of every clause), and a question reads a few documents'.
A pass over every clause (a unit's duties asked of every place) still reads them all, once; what it made is kept.
Within a document the strings clauses repeat — its id and title, their outline labels, the units they name — are
saved once and shared by the objects made from them.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields, replace
from typing import Any, overload

import numpy as np

from kb.store.snapshot import let_go
from kb.types import Clause

# a clause's fields holding a string or a tuple of strings that its document's other clauses repeat
_SHARED = ("doc", "doc_title", "title", "lead")
_SHARED_TUPLES = ("path", "departments", "departments_raw", "leads", "departments_implied")


class SavedClauses(Sequence[Clause]):
    """The clauses in index order, each document's made when first read; `by_id` finds one by id without making
    any other document's."""

    def __init__(self, clauses: Sequence[Clause]) -> None:
        self._made: list[Clause | None] = list(clauses)
        self._ids = [c.id for c in self._made if c is not None]
        self._position = {cid: n for n, cid in enumerate(self._ids)}
        self._blob = np.zeros(0, dtype=np.uint8)  # each run's pickled clauses, end to end (when read back)
        self._ends = np.zeros(1, dtype=np.int64)  # where each run's bytes end in the blob (0 first)
        self._firsts = np.zeros(1, dtype=np.int64)  # each run's first clause position, then the clause count
        self._lock = threading.Lock()  # the app's threads share the engine: a document is made once
        self.by_id: Mapping[str, Clause] = ClausesById(self)

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, i: int) -> Clause: ...

    @overload
    def __getitem__(self, i: slice) -> list[Clause]: ...

    def __getitem__(self, i: int | slice) -> Clause | list[Clause]:
        if isinstance(i, slice):
            return [self[n] for n in range(*i.indices(len(self)))]
        clause = self._made[i]
        if clause is None:
            clause = self._make(i if i >= 0 else i + len(self))
        return clause

    def __iter__(self) -> Iterator[Clause]:
        return (self[n] for n in range(len(self)))

    def id_of(self, n: int) -> str:
        """The id of the clause at position `n`, without making it."""
        return self._ids[n]

    def position(self, clause_id: str) -> int | None:
        """Where the clause of that id stands, or None."""
        return self._position.get(clause_id)

    def made(self) -> int:
        """How many clauses have been made objects so far (all of them when built, not read back)."""
        return sum(1 for c in self._made if c is not None)

    def _make(self, n: int) -> Clause:
        """Unpickle the run of clauses holding position `n` (one document's) into their places."""
        run = int(np.searchsorted(self._firsts, n, side="right")) - 1
        with self._lock:
            if self._made[n] is None:
                first = int(self._firsts[run])
                start, end = int(self._ends[run]), int(self._ends[run + 1])
                made = pickle.loads(self._blob[start:end].tobytes())
                self._made[first : first + len(made)] = made
                let_go(self._blob[start:end])  # read once: the objects made hold what the bytes did
        clause = self._made[n]
        assert clause is not None
        return clause

    def __getstate__(self) -> dict[str, Any]:
        clauses = list(self)
        firsts = [n for n in range(len(clauses)) if n == 0 or clauses[n].doc != clauses[n - 1].doc]
        pieces, ends = [], [0]
        for first, end in zip(firsts, [*firsts[1:], len(clauses)], strict=True):
            piece = pickle.dumps(_shared(clauses[first:end]), protocol=5)
            pieces.append(piece)
            ends.append(ends[-1] + len(piece))
        return {
            "ids": self._ids,
            "blob": np.frombuffer(b"".join(pieces), dtype=np.uint8),
            "ends": np.asarray(ends, dtype=np.int64),
            "firsts": np.asarray([*firsts, len(clauses)], dtype=np.int64),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._ids = state["ids"]
        self._position = {cid: n for n, cid in enumerate(self._ids)}
        self._blob, self._ends, self._firsts = state["blob"], state["ends"], state["firsts"]
        self._made = [None] * len(self._ids)
        self._lock = threading.Lock()
        self.by_id = ClausesById(self)


class ClausesById(Mapping[str, Clause]):
    """The clauses by id: a clause looked up makes its document's clauses, no other."""

    def __init__(self, clauses: SavedClauses) -> None:
        self._clauses = clauses

    def __getitem__(self, clause_id: str) -> Clause:
        n = self._clauses.position(clause_id)
        if n is None:
            raise KeyError(clause_id)
        return self._clauses[n]

    def __contains__(self, clause_id: object) -> bool:
        return isinstance(clause_id, str) and self._clauses.position(clause_id) is not None

    def __iter__(self) -> Iterator[str]:
        return (self._clauses.id_of(n) for n in range(len(self._clauses)))

    def __len__(self) -> int:
        return len(self._clauses)


class ClauseChildren(Mapping[str, list[Clause]]):
    """A numbered clause's id → its sub-clauses in order, kept as their positions: made when asked for."""

    def __init__(self, clauses: SavedClauses, positions: dict[str, list[int]]) -> None:
        self._clauses, self._positions = clauses, positions

    def __getitem__(self, clause_id: str) -> list[Clause]:
        return [self._clauses[n] for n in self._positions[clause_id]]

    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self._positions

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


def _shared(clauses: Sequence[Clause]) -> list[Clause]:
    """The clauses with the strings they repeat made one object each, so that pickling writes each once."""
    seen: dict[Any, Any] = {}

    def once(value: Any) -> Any:
        if isinstance(value, tuple):
            value = tuple(once(v) for v in value)
        return seen.setdefault(value, value) if isinstance(value, str | tuple) else value

    names = {f.name for f in fields(Clause)}
    changes = [name for name in (*_SHARED, *_SHARED_TUPLES) if name in names]
    return [replace(c, **{name: once(getattr(c, name)) for name in changes}) for c in clauses]
