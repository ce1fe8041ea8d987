"""When a document takes effect and how long it is valid: the question's frame, the document's own statement,
and answers over three small documents written the way real ones close (a date, the day of issue, a draft's
blank date)."""

from __future__ import annotations

import pytest

from kb.api import KnowledgeBase
from kb.qa.decide import effective
from kb.settings import load_settings
from kb.types import Clause

DOCS = {
    "dated": "甲市关于支持数字经济发展的若干意见\n一、支持企业上云\n对企业上云给予补贴。\n二、附则\n"
    "本意见自2026年5月21日起施行，有效期至2028年12月31日。有效期内如遇上级政策调整，按上级政策执行。\n",
    "issued": "乙区关于支持人工智能应用的若干措施\n一、应用示范\n对示范项目给予奖励。\n二、附则\n"
    "本措施自印发之日起施行，有效期3年，由区科技局负责解释。\n",
    "draft": "丙县关于支持开源社区的若干措施（征求意见稿）\n一、社区建设\n对开源社区给予支持。\n二、附则\n"
    "本措施自2026年X月X日起施行，有效期2年。\n",
}


@pytest.mark.parametrize(
    ("question", "what"),
    [
        ("这个意见什么时候开始施行？", "start"),
        ("啥时候开始执行", "start"),
        ("有效期多久？", "validity"),
        ("When does it take effect?", "start"),
        ("有效期到2028年底的政策有哪些？", None),
        ("补贴多少钱？", None),
    ],
)
def test_the_frame_asked(question: str, what: str | None) -> None:
    assert effective.asked(question) == what


def _clause(text: str) -> Clause:
    return Clause("d", "D", (2,), ("附则",), "附则", text)


def test_the_statement_is_read_with_its_date_blank_or_day_of_issue() -> None:
    dated = effective.find([_clause(DOCS["dated"].splitlines()[-1])])
    assert dated is not None and dated.date == "2026年5月21日" and dated.validity == "有效期至2028年12月31日"
    draft = effective.find([_clause(DOCS["draft"].splitlines()[-1])])
    assert draft is not None and draft.placeholder and not draft.states("start") and draft.states("validity")
    issued = effective.find([_clause(DOCS["issued"].splitlines()[-1])])
    assert issued is not None and issued.date is None and issued.states("start")
    assert effective.find([_clause("有效期内如遇上级政策调整，按上级政策执行。")]) is None


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("effective")
    for name, text in DOCS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    base = KnowledgeBase(load_settings(index=folder / "index"))
    base.ingest(sorted(folder.glob("*.txt")))
    return base


def test_a_dated_start_is_answered_from_the_document(kb: KnowledgeBase) -> None:
    answer = kb.ask("甲市数字经济若干意见什么时候开始施行？")
    assert not answer.abstained and "2026年5月21日" in answer.answer
    assert answer.citations[0].clause.doc == "dated"


def test_a_blank_date_is_said_to_be_blank(kb: KnowledgeBase) -> None:
    answer = kb.ask("丙县开源社区措施从哪天开始施行？")
    assert answer.abstained and "留空" in answer.answer and "2026年X月X日" in answer.answer


def test_the_validity_is_quoted(kb: KnowledgeBase) -> None:
    answer = kb.ask("乙区人工智能应用措施有效期多久？")
    assert not answer.abstained and "有效期3年" in answer.answer


# --- the issuing date of a thing a document says is to be issued, not of the document ---


def _titled(title: str, text: str) -> Clause:
    return Clause("d", title, (3,), ("保障措施",), "保障措施", text)


def test_a_thing_a_clause_says_is_to_be_issued_is_not_the_document() -> None:
    plan = _titled("某市关于支持一人公司发展的若干措施", "市商务局牵头制定一人公司首店引进实施细则，另行发布。")
    found = effective.to_be_issued("某市一人公司首店引进实施细则什么时候出台？", [plan])
    assert found is not None and found[1] == "市商务局牵头制定一人公司首店引进实施细则，另行发布"
    guide = _titled("某区促进数字经济发展行动方案", "编制数据合规指引，每年更新。")
    assert effective.to_be_issued("某区数据合规指引哪天发布？", [guide]) is not None


def test_the_document_itself_or_one_issued_already_is_no_thing_to_be_issued() -> None:
    itself = _titled("某市数字经济发展实施方案", "根据省政府印发的《某省数字经济发展实施方案》精神，制定本实施方案。")
    assert effective.to_be_issued("某市数字经济发展实施方案是哪天印发的？", [itself]) is None
    # the title writes the thing asked: the document's own date answers
    named = _titled("某市数据合规指引", "编制数据合规指引，每年更新。")
    assert effective.to_be_issued("某市数据合规指引什么时候发布？", [named]) is None
    # two characters of a kind of document (细则) are no thing named
    short = _titled("某市若干措施", "制定细则。")
    assert effective.to_be_issued("某市补贴细则什么时候出台？", [short]) is None


def test_the_thing_may_follow_the_asking_words() -> None:
    notice = _titled("某市OPC社区建设指引", "市科技局每年发布OPC社区认定通知，明确申报时间。")
    found = effective.to_be_issued("市科技局什么时候发布OPC社区认定通知？", [notice])
    assert found is not None and found[1].startswith("市科技局每年发布OPC社区认定通知")
