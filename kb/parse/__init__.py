"""From a loaded document to its clauses: normalize → outline → split at department notes → departments, leads,
targets, deadlines, working groups; the document's issuer, place and number; and the notes it could not read whole
(`unread_notes`, for `kb check` and the app). `parse(doc, registry)` is the one entry point ingestion uses.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, replace

from kb.cleantext import clean_text
from kb.errors import EmptyDocument
from kb.parse.body_roles import find_bodies
from kb.parse.departments import DepartmentRegistry, same_body_spellings
from kb.parse.facts import find_deadlines, find_indicators
from kb.parse.heading_leads import heading_leads
from kb.parse.jurisdiction import Jurisdiction, read_jurisdiction
from kb.parse.length import split_long
from kb.parse.misreads import resolve_misreads
from kb.parse.notes import (
    UNREAD_TABLE,
    FoundNote,
    LeadRule,
    NoteReading,
    not_understood,
    notes_in,
    rule_outside_notes,
)
from kb.parse.outline import build_outline
from kb.parse.page_lines import page_meta_in
from kb.parse.tables import find_tables, normalize_keeping_rows, table_cells_not_read, table_clauses
from kb.types import Clause, PageMeta, Paragraph, ParsedDoc, SourceDoc, UnreadNote

__all__ = ["DepartmentRegistry", "extract_clauses", "parse", "unread_notes"]


def parse(doc: SourceDoc, registry: DepartmentRegistry) -> ParsedDoc:
    """Everything ingestion keeps from one file; EmptyDocument (naming the file) when no clause is read.

    `registry` may cover several places: the document is read with the registry of its own place. Format and
    control characters are removed first (kb.cleantext): a zero-width space inside a unit's name or a byte-order
    mark inside a note must not hide the unit."""
    doc = replace(doc, lines=tuple(replace(line, text=clean_text(line.text)) for line in doc.lines))
    paragraphs = normalize_keeping_rows(doc)
    title, clauses = extract_clauses(paragraphs, doc.doc_id, registry)
    if not clauses:
        raise EmptyDocument(doc.path, "no clause could be read from the text")
    meta = doc.meta or PageMeta()
    if title == doc.doc_id and meta.title:  # the text shows no title: the page's own names the document
        title = meta.title
        clauses = [replace(clause, doc_title=title) for clause in clauses]
    # a page saved as text keeps its metadata as lines (索 引 号: … 发布机构: …; 来源:华容县政府 …)
    copied = page_meta_in([p.text for p in paragraphs])
    given = Jurisdiction(issuer=meta.issuer or copied.issuer, doc_no=meta.doc_no or copied.doc_no)
    where = read_jurisdiction(title if title != doc.doc_id else None, paragraphs, registry, given)
    local = registry.for_place(where.place)
    clauses = resolve_misreads(_marked_ocr(clauses, doc), local)
    clauses = canonical_departments(clauses, local, "\n".join(p.text for p in paragraphs))
    return ParsedDoc(
        doc_id=doc.doc_id,
        title=title,
        path=doc.path,
        format=doc.format,
        sha256=doc.sha256,
        clauses=tuple(clauses),
        working_groups=tuple(find_bodies(clauses, local)),
        issuer=where.issuer,
        place=where.place,
        doc_no=where.doc_no,
        published=meta.published or where.issued,
        load_notes=doc.notes,
        unread_notes=tuple(unread_notes(clauses, paragraphs)),
    )


def _marked_ocr(clauses: list[Clause], doc: SourceDoc) -> list[Clause]:
    """A clause that starts on a page read by OCR and was not marked through its lines (a task table's row) is
    marked with the page's lowest confidence: whatever was read from a scan says so."""
    pages: dict[int, float] = {}
    for line in doc.lines:
        if line.confidence is not None and line.page is not None:
            pages[line.page] = min(pages.get(line.page, 1.0), line.confidence)
    if not pages:
        return clauses
    return [
        replace(clause, ocr_confidence=pages[clause.page])
        if clause.ocr_confidence is None and clause.page in pages
        else clause
        for clause in clauses
    ]


def extract_clauses(
    paragraphs: list[Paragraph], doc_id: str, registry: DepartmentRegistry | None = None
) -> tuple[str, list[Clause]]:
    """Title and clauses with departments as written, leads, targets and deadlines, from normalized paragraphs.

    Rows of a task table (任务分解表) become clauses of their own, placed where the table stands. Names are as
    written here; `canonical_departments` maps them to one spelling per body."""
    body, tables = find_tables(paragraphs)
    title, outline = build_outline(body, doc_id)
    rows = table_clauses(tables, body, doc_id, title)
    clauses: list[Clause] = []
    state = _DocumentRules()
    for index, clause in enumerate(outline):
        clauses.extend(rows.get(index, []))
        notes = notes_in(clause.text)
        if not notes and clause.title:
            clause, notes = _note_in_heading(clause)
        led = heading_leads(clause.path)
        clauses.extend(_with_facts(part) for part in _split_at_notes(clause, notes, state, led))
    clauses.extend(rows.get(len(outline), []))
    return title, _unique_ids(split_long(clauses, _with_facts))


@dataclass
class _DocumentRules:
    """Rules a document states once and applies from there on: how its notes mark the lead, and the units every
    later clause implies (`以下均需…落实，不再列出`)."""

    lead_rule: LeadRule | None = None
    implied: tuple[str, ...] = ()

    def learn(self, lead_rule: LeadRule | None, implied: tuple[str, ...]) -> None:
        self.lead_rule = lead_rule or self.lead_rule
        self.implied = implied or self.implied


def _split_at_notes(
    clause: Clause, notes: list[FoundNote], state: _DocumentRules, led: tuple[str, ...] = ()
) -> list[Clause]:
    """One clause per note when a paragraph holds several, each note covering the text since the previous one:
    a clause's note is the one that closes it. Text after the last note stays with the last — unless it closes
    with a note of its own that was not read (`not_understood`): then it is a part of its own, with no units
    (they are not the last note's), and its note is reported under it. `led`: the units a heading above names as
    leading its items (kb.parse.heading_leads) — an item with no note of its own is theirs."""
    outside = rule_outside_notes(_without_notes(clause.text, notes))
    if not notes:
        state.learn(outside.lead_rule, tuple(outside.implied))
        if led and clause.text.strip():
            return [_assign(clause, NoteReading((), "heading"), clause.text, None, (), led)]
        return [clause]
    tail = clause.text[notes[-1].span[1] :]
    own_tail = bool(not_understood(tail))
    split = len(notes) > 1 or own_tail
    parts: list[Clause] = []
    start = 0
    for index, note in enumerate(notes):
        end = len(clause.text) if index == len(notes) - 1 and not own_tail else note.span[1]
        piece = clause.text if not split else _strip_joint(clause.text[start:end])
        implied = state.implied  # a rule stated in this note adds its units from the next clause on
        state.learn(note.reading.lead_rule, ())
        part = dataclasses.replace(clause, part=index + 1) if split else clause
        parts.append(_assign(part, note.reading, piece, state.lead_rule, implied, led))
        state.learn(None, note.reading.implied)
        start = note.span[1]
    if own_tail:
        parts.append(dataclasses.replace(clause, part=len(notes) + 1, text=_strip_joint(tail)))
    state.learn(outside.lead_rule, tuple(outside.implied))
    return parts


def _note_in_heading(clause: Clause) -> tuple[Clause, list[FoundNote]]:
    """A note written in an item's heading (`1. 推进数字化转型（县科工信局负责）` with its body below) covers the
    whole item (the heading keeps it, as written)."""
    found = notes_in(clause.title)
    return clause, found[-1:]


def _without_notes(text: str, notes: list[FoundNote]) -> str:
    for note in reversed(notes):
        text = text[: note.span[0]] + text[note.span[1] :]
    return text


def _strip_joint(text: str) -> str:
    """A piece starts after the previous note: drop the sentence mark or line break left at its front."""
    return re.sub(r"^[。；;，,\s]+", "", text)


def _assign(
    clause: Clause,
    reading: NoteReading,
    text: str,
    lead_rule: LeadRule | None,
    implied: tuple[str, ...],
    led: tuple[str, ...] = (),
) -> Clause:
    """The clause with the note's units; units a heading names as leading (`led`) lead it unless the note marks
    its own lead, and stand first among its units as written."""
    written = tuple(dict.fromkeys(u.name for u in reading.units))
    leads = reading.leads(lead_rule)
    if led and not reading.explicit:
        leads = led
        written = tuple(dict.fromkeys((*led, *written)))
    added = tuple(n for n in implied if n not in written)
    return dataclasses.replace(
        clause,
        text=text,
        lead=leads[0] if leads else None,
        leads=leads,
        departments=tuple(dict.fromkeys((*leads, *written, *added))),
        departments_raw=written,
        departments_implied=added,
    )


def canonical_departments(
    clauses: list[Clause], registry: DepartmentRegistry, text: str = ""
) -> list[Clause]:
    """Every name mapped to one spelling per body: first the spellings the document itself uses for one body
    (`县大数据中心` → `县大数据管理中心`), then the aliases of the document's place."""
    written = [name for clause in clauses for name in (*clause.departments_raw, *clause.departments_implied)]
    same = same_body_spellings(written, text)

    def canon(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(registry.canonical(same.get(n, n)) for n in names))

    result = []
    for clause in clauses:
        if not clause.departments:
            result.append(clause)
            continue
        leads = canon(clause.leads)
        result.append(
            dataclasses.replace(
                clause,
                lead=leads[0] if leads else None,
                leads=leads,
                departments=canon(clause.departments),
                departments_implied=canon(clause.departments_implied),
            )
        )
    return result


def unread_notes(clauses: list[Clause], paragraphs: list[Paragraph] | None = None) -> list[UnreadNote]:
    """The notes of a document that were not read whole, each with the id of the clause it stands in: notes read
    in part, brackets that look like notes but match no form (in a clause's text, or its heading when the text
    has no note), and table cells naming no unit."""
    found: list[UnreadNote] = []
    last_with_units = max((i for i, clause in enumerate(clauses) if clause.departments), default=-1)
    for index, clause in enumerate(clauses):
        reported = not_understood(clause.text)
        if not reported and clause.title and not notes_in(clause.text):
            reported = not_understood(clause.title)
        if index <= last_with_units:
            # a unit column's header standing alone whose rows were read all the same (as note lines)
            reported = [(text, why) for text, why in reported if why != UNREAD_TABLE]
        found += [UnreadNote(clause.id, text, why) for text, why in reported]
    if paragraphs is not None:
        found += table_unread(paragraphs, clauses)
    order = {clause.id: index for index, clause in enumerate(clauses)}
    return sorted(found, key=lambda note: order.get(note.clause_id, len(order)))  # stable: document order


def table_unread(paragraphs: list[Paragraph], clauses: list[Clause]) -> list[UnreadNote]:
    """Unit cells of task tables whose names are not units (the row's clause keeps the ones that are), and rows
    with units but no task or content."""
    _, tables = find_tables(paragraphs)
    rows = {c.text: c.id for c in clauses}
    found = []
    for text, written, why in table_cells_not_read(tables):
        if text in rows:
            found.append(UnreadNote(rows[text], written, why))
    return found


def _unique_ids(clauses: list[Clause]) -> list[Clause]:
    """A table's rows numbered under an item can meet a numbered sub-item of the same item (`1.1`): the later one
    becomes a further part (`1.1-2`), so no two clauses of a document share an id in the index."""
    seen: set[str] = set()
    unique: list[Clause] = []
    for clause in clauses:
        while clause.id in seen:
            clause = replace(clause, part=clause.part + 1)
        seen.add(clause.id)
        unique.append(clause)
    return unique


def _with_facts(clause: Clause) -> Clause:
    return dataclasses.replace(
        clause,
        indicators=tuple(find_indicators(clause.text)),
        deadlines=tuple(find_deadlines(clause.text)),
    )
