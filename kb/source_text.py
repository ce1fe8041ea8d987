"""A clause shown in the text of its original file (DOCX, TXT, HTML…): the file's own paragraphs, read again
from the copy the index keeps, with the clause's paragraphs marked and a few paragraphs before and after it.

The clause is found by comparing texts with whitespace and character widths set aside (kb.page_image does the
same on a PDF page): its start, then its end within the next paragraphs. Not found (the file was read
differently when ingested), `found` is False and the start of the document is shown: a reader is never pointed
at a wrong paragraph.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.limits import Limits
from kb.page_image import ANCHOR, _normalised
from kb.types import Clause

AROUND = 4  # paragraphs shown before and after the clause


@dataclass(frozen=True)
class SourceText:
    """Paragraphs of the original around a clause: `paragraphs[first:last]` are the clause's."""

    paragraphs: tuple[str, ...]
    first: int
    last: int
    found: bool
    start: int  # the number (from 0) in the whole document of `paragraphs[0]`
    total: int  # paragraphs in the whole document


@functools.lru_cache(maxsize=16)
def _paragraphs(path: str, stamp: tuple[int, int], limits: Limits) -> tuple[str, ...]:
    """The file's paragraphs as ingestion read them (kb.load, kb.parse.normalize); cached per file version."""
    from kb.load import load
    from kb.parse.normalize import normalize

    return tuple(p.text for p in normalize(load(path, limits)) if p.text.strip())


def paragraphs_of(path: Path, limits: Limits | None = None) -> tuple[str, ...]:
    stat = path.stat()
    return _paragraphs(str(path), (stat.st_mtime_ns, stat.st_size), limits or Limits())


def locate(paragraphs: Sequence[str], clause: Clause) -> tuple[int, int] | None:
    """The paragraphs (first, one past the last) holding the clause, its heading included when it stands
    in the paragraph just before; None when its start is in none."""
    body, _ = _normalised(clause.text)
    if not body:
        return None
    head = body[:ANCHOR]
    tail = body[-ANCHOR:]
    for i, paragraph in enumerate(paragraphs):
        text, _ = _normalised(paragraph)
        if head not in text:
            continue
        end = i
        joined = text[text.find(head) :]
        while tail not in joined and end + 1 < len(paragraphs) and end - i < 50:
            end += 1
            joined += _normalised(paragraphs[end])[0]
        first = i
        heading, _ = _normalised(clause.title)
        if heading and i > 0 and heading not in text and _normalised(paragraphs[i - 1])[0].endswith(heading):
            first = i - 1
        return first, end + 1
    return None


def clause_in_text(paragraphs: Sequence[str], clause: Clause, around: int = AROUND) -> SourceText:
    """The clause's paragraphs with `around` paragraphs either side (the first ones when it is not found)."""
    span = locate(paragraphs, clause)
    if span is None:
        shown = tuple(paragraphs[: 2 * around + 1])
        return SourceText(shown, 0, 0, False, 0, len(paragraphs))
    first, last = span
    start = max(0, first - around)
    end = min(len(paragraphs), last + around)
    return SourceText(tuple(paragraphs[start:end]), first - start, last - start, True, start, len(paragraphs))
