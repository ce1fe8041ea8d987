"""OCR near-misses in unit names, resolved against names that exist: a unit read from a scanned page
(`县科工倍局`) becomes the name it is one character away from (`县科工信局`) when the place's registry knows that
name or the document itself writes it in two notes or more. A name that is not that close to exactly one
existing name is kept as read: a unit is never invented, and an unknown unit is never taken for another.

Only clauses read by OCR (`Clause.ocr`) are corrected; text from a text layer is as the office wrote it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from kb.parse.departments import DepartmentRegistry
from kb.types import Clause

LEVELS = frozenset("省市县区州镇乡")  # 市教育局 is another body than 县教育局, never a misread of it
# A shorter name is one character from other real units (县民政局 / 县财政局, 县体育局 / 县教育局): kept as read.
MIN_CHARS = 5


def allowed_distance(name: str) -> int:
    """Edits a misread of `name` may hold: none below MIN_CHARS, one character, two in a long name
    (平江高新技术产业开发区)."""
    if len(name) < MIN_CHARS:
        return 0
    return 1 if len(name) < 8 else 2


class MisreadResolver:
    """Maps names read by OCR to the existing name each is a near-miss of (registry spellings, and names the
    document writes in two notes or more)."""

    def __init__(self, registry: DepartmentRegistry, document_names: Iterable[str] = ()) -> None:
        counts = Counter(document_names)
        written = [name for name, count in counts.items() if count >= 2]
        self._known = list(dict.fromkeys([*registry.spellings(), *written]))
        self._known_set = set(self._known)

    def resolve(self, name: str) -> str:
        """The one existing name `name` is a near-miss of, else `name` as read."""
        limit = allowed_distance(name)
        if name in self._known_set or limit == 0:
            return name
        best: list[str] = []
        best_distance = limit + 1
        for known in self._known:
            if abs(len(known) - len(name)) > limit or _other_level(name, known):
                continue
            distance = Levenshtein.distance(name, known, score_cutoff=limit)
            if distance > limit:
                continue
            if distance < best_distance:
                best, best_distance = [known], distance
            elif distance == best_distance and known not in best:
                best.append(known)
        return best[0] if len(best) == 1 else name


def _other_level(name: str, known: str) -> bool:
    """The two names differ in a level character (县 / 市): two bodies, not a misread."""
    return any(a != b and (a in LEVELS or b in LEVELS) for a, b in zip(name, known, strict=False))


def resolve_misreads(clauses: list[Clause], registry: DepartmentRegistry) -> list[Clause]:
    """The clauses with the units of those read by OCR resolved (`MisreadResolver`); others unchanged."""
    if not any(clause.ocr for clause in clauses):
        return clauses
    written = [name for clause in clauses for name in clause.departments_raw]
    resolver = MisreadResolver(registry, written)

    def fixed(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(resolver.resolve(name) for name in names))

    return [
        dataclasses.replace(
            clause,
            lead=fixed(clause.leads)[0] if clause.leads else clause.lead,
            leads=fixed(clause.leads),
            departments=fixed(clause.departments),
            departments_raw=fixed(clause.departments_raw),
            departments_implied=fixed(clause.departments_implied),
        )
        if clause.ocr and clause.departments
        else clause
        for clause in clauses
    ]
