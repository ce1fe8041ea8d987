"""The documents table: one typed row per indexed document, as a person checks them — short title, place,
文号, date, status and how ingestion read it (clauses, numbered items with units, notes not understood).
The app (文件 tab) renders the rows; nothing here knows of Gradio."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from kb.docstate import DocRecord, Status

SHORT_TITLE = 24  # characters of a title shown whole in a table cell; a longer one is shortened
# A notice that only forwards the document: 关于印发《X》的通知 names X
_FORWARDING = re.compile(r"^.{0,30}?关于(?:印发|转发|发布)[《“\"]?(?P<inner>.+?)[》”\"]?的通知$")


@dataclass(frozen=True)
class DocRow:
    """One document as the table shows it."""

    doc_id: str
    title: str  # whole, as read from the document
    short_title: str
    place: str | None
    doc_no: str | None  # 文号: 国办发〔2018〕128号
    date: str  # the date it was issued when the text gives one, else the day it was ingested
    date_is_issue: bool
    status: Status
    superseded_by: str | None  # the title of the document replacing it
    restorable_until: datetime | None  # a withdrawn document: when it is removed for good
    clauses: int
    items: int | None  # numbered items (None: indexed before the index kept the notes' report)
    items_with_units: int | None
    notes_not_understood: int | None


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """The title a person would say: a forwarding notice's inner title, cut with … past `limit` characters."""
    title = re.sub(r"\s+", "", title)
    forwarded = _FORWARDING.match(title)
    if forwarded:
        title = forwarded["inner"]
    return title if len(title) <= limit else f"{title[: limit - 1]}…"


def doc_rows(records: Sequence[DocRecord], grace: timedelta) -> list[DocRow]:
    """The table's rows, in the records' order."""
    titles = {r.info.doc_id: r.info.title for r in records}
    rows = []
    for record in records:
        info, state = record.info, record.state
        replacing = state.superseded_by
        rows.append(
            DocRow(
                doc_id=info.doc_id,
                title=info.title,
                short_title=short_title(info.title),
                place=info.place,
                doc_no=info.doc_no,
                date=info.published or info.ingested_at[:10],
                date_is_issue=bool(info.published),
                status=record.status,
                superseded_by=short_title(titles.get(replacing, replacing)) if replacing else None,
                restorable_until=state.purge_after(grace),
                clauses=info.clauses,
                items=info.items,
                items_with_units=info.items_with_units,
                notes_not_understood=info.notes_not_understood,
            )
        )
    return rows
