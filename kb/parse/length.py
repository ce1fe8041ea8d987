"""A length cap on every clause: a text without an outline (or a paragraph that never ends) would otherwise
become one clause of any length — 124,000 characters from a 370 KB text — embedded, stored, searched and
shown whole. A clause longer than MAX_CLAUSE_CHARS is split into parts at sentence ends (。！？；), each part
keeping the clause's outline number with a part number (`doc:1.2-2`), its outline labels and its units.

Published plans' longest clauses hold about 700 characters; the cap is three times that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from kb.types import Clause

MAX_CLAUSE_CHARS = 2_000
_SENTENCE_ENDS = "。！？；!?;"
_PHRASE_ENDS = "，,、：: "


def split_text(text: str, limit: int = MAX_CLAUSE_CHARS) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut after the last sentence end of each piece (after a
    comma when no sentence ends in its second half, at the limit when neither does). Linear in the text."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = _last_end(window, _SENTENCE_ENDS)
        if cut <= limit // 2:
            cut = _last_end(window, _PHRASE_ENDS)
        if cut <= limit // 2:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()] or [text]


def _last_end(window: str, ends: str) -> int:
    return max(window.rfind(mark) for mark in ends) + 1


def split_long(
    clauses: Iterable[Clause], refresh: Callable[[Clause], Clause], limit: int = MAX_CLAUSE_CHARS
) -> list[Clause]:
    """Every clause longer than `limit` split into parts (`refresh` reads each part's own targets and
    deadlines); the parts of one outline item are numbered again in order, so ids stay unique."""
    result: list[Clause] = []
    split_numbers: set[tuple[str, tuple[int, ...]]] = set()
    for clause in clauses:
        if len(clause.text) <= limit:
            result.append(clause)
            continue
        split_numbers.add((clause.doc, clause.number))
        result.extend(refresh(dataclasses.replace(clause, text=piece)) for piece in split_text(clause.text, limit))
    if not split_numbers:
        return result
    parts: dict[tuple[str, tuple[int, ...]], int] = {}
    numbered: list[Clause] = []
    for clause in result:
        key = (clause.doc, clause.number)
        if key in split_numbers:
            parts[key] = parts.get(key, 0) + 1
            clause = dataclasses.replace(clause, part=parts[key])
        numbered.append(clause)
    return numbered
