"""The conversation controls behind the page (app/conversations.py) over a real index of the plan: each
account's own list, a follow-up read against the stored conversation (and not after it is cleared), the
conversation found again by a new server, export of one answer, 👍/👎 recorded with the reason and correction.

Expected answers read from tests/data/plan-attachment3.txt by hand (clause 1.2.2.2: 湖南中科云母研究院,
平江高新区 leads, 县发改局、县科工信局、县科协 share).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest
from docx import Document

from app.conversations import THANKS, THANKS_CORRECTED, Conversations, owner_of, session_of
from app.main import Handlers, private_cache_dir
from kb.api import KnowledgeBase
from kb.feedback import load
from kb.settings import load_settings
from tests.test_cli import PLAN_TXT, fake_embedder, run  # noqa: F401 (the fixture is used by name)

QUESTION = "湖南中科云母研究院由哪个单位牵头建设？"
FOLLOW_UP = "那配合单位呢？"
READ_AS = "湖南中科云母研究院的配合单位有哪些？"
ALICE, BOB = gr.Request(username="alice"), gr.Request(username="bob")


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    index = tmp_path / "index"
    assert run("ingest", "--index", index, PLAN_TXT).exit_code == 0
    return KnowledgeBase(load_settings(index=index))


def controls(kb: KnowledgeBase) -> Conversations:
    """What a server process builds: a new one reads the same conversations file."""
    return Conversations(Handlers(kb, private_cache_dir(kb)))


def ask(talk: Conversations, question: str, saved: Any, request: gr.Request | None) -> tuple[Any, ...]:
    """The last step `chat_stream` yields: (chat, box, session, list, copies, title, export choices)."""
    session = session_of(saved)
    *_, last = talk.chat_stream(owner_of(request, session), session, question, "", "")
    return last


def test_accounts_never_see_each_others_conversations(kb: KnowledgeBase):
    talk = controls(kb)
    chat, _, alice, listed, *_ = ask(talk, QUESTION, None, ALICE)
    assert [c[0] for c in listed["choices"]] == [QUESTION]
    # Bob in the same browser (the session names Alice's conversation): nothing of hers is shown or listed
    chat, _, bob_list, copies, title, _ = talk.load(alice, BOB)
    assert (chat, bob_list["choices"], json.loads(copies), title) == (
        [],
        [],
        {"answers": [], "questions": []},
        "",
    )
    # nor can he rename or delete it, or ask in it
    talk.rename("改名", alice, BOB)
    talk.delete(alice, BOB)
    _, _, _, listed, *_ = ask(talk, FOLLOW_UP, alice, BOB)
    assert [c[0] for c in listed["choices"]] == [FOLLOW_UP]  # a conversation of his own
    chat, _, listed, *_ = talk.load(alice, ALICE)
    assert [c[0] for c in listed["choices"]] == [QUESTION] and len(chat) == 2


def test_a_new_server_continues_the_conversation(kb: KnowledgeBase):
    _, _, saved, *_ = ask(controls(kb), QUESTION, None, None)
    restarted = controls(KnowledgeBase(load_settings(index=kb.settings.index)))
    chat, saved, listed, copies, title, export = restarted.load(saved, None)
    assert title == QUESTION and listed["value"] == saved["conversation"] and len(chat) == 2
    kept = json.loads(copies)
    assert kept["answers"][0].startswith("牵头单位：平江高新区；配合单位：县发改局、县科工信局、县科协。")
    assert kept["questions"] == [QUESTION]
    chat, *_ = ask(restarted, FOLLOW_UP, saved, None)
    assert f"理解为：{READ_AS}" in chat[-1]["content"].replace("\\", "")
    assert [label for label, _ in export["choices"]] == ["整个对话", f"第 1 问：{QUESTION}"]


def test_a_cleared_conversation_is_no_follow_ups_context(kb: KnowledgeBase):
    talk = controls(kb)
    _, _, saved, *_ = ask(talk, QUESTION, None, None)
    chat, saved, listed, *_ = talk.clear(saved, None)
    assert chat == [] and saved["conversation"] == "" and listed["choices"] == []
    chat, *_ = ask(talk, FOLLOW_UP, saved, None)
    shown = chat[-1]["content"]
    assert shown.startswith("#### ⚠️ 未找到依据")  # 那配合单位呢？ alone names nothing to answer about
    assert "理解为" not in shown and "牵头单位：平江高新区" not in shown


def test_export_of_one_answer_lists_the_question_as_typed_and_only_its_sources(kb: KnowledgeBase):
    talk = controls(kb)
    _, _, saved, *_ = ask(talk, QUESTION, None, None)
    _, _, saved, *_ = ask(talk, FOLLOW_UP, saved, None)
    one = talk.export_docx("2", saved, None)
    assert one is not None and Path(one).name == f"问答-{FOLLOW_UP}.docx"
    paragraphs = [p.text for p in Document(io.BytesIO(Path(one).read_bytes())).paragraphs]
    assert paragraphs[1] == f"1. {FOLLOW_UP}（理解为：{READ_AS}）"
    sources = paragraphs[paragraphs.index("出处：") + 1 :]
    assert sources[0].startswith("[1] 《培育好强科创兴产业的动能实施方案》一、培育好强科创动能")
    assert "（2）新材料产业，第" in sources[0] or "（2）新材料产业：" in sources[0]
    # the clauses shown folded in the chat come after a heading saying they were not used
    related = sources.index("其他相关条款（未作为回答依据，仅供参考）：")
    assert related == 1 and all(p.startswith(f"[{n}] ") for n, p in enumerate(sources[2:], 2))
    whole = talk.export_txt("all", saved, None)
    assert whole is not None and Path(whole).name == "问答记录.txt"
    text = Path(whole).read_text("utf-8")
    assert text.startswith(f"问：{QUESTION}\n") and f"问：{FOLLOW_UP}（理解为：{READ_AS}）" in text


def test_feedback_is_recorded_with_reason_correction_and_user(kb: KnowledgeBase):
    talk = controls(kb)
    chat, _, saved, *_ = ask(talk, QUESTION, None, ALICE)
    liked = SimpleNamespace(index=1, liked=True)
    assert talk.rated(liked, chat, saved, ALICE)[-1] == THANKS  # type: ignore[arg-type]
    disliked = SimpleNamespace(index=1, liked=False)
    form, turn, *_ = talk.rated(disliked, chat, saved, ALICE)  # type: ignore[arg-type]
    assert form["visible"] is True and turn == 1
    closed, *_, thanks = talk.send_feedback(turn, "数字不对", "应为 3 个", saved, ALICE)
    assert closed["visible"] is False and thanks == THANKS_CORRECTED
    up, down = load(kb.settings.index)
    assert (up["verdict"], up["user"], up["question"]) == ("up", "user:alice", QUESTION)
    assert (down["reason"], down["correction"], down["conversation"]) == (
        "wrong_number",
        "应为 3 个",
        saved["conversation"],
    )
    assert down["used"] == ["plan-attachment3:1.2.2.2"]
    # Bob cannot rate Alice's answers
    assert talk.send_feedback(1, None, None, saved, BOB)[-1] == ""


def test_a_damaged_conversations_file_is_said_in_chinese(kb: KnowledgeBase):
    (kb.settings.index / "conversations.sqlite").write_bytes(b"not a database " * 200)
    talk = controls(kb)
    with pytest.raises(
        gr.Error, match=re.escape("对话记录无法读取或保存：请管理员检查索引文件夹中的 conversations.sqlite")
    ):
        talk.load(None, ALICE)
    with pytest.raises(gr.Error, match=re.escape("conversations.sqlite")):
        ask(talk, QUESTION, None, ALICE)
