"""The asker's own words read as how a thing is asked, not as what it is about (sealed30's failures, issue 21):
a modal and a one-character verb of reaching before the number asked (要冲到多少), which tasks a named unit has a
part in (参与了哪几个项目), an English unit name with `for` (Administration for Market Regulation) and an English
reference to a document, an everyday word of a family the documents write (房租 / 租金), and a value quoted on
through the thing it counts. Texts written here (places and units made up or the plan's), no index."""

from __future__ import annotations

import jieba
import pytest

from kb.qa.compose.amount import through_counted
from kb.qa.normalise.text import EverydayWords
from kb.qa.understand.document import english_reference, titled
from kb.qa.understand.intent import topic_of
from kb.qa.understand.question import Understanding
from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places
from kb.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"


# --- understand: the verb of reaching the asker puts before the number ---


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("青石县2026年全社会研发投入强度要冲到多少？", "青石县2026年全社会研发投入强度"),
        ("规上工业增加值今年能干到多少？", "规上工业增加值今年"),
        ("新材料企业得搞到几家？", "新材料企业 几家"),
    ],
)
def test_a_modal_and_one_verb_before_the_number_are_no_topic(text: str, topic: str) -> None:
    assert topic_of(text, "zh") == topic


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("高新技术产业增加值占比要提高到多少？", "提高到"),  # the documents' own verbs stay topic words
        ("常住人口城镇化率要提升到多少？", "提升到"),
        ("研发经费年均增长多少？", "增长"),  # 增长多少 asks a growth rate
    ],
)
def test_the_documents_two_character_verbs_stay(text: str, verb: str) -> None:
    assert verb in topic_of(text, "zh")


# --- understand: which tasks a unit it names has a part in ---


@pytest.mark.parametrize(
    "text",
    [
        "平江县2025年民生实事里县林业局参与了哪几个项目？",
        "县商务局牵头的是哪几项工作？",
        "2023年的清单里县教育局配合哪几件事？",
    ],
)
def test_which_tasks_a_named_unit_has_a_part_in_are_its_duties(understand: Understanding, text: str) -> None:
    q = understand(text)
    assert q.departments and (q.intent, q.slot) == ("department_tasks", "duties")


@pytest.mark.parametrize(
    "text",
    [
        "平江县到2025年要建成哪几个产业园？",  # no unit named
        "城乡居民收入增长6%左右，县财政局牵头，配合的是哪些？",  # the unit is another part's: which units cooperate
    ],
)
def test_which_ones_asked_of_no_named_unit_is_no_duty_list(understand: Understanding, text: str) -> None:
    assert understand(text).intent != "department_tasks"


# --- understand: an English unit name with `for`, and the document named in English ---


@pytest.mark.parametrize(
    ("text", "place", "unit"),
    [
        ("Which tasks is the Provincial Administration for Market Regulation responsible for?", "某某省", "省市场监管局"),
        ("What does the Municipal Administration for Market Regulation do?", "某某市", "市市场监管局"),
        ("What does the Provincial Department of Commerce do for exporters?", "某某省", "省商务厅"),  # `of` still
    ],
)
def test_an_english_body_named_for_its_work_is_found(text: str, place: str, unit: str) -> None:
    class Written:  # a registry keeping every name as written: no English spelling of its own
        def canonical(self, name: str) -> str:
            return name

        def spellings(self) -> list[str]:
            return []

        def find_in_text(self, text: str) -> list[str]:
            return []

        def mentions(self, text: str) -> list[tuple[int, int, str]]:
            return []

    places = unit_places([(unit, place)])
    resolver = UnitResolver(Written(), places, NameGrammar.from_yaml(CORPUS / "unit_names.yaml"))  # type: ignore[arg-type]
    assert [m.candidates for m in resolver.find(text, (place,))] == [(unit,)]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "In Qingshi's 14th Five-Year plan for building a modern logistics system, which tasks does the "
            "Provincial Department of Commerce lead?",
            "Qingshi's 14th Five-Year plan for building a modern logistics system",
        ),
        ("Which tasks does the data bureau lead in the OPC action plan?", "OPC action plan"),
        ("Under the 2023 key work plan, what does the commerce bureau do?", "2023 key work plan"),
    ],
)
def test_an_english_reference_to_a_document(text: str, phrase: str) -> None:
    assert english_reference(text) == phrase


