"""Scanned PDFs: image-only pages read by OCR (kb/load/ocr.py) inside the parsing child, their clauses marked
with the engine's confidence; OCR near-misses in unit names resolved only to names that exist; a damaged scan
refused naming the page.

The scan is made here from the plan (bench/scan.py: 200-dpi grey pages turned 0.7° and 0.5°, speckled), two
pages only: OCR takes about 10 s a page on two cores.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.scan import write_scan
from kb.cli import cli
from kb.errors import CorruptFile, TooLarge
from kb.isolate import parse_file
from kb.limits import Limits
from kb.load import load
from kb.load.ocr import OcrLine, OcrPage, deskew, full_width_brackets, rows
from kb.page_image import render_clause_page
from kb.parse.departments import DepartmentRegistry
from kb.parse.misreads import MisreadResolver, resolve_misreads
from kb.settings import PROJECT_ROOT
from kb.store.embed import EMBEDDERS
from kb.types import Clause
from tests.test_cli import LetterEmbedder

DATA = PROJECT_ROOT / "tests" / "data"
GOLDEN: dict[str, Any] = json.loads((DATA / "plan_golden.json").read_text(encoding="utf-8"))
# The department notes printed on pages 1–2 of the plan, by reading the PDF: the three items of
# 1. 对接高能级创新体系 (the note of (1) 休闲食品产业, begun on page 2, is on page 3); (1) starts on page 1.
ON_TWO_PAGES = {"1.2.1.1": 1, "1.2.1.2": 2, "1.2.1.3": 2}


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pages 1–2 of the plan as an image-only PDF, under the plan's own name (so its clause ids)."""
    return write_scan(
        DATA / "plan-attachment3.pdf", tmp_path_factory.mktemp("scan") / "plan-attachment3.pdf", [1, 2]
    )


@pytest.fixture(scope="module")
def ingested_scan(
    scan: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, list[tuple[str, int, int]]]]:
    """The scan ingested through the API (steps recorded), in an index of its own."""
    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    steps: list[tuple[str, int, int]] = []
    index = tmp_path_factory.mktemp("index") / "index"
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(EMBEDDERS, "test", lambda argument, settings: LetterEmbedder(argument))
        patch.setenv("KB_EMBEDDER", "test:letters")
        patch.delenv("KB_INDEX", raising=False)
        patch.delenv("KB_CHROMA_URL", raising=False)
        kb = KnowledgeBase(load_settings(index=index))
        results = kb.ingest([scan], steps=lambda file, stage, done, total: steps.append((stage, done, total)))
        assert [r.status for r in results] == ["ingested"], results
        yield index, steps


