"""End to end in headless Chromium: `kb serve` on a fresh index (built from corpus/ on first run), then the
first screen, the chat (follow-ups, filters), the department view, the document view and an upload, as a person
uses them at 1366×768, then the phone layout at 390×844; axe-core finds no serious or critical violation.

Debian's chromium driven by Playwright (its own browser download cannot work here). Without chromium the test
is skipped on a workstation and fails under CI (CI=true). Screenshots go to screenshots/ at the repo root;
the measured start-up times go to screenshots/timings.txt.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bench.loopback import free_port

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
QUESTION = "湖南中科云母研究院由哪个单位牵头建设？"
FORESTRY_CLAUSES = ["1.2.2.5", "1.2.2.6", "1.2.4.2", "1.2.5.1", "1.2.6.1"]  # read in the plan by hand
OTHER_PLACE = ROOT / "tests" / "data" / "real" / "county_cangnan_opc_draft.txt"  # 苍南县: 9 clauses, 17 units
UPLOAD_TEXT = "竹木产业试点通知\n一、工作任务\n（一）建设竹木智能仓储中心。推进林产品仓储数字化。（县林业局、县商务局按职责分工负责）\n"
WAIT_MS = 90_000
BOT_MESSAGES = "#chat [data-testid='bot']"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
DOC_TITLE = "培育好强科创兴产业的动能实施方案"


def assert_accessible(page: Page, where: str) -> None:
    """axe-core (through axe-playwright-python) finds no serious or critical violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{where}: {serious}"