def test_no_english_reference_without_a_kind_of_document() -> None:
    assert english_reference("Which tasks does the Provincial Department of Commerce lead?") is None


def test_the_title_holding_the_english_reference_s_words_is_the_document() -> None:
    titles = {"ls": "青石省“十四五”现代物流体系建设实施方案", "ai": "青石省支持人工智能产业发展行动方案"}
    everyday = EverydayWords({})
    # the reference's words as the dictionary reads them (modern → 当前|现代), the place's name set aside
    assert titled(["当前|现代", "物流"], titles, lambda w: 1.0, everyday.found) == "ls"
    assert titled(["行动方案"], titles, lambda w: 1.0, everyday.found) == "ai"
    assert titled(["实施方案|行动方案"], titles, lambda w: 1.0, everyday.found) is None  # both hold it


# --- normalise: an everyday word of a family the documents write ---


def test_rent_is_written_both_ways() -> None:
    everyday = EverydayWords.from_yaml(CORPUS / "everyday_words.yaml")
    assert everyday.found("房租", "给予最高1.5万元/年的租金补贴")
    assert everyday.found("租金", "最长3年房租减免")
    assert not everyday.found("房租", "给予购房补贴")


# --- compose: a value quoted through the thing it counts ---


@pytest.mark.parametrize(
    ("written", "text", "quoted"),
    [
        ("培育形成2个", "培育形成2个千亿级产业集群和6个五百亿级产业集群", "培育形成2个千亿级产业集群"),
        ("给予最高1.5万元", "给予最高1.5万元/年的租金补贴", "给予最高1.5万元/年的租金补贴"),
        ("达到2.95%", "全社会研发投入强度达到2.95%以上，高新技术企业达到50家", "达到2.95%以上"),
        ("新增10家", "新增10家、培育两家上市企业", "新增10家"),
    ],
)
def test_a_value_is_quoted_through_what_it_counts(written: str, text: str, quoted: str) -> None:
    assert through_counted(written, text) == quoted


def test_a_long_run_after_the_value_is_not_quoted_with_it() -> None:
    text = "每年安排1000万元用于支持企业开展关键核心技术攻关和首台套首批次首版次产品推广应用及示范"
    assert through_counted("每年安排1000万元", text) == "每年安排1000万元"
    assert through_counted("不在原文里", text) == "不在原文里"


def test_one_verb_glued_to_dao_before_the_number_is_no_topic_word() -> None:
    """jieba reads 干到, 降到 as one word: before the number asked it is the asker's verb of reaching; the
    documents' 提高 stays."""
    from kb.qa.corpus import Corpus
    from kb.qa.understand.places import NamedPlaces
    from kb.qa.understand.question import Question
    from kb.qa.understand.topic import TopicWords
    from kb.types import Clause

    text = "到2026年，全社会研发投入强度提高到3%，规上工业增加值达到500亿元。"
    clauses = [Clause("q", "青石县实施意见", (1,), ("一、",), "发展目标", text)]
    corpus = Corpus(clauses, [], tokenize=lambda t: [w for w in jieba.lcut_for_search(t) if w.strip()])
    topic = TopicWords(corpus, NamedPlaces([]))

    def words(asked: str) -> list[str]:
        return topic(Question("indicator", "zh", topic_of(asked, "zh"), text=asked))  # type: ignore[arg-type]

    assert "干到" not in words("规上工业增加值干到多少？") and "工业" in words("规上工业增加值干到多少？")
    assert "降到" not in words("单位能耗降到多少？")
    assert "提高" in words("研发投入强度提高到多少？")
