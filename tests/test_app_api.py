"""The app over a real index of the plan (app/main.py): the `/ask` API through gradio_client, the handlers
behind the department and document views, uploads, the private file folder, auth files, first-run build.

Expected ids and departments are read from tests/data/plan-attachment3.txt by hand.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from markdown_it import MarkdownIt

from app.main import Handlers, build_app, ensure_index, launch, private_cache_dir, read_auth_file
from bench.loopback import free_port
from kb.api import KnowledgeBase
from kb.auth import set_password
from kb.errors import ConfigError
from kb.settings import load_settings

QUESTION = "湖南中科云母研究院由哪个单位牵头建设？"
FORESTRY_CLAUSES = [  # every clause whose note names 县林业局, in document order
    "plan-attachment3:1.2.2.5",
    "plan-attachment3:1.2.2.6",
    "plan-attachment3:1.2.4.2",
    "plan-attachment3:1.2.5.1",
    "plan-attachment3:1.2.6.1",
]


class ProgressRecorder(gr.Progress):
    """Gradio's progress bar as the upload handler drives it: (fraction, line) per step."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[float, str | None]] = []

    def __call__(self, progress: Any, desc: str | None = None, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.seen.append((progress, desc))


def visible_text(markdown: str) -> str:
    """What a reader sees of rendered markdown: the text without tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").render(markdown)))


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, plan_path: Path) -> KnowledgeBase:
    """A knowledge base whose first run built its index from a corpus folder holding the plan's PDF."""
    root = tmp_path_factory.mktemp("app")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(plan_path, corpus)
    shutil.copy(Path(__file__).parent.parent / "corpus" / "departments.yaml", corpus)
    knowledge = KnowledgeBase(load_settings(index=root / "index", corpus=corpus, max_upload_mb=0.05))
    seen: list[tuple[str, int, int]] = []
    results = ensure_index(knowledge, progress=lambda what, done, total: seen.append((what, done, total)))
    assert [(r.status, r.doc_id) for r in results] == [("ingested", "plan-attachment3")]
    assert seen and seen[-1][1] == seen[-1][2]  # progress reached its end
    return knowledge


@pytest.fixture(scope="module")
def handlers(kb: KnowledgeBase) -> Handlers:
    return Handlers(kb, private_cache_dir(kb))


@pytest.fixture(scope="module")
def url(kb: KnowledgeBase) -> Iterator[str]:
    port = free_port()
    demo = launch(kb, port=port, block=False)
    yield f"http://127.0.0.1:{port}/"
    demo.close()


def test_a_second_start_does_not_rebuild(kb: KnowledgeBase):
    assert ensure_index(kb) == []


def test_ask_api_returns_the_json_of_kb_ask(url: str, kb: KnowledgeBase):
    from gradio_client import Client

    result = Client(url, verbose=False).predict(QUESTION, api_name="/ask")
    assert result == kb.ask(QUESTION).to_dict()
    assert result["departments"] == {
        "lead": "平江高新区",
        "leads": ["平江高新区"],
        "others": ["县发改局", "县科工信局", "县科协"],
    }
    assert result["citations"][0]["id"] == "plan-attachment3:1.2.2.2"
    assert result["abstained"] is False


def test_ask_api_equals_the_cli(url: str, kb: KnowledgeBase):
    from click.testing import CliRunner
    from gradio_client import Client

    from kb.cli import cli

    printed = CliRunner().invoke(cli, ["ask", "--json", "--index", str(kb.settings.index), QUESTION])
    assert printed.exit_code == 0, printed.output
    assert Client(url, verbose=False).predict(QUESTION, api_name="/ask") == json.loads(printed.output)


def test_auth_file_guards_the_page_and_the_api(kb: KnowledgeBase, tmp_path: Path):
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    accounts = tmp_path / "accounts.txt"
    set_password(accounts, "clerk", "pw-123")
    port = free_port()
    demo = launch(kb, port=port, auth=read_auth_file(accounts), block=False)
    try:
        url = f"http://127.0.0.1:{port}/"
        with pytest.raises(AuthenticationError, match="credentials were not provided"):
            Client(url, verbose=False)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}gradio_api/info", timeout=10)
        assert refused.value.code == 401
        result = Client(url, auth=("clerk", "pw-123"), verbose=False).predict(QUESTION, api_name="/ask")
        assert result["departments"]["lead"] == "平江高新区"
    finally:
        demo.close()