def choose(page: Page, dropdown: str, option: str) -> None:
    page.locator(f"{dropdown} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium package (make system-packages)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)




def wait_until_serving(url: str, process: subprocess.Popen[bytes], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"kb serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"kb serve did not answer at {url} within {timeout:.0f} s")


def record_timing(label: str, seconds: float) -> None:
    SHOTS.mkdir(exist_ok=True)
    with (SHOTS / "timings.txt").open("a", encoding="utf-8") as out:
        out.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')}  {label}: {seconds:.1f} s\n")


class Server:
    """`kb serve` in a child process on a free port; `started` is when the command was run."""

    def __init__(self, index: Path, log: Path) -> None:
        self.index, self.log, self.port = index, log, free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen[bytes] | None = None
        self.started = 0.0

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "kb.cli",
            "serve",
            "--index",
            str(self.index),
            "--port",
            str(self.port),
        ]
        env = {**os.environ, "KB_MAX_UPLOAD_MB": "1"}
        env.pop("KB_CORPUS", None)  # the README's flow: the default corpus/ folder
        self.started = time.monotonic()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_until_serving(self.url, self.process)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require_chromium()
    root = tmp_path_factory.mktemp("serve")
    running = Server(root / "index", root / "serve.log")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def ask(page: Page, question: str) -> Locator:
    """Type a question, send it, and return the locator of the answer that arrives."""
    answers = page.locator(BOT_MESSAGES)
    before = answers.count()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    page.wait_for_function(
        "([selector, n]) => document.querySelectorAll(selector).length > n",
        arg=[BOT_MESSAGES, before],
        timeout=WAIT_MS,
    )
    return answers.last


def assert_fits_width(page: Page, where: str) -> None:
    """No horizontal scrolling: the page is exactly as wide as the window."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate("document.documentElement.scrollWidth") == width, where


def assert_tab_usable(page: Page, tab: str, where: str) -> None:
    """Open a tab: no horizontal scrolling, no serious or critical axe violation."""
    page.get_by_role("tab", name=tab).click()
    page.wait_for_timeout(600)
    assert_fits_width(page, f"{where}: {tab}")
    assert_accessible(page, f"{where}: {tab}")


def assert_composer_in_view(page: Page, where: str) -> None:
    """The question box and its send button are inside the window, at its bottom, without scrolling."""
    height = page.viewport_size["height"] if page.viewport_size else 0
    for selector in ("#question textarea", "#send"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, (where, selector, box)


def _in_view(page: Page, element: Locator) -> bool:
    box = element.bounding_box()
    return box is not None and -2 <= box["y"] < page.viewport_size["height"] if page.viewport_size else False


def test_serve_chat_departments_documents_upload(server: Server, browser: Browser, tmp_path: Path) -> None:
    server.start()
    record_timing("kb serve, fresh index built from corpus/, until the page loads", server.elapsed())
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened_at = time.monotonic()
    page.goto(server.url)

    # First screen: what the app is, the documents loaded (place, title), example questions drawn from them.
    welcome = page.locator("#welcome")
    welcome.get_by_text("已载入 1 个文件").wait_for(timeout=WAIT_MS)
    page.locator("#examples button").first.wait_for(timeout=WAIT_MS)
    record_timing("page opened until usable (documents and examples shown)", time.monotonic() - opened_at)
    # documents grouped by place, each place with its count (issue 23: the list is grouped, not one line each)
    assert "平江县（1 个文件）" in welcome.inner_text() and f"《{DOC_TITLE}》" in welcome.inner_text()
    assert "当前范围：全部文件、全部部门" in page.locator("#active-filters").inner_text()
    page.screenshot(path=str(SHOTS / "first-screen.png"))
    assert_composer_in_view(page, "first screen")
    assert_accessible(page, "first screen")

    # 问答: the lead shown first, then the cited clause as a card with its outline path, page and the note.
    asked_at = time.monotonic()
    answer = ask(page, QUESTION)
    lead = answer.get_by_role("heading", name="牵头单位：平江高新区")
    lead.wait_for(timeout=WAIT_MS)
    record_timing("question sent until answer shown", time.monotonic() - asked_at)
    record_timing("kb serve, fresh index built from corpus/, until the page answered", server.elapsed())
    text = answer.inner_text()
    assert text.index("牵头单位：平江高新区") < text.index("新材料产业")
    assert "配合单位： 县发改局、县科工信局、县科协" in text
    assert "一、培育好强科创动能 › （二）重点任务 › 2. 锻造产业创新主引擎 › （2）新材料产业" in text
    assert "第 3 页" in text
    assert "依托龙头企业建设湖南中科云母研究院" in text
    assert (
        answer.locator("mark").first.inner_text()
        == "（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）"
    )
    page.wait_for_timeout(500)
    assert lead.is_visible() and _in_view(page, lead), "the answer is not shown from its top"
    page.screenshot(path=str(SHOTS / "chat-answer.png"))
    assert_accessible(page, "answer")

    # A citation opens its clause in the side panel, in context, on the same page (no new tab).
    pages = len(page.context.pages)
    clicked_at = time.monotonic()
    answer.locator("a[href*='clause=']").first.click()
    panel = page.locator("#source-text")
    panel.get_by_role("heading", name="（2）新材料产业").wait_for(timeout=WAIT_MS)
    assert "plan-attachment3" not in panel.inner_text()  # no clause id shown (issue 23, item 3)
    assert len(page.context.pages) == pages
    # The plan is a PDF: its page 3 as printed, the clause's lines highlighted, above the text in context.
    page_image = page.locator("#source-page img")
    page_image.wait_for(timeout=WAIT_MS)
    page.wait_for_function(
        "() => { const i = document.querySelector('#source-page img'); return i && i.complete && i.naturalWidth > 0; }",
        timeout=WAIT_MS,
    )
    record_timing(
        "citation clicked until the PDF page is shown in the source panel", time.monotonic() - clicked_at
    )
    assert "原件第 3 页，条款所在区域已用黄色标出" in page.locator("#source-page").inner_text()
    box = page_image.bounding_box()
    assert box is not None and box["width"] >= 300  # legible in the panel, not a thumbnail
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "source-panel-pdf.png"))
    assert_accessible(page, "source panel on a PDF page")
    page.locator("#source-text").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "source-panel.png"))

    # A follow-up is read against the previous question.
    followup = ask(page, "那配合单位呢？")
    followup.get_by_text("理解为：湖南中科云母研究院的配合单位有哪些？").wait_for(timeout=WAIT_MS)
    assert "县发改局、县科工信局、县科协" in followup.inner_text()
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "chat-followup.png"))

    # An example question runs when clicked.
    before = page.locator(BOT_MESSAGES).count()
    example = page.locator("#examples button").first
    if example.is_visible():
        example.click()
        page.locator(BOT_MESSAGES).nth(before).get_by_role("heading").first.wait_for(timeout=WAIT_MS)

    # An abstention looks different: a warning heading, no lead.
    abstention = ask(page, "县公安局负责哪些工作？")
    abstention.get_by_role("heading", name="⚠️ 未找到依据").wait_for(timeout=WAIT_MS)
    assert "牵头单位：" not in abstention.inner_text()
    abstention.screenshot(path=str(SHOTS / "chat-abstention.png"))

    # A question carrying markup is shown as text: nothing runs, no element or link is injected.
    hostile = '<img src=x onerror="alert(1)"> [点我](javascript:alert(2)) 县公安局负责什么？'
    ask(page, hostile)
    assert page.locator("#chat img[src='x']").count() == 0
    assert page.locator("#chat a[href^='javascript']").count() == 0
    shown = page.locator("#chat [data-testid='user']").last.inner_text()
    assert '<img src=x onerror="alert(1)"> [点我](javascript:alert(2))' in shown

    # Filters: named under the question box (the line opens to the filters) and in the answer; filtered out,
    # the answer says what all documents hold.
    page.locator("#active-filters").get_by_text("当前范围").first.click()
    choose(page, "#dept-filter", "县林业局")
    # the filter line itself (the open dropdown's option 县林业局 may still be shown beside it)
    page.locator("#active-filters").get_by_text("当前范围：县林业局").wait_for(timeout=WAIT_MS)
    filtered_out = ask(page, QUESTION)
    filtered_out.get_by_text("所选范围（县林业局）中没有相关条款，全部文件中有").wait_for(timeout=WAIT_MS)
    choose(page, "#dept-filter", "全部部门")
    choose(page, "#doc-filter", f"平江县 · 《{DOC_TITLE}》")  # by place and title, not the file's stem
    page.locator("#active-filters").get_by_text(f"《{DOC_TITLE}》").first.wait_for(timeout=WAIT_MS)
    filtered = ask(page, QUESTION)
    filtered.get_by_text(f"在《{DOC_TITLE}》中：").wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "chat-filtered.png"))
    choose(page, "#doc-filter", "全部文件")
    page.locator("#active-filters").get_by_text("当前范围").first.click()  # the filters folded again

    # Copy as plain text (sources as footnotes) and export to DOCX; the conversation survives a reload.
    page.get_by_text("复制与导出对话").click()
    page.locator("#plain-button").click()
    plain = page.locator("#plain-text textarea")
    page.wait_for_function(
        "() => (document.querySelector('#plain-text textarea') || {}).value?.includes('出处：')",
        timeout=WAIT_MS,
    )
    assert f"问：{QUESTION}" in plain.input_value()
    page.locator("#docx-button").click()
    page.locator("#docx-file").get_by_text("问答记录").first.wait_for(timeout=WAIT_MS)
    kept = page.locator(BOT_MESSAGES).count()
    page.reload()
    page.wait_for_function(
        "([selector, n]) => document.querySelectorAll(selector).length >= n",
        arg=[BOT_MESSAGES, kept],
        timeout=WAIT_MS,
    )
    # The restored conversation is shown without the first screen on top of it.
    page.wait_for_timeout(1500)  # every load event has run
    assert not page.locator("#welcome").is_visible()
    assert page.locator("#examples button:visible").count() == 0
    page.screenshot(path=str(SHOTS / "chat-restored.png"))
    assert_tab_usable(page, "问答", "desktop")

    # 部门职责: 牵头 and 配合 defined in one line; the chart's key shown; the matrix grouped by place, compact,
    # its key in view with it.
    assert_tab_usable(page, "部门职责", "desktop")
    roles = page.locator("#roles-defined")
    assert (
        "牵头：对任务负总责的单位" in roles.inner_text()
        and "配合：按职责分工参与的其他单位" in roles.inner_text()
    )
    assert page.locator("#chart-key").get_by_text("配合").first.is_visible()
    grid = page.locator("#duty-matrix")
    grid.locator("h4").first.wait_for(timeout=WAIT_MS)
    assert grid.locator("h4").first.inner_text() == "平江县（1 个文件，19 个部门）"
    grid.scroll_into_view_if_needed()
    key, table = grid.locator(".matrix-key").bounding_box(), grid.locator("table").first.bounding_box()
    assert key is not None and table is not None
    assert key["y"] < table["y"] and table["height"] < DESKTOP["height"], "the matrix is not compact"
    page.screenshot(path=str(SHOTS / "department-overview.png"))

    # 县林业局 typed in a short spelling, its five clauses with links into the document view.
    picker = page.locator("#department-picker input")
    picker.click()
    picker.fill("林业局")
    page.get_by_role("option", name="县林业局").click()
    sheet = page.locator("#department-sheet")
    sheet.get_by_text("配合的条款（5）").wait_for(timeout=WAIT_MS)
    assert "共 5 条：牵头 0 条，配合 5 条" in sheet.inner_text()
    links = sheet.locator("table a[href*='clause=']")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert [h.rsplit("%3A", 1)[-1] for h in hrefs] == FORESTRY_CLAUSES
    page.screenshot(path=str(SHOTS / "department-forestry.png"), full_page=True)
    assert_accessible(page, "department view")

    # A clause link opens the document view at that clause (in a new tab, as Gradio opens links).
    with page.context.expect_page(timeout=WAIT_MS) as opened:
        links.first.click()
    clause_page = opened.value
    detail = clause_page.locator("#clause-detail")
    detail.get_by_text("（5）“两茶一药”产业").first.wait_for(timeout=WAIT_MS)
    assert "plan-attachment3" not in detail.inner_text()  # no clause id shown (issue 23, item 3)
    assert "牵头单位： 县农业农村局" in detail.inner_text()
    clause_page.set_viewport_size(DESKTOP)
    clause_page.screenshot(path=str(SHOTS / "document-clause.png"), full_page=True)
    clause_page.close()

    # 文件: upload a small document and another place's plan; a progress bar by clause while the button is
    # disabled; then the documents with their clause and unit counts, and the new clause answers a question.
    upload = tmp_path / "bamboo-pilot.txt"
    upload.write_text(UPLOAD_TEXT, encoding="utf-8")
    assert_tab_usable(page, "文件", "desktop")
    page.get_by_text("上传文件").click()
    page.locator("#upload input[type=file]").set_input_files([str(OTHER_PLACE), str(upload)])
    # a list of several files shows each name as stem and extension apart
    page.locator("#upload").get_by_text("bamboo-pilot", exact=True).wait_for(timeout=WAIT_MS)
    page.locator("#upload").get_by_text("county_cangnan_opc_draft", exact=True).wait_for(timeout=WAIT_MS)
    uploaded_at = time.monotonic()
    page.locator("#ingest").click()
    report = page.locator("#ingest-report")
    report.locator(".progress-level, .eta-bar").first.wait_for(timeout=WAIT_MS)
    report.get_by_text(re.compile(r"第 [12]/2 个文件")).first.wait_for(timeout=WAIT_MS)
    assert page.locator("#ingest").is_disabled() and "正在导入" in page.locator("#ingest").inner_text()
    page.screenshot(path=str(SHOTS / "upload-in-progress.png"))
    report.get_by_text("已导入").first.wait_for(timeout=WAIT_MS)
    record_timing(
        "upload of two small text files (9 + 2 clauses) until imported", time.monotonic() - uploaded_at
    )
    items = report.locator("li")
    assert [items.nth(i).inner_text() for i in range(items.count())] == [
        "✔ 已导入：county_cangnan_opc_draft（9 条条款，17 个部门）",
        "✔ 已导入：bamboo-pilot（2 条条款，2 个部门）",
    ]
    # the button is given back by the step after the report (it may show a moment before)
    page.wait_for_function("() => !document.querySelector('#ingest').disabled", timeout=WAIT_MS)
    page.screenshot(path=str(SHOTS / "upload.png"), full_page=True)

    page.get_by_role("tab", name="问答").click()
    answer = ask(page, "竹木智能仓储中心由哪个单位牵头？")
    answer.get_by_role("heading", name="牵头单位：县林业局").wait_for(timeout=WAIT_MS)
    assert "《竹木产业试点通知》" in answer.inner_text()  # cited by its title and path, not a clause id
    assert answer.locator("a[href*='clause=bamboo-pilot%3A1.1']").count() >= 1
    page.screenshot(path=str(SHOTS / "chat-uploaded.png"))
    assert dialogs == []

    # The phone layout: the answer fits the width (no horizontal scroll), the question box at the bottom.
    phone = browser.new_page(viewport=PHONE, locale="zh-CN", is_mobile=True)
    phone.goto(server.url)
    phone.locator("#welcome").get_by_text("已载入").first.wait_for(timeout=WAIT_MS)
    phone.screenshot(path=str(SHOTS / "phone-first-screen.png"))
    assert_composer_in_view(phone, "phone first screen")
    ask(phone, QUESTION).get_by_role("heading", name="牵头单位：平江高新区").wait_for(timeout=WAIT_MS)
    phone.wait_for_timeout(500)
    phone.screenshot(path=str(SHOTS / "phone-answer.png"))
    assert_fits_width(phone, "phone answer")
    assert_accessible(phone, "phone answer")
    # The source panel on a phone: the page image across the window, nothing wider than it.
    phone.locator(f"{BOT_MESSAGES} a[href*='clause=']").first.click()
    phone.locator("#source-page img").wait_for(timeout=WAIT_MS)
    phone.wait_for_timeout(800)
    phone_image = phone.locator("#source-page img").bounding_box()
    assert phone_image is not None and phone_image["width"] > PHONE["width"] * 0.7
    assert_fits_width(phone, "phone source panel")
    phone.screenshot(path=str(SHOTS / "phone-source-panel-pdf.png"))
    phone.reload()  # the panel closed again
    phone.locator(BOT_MESSAGES).first.wait_for(timeout=WAIT_MS)
    # 部门职责 on a phone: a duty table is one card per clause, its text on full lines (not a character each).
    assert_tab_usable(phone, "部门职责", "phone")
    phone_picker = phone.locator("#department-picker input")
    phone_picker.click()
    phone_picker.fill("林业局")
    # two places' documents are indexed by now (苍南's plan and a pilot notice of no known place): each unit is
    # offered with its place, and 平江's 县林业局 is the plan's
    phone.get_by_role("option", name="县林业局（平江县）").click()
    phone_sheet = phone.locator("#department-sheet")
    phone_sheet.get_by_text("配合的条款（5）").wait_for(timeout=WAIT_MS)
    first_row = phone_sheet.locator("table tbody tr").first
    row_box = first_row.bounding_box()
    assert row_box is not None and row_box["width"] > PHONE["width"] * 0.7
    path_cell = first_row.locator("td").nth(2).bounding_box()
    assert path_cell is not None and path_cell["width"] > PHONE["width"] * 0.6  # a line, not a column
    assert_fits_width(phone, "phone department sheet")
    phone_sheet.get_by_text("配合的条款（5）").scroll_into_view_if_needed()
    phone.screenshot(path=str(SHOTS / "phone-department.png"))
    # The matrix now holds two places' documents and one of no known place, each its own group.
    phone.reload()
    phone.get_by_role("tab", name="部门职责").click()
    phone.locator("#duty-matrix h4").nth(2).wait_for(timeout=WAIT_MS)
    groups = [phone.locator("#duty-matrix h4").nth(i).inner_text() for i in range(3)]
    assert sorted(groups[:2]) == ["平江县（1 个文件，19 个部门）", "苍南县（1 个文件，17 个部门）"]
    assert groups[2] == "未注明地区（1 个文件，2 个部门）"  # documents of no known place last
    # and the counts are one table per place, each unit counted in its own: 苍南县's 县商务局 is not the pilot
    # notice's
    counts = phone.locator("#overview-table").inner_text()
    cangnan = counts.split("苍南县（17 个部门）", 1)[1].split("个部门）", 1)[0]
    unplaced = counts.split("未注明地区（2 个部门）", 1)[1]
    assert "县商务局" in cangnan and "县商务局" in unplaced and "县林业局" in unplaced
    phone.locator("#duty-matrix").scroll_into_view_if_needed()
    phone.screenshot(path=str(SHOTS / "phone-department-matrix.png"))
    assert_fits_width(phone, "phone department matrix")
    assert_tab_usable(phone, "文件", "phone")
    phone.screenshot(path=str(SHOTS / "phone-documents.png"))
    phone.close()

    # The server goes away: Gradio's connection-lost message is shown in Chinese.
    server.stop()
    page.locator("#question textarea").fill(QUESTION)
    page.locator("#send").click()
    toast = page.locator(".toast-wrap")
    toast.get_by_text("连接已断开").first.wait_for(timeout=WAIT_MS)
    assert "Connection" not in toast.inner_text()
    page.wait_for_timeout(800)  # the toast has faded in
    page.screenshot(path=str(SHOTS / "connection-lost.png"))

    # Warm start: the index exists, so the server only loads it.
    server.start()
    record_timing("kb serve, existing index, until the page loads", server.elapsed())
    page.goto(server.url)
    ask(page, QUESTION).get_by_role("heading", name="牵头单位：平江高新区").wait_for(timeout=WAIT_MS)
    record_timing("kb serve, existing index, until the page answered", server.elapsed())
    page.close()
