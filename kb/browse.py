"""What a reader browses when an office holds many documents: the documents grouped by place, found by typing;
the units of one place, or the busiest units of all; a unit's clauses grouped by document.

At 70 documents and 200 units a flat list or one chart of everything is a wall; these views stay one screen
by grouping by place (folded groups, one place at a time) and by showing the top of a ranking with its total.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.titles import short_title
from kb.types import Clause, DocInfo
from kb.unit import NO_PLACE, PlacedClauses, UnitCount

TOP_UNITS = 20  # units an overview of all places shows: the busiest, the rest one place at a time


@dataclass(frozen=True)
class PlaceDocuments:
    """The documents of one place (NO_PLACE for those whose place was not recognised)."""

    place: str
    docs: tuple[DocInfo, ...]


def documents_by_place(docs: Iterable[DocInfo], query: str = "") -> list[PlaceDocuments]:
    """The documents matching `query` (every word of it in the title, place, 文号 or issuer; all when empty),
    grouped by place: the places with most documents first, then by name, documents of no known place last."""
    words = query.split()
    groups: dict[str, list[DocInfo]] = {}
    for doc in docs:
        if all(word.casefold() in _searchable(doc) for word in words):
            groups.setdefault(doc.place or NO_PLACE, []).append(doc)
    order = sorted(groups, key=lambda place: (place == NO_PLACE, -len(groups[place]), place))
    return [PlaceDocuments(place, tuple(groups[place])) for place in order]


def _searchable(doc: DocInfo) -> str:
    return " ".join(filter(None, (doc.title, doc.place, doc.doc_no, doc.issuer))).casefold()


def document_label(doc: DocInfo) -> str:
    """A document as a picker names it: its place and short title (never its file name)."""
    title = f"《{short_title(doc.title)}》"
    return f"{doc.place} · {title}" if doc.place else title


@dataclass(frozen=True)
class UnitRanking:
    """The units of a place (or of all places) by clause count: `shown` the first of them, `total` how many."""

    place: str | None  # None: every place
    shown: tuple[UnitCount, ...]
    total: int


def unit_ranking(units: PlacedClauses, place: str | None = None, top: int | None = TOP_UNITS) -> UnitRanking:
    """The busiest units of `place` (a place as `kb docs` names it, NO_PLACE for documents of no known place;
    None: all places), at most `top` (None: all)."""
    counts = [c for c in units.counts() if place is None or c.unit.where == place]
    shown = counts if top is None else counts[:top]
    return UnitRanking(place, tuple(shown), len(counts))


def unit_places(units: PlacedClauses) -> list[tuple[str, int]]:
    """Each place whose documents name units, with how many units (places as met, no known place last)."""
    return [(place or NO_PLACE, len(counts)) for place, counts in units.by_place().items() if counts]


def by_document(clauses: Sequence[Clause]) -> list[tuple[str, list[Clause]]]:
    """Clauses grouped by document (documents in order of their first clause), each group in document order."""
    groups: dict[str, list[Clause]] = {}
    for clause in clauses:
        groups.setdefault(clause.doc, []).append(clause)
    return list(groups.items())
