"""The source panel's reading of an original file (kb.source_text, kb.page_image through KnowledgeBase): a
TXT or DOCX clause in its file's own paragraphs, a PDF paged through, the original served only while the
document is not withdrawn. Expectations read off tests/data/plan-attachment3.*: the item （2）新材料产业 stands
between （1）休闲食品产业 and （3）电子信息产业 under 2. 锻造产业创新主引擎, on the third of the PDF's 12 pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.api import KnowledgeBase
from kb.settings import load_settings
from kb.types import Clause
from tests.test_cli import DATA, fake_embedder  # noqa: F401  (the fast embedder, autouse)

PLAN = "plan-attachment3"


def ingested(tmp_path: Path, suffix: str) -> KnowledgeBase:
    kb = KnowledgeBase(load_settings(index=tmp_path / "index"))
    assert kb.ingest([DATA / f"{PLAN}.{suffix}"])[0].status == "ingested"
    return kb


def materials(kb: KnowledgeBase) -> Clause:
    return next(c for c in kb.clauses(doc=PLAN) if c.text.startswith("重点突破高性能合成云母"))


@pytest.mark.parametrize("suffix", ["txt", "docx"])
def test_a_text_clause_is_shown_in_its_paragraphs_with_the_ones_around_it(tmp_path: Path, suffix: str) -> None:
    kb = ingested(tmp_path, suffix)
    shown = kb.source_text(materials(kb))
    assert shown is not None and shown.found
    clause = shown.paragraphs[shown.first : shown.last]
    assert len(clause) == 1 and clause[0].startswith("（2）新材料产业。重点突破高性能合成云母")
    before, after = shown.paragraphs[: shown.first], shown.paragraphs[shown.last :]
    assert before[-1].startswith("（1）休闲食品产业。") and "2. 锻造产业创新主引擎" in before
    assert after[0].startswith("（3）电子信息产业。") and len(after) == 4
    assert shown.total == 55  # the TXT's non-empty lines, each a paragraph


def test_a_pdf_clause_is_paged_through(tmp_path: Path) -> None:
    kb = ingested(tmp_path, "pdf")
    clause = materials(kb)
    assert kb.source_text(clause) is None  # a PDF shows its printed page instead
    own = kb.source_page(clause)
    assert own is not None and own.found and own.page == clause.page == 3
    assert own.pages == 12 and own.clause_page == 3
    other = kb.source_page(clause, page=2)
    assert other is not None and (other.page, other.found, other.boxes, other.pages) == (2, False, (), 12)
    assert kb.source_page(clause, page=13) is None


def test_the_original_is_not_served_once_withdrawn(tmp_path: Path) -> None:
    kb = ingested(tmp_path, "txt")
    original = kb.original(PLAN)
    assert original is not None and original.read_bytes() == (DATA / f"{PLAN}.txt").read_bytes()
    kb.withdraw(PLAN)
    assert kb.original(PLAN) is None
    kb.restore(PLAN)
    assert kb.original(PLAN) == original