def test_ask_api_takes_the_filters(url: str, kb: KnowledgeBase):
    from gradio_client import Client

    client = Client(url, verbose=False)
    result = client.predict("负责哪些工作？", "plan-attachment3", "林业局", api_name="/ask")
    assert result == kb.ask("负责哪些工作？", doc="plan-attachment3", department="林业局").to_dict()
    assert {c["id"] for c in result["citations"]} <= set(FORESTRY_CLAUSES)


def test_no_route_serves_server_files(url: str, kb: KnowledgeBase):
    index_file = next(p for p in kb.settings.index.rglob("*") if p.is_file())
    for path in ("/etc/passwd", str(index_file), str(Path(__file__).resolve())):
        for prefix in ("gradio_api/file=", "file="):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"{url}{prefix}{path}", timeout=10)
            assert refused.value.code in (403, 404)


def test_the_page_loads(url: str):
    with urllib.request.urlopen(url, timeout=10) as page:
        assert page.status == 200
        assert "政策文件知识库" in page.read().decode("utf-8")


def test_chat_appends_question_and_rendered_answer(handlers: Handlers):
    history, box, asked = handlers.chat(QUESTION, [], "", "")
    assert box == ""
    assert asked == [QUESTION]
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert history[0]["content"] == QUESTION  # nothing to escape in it
    assert history[1]["content"].startswith("### 牵头单位：平江高新区")
    assert "（2）新材料产业" in history[1]["content"]
    assert handlers.chat("   ", history, "", "", asked) == (history, "", asked)


def test_a_follow_up_is_read_against_the_previous_question(handlers: Handlers):
    history, _, asked = handlers.chat(QUESTION, [], "", "")
    history, _, asked = handlers.chat("那配合单位呢？", history, "", "", asked)
    assert history[-1]["content"].startswith("*理解为：湖南中科云母研究院的配合单位有哪些？*")
    assert "县发改局、县科工信局、县科协" in history[-1]["content"]
    assert handlers.api_ask("那配合单位呢？", history=[QUESTION])["resolved_question"] == (
        "湖南中科云母研究院的配合单位有哪些？"
    )


def test_a_filter_is_named_and_a_filtered_out_question_says_what_all_documents_hold(handlers: Handlers):
    history, _, _ = handlers.chat(QUESTION, [], "plan-attachment3", "")
    assert "在《培育好强科创兴产业的动能实施方案》中：" in history[-1]["content"]
    history, _, _ = handlers.chat(QUESTION, [], "", "县林业局")
    assert "所选范围（县林业局）中没有相关条款，全部文件中有" in history[-1]["content"]
    # the line labels the fold holding the filters under the question box: plain text, short titles
    assert handlers.active_filters("", "林业局") == "当前范围：县林业局（回答只依据所选范围，点击更改）"
    assert handlers.active_filters("plan-attachment3", "") == (
        "当前范围：《培育好强科创兴产业的动能实施方案》（回答只依据所选范围，点击更改）"
    )


