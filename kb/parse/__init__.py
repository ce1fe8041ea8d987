"""From a loaded document to its clauses: normalize → outline → split at department notes → departments, lead,
targets, deadlines, working groups. `parse(doc, registry)` is the one entry point ingestion uses.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace

from kb.errors import EmptyDocument
from kb.parse.departments import DepartmentRegistry, Note
from kb.parse.facts import find_deadlines, find_indicators
from kb.parse.organization import find_working_groups
from kb.parse.outline import build_outline
from kb.parse.tables import find_tables, normalize_keeping_rows, table_clauses
from kb.types import Clause, Paragraph, ParsedDoc, SourceDoc

__all__ = ["DepartmentRegistry", "extract_clauses", "parse"]


def parse(doc: SourceDoc, registry: DepartmentRegistry) -> ParsedDoc:
    """Everything ingestion keeps from one file; EmptyDocument (naming the file) when no clause is read."""
    title, clauses = extract_clauses(normalize_keeping_rows(doc), doc.doc_id, registry)
    if not clauses:
        raise EmptyDocument(doc.path, "no clause could be read from the text")
    return ParsedDoc(
        doc_id=doc.doc_id,
        title=title,
        path=doc.path,
        format=doc.format,
        sha256=doc.sha256,
        clauses=tuple(clauses),
        working_groups=tuple(find_working_groups(clauses, registry)),
    )


def extract_clauses(
    paragraphs: list[Paragraph], doc_id: str, registry: DepartmentRegistry
) -> tuple[str, list[Clause]]:
    """Title and clauses with departments, targets and deadlines, from already normalized paragraphs.

    Rows of a task table (任务分解表) become clauses of their own, placed where the table stands."""
    body, tables = find_tables(paragraphs)
    title, outline = build_outline(body, doc_id)
    rows = table_clauses(tables, body, doc_id, title, registry)
    clauses: list[Clause] = []
    lead_rule = False  # `列第一位者为牵头单位，下同` holds from the note that states it to the end
    for index, clause in enumerate(outline):
        clauses.extend(rows.get(index, []))
        notes = registry.find_notes(clause.text, first_is_lead=lead_rule)
        lead_rule = lead_rule or any(n.states_lead_rule for n in notes)
        clauses.extend(_with_facts(part) for part in _split_at_notes(clause, notes))
    clauses.extend(rows.get(len(outline), []))
    return title, _unique_ids(clauses)


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


def _split_at_notes(clause: Clause, notes: list[Note]) -> list[Clause]:
    """One clause per note when a paragraph holds several; text after the last note stays with the last."""
    if not notes:
        return [clause]
    if len(notes) == 1:
        return [_assign(clause, notes[0], clause.text)]
    parts: list[Clause] = []
    start = 0
    for index, note in enumerate(notes):
        end = len(clause.text) if index == len(notes) - 1 else note.span[1]
        piece = _strip_joint(clause.text[start:end])
        parts.append(_assign(dataclasses.replace(clause, part=index + 1), note, piece))
        start = note.span[1]
    return parts


def _strip_joint(text: str) -> str:
    """A piece starts after the previous note: drop the sentence mark or line break left at its front."""
    return re.sub(r"^[。；;，,\s]+", "", text)


def _assign(clause: Clause, note: Note, text: str) -> Clause:
    return dataclasses.replace(
        clause,
        text=text,
        lead=note.departments[0] if note.departments else None,
        departments=note.departments,
        departments_raw=note.names,
    )


def _with_facts(clause: Clause) -> Clause:
    return dataclasses.replace(
        clause,
        indicators=tuple(find_indicators(clause.text)),
        deadlines=tuple(find_deadlines(clause.text)),
    )