def _clauses_json(index: Path) -> list[dict[str, Any]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(EMBEDDERS, "test", lambda argument, settings: LetterEmbedder(argument))
        patch.setenv("KB_EMBEDDER", "test:letters")
        result = CliRunner().invoke(cli, ["clauses", "--json", "--index", str(index)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    clauses: list[dict[str, Any]] = json.loads(result.stdout)
    return clauses


def test_a_scan_gives_the_golden_clauses_of_its_pages_marked_as_read_by_ocr(
    ingested_scan: tuple[Path, list[tuple[str, int, int]]],
) -> None:
    index, _ = ingested_scan
    clauses = _clauses_json(index)
    golden = {g["id"].rsplit(":", 1)[1]: g for g in GOLDEN["note_clauses"]}
    with_notes = {c["id"].rsplit(":", 1)[1]: c for c in clauses if c["departments"]}
    assert set(with_notes) == set(ON_TWO_PAGES)
    for position, page in ON_TWO_PAGES.items():
        clause, expected = with_notes[position], golden[position]
        assert clause["title"] == expected["title"]
        assert clause["lead"] == expected["lead"]
        assert clause["departments"] == expected["departments"]
        assert clause["departments_raw"] == expected["departments_raw"]
        assert clause["text"].startswith(expected["text_starts"])
        assert clause["page"] == page
    assert clauses[0]["doc_title"] == GOLDEN["title"]
    # every clause came from the scan: each says so, with the engine's confidence
    assert all(c["ocr"] is True and 0.5 < c["ocr_confidence"] <= 1.0 for c in clauses)


def test_ocr_reports_each_page_as_a_step(ingested_scan: tuple[Path, list[tuple[str, int, int]]]) -> None:
    _, steps = ingested_scan
    assert [s for s in steps if s[0] == "ocr"] == [("ocr", 0, 2), ("ocr", 1, 2), ("ocr", 2, 2)]
    assert steps[0] == ("read", 0, 0) and steps[-1][0] == "store"


def test_a_text_layer_clause_has_no_ocr_mark(registry: DepartmentRegistry) -> None:
    from kb.parse import parse

    clause = parse(load(DATA / "plan-attachment3.pdf"), registry).clauses[3]
    assert clause.ocr_confidence is None and "ocr" not in clause.to_dict()


def test_the_source_panel_shows_a_scanned_page(scan: Path) -> None:
    clause = Clause(
        doc="plan-attachment3", doc_title="", number=(1,), path=(), title="", text="积极争取", page=2
    )
    image = render_clause_page(scan, clause)
    assert image is not None and image.page == 2 and image.png.startswith(b"\x89PNG")
    assert not image.found  # no text layer to find the clause in: the page is shown, nothing highlighted


def test_a_damaged_scanned_page_is_refused_naming_the_file_and_page(
    scan: Path, tmp_path: Path, registry: DepartmentRegistry
) -> None:
    data = scan.read_bytes()
    second = data.rindex(b"\xff\xd8\xff")  # the JPEG of page 2 (the last image written)
    broken = tmp_path / "stamped-copy.pdf"
    broken.write_bytes(data[:second] + b"\x00" * 64 + data[second + 64 :])
    with pytest.raises(CorruptFile) as refused:
        parse_file(broken, registry, Limits())
    assert str(refused.value).startswith(f"{broken}: page 2 is a scanned image that cannot be decoded")


def test_ocr_beyond_its_memory_is_refused_naming_the_page_and_the_setting(
    scan: Path, registry: DepartmentRegistry
) -> None:
    with pytest.raises(TooLarge) as refused:
        parse_file(scan, registry, replace(Limits(), memory_mb=900, ocr_memory_mb=900))
    assert str(refused.value) == (
        f"{scan}: OCR of page 1 needed more than 900 MB of memory and was stopped (KB_OCR_MEMORY_MB)"
    )


def test_a_scan_pypdf_cannot_decode_is_left_to_pdfium_not_refused() -> None:
    from pypdf.errors import DependencyError

    from kb.load.pdf import _check_decodes

    class Undecodable:  # a JBIG2 scan where the jbig2dec program is missing: PDFium still renders it
        @property
        def image(self) -> object:
            raise DependencyError("jbig2dec binary is not available.")

    class Damaged:
        @property
        def image(self) -> object:
            raise OSError("image file is truncated")

    _check_decodes(Undecodable())
    with pytest.raises(OSError):
        _check_decodes(Damaged())


def test_a_page_taking_longer_than_its_time_is_stopped_naming_the_page_and_the_setting(
    scan: Path, registry: DepartmentRegistry
) -> None:
    pages: list[tuple[int, int]] = []
    with pytest.raises(TooLarge) as refused:
        parse_file(
            scan,
            registry,
            replace(Limits(), timeout_s=1.0, ocr_page_timeout_s=0.5),
            pages=lambda *p: pages.append(p),
        )
    assert str(refused.value) == (
        f"{scan}: reading scanned page 1 of 2 by OCR took longer than 0.5 s and was stopped (KB_OCR_PAGE_TIMEOUT_S)"
    )
    assert pages == [(0, 2)]


# --- near-misses in unit names ---------------------------------------------------------------------------------


def _ocr_clause(*units: str) -> Clause:
    return Clause(
        doc="scan",
        doc_title="",
        number=(1,),
        path=(),
        title="",
        text="",
        lead=units[0],
        departments=units,
        departments_raw=units,
        ocr_confidence=0.9,
    )


def test_a_misread_unit_is_corrected_only_to_a_name_that_exists(registry: DepartmentRegistry) -> None:
    local = registry.for_place("平江县")
    resolver = MisreadResolver(local)
    assert resolver.resolve("县科工倍局") == "县科工信局"  # one character from a registry name
    assert resolver.resolve("县农业农村局") == "县农业农村局"  # exact: unchanged
    assert resolver.resolve("县自然资原局") == "县自然资源局"
    # units the registry does not know are kept as read, never taken for another unit: 县民政局 is one character
    # from 县财政局 and 县体育局 from 县教育局, but both are real bodies; 县气象局 is near no name at all
    for unknown in ("县民政局", "县体育局", "县气象局", "县住房城乡建设局"):
        assert resolver.resolve(unknown) == unknown
    assert resolver.resolve("市科工信局") == "市科工信局"  # another level is another body, not a misread


def test_the_documents_own_names_resolve_misreads_and_text_layer_clauses_are_left_alone(
    registry: DepartmentRegistry,
) -> None:
    empty = DepartmentRegistry()
    own = [
        _ocr_clause("县茶叶产业办", "县科工信局"),
        _ocr_clause("县茶叶产业办"),
        _ocr_clause("县茶业产业办"),
    ]
    fixed = resolve_misreads(own, empty)
    assert fixed[2].departments_raw == ("县茶叶产业办",) and fixed[2].lead == "县茶叶产业办"
    assert fixed[0].departments_raw == ("县茶叶产业办", "县科工信局")  # not in the empty registry: kept
    written = Clause(
        doc="d",
        doc_title="",
        number=(1,),
        path=(),
        title="",
        text="",
        lead="县科工倍局",
        departments=("县科工倍局",),
        departments_raw=("县科工倍局",),
    )
    assert resolve_misreads([written], registry.for_place("平江县")) == [written]


@pytest.mark.parametrize("angle", [0.7, -1.0, 2.0])
def test_a_skewed_page_is_levelled(angle: float) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(str(DATA / "plan-attachment3.pdf"))
    page = document[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    document.close()
    turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    _, found = deskew(turned)
    assert found == pytest.approx(-angle, abs=0.15)
    assert deskew(page)[1] == 0.0  # a level page is left as it is


def test_brackets_beside_chinese_are_full_width_and_boxes_group_into_lines() -> None:
    assert (
        full_width_brackets("（县科工信局、县科协按职责分工负责)") == "（县科工信局、县科协按职责分工负责）"
    )
    assert full_width_brackets("(1) 2026") == "(1) 2026"
    page = OcrPage(
        number=1,
        lines=(
            OcrLine("负责）", 200.0, 101.0, 12.0, 0.9),
            OcrLine("第二行", 80.0, 130.0, 12.0, 0.99),
            OcrLine("（县林业局", 80.0, 100.0, 12.0, 0.95),
        ),
        skew=0.0,
        seconds=0.0,
    )
    assert [[box.text for box in row] for row in rows(page)] == [["（县林业局", "负责）"], ["第二行"]]