def test_department_view_in_any_spelling(handlers: Handlers):
    for spelling in ("县林业局", "林业局", "forestry bureau"):
        sheet, shown = handlers.department(spelling)
        downloads = shown["value"]
        assert shown["visible"] is True
        assert sheet.startswith("## 县林业局")
        assert "共 **5** 条：牵头 **0** 条，配合 **5** 条" in sheet
        linked = [cid for cid in FORESTRY_CLAUSES if f"?clause={cid.replace(':', '%3A')})" in sheet]
        assert linked == FORESTRY_CLAUSES
        assert downloads is not None
        assert [Path(d).suffix for d in downloads] == [".xlsx", ".pdf", ".md"]
        assert all(Path(d).is_relative_to(handlers.cache_dir) for d in downloads)


def test_unknown_department_says_so(handlers: Handlers):
    sheet, downloads = handlers.department("县公安局")
    assert sheet.startswith("**未找到**部门「县公安局」。")
    # a few names like it at most, never the list of every unit
    assert sheet.count("、") <= 4
    assert downloads == {"__type__": "update", "value": None, "visible": False}


def test_overview_counts_leads_and_shares(handlers: Handlers):
    chart, table, grid = handlers.overview()
    rows = {(r["部门"], r["角色"]): r["条数"] for r in chart["value"].to_dict("records")}
    # bars by total, most first: 县科工信局 and 平江高新区 are named in the most clauses (read in the plan)
    assert chart["sort"] == "-y"
    assert list(dict.fromkeys(chart["value"]["部门"]))[:2] == ["县科工信局", "平江高新区"]
    # 县林业局 shares five clauses and leads none; 县市场监督管理局 leads 1.2.5.3 only.
    assert rows[("县林业局", "牵头")] == 0 and rows[("县林业局", "配合")] == 5
    assert rows[("县市场监督管理局", "牵头")] == 1
    assert "| 县林业局 | 0 | 5 | 5 |" in table
    # the matrix grouped by place, its key first: the plan is 平江县's, 19 departments named
    assert grid.index('class="matrix-key"') < grid.index("<h4>平江县（")
    assert "<h4>平江县（" in grid and "个文件，19 个部门）</h4>" in grid
    assert '<th scope="row">县林业局</th><td class="cell-shared">配合 5</td>' in grid
    # the downloads are made when asked for (the heatmap of many documents takes minutes to draw)
    downloads = handlers.overview_downloads(None)["value"]
    assert downloads is not None and len(downloads) == 3
    assert Path(downloads[1]).read_bytes()[:4] == b"\x89PNG"  # the heatmap, as a download


def test_document_view_outline_and_clause(handlers: Handlers):
    # 文件, 地区, 文号 (the plan prints none), 日期 (nor a date: the day it was ingested), 状态
    row = handlers.docs_table()[0]
    assert row[:3] == ["《培育好强科创兴产业的动能实施方案》", "平江县", "—"]
    assert row[3].endswith("（导入）") and row[4:] == ["有效", 48, "31 / 47", 0]
    tree, picker = handlers.outline("plan-attachment3")
    assert "- [三、推进机制](?clause=plan-attachment3%3A3)" in tree
    assert "plan-attachment3:1.2.2.2" in [value for _, value in picker["choices"]]
    detail = handlers.clause("plan-attachment3:1.2.2.2")
    assert "**牵头单位：** 平江高新区" in detail
    assert "第 3 页" in detail
    assert "<mark>（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）</mark>" in detail


