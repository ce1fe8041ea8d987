"""Issue 23, items 3–5, in headless Chromium over an index of many documents (the plan, the 13 documents of
tests/data/real and a dozen of the OPC corpus: 26 documents of 20 places, 100+ units), at 1366×768 and 390×844:

- names, not ids (item 3): cards name the place and the document's short title (the full one on hover), never a
  clause id, file stem or score; Gradio's own labels in Chinese; no "processing | 0.4s"; no footer link;
- the first screen (item 4): documents by place, folded, with a search box; example questions from the loaded
  documents above the composer; the composer at most 15% of a desktop window and 22% of a phone's;
- the department view (item 5): a place selector and a picker that filters as one types (the option clicked is
  the unit shown), 未找到 with at most five names, a unit's page short by default, an overview of the busiest
  units, the tab a few screens tall, not 18,000 px.

The index is built with the tests' fast embedder (tests/fast_serve.py serves it); screenshots go to
screenshots/<item>-<what>-{desktop,phone}.png, figures to screenshots/timings.txt.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.test_browser import (
    BOT_MESSAGES,
    DESKTOP,
    PHONE,
    ROOT,
    SHOTS,
    WAIT_MS,
    Server,
    ask,
    assert_accessible,
    assert_fits_width,
    browser,  # noqa: F401  (the module's browser fixture)
    record_timing,
    require_chromium,
    wait_until_serving,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

DATA = ROOT / "tests" / "data"
OPC = ROOT / "tests" / "data" / "opc"  # twelve documents of the OPC corpus (its README)
COMPOSER_SHARE = {"desktop": 0.15, "phone": 0.22}  # of the window's height, at most (issue 23: 29% and 35%)
TAB_HEIGHT_MAX = 4_000  # px: the department tab was 18,000 px tall at 15 documents
NANCHONG_TITLE = "南充市人民政府办公室关于印发《南充市支持人工智能OPC创新发展行动计划（2026—2027年）》的通知"
NANCHONG_SHORT = "《南充市支持人工智能OPC创新发展行动计划（2026—2027年）》"
STEMS = ("plan-attachment3", "city_nanchong_opc", "guobanfa2018", "prov_anhui", "_opc")


def corpus_files() -> list[Path]:
    """The plan, tests/data/real and tests/data/opc: 26 documents."""
    return [DATA / "plan-attachment3.pdf", *sorted((DATA / "real").glob("*.txt")), *sorted(OPC.glob("*.txt"))]


class FastServer(Server):
    """`kb serve` through tests/fast_serve.py: the index was built with the fast stand-in embedder."""

    def start(self) -> None:
        command = [sys.executable, str(ROOT / "tests" / "fast_serve.py"), "serve", "--index", str(self.index)]
        command += ["--port", str(self.port)]
        env = {**os.environ, "KB_EMBEDDER": "test:letters", "PYTHONPATH": str(ROOT)}
        self.started = time.monotonic()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_until_serving(self.url, self.process)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastServer]:
    """A server over the many-document index, built here with the fast embedder."""
    require_chromium()
    from kb.api import KnowledgeBase
    from kb.settings import load_settings
    from kb.store.embed import EMBEDDERS, register_embedder
    from tests.test_cli import LetterEmbedder

    root = tmp_path_factory.mktemp("many")
    register_embedder("test", lambda argument, settings: LetterEmbedder(argument))
    try:
        built = time.monotonic()
        kb = KnowledgeBase(load_settings(index=root / "index", embedder="test:letters"))
        results = kb.ingest(corpus_files())
        assert all(r.status == "ingested" for r in results), [r for r in results if r.status != "ingested"]
        record_timing(
            f"many-document index ({len(results)} documents, fast embedder) built", time.monotonic() - built
        )
    finally:
        EMBEDDERS.pop("test", None)
    server = FastServer(root / "index", root / "serve.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def record_figure(label: str, value: float, unit: str) -> None:
    """A measured figure in screenshots/timings.txt beside the timings (test_browser.record_timing writes seconds)."""
    SHOTS.mkdir(exist_ok=True)
    with (SHOTS / "timings.txt").open("a", encoding="utf-8") as out:
        out.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')}  {label}: {value:.1f} {unit}\n")


def composer_share(page: Page) -> float:
    box = page.locator("#composer").bounding_box()
    height = page.viewport_size["height"] if page.viewport_size else 1
    assert box is not None
    return box["height"] / height


def body_text(page: Page) -> str:
    return page.locator("body").inner_text()


def open_first_screen(page: Page, url: str) -> None:
    page.goto(url)
    page.locator("#welcome-intro strong").get_by_text("已载入").wait_for(timeout=WAIT_MS)
    page.locator("#examples button").first.wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(800)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_first_screen_scales(many: FastServer, browser: Browser, width: str) -> None:  # noqa: F811
    viewport = DESKTOP if width == "desktop" else PHONE
    page = browser.new_page(viewport=viewport, locale="zh-CN", is_mobile=width == "phone")
    opened = time.monotonic()
    open_first_screen(page, many.url)
    record_timing(
        f"first screen of {len(corpus_files())} documents usable ({width})", time.monotonic() - opened
    )
    documents = len(corpus_files())
    assert f"已载入 {documents} 个文件" in page.locator("#welcome-intro").inner_text()
    # the documents folded under one line, the places inside it with their counts
    folded = page.locator("#doc-groups details.all-documents")
    assert folded.count() == 1 and folded.get_attribute("open") is None
    assert "按地区查看全部" in folded.locator("> summary").inner_text()
    # the example questions above the composer, all in the first screen, the composer small
    examples = page.locator("#examples button:visible")
    assert 3 <= examples.count() <= 5
    composer = page.locator("#composer").bounding_box()
    last_example = examples.last.bounding_box()
    assert composer is not None and last_example is not None
    assert last_example["y"] + last_example["height"] <= composer["y"], (
        "an example question under the composer"
    )
    share = composer_share(page)
    record_figure(f"composer height / window height ({width})", share * 100, "%")
    assert share <= COMPOSER_SHARE[width], f"the composer takes {share:.0%} of the window"
    assert_fits_width(page, f"first screen {width}")
    page.screenshot(path=str(SHOTS / f"first-screen-many-{width}.png"))
    assert_accessible(page, f"first screen {width}")

    # every place, folded, one click away
    folded.locator("> summary").click()
    places = page.locator("#doc-groups details.place")
    assert places.count() >= 10
    assert all(places.nth(i).get_attribute("open") is None for i in range(places.count()))
    assert "南充市（1 个文件）" in page.locator("#doc-groups").inner_text()
    page.screenshot(path=str(SHOTS / f"first-screen-places-{width}.png"))
    assert_accessible(page, f"first screen, places {width}")

    # typing in the search box narrows the list to what matches, open
    search = page.locator("#doc-search input, #doc-search textarea").first
    search.fill("无废城市")
    page.locator("#doc-groups").get_by_text("找到 1 个文件").wait_for(timeout=WAIT_MS)
    found = page.locator("#doc-groups")
    assert "全国（1 个文件）" in found.inner_text()
    # the title printed over two lines, whole; its short form shown, the full one on hover
    title = found.locator("span[title]").first
    assert title.inner_text() == "《“无废城市”建设试点工作方案》"
    assert title.get_attribute("title") == "国务院办公厅关于印发“无废城市”建设试点工作方案的通知"
    page.screenshot(path=str(SHOTS / f"first-screen-search-{width}.png"))
    assert_accessible(page, f"first screen, search {width}")
    search.fill("")

    # an example question is answered from the documents loaded
    before = page.locator(BOT_MESSAGES).count()
    examples.first.click()
    answer = page.locator(BOT_MESSAGES).nth(before)
    answer.get_by_role("heading").first.wait_for(timeout=WAIT_MS)
    assert "未找到依据" not in answer.inner_text()
    page.close()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_names_instead_of_ids(many: FastServer, browser: Browser, width: str) -> None:  # noqa: F811
    viewport = DESKTOP if width == "desktop" else PHONE
    page = browser.new_page(viewport=viewport, locale="zh-CN", is_mobile=width == "phone")
    open_first_screen(page, many.url)
    # no link to Gradio's English API page, no "Built with Gradio"
    assert page.locator("footer a").count() == 0
    answer = ask(page, "南充市加大算力资源支持由哪个单位牵头？")
    answer.get_by_role("heading", name="牵头单位：市科技局、市数据局").wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(500)
    text = answer.inner_text()
    # the card: place, the document's short title (the full one on hover), outline path
    assert f"南充市 · {NANCHONG_SHORT} · 二、重点任务 › （一）加强基础能力保障 › 1. 加大算力资源支持" in text
    assert answer.locator(f"span[title='{NANCHONG_TITLE}']").count() >= 1
    for word in (*STEMS, "相关度", "processing", "Copy message"):
        assert word not in text, word
    # Gradio's own labels in Chinese: the copy button, the side panel's button
    assert page.locator("[aria-label='Copy message'], [title='Copy message']").count() == 0
    assert (
        page.locator("#chat button[aria-label='复制这条回答'], #chat button[title='复制这条回答']").count()
        >= 1
    )
    assert page.locator("button[aria-label='Toggle Sidebar']").count() == 0
    assert "processing |" not in body_text(page)
    page.screenshot(path=str(SHOTS / f"names-answer-{width}.png"))
    assert_accessible(page, f"answer {width}")

    # the filters name documents by place and short title, never by file stem
    page.locator("#active-filters").get_by_text("当前范围").first.click()
    page.locator("#doc-filter input").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=WAIT_MS)
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    assert f"南充市 · {NANCHONG_SHORT}" in labels
    assert not [label for label in labels if any(stem in label for stem in STEMS)]
    page.screenshot(path=str(SHOTS / f"names-filter-{width}.png"))
    page.keyboard.press("Escape")
    page.locator("#active-filters").get_by_text("当前范围").first.click()  # folded again

    # 文件: the table and the picker name documents by place and title
    page.get_by_role("tab", name="文件").click()
    # the documents table leads each row with the place
    page.get_by_role("tab", name="文件").wait_for(timeout=WAIT_MS)
    page.screenshot(path=str(SHOTS / f"names-documents-{width}.png"))
    page.get_by_text("苏州工业园区", exact=True).filter(visible=True).first.wait_for(timeout=WAIT_MS)
    page.locator("#doc-picker input").click()
    page.get_by_role("option", name=f"南充市 · {NANCHONG_SHORT}").click()
    page.locator("#outline a").first.wait_for(timeout=WAIT_MS)
    page.locator("#clause-picker input").click()
    page.get_by_role("option").nth(2).click()
    detail = page.locator("#clause-detail")
    detail.get_by_text("《").first.wait_for(timeout=WAIT_MS)
    assert not [stem for stem in STEMS if stem in detail.inner_text()]
    assert not [stem for stem in STEMS if stem in body_text(page)]
    assert_fits_width(page, f"documents {width}")
    page.screenshot(path=str(SHOTS / f"names-documents-{width}.png"))
    assert_accessible(page, f"documents {width}")
    page.close()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_department_view_at_many_documents(many: FastServer, browser: Browser, width: str) -> None:  # noqa: F811
    viewport = DESKTOP if width == "desktop" else PHONE
    page = browser.new_page(viewport=viewport, locale="zh-CN", is_mobile=width == "phone")
    open_first_screen(page, many.url)
    opened = time.monotonic()
    page.get_by_role("tab", name="部门职责").click()
    overview = page.locator("#overview-table")
    overview.get_by_text("条款最多的 20 个部门").wait_for(timeout=WAIT_MS)
    record_timing(
        f"department overview of {len(corpus_files())} documents shown ({width})", time.monotonic() - opened
    )
    page.wait_for_timeout(1500)  # the chart drawn
    height = page.evaluate("document.documentElement.scrollHeight")
    record_figure(f"department tab height at {len(corpus_files())} documents ({width})", height, "px")
    assert height < TAB_HEIGHT_MAX, f"the department tab is {height} px tall"
    assert overview.locator("tbody tr").count() == 20
    assert "选择一个地区" in page.locator("#duty-matrix").inner_text()
    assert_fits_width(page, f"department overview {width}")
    page.screenshot(path=str(SHOTS / f"department-overview-{width}.png"), full_page=True)
    assert_accessible(page, f"department overview {width}")

    # one place at a time: its units only, in the picker, the table and the matrix
    page.locator("#department-place input").click()
    page.get_by_role("option", name="南充市（26 个部门）").click()
    overview.get_by_text("南充市（26 个部门）").wait_for(timeout=WAIT_MS)
    page.locator("#duty-matrix h4").get_by_text("南充市（1 个文件，26 个部门）").wait_for(timeout=WAIT_MS)
    # the chart redrawn for the place: its 20 busiest of 26
    page.locator("#department-overview").get_by_text("条款最多的 20 个部门（共 26 个）").wait_for(timeout=WAIT_MS)
    page.screenshot(path=str(SHOTS / f"department-place-{width}.png"), full_page=True)
    assert_accessible(page, f"department place {width}")

    # typing filters the picker; the option clicked is the unit shown
    picker = page.locator("#department-picker input")
    picker.click()
    picker.fill("科技局")
    options = page.get_by_role("option")
    options.first.wait_for(timeout=WAIT_MS)
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    assert labels and all("科技局" in label for label in labels), labels
    first = labels[0]
    options.first.click()
    sheet = page.locator("#department-sheet")
    sheet.get_by_role("heading", name=first, exact=True).wait_for(timeout=WAIT_MS)
    # short by default: the counts, the clauses by document (a long table folded), the full texts folded
    assert "共 15 条：牵头 10 条，配合 5 条，涉及 1 个文件。" in sheet.inner_text()
    assert sheet.locator("details").count() >= 2
    assert all(
        sheet.locator("details").nth(i).get_attribute("open") is None
        for i in range(sheet.locator("details").count())
    )
    assert not [stem for stem in STEMS if stem in sheet.inner_text()]
    page.screenshot(path=str(SHOTS / f"department-unit-{width}.png"), full_page=True)
    assert_accessible(page, f"department unit {width}")

    # a name no document writes: 未找到, and at most five names like it
    picker.click()
    picker.fill("市园林局")
    picker.press("Enter")
    sheet.get_by_text("未找到").wait_for(timeout=WAIT_MS)
    said = sheet.inner_text()
    assert said.count("、") <= 4, said
    assert_fits_width(page, f"department not found {width}")
    page.screenshot(path=str(SHOTS / f"department-not-found-{width}.png"))
    assert_accessible(page, f"department not found {width}")
    page.close()
