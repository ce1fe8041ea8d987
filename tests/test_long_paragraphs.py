"""A long paragraph is parsed in time linear in its length (issue 22, row 10): the working-group patterns and
the target patterns are bounded, so no pattern tries an unbounded phrase from every position of the text.
The scaling itself is measured by bench/parse_long.py (5,000 / 20,000 / 80,000 characters)."""

from __future__ import annotations

import time

from kb.parse.departments import DepartmentRegistry
from kb.parse.facts import find_indicators
from kb.parse.organization import find_working_groups
from kb.settings import Settings
from kb.types import Clause

# Before the patterns were bounded, 20,000 characters of this took 25 s in find_working_groups and 7 s in
# find_indicators; now about 0.2 s and 0.05 s. The bound leaves a margin of 20× for a loaded machine.
BOUND_S = 5.0


def repeated(filler: str, size: int) -> str:
    return (filler * (size // len(filler) + 1))[:size]


def test_working_groups_of_a_20000_character_paragraph_are_read_in_linear_time() -> None:
    registry = DepartmentRegistry.from_settings(Settings())
    text = repeated("成立工作专班由县发改局牵头会同县财政局", 20_000)
    clause = Clause(doc="d", doc_title="d", number=(1,), path=(), title="", text=text)
    started = time.perf_counter()
    groups = find_working_groups([clause], registry)
    assert time.perf_counter() - started < BOUND_S
    assert groups and groups[0].name == "工作专班"  # still read: the first group the text sets up


def test_a_run_of_20000_digits_is_not_searched_from_every_digit() -> None:
    started = time.perf_counter()
    find_indicators(repeated("2026", 20_000))
    assert time.perf_counter() - started < BOUND_S


def test_bounded_patterns_still_read_the_forms_they_read_before() -> None:
    registry = DepartmentRegistry.from_settings(Settings())
    text = "成立工作专班，由县发改局牵头，成员单位包括县财政局、县林业局，办公室设在县发改局。"
    clause = Clause(doc="d", doc_title="d", number=(1,), path=(), title="", text=text)
    (group,) = find_working_groups([clause], registry)
    assert (group.name, group.head, group.office) == ("工作专班", "县发改局", "县发改局")
    assert group.members == ("县财政局", "县林业局")
    (indicator,) = find_indicators("全社会研发经费投入年均增长12%以上")
    assert (indicator.value, indicator.unit, indicator.qualifier) == (12.0, "%", "以上")


# --- row 4: a length cap on every clause, a bound on every embedding call ---

SENTENCE = "加快推进产业数字化转型，支持企业建设智能工厂和数字化车间，提升生产效率和产品质量。"


def test_a_text_without_an_outline_becomes_clauses_of_bounded_length() -> None:
    from kb.parse import parse
    from kb.parse.length import MAX_CLAUSE_CHARS
    from kb.types import Line, SourceDoc

    text = SENTENCE * (124_000 // len(SENTENCE))  # one paragraph, no outline: 124,000 characters
    doc = SourceDoc(path="flat.txt", doc_id="flat", format="txt", lines=(Line(text=text),), sha256="0")
    clauses = parse(doc, DepartmentRegistry.from_settings(Settings())).clauses
    assert len(clauses) > 1 and all(len(c.text) <= MAX_CLAUSE_CHARS for c in clauses)
    assert "".join(c.text for c in clauses) == text  # nothing lost, nothing repeated
    assert all(c.text.endswith("。") for c in clauses)  # cut at sentence ends
    assert [c.id for c in clauses[:3]] == ["flat:0", "flat:0-2", "flat:0-3"]  # the outline id with its part
    assert len({c.id for c in clauses}) == len(clauses)


def test_a_long_clause_with_a_note_keeps_its_units_in_every_part() -> None:
    from kb.parse import extract_clauses
    from kb.types import Paragraph

    body = SENTENCE * 60 + "（县发改局牵头，县财政局配合）。"
    paragraphs = [Paragraph(text="一、重点任务"), Paragraph(text="（一）推进数字化。" + body)]
    _, clauses = extract_clauses(paragraphs, "d", DepartmentRegistry.from_settings(Settings()))
    parts = [c for c in clauses if c.number == (1, 1)]
    assert len(parts) > 1 and [c.part for c in parts] == list(range(1, len(parts) + 1))
    assert all(c.lead == "县发改局" and c.departments == ("县发改局", "县财政局") for c in parts)


def test_no_embedding_call_gets_more_than_its_bound() -> None:
    import numpy as np

    from kb.store.embed import Embedder

    seen: list[int] = []

    class Recording(Embedder):
        name, dim = "test:recording", 4

        def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
            seen.extend(len(t) for t in texts)
            return np.ones((len(texts), self.dim))

    embedder = Recording()
    embedder.embed_passages(["字" * 124_000])
    embedder.embed_query("问" * 1_000_000)
    assert seen == [embedder.max_chars, embedder.max_chars]
