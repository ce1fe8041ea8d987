"""The 文件 tab's actions (app/documents.py) and the source panel (app/source_panel.py) through their handlers,
over an index of the plan (TXT) and the short 办法 (tests/data/second-policy.txt), with the fast embedder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.documents import Action, DocumentActions
from app.main import Handlers, private_cache_dir
from app.source_panel import FOLLOW, NO_SOURCE, WAITING, Shown, SourcePanel
from kb.api import KnowledgeBase
from kb.docstate import STATUS_FILE
from kb.settings import load_settings
from tests.test_app_api import visible_text
from tests.test_cli import DATA, fake_embedder  # noqa: F401  (the fast embedder, autouse)

PLAN, SECOND = "plan-attachment3", "second-policy"
CAP = "创新券每家企业每年最多能申领多少？"  # 第三条 of the 办法: 不超过20万元


@pytest.fixture
def handlers(tmp_path: Path) -> Iterator[Handlers]:
    kb = KnowledgeBase(load_settings(index=tmp_path / "index"))
    assert [r.status for r in kb.ingest([DATA / f"{PLAN}.txt", DATA / "second-policy.txt"])] == ["ingested"] * 2
    yield Handlers(kb, private_cache_dir(kb))
    (kb.settings.index / STATUS_FILE).unlink(missing_ok=True)


def statuses(actions: DocumentActions) -> dict[str, str]:
    return {row[0]: row[4] for row in actions.table()}


def test_withdraw_asks_first_then_undo_restores(handlers: Handlers) -> None:
    actions = DocumentActions(handlers)
    pending, box, said = actions.ask("withdraw", SECOND)
    assert pending == Action("withdraw", SECOND) and box["visible"] is True
    assert said.startswith("**确认撤回《平江县科技创新券管理办法（试行）》？**")
    assert statuses(actions)["《平江县科技创新券管理办法（试行）》"] == "有效"  # nothing done before 确认

    said, last, undo, box = actions.confirm(pending)
    assert said.startswith("已撤回《平江县科技创新券管理办法（试行）》：回答不再引用它。")
    assert undo["visible"] is True and box["visible"] is False
    assert statuses(actions)["《平江县科技创新券管理办法（试行）》"].startswith("已撤回，")
    answer = handlers.kb.ask(CAP)
    assert SECOND not in {h.clause.doc for h in answer.citations}
    assert [value for _, value in handlers.doc_choices()["choices"]] == [PLAN]

    said, last, undo = actions.undo(last)
    assert said == "已恢复《平江县科技创新券管理办法（试行）》：回答重新引用它。" and last is None
    assert statuses(actions)["《平江县科技创新券管理办法（试行）》"] == "有效"


def test_an_action_without_its_document_or_file_says_what_is_missing(handlers: Handlers) -> None:
    actions = DocumentActions(handlers)
    assert actions.ask("withdraw", None)[2] == "请先在上面选择要处理的文件。"
    assert actions.ask("supersede", SECOND, None)[2] == "请先选择替代它的新文件。"
    assert actions.ask("replace", SECOND, None, None)[2] == "请先上传新版本文件。"


def test_supersede_then_undo(handlers: Handlers) -> None:
    actions = DocumentActions(handlers)
    pending, _, said = actions.ask("supersede", SECOND, PLAN)
    assert "标记为已被《培育好强科创兴产业的动能实施方案》替代" in said
    _, last, _, _ = actions.confirm(pending)
    assert statuses(actions)["《平江县科技创新券管理办法（试行）》"] == "已被替代（新文件：《培育好强科创兴产业的动能实施方案》）"
    said, _, _ = actions.undo(last)
    assert said == "已取消《平江县科技创新券管理办法（试行）》的“已被替代”标记。"
    assert statuses(actions)["《平江县科技创新券管理办法（试行）》"] == "有效"


def test_replace_by_a_new_version_then_undo_brings_the_old_one_back(handlers: Handlers, tmp_path: Path) -> None:
    actions = DocumentActions(handlers)
    revised = tmp_path / "second-policy-revised.txt"
    text = (DATA / "second-policy.txt").read_text(encoding="utf-8")
    revised.write_text(text.replace("额度不超过20万元", "额度不超过30万元"), encoding="utf-8")
    pending, _, said = actions.ask("replace", SECOND, upload=str(revised))
    assert "确认用上传的“second-policy-revised.txt”替换《平江县科技创新券管理办法（试行）》" in visible_text(said)
    said, last, undo, _ = actions.confirm(pending)
    assert said.startswith("已用新版本替换《平江县科技创新券管理办法（试行）》。") and undo["visible"] is True
    third = {c.id: c.text for c in handlers.kb.clauses(doc=SECOND)}[f"{SECOND}:2.3"]
    assert "不超过30万元" in third
    said, _, _ = actions.undo(last)
    assert said.startswith("已换回《平江县科技创新券管理办法（试行）》的旧版本。")
    third = {c.id: c.text for c in handlers.kb.clauses(doc=SECOND)}[f"{SECOND}:2.3"]
    assert "不超过20万元" in third


def test_a_withdrawn_document_picked_offers_undo(handlers: Handlers) -> None:
    actions = DocumentActions(handlers)
    handlers.kb.withdraw(SECOND)
    successors, undo, last = actions.chosen(SECOND)
    assert undo["visible"] is True and last == Action("withdraw", SECOND)
    assert successors["choices"] == [("《培育好强科创兴产业的动能实施方案》", PLAN)]


def test_the_panel_shows_a_text_clause_in_its_original_and_offers_the_file(handlers: Handlers) -> None:
    panel = SourcePanel(handlers)
    opened, _, image, nav, _, _, _, original, download, shown = panel.show(f"{SECOND}:2.3")
    assert opened["open"] is True and image["visible"] is False and nav["visible"] is False
    assert original["visible"] is True
    assert "<mark>第三条 每家企业每年申领创新券额度不超过20万元" in original["value"]
    assert original["value"].index("第二条") < original["value"].index("<mark>")
    assert download["visible"] is True and Path(download["value"]).read_bytes() == (
        DATA / "second-policy.txt"
    ).read_bytes()
    assert shown == Shown(f"{SECOND}:2.3")


def test_the_panel_follows_the_answer_being_read(handlers: Handlers) -> None:
    panel = SourcePanel(handlers)
    waiting = panel.show(WAITING)
    left, said, *_, shown = waiting
    assert len(waiting) == 10  # the panel and every part of it: nothing left showing the old source
    assert left == {"__type__": "update"} and said.startswith("正在回答") and shown is None
    assert [waiting[i]["visible"] for i in (2, 3, 7, 8)] == [False, False, False, False]
    _, said, *_ = panel.show(NO_SOURCE)
    assert said == "此回答没有引用条款。"
    followed, text, *_ = panel.show(f"{FOLLOW}{PLAN}:1.2.2.2")
    assert "open" not in followed  # a new answer updates the panel without opening it over the chat
    assert "平江高新区" in text
    assert panel.show("") == ({"__type__": "update"},) * 10
    assert len(panel.show(f"{PLAN}:1.2.2.2")) == 10 and panel.turn(None, 1) == ({"__type__": "update"},) * 9
