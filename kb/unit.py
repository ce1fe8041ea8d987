"""A unit of a place: the identity under which duties are counted, grouped and shown.

Notes name units as their own documents see them: 南充's and 泰安's plans both write `市财政局`, and they are two
bodies. Every clause belongs to a document and every document to a place (`kb docs`: `place`), so a unit is the
pair (place, name). Whatever lists, counts or groups units — the duty sheet, the department view and its picker,
the matrix, the answer to "what does X do" — works on `Unit`s from `PlacedClauses`, never on bare names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kb.types import Clause

NO_PLACE = "未注明地区"  # the place shown for documents whose place was not recognised

# a label's trailing bracket: `市财政局（南充市）`; a name's own bracket (`市委组织部（人才办）`) is no place
_TRAILING_BRACKET = re.compile(r"^(.+?)[（(]([^（()）]+)[）)]$")


@dataclass(frozen=True)
class Unit:
    """One body: its name as the notes write it (canonical), and the place of the documents naming it (None
    where a document's place was not recognised)."""

    name: str
    place: str | None = None

    @property
    def label(self) -> str:
        """`市财政局（南充市）`; the bare name when the place is unknown."""
        return f"{self.name}（{self.place}）" if self.place else self.name

    def shown(self, several_places: bool) -> str:
        """The name with its place where several places are indexed (the place is then needed to tell two
        units apart), else the bare name as the office writes it."""
        return self.label if several_places else self.name

    @property
    def where(self) -> str:
        return self.place or NO_PLACE


@dataclass(frozen=True)
class UnitCount:
    """How many clauses a unit leads and shares."""

    unit: Unit
    leads: int
    shares: int

    @property
    def total(self) -> int:
        return self.leads + self.shares


@dataclass
class PlacedClauses:
    """Clauses with the places of their documents: the units they name, each of its place."""

    clauses: Sequence[Clause]
    doc_places: Mapping[str, str | None]  # document id → its place
    _units: dict[Unit, list[Clause]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for clause in self.clauses:  # dicts keep first-appearance order
            for name in clause.departments:
                self._units.setdefault(self.unit_of(name, clause), []).append(clause)

    def place_of(self, clause: Clause) -> str | None:
        return self.doc_places.get(clause.doc)

    def unit_of(self, name: str, clause: Clause) -> Unit:
        """The unit a clause's note means by `name`: the one of its document's place."""
        return Unit(name, self.place_of(clause))

    @property
    def places(self) -> tuple[str | None, ...]:
        """The places whose documents name some unit, in order of first appearance."""
        return tuple(dict.fromkeys(u.place for u in self._units))

    @property
    def several(self) -> bool:
        """Whether units of more than one place are indexed (a unit is then shown with its place)."""
        return len(self.places) > 1

    def units(self) -> tuple[Unit, ...]:
        """Every unit, in order of first appearance."""
        return tuple(self._units)

    def counts(self) -> list[UnitCount]:
        """Every unit with its led and shared clauses, most clauses first (ties in order of first appearance)."""
        counts = []
        for unit, named in self._units.items():
            leads = sum(1 for c in named if c.led_by(unit.name))
            counts.append(UnitCount(unit, leads, len(named) - leads))
        return sorted(counts, key=lambda c: -c.total)  # sorted() is stable

    def by_place(self) -> dict[str | None, list[UnitCount]]:
        """`counts()` grouped by place, places in order of first appearance, unknown place last."""
        grouped: dict[str | None, list[UnitCount]] = {p: [] for p in self.places if p is not None}
        for count in self.counts():
            grouped.setdefault(count.unit.place, []).append(count)
        return grouped

    def clauses_of(self, unit: Unit, lead_only: bool = False) -> list[Clause]:
        """The clauses naming this unit (of its place only), in document order."""
        named = self._units.get(unit, [])
        return [c for c in named if c.led_by(unit.name)] if lead_only else list(named)

    def places_of(self, name: str) -> tuple[str | None, ...]:
        """The places whose documents name a unit called `name`, in order of first appearance."""
        return tuple(u.place for u in self._units if u.name == name)

    def named(self, name: str, place: str | None = None) -> list[Unit]:
        """The units called `name` (canonical): the one of `place` when given (NO_PLACE: of the documents whose
        place is unknown), else one per place naming it."""
        return [u for u in self._units if u.name == name and (place is None or u.where == place)]

    def units_named(self, text: str, canonical: Callable[[str], str | None]) -> list[Unit]:
        """The units a name means: a label `市财政局（南充市）` one, a bare name (any spelling `canonical` maps to
        a canonical name) one per place whose documents name it; [] when none does."""
        name, place = self.read_label(text)
        if not name:
            return []
        return self.named(canonical(name) or name, place) or self.named(name, place)

    def read_label(self, text: str) -> tuple[str, str | None]:
        """(name, place) from what a picker shows or a person types (see `read_label`)."""
        return read_label(text, {p for p in self.places if p})


def read_label(text: str, places: Collection[str]) -> tuple[str, str | None]:
    """(name, place) from a unit's label: `市财政局（南充市）` → (市财政局, 南充市) when 南充市 is one of `places`;
    a bracket that is no indexed place stays in the name (`市委组织部（人才办）`). The place is as
    `PlacedClauses.named` takes it (NO_PLACE for the documents whose place is unknown)."""
    written = text.strip()  # spaces inside stay: an English name (forestry bureau) is written with them
    match = _TRAILING_BRACKET.match(written)
    if match and match.group(2) in {*places, NO_PLACE}:
        return match.group(1).strip(), match.group(2).strip()
    return written, None


def placed(clauses: Iterable[Clause], doc_places: Mapping[str, str | None]) -> PlacedClauses:
    """The clauses with their documents' places."""
    return PlacedClauses(list(clauses), dict(doc_places))
