"""Leads written in a heading over the items they lead (`（二）省审计厅牵头的工作`, `一、县发改局负责的任务`).

A work-division document may group its items under headings naming who leads them, and write only the co-units at
each item (`协同单位：…`). The heading's units lead every item below it, up to the next heading of its rank; a note
at an item that marks its own lead keeps it. Persons (`孟学农省长负责的工作`) lead nothing here: only names shaped
like units are read."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kb.parse.notes import read_units
from kb.parse.unit_names import is_post, looks_like_unit

# an outline marker at the front of a heading as the path keeps it: `（二）`, `一、`, `3.`
_MARKER = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十百]+[、.．]|\d+[、.．])\s*")
# the units, a verb of leading, and a word for the work they lead; a bracketed remark may close it
_LEAD_HEADING = re.compile(
    r"^(?P<units>[^，,。；;：:！？!?]{2,60}?)(?:牵头|负责|主抓|主责)(?:落实)?的?"
    r"(?:重点|主要)?(?:工作|任务|事项)(?:任务)?(?:[（(][^（）()]*[）)])?$"
)


def heading_leads(path: Sequence[str]) -> tuple[str, ...]:
    """The units the nearest heading of `path` (this clause's own label last) names as leading what it heads;
    () when none does. A heading naming a person, or anything not shaped like units, names none."""
    for label in reversed(path):
        found = _LEAD_HEADING.match(_MARKER.sub("", label))
        if found is None:
            continue
        units = read_units(found["units"], "lead")
        names = tuple(dict.fromkeys(u.name for u in units))
        if names and all(looks_like_unit(n) and not is_post(n) for n in names):
            return names
        return ()  # the nearest heading of this form names persons: no unit heading above it is meant
    return ()
