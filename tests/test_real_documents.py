"""Thirteen real published documents (tests/data/real, from the State Council down to a county) against golden
data written by reading them (tests/data/real/gold, format in FORMAT.md): every responsibility note read with
exactly its units and leads, no clause given units the documents do not give, no malformed name anywhere, and
each document's issuer, place and number.

Three of them were held out while the parser was written (`"heldout": true` in their gold); `python -m
kb.evaluate_notes tests/data/real [--heldout] [--misses]` prints the figures per document.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kb.evaluate_notes import load_gold, parse_file, score_document
from kb.load import load
from kb.parse import parse
from kb.parse.departments import DepartmentRegistry
from kb.parse.notes import is_wellformed
from kb.settings import PROJECT_ROOT
from kb.types import ParsedDoc

REAL = Path(__file__).parent / "data" / "real"
GOLD = sorted((REAL / "gold").glob("*.json"))


def _id(path: Path) -> str:
    gold = load_gold(path)
    return f"{gold['doc']}{'-heldout' if gold.get('heldout') else ''}"


@cache
def parsed(doc: str) -> ParsedDoc:
    registry = DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")
    return parse(load(REAL / f"{doc}.txt"), registry)


def test_thirteen_documents_have_gold() -> None:
    assert len(GOLD) == 13
    assert sum(bool(load_gold(p).get("heldout")) for p in GOLD) == 3
    assert sum(len(load_gold(p)["clauses"]) for p in GOLD) == 267  # the README's counts, by reading


@pytest.mark.parametrize("gold_path", GOLD, ids=_id)
def test_every_note_read_exactly(gold_path: Path) -> None:
    gold = load_gold(gold_path)
    score = score_document(gold, list(parsed(gold["doc"]).clauses))
    wrong = [
        f"{m.snippet}: expected {m.expected_leads} {m.expected_units}, got {m.got_leads} {m.got_units}"
        for m in score.misses
    ]
    assert wrong == []
    assert score.exact == score.notes
    assert score.spurious == []


@pytest.mark.parametrize("gold_path", GOLD, ids=_id)
def test_units_as_written(gold_path: Path) -> None:
    gold = load_gold(gold_path)
    assert score_document(gold, list(parsed(gold["doc"]).clauses)).written_right == len(gold["clauses"])


@pytest.mark.parametrize("gold_path", GOLD, ids=_id)
def test_no_malformed_name_in_any_clause(gold_path: Path) -> None:
    doc = load_gold(gold_path)["doc"]
    for clause in parsed(doc).clauses:
        for name in (
            *clause.departments,
            *clause.departments_raw,
            *clause.leads,
            *clause.departments_implied,
        ):
            assert is_wellformed(name), (clause.id, name)
        assert clause.lead == (clause.leads[0] if clause.leads else None)
        assert set(clause.leads) <= set(clause.departments)
        assert list(clause.departments[: len(clause.leads)]) == list(clause.leads)


@pytest.mark.parametrize("gold_path", GOLD, ids=_id)
def test_place_and_number(gold_path: Path) -> None:
    gold = load_gold(gold_path)
    doc = parsed(gold["doc"])
    assert doc.place == gold["place"]
    assert doc.doc_no == gold["doc_no"]


def test_issuers_from_signatures_and_titles() -> None:
    issuers = {load_gold(p)["doc"]: load_gold(p)["issuer"] for p in GOLD}
    got = {doc: parsed(doc).issuer for doc in issuers}
    # 苍南's draft has no signature: its gold takes 苍南县 from the title, where the program reads the title's
    # first words only when they name an organ; the publisher line (…2026年4月28日发布) is not a signature.
    issuers.pop("county_cangnan_opc_draft")
    assert {doc: got[doc] for doc in issuers} == issuers


def test_the_plans_aliases_do_not_touch_other_places() -> None:
    for gold_path in GOLD:
        for clause in parsed(load_gold(gold_path)["doc"]).clauses:
            assert "平江高新区" not in clause.departments


def test_evaluate_notes_reads_the_same_clauses() -> None:
    doc = "city_ningbo_opc"
    assert parse_file(REAL / f"{doc}.txt") == list(parsed(doc).clauses)


def test_working_groups_in_the_forms_documents_write_them() -> None:
    """Values read from the documents: a roster annexed as `…名单` completing the group the text sets up
    (安徽), a group formed by a ministry `会同有关部门` (国办), a group named only by its office (南充)."""
    # 安徽 also sets up an experts' committee (组建安徽省工业互联网专家咨询委员会，开展…研究) in 4.2
    anhui, experts = parsed("prov_anhui_gongye_hulianwang").working_groups
    assert experts.name == "安徽省工业互联网专家咨询委员会" and experts.head is None
    assert experts.duty == "开展工业互联网前瞻性、战略性重大问题研究，对重大决策、政策实施提供专业建议"
    assert anhui.name == "省推进工业互联网创新发展专项工作组"
    assert anhui.head == "王清宪 省长" and anhui.head_title == "组长"
    assert anhui.deputy_convener == "何树山 副省长" and anhui.deputy_title == "副组长"
    assert anhui.members[:2] == ("潘朝晖 省政府秘书长", "汪春明 省政府副秘书长")
    assert anhui.members[-1] == "何昌顺 省投资集团控股有限公司董事长"
    assert "罗平 省科技厅厅长" in anhui.members  # a two-character name padded with a full-width space
    assert len(anhui.members) == 32
    assert anhui.office == "省经济和信息化厅" and anhui.office_head == "牛弩韬"
    # who forms a group is not its head (issue 21): 生态环境部会同有关部门组建协调小组 names none; the pilot
    # cities' own 领导小组 is set up in the same clause
    wufei, cities = parsed("guobanfa2018-128_wufei_chengshi").working_groups
    assert (wufei.name, wufei.head, wufei.formed_by) == ("协调小组", None, "生态环境部")
    assert (cities.name, cities.head, cities.formed_by) == ("领导小组", None, "各试点城市政府")
    [nanchong] = parsed("city_nanchong_opc").working_groups
    assert (nanchong.name, nanchong.office) == ("市人工智能产业链专班", "市科技局")
    assert parsed("prov_chongqing_opc").working_groups == ()  # 工作专班办公室（代章） is a seal, not a unit
