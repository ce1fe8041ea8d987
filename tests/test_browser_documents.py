"""Issue 23, items 6 and 7, end to end in headless Chromium at 1366×768 and 390×844: documents withdrawn (and
the answer no longer citing them), restored, replaced by a new version, marked superseded, the documents
table's columns; the source panel paging through a PDF, the original downloaded, a TXT clause highlighted in its
context, the panel following a second answer. axe-core on every state added; screenshots
screenshots/item6-…-{desktop,phone}.png and item7-…-{desktop,phone}.png.

The index is built from corpus/ (the plan's PDF) by `kb serve`; the short 办法 (tests/data/second-policy.txt)
is uploaded through the page, then its revised version (30万元 instead of 20万元) and its successor (a new
title, 50万元), written here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.test_browser import (
    BOT_MESSAGES,
    DESKTOP,
    PHONE,
    QUESTION,
    SHOTS,
    WAIT_MS,
    Server,
    ask,
    assert_accessible,
    assert_fits_width,
    browser,  # noqa: F401  (the module's Chromium, a fixture)
    choose,
    require_chromium,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data"
CAP = "创新券每家企业每年最多能申领多少？"  # 第三条 of the 办法: 不超过20万元
OLD_TITLE = "平江县科技创新券管理办法（试行）"
NEW_TITLE = "平江县科技创新券管理办法"
HEADERS = ["文件", "地区", "文号", "日期", "状态", "条款数", "有责任单位的事项", "未识别的分工说明"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require_chromium()
    root = tmp_path_factory.mktemp("serve-documents")
    running = Server(root / "index", root / "serve.log")
    try:
        yield running
    finally:
        running.stop()


def versions(folder: Path) -> tuple[Path, Path, Path]:
    """The 办法 as published, as revised (same document, a new cap), and its successor (a new title)."""
    text = (DATA / "second-policy.txt").read_text(encoding="utf-8")
    revised = folder / "second-policy-revised.txt"
    revised.write_text(text.replace("额度不超过20万元", "额度不超过30万元"), encoding="utf-8")
    successor = folder / "second-policy-2027.txt"
    successor.write_text(
        text.replace(OLD_TITLE, NEW_TITLE, 1).replace("额度不超过20万元", "额度不超过50万元"), encoding="utf-8"
    )
    return DATA / "second-policy.txt", revised, successor


def shot(page: Page, name: str, width: str) -> None:
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))


def open_documents(page: Page) -> None:
    page.get_by_role("tab", name="文件").click()
    page.wait_for_function(
        "() => (document.querySelector('#doc-table') || {}).innerText?.includes('《培育好强科创兴产业的动能实施方案》')",
        timeout=WAIT_MS,
    )


def upload(page: Page, files: list[Path], expected: str) -> None:
    page.get_by_text("上传文件").click()
    page.locator("#upload input[type=file]").set_input_files([str(f) for f in files])
    page.locator("#upload").get_by_text(files[0].stem, exact=True).wait_for(timeout=WAIT_MS)
    page.locator("#ingest").click()
    page.locator("#ingest-report").get_by_text(expected).first.wait_for(timeout=WAIT_MS)
    page.get_by_text("上传文件").click()  # folded again


def manage(page: Page, doc_label: str, button: str) -> None:
    """Pick a document in 撤回、替换或标记文件 and ask for an action: the confirmation box opens."""
    choose(page, "#manage-doc", doc_label)
    page.locator(button).click()
    page.locator("#confirm-box").wait_for(state="visible", timeout=WAIT_MS)


# The table's body is drawn as cells, not rows a locator can take: a row is its cells' lines from the one
# holding its title alone (every title is the first cell, written 《…》) to the next such line.
ROW_TEXT = """([title]) => {
  const lines = ((document.querySelector('#doc-table') || {}).innerText || '').split('\\n').map(l => l.trim());
  const at = lines.indexOf(title);
  if (at < 0) return '';
  const next = lines.findIndex((l, i) => i > at && l.startsWith('《') && l.endsWith('》'));
  return lines.slice(at, next < 0 ? undefined : next).join('\\n');
}"""


def table_row(page: Page, title: str) -> str:
    return str(page.evaluate(ROW_TEXT, [f"《{title}》"]))


def status_is(page: Page, title: str, status: str) -> None:
    page.wait_for_function(
        f"([title, status]) => ({ROW_TEXT})([title]).includes(status)",
        arg=[f"《{title}》", status],
        timeout=WAIT_MS,
    )


def cited_titles(answer_text: str) -> bool:
    return OLD_TITLE in answer_text or NEW_TITLE in answer_text


def test_documents_and_source_panel(server: Server, browser: Browser, tmp_path: Path) -> None:  # noqa: F811
    server.start()
    SHOTS.mkdir(exist_ok=True)
    published, revised, successor = versions(tmp_path)
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    page.goto(server.url)
    page.locator("#welcome").get_by_text("已载入 1 个文件").wait_for(timeout=WAIT_MS)

    # 6. The documents table: short title, place, 文号, date, status, the ingestion report.
    open_documents(page)
    upload(page, [published], "已导入")
    status_is(page, OLD_TITLE, "有效")
    headers = page.locator("#doc-table thead th")
    assert [headers.nth(i).inner_text().strip() for i in range(headers.count())] == HEADERS
    plan = table_row(page, "培育好强科创兴产业的动能实施方案")
    assert "平江县" in plan and "有效" in plan and "31 / 47" in plan and "（导入）" in plan
    shot(page, "item6-table", "desktop")
    assert_accessible(page, "documents table")

    # 7. A TXT source: the clause highlighted in its context, the original to download.
    page.get_by_role("tab", name="问答").click()
    answer = ask(page, CAP)
    answer.get_by_text("不超过20万元").first.wait_for(timeout=WAIT_MS)
    answer.locator("a[href*='clause=second-policy']").first.click()
    original = page.locator("#source-original")
    original.locator("mark").first.wait_for(timeout=WAIT_MS)
    assert original.locator("mark").first.inner_text().startswith("第三条 每家企业每年申领创新券额度不超过20万元")
    assert "第二条" in original.inner_text()  # the paragraphs before it, for context
    assert not page.locator("#source-page img").is_visible()  # a text file has no printed page
    shot(page, "item7-text-highlighted", "desktop")
    assert_accessible(page, "source panel on a TXT clause")
    link = page.locator("#source-file a").first
    link.wait_for(timeout=WAIT_MS)
    with page.expect_download(timeout=WAIT_MS) as downloading:
        link.click()
    assert Path(downloading.value.path()).read_bytes() == published.read_bytes()

    # 7. The panel follows a second answer (here from the PDF): the old source goes, the new one comes.
    second = ask(page, QUESTION)
    second.get_by_role("heading", name="牵头单位：平江高新区").wait_for(timeout=WAIT_MS)
    page.locator("#source-text").get_by_role("heading", name="（2）新材料产业").wait_for(timeout=WAIT_MS)
    assert not original.is_visible()
    page.locator("#page-number").get_by_text("第 3 页 / 共 12 页").wait_for(timeout=WAIT_MS)
    shot(page, "item7-follows-second-answer", "desktop")

    # 7. Page navigation through the PDF.
    page.locator("#next-page").click()
    page.locator("#page-number").get_by_text("第 4 页 / 共 12 页").wait_for(timeout=WAIT_MS)
    assert "原件第 4 页（所引条款在第 3 页）" in page.locator("#source-page").inner_text()
    shot(page, "item7-pdf-next-page", "desktop")
    assert_accessible(page, "source panel, PDF paged")
    page.locator("#previous-page").click()
    page.locator("#page-number").get_by_text("第 3 页 / 共 12 页").wait_for(timeout=WAIT_MS)
    assert "条款所在区域已用黄色标出" in page.locator("#source-page").inner_text()
    with page.expect_download(timeout=WAIT_MS) as downloading:
        page.locator("#source-file a").first.click()
    assert Path(downloading.value.path()).read_bytes()[:5] == b"%PDF-"

    # 6. Withdraw: confirmed first; then the answer no longer cites it; 撤销 brings it back.
    open_documents(page)
    page.get_by_text("撤回、替换或标记文件").click()
    manage(page, f"{OLD_TITLE}（有效）", "#withdraw")
    assert f"确认撤回《{OLD_TITLE}》？" in page.locator("#confirm-text").inner_text()
    shot(page, "item6-withdraw-confirm", "desktop")
    assert_accessible(page, "withdrawal to confirm")
    page.locator("#confirm").click()
    page.locator("#manage-result").get_by_text(f"已撤回《{OLD_TITLE}》").wait_for(timeout=WAIT_MS)
    status_is(page, OLD_TITLE, "已撤回")
    page.locator("#undo").wait_for(state="visible", timeout=WAIT_MS)
    shot(page, "item6-withdrawn", "desktop")
    assert_accessible(page, "withdrawn")
    page.get_by_role("tab", name="问答").click()
    gone = ask(page, CAP)
    gone.get_by_role("heading", name="⚠️ 未找到依据").wait_for(timeout=WAIT_MS)
    assert not cited_titles(gone.inner_text()) and gone.locator("a[href*='clause=second-policy']").count() == 0
    shot(page, "item6-withdrawn-not-cited", "desktop")

    open_documents(page)
    page.locator("#undo").click()
    page.locator("#manage-result").get_by_text(f"已恢复《{OLD_TITLE}》").wait_for(timeout=WAIT_MS)
    status_is(page, OLD_TITLE, "有效")
    page.get_by_role("tab", name="问答").click()
    back = ask(page, CAP)
    back.get_by_text("不超过20万元").first.wait_for(timeout=WAIT_MS)
    assert back.locator("a[href*='clause=second-policy']").count() >= 1

    # 6. Replace by a new version (the same document, a new cap), confirmed; 撤销 would take the old one back.
    open_documents(page)
    choose(page, "#manage-doc", f"{OLD_TITLE}（有效）")
    page.locator("#replace-file input[type=file]").set_input_files(str(revised))
    page.locator("#replace-file").get_by_text("second-policy-revised").first.wait_for(timeout=WAIT_MS)
    page.locator("#replace").click()
    page.locator("#confirm-box").wait_for(state="visible", timeout=WAIT_MS)
    assert "second-policy-revised.txt" in page.locator("#confirm-text").inner_text()
    page.locator("#confirm").click()
    page.locator("#manage-result").get_by_text(f"已用新版本替换《{OLD_TITLE}》").wait_for(timeout=WAIT_MS)
    shot(page, "item6-replaced", "desktop")
    page.get_by_role("tab", name="问答").click()
    ask(page, CAP).get_by_text("不超过30万元").first.wait_for(timeout=WAIT_MS)

    # 6. Mark it superseded by its successor: answers cite the successor and say so.
    open_documents(page)
    upload(page, [successor], "已导入")
    status_is(page, NEW_TITLE, "有效")
    choose(page, "#manage-doc", f"{OLD_TITLE}（有效）")
    choose(page, "#successor", f"《{NEW_TITLE}》")
    page.locator("#supersede").click()
    page.locator("#confirm-box").wait_for(state="visible", timeout=WAIT_MS)
    assert f"标记为已被《{NEW_TITLE}》替代" in page.locator("#confirm-text").inner_text()
    page.locator("#confirm").click()
    status_is(page, OLD_TITLE, "已被替代")
    shot(page, "item6-superseded", "desktop")
    assert_accessible(page, "superseded")
    page.get_by_role("tab", name="问答").click()
    replaced = ask(page, CAP)
    replaced.get_by_text("不超过50万元").first.wait_for(timeout=WAIT_MS)
    text = replaced.inner_text()
    assert f"《{OLD_TITLE}》已被《{NEW_TITLE}》替代，回答不引用旧文件" in text
    assert "不超过30万元" not in text
    shot(page, "item6-superseded-answer", "desktop")
    page.close()

    # The phone: the table, a withdrawal to confirm (cancelled), the panel on a TXT and a PDF source.
    phone = browser.new_page(viewport=PHONE, locale="zh-CN", is_mobile=True)
    phone.goto(server.url)
    phone.locator("#welcome").get_by_text("已载入").first.wait_for(timeout=WAIT_MS)
    open_documents(phone)
    status_is(phone, OLD_TITLE, "已被替代")
    assert_fits_width(phone, "phone documents table")
    shot(phone, "item6-table", "phone")
    assert_accessible(phone, "phone documents table")
    phone.get_by_text("撤回、替换或标记文件").click()
    manage(phone, f"{NEW_TITLE}（有效）", "#withdraw")
    phone.locator("#confirm-box").scroll_into_view_if_needed()
    shot(phone, "item6-withdraw-confirm", "phone")
    assert_accessible(phone, "phone withdrawal to confirm")
    phone.locator("#cancel").click()
    phone.locator("#manage-result").get_by_text("已取消").wait_for(timeout=WAIT_MS)
    status_is(phone, NEW_TITLE, "有效")

    phone.get_by_role("tab", name="问答").click()
    answer = ask(phone, CAP)
    answer.get_by_text("不超过50万元").first.wait_for(timeout=WAIT_MS)
    answer.locator("a[href*='clause=second-policy-2027']").first.click()
    phone.locator("#source-original mark").first.wait_for(timeout=WAIT_MS)
    phone.wait_for_timeout(800)
    assert_fits_width(phone, "phone source panel on a TXT clause")
    shot(phone, "item7-text-highlighted", "phone")
    assert_accessible(phone, "phone source panel on a TXT clause")
    phone.reload()  # the panel closed again
    phone.locator(BOT_MESSAGES).first.wait_for(timeout=WAIT_MS)
    second = ask(phone, QUESTION)
    second.get_by_role("heading", name="牵头单位：平江高新区").wait_for(timeout=WAIT_MS)
    second.locator("a[href*='clause=']").first.click()
    phone.locator("#page-number").get_by_text("第 3 页 / 共 12 页").wait_for(timeout=WAIT_MS)
    phone.locator("#next-page").click()
    phone.locator("#page-number").get_by_text("第 4 页 / 共 12 页").wait_for(timeout=WAIT_MS)
    phone.wait_for_timeout(800)
    assert_fits_width(phone, "phone source panel, PDF paged")
    shot(phone, "item7-pdf-next-page", "phone")
    assert_accessible(phone, "phone source panel, PDF paged")
    phone.close()
