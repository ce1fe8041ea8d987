"""Users' 👍/👎 (kb.feedback) as evaluation rows in the format of eval/questions.jsonl, for `kb eval --feedback`.

- A 👎 with a correct answer becomes a *corrected* row: its gold is read from the correction where it can be —
  `gold_lead` (a responsibility question): the unit the correction names after 牵头, else the first unit it
  names; `gold_value`: the first quantity it states (100亿元, 8.5%, 3个, 2027年); a correction saying the
  documents do not state it (文件中没有…) makes the row unanswerable. A correction in which none of these is
  recognisable is left for a person to label.
- A 👍 becomes a *confirmed* row: the answer as given is the gold (the clauses it used, its lead and units;
  a 👍 on an abstention says the documents do not answer).
- A 👎 without a correction is left for a person to label.

A row asks the question as the engine read it (a follow-up's `resolved` form stands alone), and the latest
verdict on a question wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

FEEDBACK_QUESTIONS = "feedback_questions.jsonl"  # the rows `kb eval --feedback` writes and scores
FindUnits = Callable[[str], Sequence[str]]  # canonical unit names a text names, in order (the registry's)

_QUANTITY = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|％|‰|亿元|万元|千元|元|亿|万|个|家|项|人次|人|所|座|条|户|亩|公顷|平方米|平方公里|"
    r"公里|千米|米|吨|千瓦|兆瓦|台|套|年|月|天|倍)"
)
_NOT_STATED = re.compile(
    r"(?:文件|方案|原文)中?(?:没有|未|并未)|(?:没有|未|并未)(?:写明|提到|提及|规定|说明|明确)"
)
_AFTER_LEAD = re.compile(r"牵头(?:单位|部门)?(?:是|为|：|:)?")


@dataclass(frozen=True)
class FeedbackRows:
    """The rows made from feedback, and the 👎 entries a person still has to label."""

    corrected: tuple[dict[str, Any], ...]
    confirmed: tuple[dict[str, Any], ...]
    to_label: tuple[dict[str, Any], ...]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [*self.corrected, *self.confirmed]


def gold_value(correction: str) -> str | None:
    """The first quantity a correct answer states, as written (spaces dropped)."""
    found = _QUANTITY.search(correction)
    return "".join(found.group().split()) if found else None


def gold_lead(correction: str, find_units: FindUnits) -> str | None:
    """The unit a correct answer puts in the lead: the first named after 牵头, else the first it names."""
    marker = _AFTER_LEAD.search(correction)
    if marker:
        after = list(find_units(correction[marker.end() :]))
        if after:
            return after[0]
    named = list(find_units(correction))
    return named[0] if named else None


def _row(entry: dict[str, Any], source: str) -> dict[str, Any]:
    return {
        "id": "",
        "question": entry.get("resolved") or entry.get("question") or "",
        "lang": "zh",
        "intent": entry.get("intent") or "general",
        "gold_clauses": [],
        "gold_lead": None,
        "gold_departments": None,
        "gold_department": None,
        "gold_scope": None,
        "gold_value": None,
        "answerable": True,
        "style": source,
        "asked": entry.get("question"),
        "at": entry.get("at"),
    }


def corrected_row(entry: dict[str, Any], find_units: FindUnits) -> dict[str, Any] | None:
    """The row a 👎 with a correction makes; None when nothing in the correction is recognisable as gold."""
    correction = (entry.get("correction") or "").strip()
    if not correction:
        return None
    row = _row(entry, "feedback_corrected")
    row["correction"] = correction
    if _NOT_STATED.search(correction):
        row["answerable"] = False
        return row
    if row["intent"] == "responsibility":
        row["gold_lead"] = gold_lead(correction, find_units)
    if entry.get("reason") == "wrong_number" or row["intent"] == "indicator" or row["gold_lead"] is None:
        row["gold_value"] = gold_value(correction)
    if row["gold_lead"] is None and row["gold_value"] is None:
        return None
    return row


def confirmed_row(entry: dict[str, Any]) -> dict[str, Any]:
    """The row a 👍 makes: the answer given is right."""
    row = _row(entry, "feedback_confirmed")
    if entry.get("abstained"):
        row["answerable"] = False
        return row
    row["gold_clauses"] = list(entry.get("used") or entry.get("citations", [])[:1])
    if row["intent"] == "responsibility" and entry.get("lead"):
        row["gold_lead"] = entry["lead"]
        if entry.get("others") is not None:
            row["gold_departments"] = [entry["lead"], *entry["others"]]
    return row


def feedback_rows(entries: Iterable[dict[str, Any]], find_units: FindUnits) -> FeedbackRows:
    """Feedback entries (oldest first) as evaluation rows; the latest verdict on a question wins."""
    latest: dict[str, dict[str, Any]] = {}
    for entry in entries:
        key = "".join(str(entry.get("resolved") or entry.get("question") or "").split())
        if key:
            latest.pop(key, None)  # re-inserted last: the order is that of the latest verdicts
            latest[key] = entry
    corrected: list[dict[str, Any]] = []
    confirmed: list[dict[str, Any]] = []
    to_label: list[dict[str, Any]] = []
    for entry in latest.values():
        if entry.get("verdict") == "up":
            confirmed.append(confirmed_row(entry))
            continue
        row = corrected_row(entry, find_units)
        if row is None:
            to_label.append(entry)
        else:
            corrected.append(row)
    for number, row in enumerate([*corrected, *confirmed], 1):
        row["id"] = f"fb{number:03d}"
    return FeedbackRows(tuple(corrected), tuple(confirmed), tuple(to_label))