def test_upload_ingests_and_refuses_with_reasons(handlers: Handlers, kb: KnowledgeBase, tmp_path: Path):
    before = kb.clauses(doc="plan-attachment3")
    good = tmp_path / "pilot-notice.txt"
    good.write_text(
        "试点工作通知\n一、工作任务\n（一）建设竹木智能仓储中心。推进仓储数字化。（县林业局、县商务局按职责分工负责）\n",
        encoding="utf-8",
    )
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(Path("/bin/ls").read_bytes()[:4000])
    big = tmp_path / "big.txt"
    big.write_text("一、大文件\n" + "字" * 40_000, encoding="utf-8")  # 120 kB > the 0.05 MB limit of this kb

    progress = ProgressRecorder()
    report = visible_text(handlers.upload([str(good), str(binary), str(big)], progress=progress))
    # the bar over all three files, the line saying which file, which stage, how many clauses indexed
    assert progress.seen[:4] == [
        (0.0, "第 1/3 个文件 pilot-notice.txt：读取并切分条款……"),
        (0.0, "第 1/3 个文件 pilot-notice.txt：建立索引，已完成 0/2 条条款"),
        (1 / 3, "第 1/3 个文件 pilot-notice.txt：建立索引，已完成 2/2 条条款"),
        (1 / 3, "第 1/3 个文件 pilot-notice.txt：写入索引（2 条条款）"),
    ]
    assert progress.seen[4] == (1 / 3, "第 2/3 个文件 scan.pdf：读取并切分条款……")
    assert len(progress.seen) == 5  # scan.pdf refused while read; big.txt refused before reading
    assert "✔ 已导入：pilot-notice（2 条条款" in report
    assert (
        "✘ 未导入：scan.pdf：不是可导入的文件（按文件内容判断；可导入 PDF、Word、WPS、OFD、网页、Excel 任务表和文本文件）"
        in report
    )
    assert "✘ 未导入：big.txt：超过单个文件 0.05 MB 的上传上限" in report
    assert "the file is" not in report and "limit" not in report  # the CLI's English stays off the page
    assert str(kb.settings.uploads_dir) not in report  # the private folder is not shown
    assert kb.clauses(doc="plan-attachment3") == before  # nothing indexed was lost
    assert [c.id for c in kb.clauses(doc="pilot-notice")] == ["pilot-notice:1", "pilot-notice:1.1"]
    stored = list((kb.settings.uploads_dir / "files").rglob("pilot-notice.txt"))
    assert len(stored) == 1
    assert kb.ask("竹木智能仓储中心由哪个单位牵头？").lead == "县林业局"


def test_uploads_and_downloads_live_in_a_private_folder(kb: KnowledgeBase):
    build_app(kb)
    folder = Path(os.environ["GRADIO_TEMP_DIR"])
    assert folder.is_relative_to(kb.settings.uploads_dir)
    assert folder.stat().st_mode & 0o777 == 0o700


