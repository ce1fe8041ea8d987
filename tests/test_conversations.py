"""Conversations kept on the server per user (kb/conversations): an answer stored and read back whole, each
user's own list, rename, delete, the schema version, the browser-state secret that survives a restart."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from kb.conversations import (
    CONVERSATIONS_FILE,
    SCHEMA_VERSION,
    ConversationStore,
    answer_from_record,
    answer_record,
    browser_secret,
    title_of,
)
from kb.conversations.records import UNREADABLE
from kb.errors import ConversationsDamaged
from kb.types import Answer, Clause, Deadline, Hit, Indicator, LLMText

CLAUSE = Clause(
    doc="plan-attachment3",
    doc_title="培育好强科创兴产业的动能实施方案",
    number=(1, 2, 2, 2),
    path=("一、培育好强科创动能", "（二）重点任务", "2. 锻造产业创新主引擎", "（2）新材料产业"),
    title="新材料产业",
    text="依托龙头企业建设湖南中科云母研究院。（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）",
    page=3,
    lead="平江高新区",
    departments=("平江高新区", "县发改局", "县科工信局", "县科协"),
    departments_raw=("平江高新区", "县发改局", "县科工信局", "县科协"),
    indicators=(
        Indicator(name="年产值", value=100.0, unit="亿元", qualifier="以上", text="年产值100亿元以上"),
    ),
    deadlines=(Deadline(year=2026, text="2026年底前", month=12),),
)
OTHER = Clause(
    doc="plan-attachment3",
    doc_title="培育好强科创兴产业的动能实施方案",
    number=(1, 2, 2, 5),
    path=("一、培育好强科创动能", "（二）重点任务", "2. 锻造产业创新主引擎", "（5）竹木产业"),
    title="竹木产业",
    text="发展竹木精深加工。（县林业局牵头）",
    page=4,
    lead="县林业局",
    departments=("县林业局",),
)
ANSWER = Answer(
    question="湖南中科云母研究院由哪个单位牵头建设？",
    intent="responsibility",
    answer="牵头单位：平江高新区；配合单位：县发改局、县科工信局、县科协。",
    abstained=False,
    citations=(Hit(CLAUSE, 0.91, {"bm25": 1, "dense": 2}), Hit(OTHER, 0.2)),
    lead="平江高新区",
    others=("县发改局", "县科工信局", "县科协"),
    leads=("平江高新区",),
    llm=LLMText(text="由平江高新区牵头。", dropped=1, note=None, model="qwen"),
    scope=("《培育好强科创兴产业的动能实施方案》",),
    notices=("《旧办法》已被《新办法》替代，回答不引用旧文件",),
)
ALICE, BOB = "user:alice", "user:bob"


@pytest.fixture
def store(tmp_path: Path) -> ConversationStore:
    return ConversationStore(tmp_path)


def test_an_answer_is_stored_whole_and_read_back_equal():
    record = json.loads(json.dumps(answer_record(ANSWER), ensure_ascii=False))
    assert answer_from_record(record) == ANSWER


def test_a_record_of_an_older_version_reads_with_defaults():
    # what a first version might have written: no llm, no leads, an intent since renamed
    old = {"question": "谁牵头？", "intent": "who_leads", "answer": "县林业局", "abstained": False}
    answer = answer_from_record(old)
    assert (answer.question, answer.intent, answer.answer, answer.citations) == (
        "谁牵头？",
        "general",
        "县林业局",
        (),
    )
    assert answer_from_record({"no": "question"}, "谁牵头？") == Answer(
        question="谁牵头？", intent="general", answer=UNREADABLE, abstained=True
    )


def test_a_conversation_is_kept_with_questions_as_typed(store: ConversationStore):
    first = store.append(ALICE, None, "  湖南中科云母研究院由哪个单位牵头建设？", ANSWER)
    assert first.title == "湖南中科云母研究院由哪个单位牵头建设？"
    second = store.append(ALICE, first.id, "那配合单位呢？", ANSWER)
    assert second.id == first.id
    assert second.asked == ["  湖南中科云母研究院由哪个单位牵头建设？", "那配合单位呢？"]
    again = ConversationStore(store.path.parent).get(ALICE, first.id)  # a new server process
    assert again is not None and [t.answer for t in again.turns] == [ANSWER, ANSWER]
    assert store.path.stat().st_mode & 0o077 == 0


def test_the_list_is_newest_first_with_counts(store: ConversationStore):
    older = store.append(ALICE, None, "第一个问题", ANSWER)
    newer = store.append(ALICE, None, "第二个问题", ANSWER)
    assert [c.title for c in store.list(ALICE)] == ["第二个问题", "第一个问题"]
    store.append(ALICE, older.id, "追问", ANSWER)  # added to last: first in the list
    listed = store.list(ALICE)
    assert [(c.id, c.questions) for c in listed] == [(older.id, 2), (newer.id, 1)]


def test_users_never_see_each_others_conversations(store: ConversationStore):
    mine = store.append(ALICE, None, "我的问题", ANSWER)
    assert store.list(BOB) == []
    assert store.get(BOB, mine.id) is None
    assert not store.rename(BOB, mine.id, "改名")
    assert not store.delete(BOB, mine.id)
    # writing to another's conversation id starts a conversation of one's own instead
    theirs = store.append(BOB, mine.id, "他的问题", ANSWER)
    assert theirs.id != mine.id
    got = store.get(ALICE, mine.id)
    assert got is not None and got.asked == ["我的问题"] and got.title == "我的问题"


def test_rename_and_delete(store: ConversationStore):
    kept = store.append(ALICE, None, "问题一", ANSWER)
    gone = store.append(ALICE, None, "问题二", ANSWER)
    assert store.rename(ALICE, kept.id, "  云母研究院\n牵头单位 ")
    assert not store.rename(ALICE, kept.id, "   ")
    assert store.delete(ALICE, gone.id)
    assert not store.delete(ALICE, gone.id)
    assert [c.title for c in store.list(ALICE)] == ["云母研究院 牵头单位"]
    assert store.get(ALICE, gone.id) is None
    with sqlite3.connect(store.path) as db:  # its turns went with it
        assert db.execute("SELECT COUNT(*) FROM turns WHERE conversation = ?", (gone.id,)).fetchone() == (0,)


def test_a_long_first_question_is_cut_for_the_title():
    assert title_of("问" * 60) == "问" * 39 + "…"


def test_the_file_carries_its_schema_version_and_a_newer_one_is_refused(store: ConversationStore):
    store.list(ALICE)
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ConversationsDamaged, match="newer version of kb"):
        ConversationStore(store.path.parent).list(ALICE)


def test_a_damaged_file_is_named(tmp_path: Path):
    (tmp_path / CONVERSATIONS_FILE).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ConversationsDamaged, match=CONVERSATIONS_FILE):
        ConversationStore(tmp_path).list(ALICE)


def test_a_row_written_by_an_older_version_still_reads(store: ConversationStore):
    kept = store.append(ALICE, None, "谁牵头？", ANSWER)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE turns SET answer = ? WHERE conversation = ?", ('{"question": "谁牵头？"', kept.id))
    [turn] = store.get(ALICE, kept.id).turns  # type: ignore[union-attr]
    assert turn.question == "谁牵头？" and turn.answer.answer == UNREADABLE


def test_the_browser_state_secret_is_the_same_after_a_restart(tmp_path: Path):
    first = browser_secret(tmp_path)
    assert len(first) >= 24 and browser_secret(tmp_path) == first
    assert (tmp_path / "browser_secret").stat().st_mode & 0o077 == 0
    assert browser_secret(tmp_path / "other") != first
