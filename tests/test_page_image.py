"""The source panel's page image (kb.page_image): the plan's PDF page rendered by PDFium with the clause's
lines highlighted. Lines and pages read in tests/data/plan-attachment3.pdf by hand."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from kb.load import load
from kb.page_image import SCALE, render_clause_page
from kb.parse import parse
from kb.parse.departments import DepartmentRegistry
from kb.settings import PROJECT_ROOT
from kb.types import Clause, ParsedDoc

PDF = Path(__file__).parent / "data" / "plan-attachment3.pdf"
A4 = (595.3, 841.9)  # the plan's page size in points


@pytest.fixture(scope="module")
def plan() -> ParsedDoc:
    return parse(load(PDF), DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml"))


def clause(plan: ParsedDoc, number: str) -> Clause:
    return next(c for c in plan.clauses if c.id == f"plan-attachment3:{number}")


def lines(boxes: tuple[tuple[float, float, float, float], ...]) -> int:
    """Highlighted lines: boxes whose top edges lie within 10 px (PDFium gives a rectangle per run of text;
    the plan's lines are about 39 px apart at SCALE 1.5)."""
    tops = sorted(top for _, top, _, _ in boxes)
    return sum(1 for before, after in zip([-100.0, *tops], tops, strict=False) if after - before > 10)


def test_the_materials_clause_is_highlighted_on_page_3(plan: ParsedDoc) -> None:
    image = render_clause_page(PDF, clause(plan, "1.2.2.2"))
    assert image is not None and image.found and not image.continues and image.page == 3
    # （2）新材料产业 … 科工信局、县科协等按职责分工负责）: 9 printed lines, in the page's upper half
    assert lines(image.boxes) == 9
    picture = Image.open(io.BytesIO(image.png))
    assert picture.size == (round(A4[0] * SCALE), round(A4[1] * SCALE))
    height = picture.size[1]
    assert all(height / 4 <= top < bottom <= height * 2 / 3 for _, top, _, bottom in image.boxes)
    left, top, _, bottom = image.boxes[0]
    red, green, blue = picture.convert("RGB").getpixel((int(left) + 2, int((top + bottom) / 2)))[:3]
    assert blue < red and blue < green  # yellow laid over the line (white paper would be 255, 255, 255)


def test_a_clause_running_onto_the_next_page_says_so(plan: ParsedDoc) -> None:
    running = [
        c for c in plan.clauses if c.text and (image := render_clause_page(PDF, c)) and image.continues
    ]
    assert running, "the plan has clauses that run on past a page break"
    image = render_clause_page(PDF, running[0])
    assert image is not None and image.found and image.boxes


def test_text_not_on_its_page_is_shown_unhighlighted(plan: ParsedDoc) -> None:
    elsewhere = replace(clause(plan, "1.2.2.2"), page=1)
    image = render_clause_page(PDF, elsewhere)
    assert image is not None and not image.found and image.boxes == () and image.page == 1
    assert render_clause_page(PDF, replace(elsewhere, page=None)) is None
    assert render_clause_page(PDF, replace(elsewhere, page=99)) is None