def test_auth_file(tmp_path: Path):
    good = tmp_path / "auth.txt"
    set_password(good, "alice", "s3cret:with:colons")
    set_password(good, "bob", "pw")
    good.write_text("# accounts\n" + good.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    accounts = read_auth_file(good)
    assert sorted(accounts.hashes) == ["alice", "bob"]
    assert accounts("alice", "s3cret:with:colons") and accounts("bob", "pw")
    assert not accounts("alice", "pw") and not accounts("carol", "pw")
    assert "s3cret" not in good.read_text(encoding="utf-8")  # hashes only
    bad = tmp_path / "bad.txt"
    bad.write_text("alice\n", encoding="utf-8")
    bad.chmod(0o600)
    with pytest.raises(ConfigError, match=r"bad\.txt: line 1 is not `user:password-hash`"):
        read_auth_file(bad)
    with pytest.raises(ConfigError, match=r"missing\.txt: cannot read the auth file"):
        read_auth_file(tmp_path / "missing.txt")


def test_uploads_are_private_and_refused_ones_removed(handlers: Handlers, kb: KnowledgeBase):
    """Uploads as Gradio leaves them (in its cache, with the umask's 0644): kept ones become 0600 in 0700
    folders; nothing of a refused one is kept."""
    arrived = handlers.cache_dir / "upload-1"
    arrived.mkdir(parents=True, exist_ok=True)
    arrived.chmod(0o755)
    good = arrived / "drill-notice.txt"
    good.write_text("演练通知\n一、任务\n（一）组织应急演练。（县应急管理局负责）\n", encoding="utf-8")
    refused = arrived / "binary.txt"
    refused.write_bytes(Path("/bin/ls").read_bytes()[:4000])
    for upload in (good, refused):
        upload.chmod(0o644)

    report = visible_text(handlers.upload([str(good), str(refused)]))
    assert (
        "✔ 已导入：drill-notice" in report
        and "✘ 未导入：binary.txt：不是可导入的文件（按文件内容判断；可导入 PDF、Word、WPS、OFD、网页、Excel 任务表和文本文件）"
        in report
    )
    assert not refused.exists()  # Gradio's copy of the refused file
    assert not list(handlers.stored_dir.rglob("binary.txt"))  # and ours
    uploads = kb.settings.uploads_dir
    folders = [uploads, *(p for p in uploads.rglob("*") if p.is_dir())]
    files = [p for p in uploads.rglob("*") if p.is_file()]
    assert {oct(p.stat().st_mode & 0o777) for p in folders} == {"0o700"}
    assert {oct(p.stat().st_mode & 0o777) for p in files if "drill-notice" in p.name} == {"0o600"}
    assert any(p.name == "drill-notice.txt" for p in handlers.stored_dir.rglob("*"))


def test_source_panel_shows_a_cited_clause_in_context(handlers: Handlers):
    _, text, page, *_ = handlers.source_panel("plan-attachment3:1.2.2.2")
    assert text.startswith("#### 《培育好强科创兴产业的动能实施方案》原文")
    assert text.index("（1）休闲食品产业") < text.index("### （2）新材料产业")
    # The plan is a PDF: its page 3 as printed, the clause's region highlighted (kb.page_image).
    assert page["visible"] is True and page["label"] == "原件第 3 页，条款所在区域已用黄色标出"
    assert Path(page["value"]).read_bytes()[:4] == b"\x89PNG"
    _, missing, no_page, *_ = handlers.source_panel("plan-attachment3:9.9")
    assert missing == "没有找到这一条款。" and no_page["visible"] is False


def test_source_panel_of_a_text_document_shows_its_text_only(handlers: Handlers, tmp_path: Path):
    notice = tmp_path / "panel-notice.txt"
    notice.write_text("面板测试通知\n一、任务\n（一）开展林下经济调查。（县林业局负责）\n", encoding="utf-8")
    handlers.upload([str(notice)])
    _, text, page, *_ = handlers.source_panel("panel-notice:1.1")
    assert "开展林下经济调查" in visible_text(text)
    assert page["visible"] is False


def test_a_restored_conversation_is_shown_without_the_first_screen(handlers: Handlers):
    welcome, intro, groups, *examples = handlers.first_screen(None)
    assert welcome["visible"] is True and "已载入" in intro  # (other tests of the module upload more)
    assert "平江县（1 个文件）" in groups and "《培育好强科创兴产业的动能实施方案》" in groups
    assert any(example.get("visible") for example in examples)
    kept = {"messages": [{"role": "user", "content": QUESTION}], "asked": [QUESTION]}
    hidden, _, _, *hidden_examples = handlers.first_screen(kept)
    assert [part["visible"] for part in (hidden, *hidden_examples)] == [False] * (1 + len(hidden_examples))


def test_errors_are_said_in_chinese():
    from app.messages import GRADIO_TOASTS, error_text
    from kb.errors import Encrypted, IndexBusy, KBError, NoTextLayer

    assert error_text(Encrypted("a.pdf", "encrypted PDF: remove the password first")) == (
        "PDF 设有密码，请先去除密码再上传"
    )
    assert (
        error_text(NoTextLayer)
        == "PDF 中没有可读的文字：没有文字层，扫描页面也未能识别出文字（或未安装 OCR 组件）"
    )
    assert error_text(IndexBusy("/index", 12)) == "另一个导入正在进行，请稍后再试"
    assert error_text(KBError("anything")) == "处理时出错，请稍后再试或联系管理员"
    toasts = dict(GRADIO_TOASTS)
    assert toasts[r"^Connection Lost$"] == "连接已断开"
