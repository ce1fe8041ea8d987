"""Shared fixtures: paths of the test data (the plan in its five forms) and the clean text as golden lines."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PLAN_STEM = "plan-attachment3"
PLAN_FORMS = ("txt", "gbk.txt", "raw.txt", "docx", "pdf")  # file suffixes of the five forms

# `kb` imports from the checkout even before `pip install -e .` has been run (a fresh clone, CI's first step).
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import loopback  # noqa: E402  (after the path set-up)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data."""
    return DATA


@pytest.fixture(scope="session")
def plan_path() -> Path:
    """The published PDF of the plan (the file corpus/ starts from)."""
    return DATA / f"{PLAN_STEM}.pdf"


@pytest.fixture(scope="session")
def plan_paths() -> dict[str, Path]:
    """The plan in each of its five forms, by suffix: "txt", "gbk.txt", "raw.txt", "docx", "pdf"."""
    return {form: DATA / f"{PLAN_STEM}.{form}" for form in PLAN_FORMS}


@pytest.fixture(scope="session")
def plan_text_lines() -> list[str]:
    """The clean text, one paragraph per line, as written by hand (the golden paragraphs)."""
    text = (DATA / f"{PLAN_STEM}.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A Chroma server on 127.0.0.1, started for the test and stopped after it."""
    with loopback.chroma_server(tmp_path / "server") as (url, _):
        yield url


# the two documents' places of the understanding stand-in: the plan's county and one city
SLOT_DOC_PLACES = {"plan": "平江县", "nb-opc": "宁波市"}


@pytest.fixture(scope="module")
def understand():  # type: ignore[no-untyped-def]  (kb's Understanding, imported here only when asked for)
    """The question understanding over the project's registry and router, documents of two places
    (`SLOT_DOC_PLACES`): the stand-in of the slot tests."""
    from kb.parse.departments import DepartmentRegistry
    from kb.qa.understand.intent import ROUTER_EXAMPLES
    from kb.qa.understand.places import NamedPlaces
    from kb.qa.understand.question import Understanding
    from kb.qa.understand.router import intent_model
    from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places

    corpus = ROOT / "corpus"
    registry = DepartmentRegistry.from_yaml(corpus / "departments.yaml")
    places = unit_places([(u, "平江县") for u in registry.names()])
    resolver = UnitResolver(registry.extended(places), places, NameGrammar.from_yaml(corpus / "unit_names.yaml"))
    named = NamedPlaces(SLOT_DOC_PLACES.values())
    return Understanding(
        registry.extended(places), named, SLOT_DOC_PLACES, intent_model(ROUTER_EXAMPLES), resolver
    )
