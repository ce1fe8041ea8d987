"""Responsibility written in running text (生态环境部会同…): the grammar read off sentences of the real documents,
and answers quoting such a sentence only when a unit is asked for. Expectations are read off the texts by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.qa.understand.subject import Mention, in_charge
from kb.store.embed import EMBEDDERS
from tests.test_cli import LetterEmbedder, fake_embedder, run  # fake_embedder: autouse here too

REAL = Path(__file__).parent / "data" / "real"
__all__ = ["fake_embedder"]


def mentions(sentence: str, *names: str) -> list[Mention]:
    return [Mention(sentence.index(n), sentence.index(n) + len(n), n) for n in names]


@pytest.mark.parametrize(
    ("sentence", "names", "lead", "others"),
    [
        # 会同 after the unit opening the sentence: those listed after it work with it
        (
            "生态环境部会同国家发展改革委、工业和信息化部、财政部等部门筛选确定",
            ("生态环境部", "国家发展改革委", "工业和信息化部", "财政部"),
            "生态环境部",
            ("国家发展改革委", "工业和信息化部", "财政部"),
        ),
        # after 由, or opening a comma part
        ("由区科技经信局牵头组织实施", ("区科技经信局",), "区科技经信局", ()),
        ("试点城市由省级有关部门推荐，生态环境部会同有关部门筛选确定", ("生态环境部",), "生态环境部", ()),
        # given the leading role (广东 三、组织保障: 强化省发展改革委牵头抓总作用)
        ("强化省发展改革委牵头抓总作用", ("省发展改革委",), "省发展改革委", ()),
        ("充分发挥市科技局的统筹协调作用", ("市科技局",), "市科技局", ()),
    ],
)
def test_a_unit_the_sentence_puts_in_charge(
    sentence: str, names: tuple[str, ...], lead: str, others: tuple[str, ...]
) -> None:
    found = in_charge(sentence, mentions(sentence, *names))
    assert found is not None
    assert found.lead == lead
    assert found.others == others


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # the unit receives the report; nobody is put in charge by this sentence
        ("形成试点工作总结报告报送生态环境部", "生态环境部"),
        ("实施方案按程序报送生态环境部审核", "生态环境部"),
        ("强化市科技局服务保障", "市科技局"),  # a unit strengthened, given no role
    ],
)
def test_a_unit_that_is_not_the_subject_is_not_in_charge(sentence: str, name: str) -> None:
    assert in_charge(sentence, mentions(sentence, name)) is None


def ask(index: Path, question: str) -> dict:
    # BM25 alone: the test embedder's vectors say nothing of meaning, and fused with them the ranks are noise
    result = run("ask", "--json", "--mode", "bm25", "--index", index, question)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # built once for the module, with the test embedder the questions are asked with (fake_embedder is per test)
    index = tmp_path_factory.mktemp("national") / "index"
    docs = [REAL / "guobanfa2018-128_wufei_chengshi.txt", REAL / "prov_guangdong_opc.txt"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(EMBEDDERS, "test", lambda argument, settings: LetterEmbedder(argument))
        patch.setenv("KB_EMBEDDER", "test:letters")
        patch.delenv("KB_INDEX", raising=False)
        patch.delenv("KB_CHROMA_URL", raising=False)
        result = run("ingest", "--index", index, *docs)
    assert result.exit_code == 0, result.output
    return index


def test_a_unit_named_only_in_the_text_is_quoted_for_a_question_asking_who(
    national: Path, fake_embedder: None
) -> None:
    # 三（一）: 试点城市由省级有关部门推荐，生态环境部会同国家发展改革委、……等部门筛选确定 — no department note
    answer = ask(national, "无废城市的试点城市由谁筛选确定？")
    assert not answer["abstained"], answer["answer"]
    assert answer["departments"]["lead"] == "生态环境部"
    assert "国家发展改革委" in answer["departments"]["others"], answer["answer"]
    assert answer["citations"][0]["id"] == "guobanfa2018-128_wufei_chengshi:3.1"
    assert "正文" in answer["answer"]
    # a question asking which cities, not who: the sentence naming a unit does not answer it
    assert ask(national, "第一批“无废城市”建设试点是哪些城市？")["abstained"]


def test_the_year_asked_chooses_the_target_of_that_year(national: Path, fake_embedder: None) -> None:
    # 广东 一、总体目标: 2026年，先行培育10个…生态社区……到2028年，建成百个人工智能OPC生态社区
    later = ask(national, "How many AI OPC ecological communities does Guangdong plan to have by 2028?")
    assert "建成百个人工智能OPC生态社区" in later["answer"]
    earlier = ask(national, "广东2026年要培育多少个OPC生态社区？")
    assert "10个" in earlier["answer"] and "百个" not in earlier["answer"]


def test_a_question_naming_the_leading_role_is_answered_by_the_sentence_giving_it(
    national: Path, fake_embedder: None
) -> None:
    # 广东 三、组织保障 (no note): 强化省发展改革委牵头抓总作用 — though clauses with notes are retrieved beside it
    answer = ask(national, "广东OPC行动方案由哪个部门牵头抓总？")
    assert not answer["abstained"], answer["answer"]
    assert answer["departments"]["lead"] == "省发展改革委", answer["answer"]
    assert answer["citations"][0]["id"] == "prov_guangdong_opc:3"
