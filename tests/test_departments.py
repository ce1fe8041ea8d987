"""The department registry (spellings → canonical names) and the responsibility notes of a paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import ConfigError
from kb.parse.departments import DepartmentRegistry, find_notes
from kb.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")


# --- registry --------------------------------------------------------------------------------------------------


def test_names_in_file_order(registry: DepartmentRegistry) -> None:
    names = registry.names()
    assert names[:3] == ["县科工信局", "平江高新区", "县发改局"]
    assert "金融监管局平江支局" in names
    assert "金融监管局平江分局" not in names


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("县高新区", "平江高新区"),
        ("金融监管局平江分局", "金融监管局平江支局"),
        ("县文化旅游广体局", "县文旅广体局"),
        ("县文旅广体局", "县文旅广体局"),
        ("县 科 协", "县科协"),
    ],
)
def test_canonical_of_known_spellings(registry: DepartmentRegistry, written: str, canonical: str) -> None:
    assert registry.canonical(written) == canonical


def test_canonical_keeps_unknown_names_as_written(registry: DepartmentRegistry) -> None:
    assert registry.canonical("省市场监管局（省知识产权局）") == "省市场监管局（省知识产权局）"
    assert registry.canonical("各 有关部门") == "各有关部门"


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("林业局", "县林业局"),
        ("高新区", "平江高新区"),
        ("县林业局", "县林业局"),
        ("科工信局", "县科工信局"),
        ("Forestry Bureau", "县林业局"),
        ("county forestry bureau", "县林业局"),
        ("HIGH-TECH ZONE", "平江高新区"),
        ("Pingjiang Branch of the Financial Regulatory Administration", "金融监管局平江支局"),
    ],
)
def test_resolve_any_spelling(registry: DepartmentRegistry, spelling: str, canonical: str) -> None:
    assert registry.resolve(spelling) == canonical


def test_resolve_unknown_is_none(registry: DepartmentRegistry) -> None:
    assert registry.resolve("县公安局") is None
    assert registry.resolve("police") is None


def test_spellings_cover_aliases_and_short_forms(registry: DepartmentRegistry) -> None:
    spellings = registry.spellings()
    assert {"县文化旅游广体局", "县高新区", "林业局", "高新区", "金融监管局平江分局"} <= set(spellings)
    assert len(spellings[0]) >= len(spellings[-1])


def test_english_name(registry: DepartmentRegistry) -> None:
    assert registry.english("县林业局") == "County Forestry Bureau"
    assert registry.english("县公安局") is None


def test_find_in_text_prefers_longest_without_overlap(registry: DepartmentRegistry) -> None:
    # 平江高新区 must not also count as 高新区 a second time; order is the order of mention
    found = registry.find_in_text("平江高新区和林业局分别负责什么？县科协呢？")
    assert found == ["平江高新区", "县林业局", "县科协"]


def test_find_in_text_aliases_and_english(registry: DepartmentRegistry) -> None:
    assert registry.find_in_text("县文化旅游广体局牵头哪些任务") == ["县文旅广体局"]
    assert registry.find_in_text("What does the forestry bureau lead?") == ["县林业局"]
    # English names match whole words only
    assert registry.find_in_text("deforestry") == []


def test_from_settings_reads_the_configured_file(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("departments:\n  - name: 县公安局\n    aliases: [县公安分局]\n", encoding="utf-8")
    registry = DepartmentRegistry.from_settings(Settings(departments_file=path))
    assert registry.names() == ["县公安局"]
    assert registry.resolve("公安分局") == "县公安局"


def test_bad_department_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("departments: 7\n", encoding="utf-8")
    with pytest.raises(ConfigError) as bad:
        DepartmentRegistry.from_yaml(path)
    assert str(bad.value).startswith(f"{path}: expected `departments:`")
    with pytest.raises(ConfigError) as missing:
        DepartmentRegistry.from_yaml(tmp_path / "missing.yaml")
    assert str(missing.value).startswith(f"{tmp_path / 'missing.yaml'}: cannot read")


# --- notes -----------------------------------------------------------------------------------------------------


def test_duty_note_with_deng(registry: DepartmentRegistry) -> None:
    text = "建设线上线下融合的云母材料交易中心。（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）"
    [note] = registry.find_notes(text)
    assert note.names == ("平江高新区", "县发改局", "县科工信局", "县科协")
    assert note.lead == "平江高新区"
    assert not note.lead_explicit
    assert text[note.span[0] : note.span[1]] == note.text
    assert note.text.startswith("（平江高新区") and note.text.endswith("负责）")


def test_aliases_become_canonical_and_raw_is_kept(registry: DepartmentRegistry) -> None:
    [note] = registry.find_notes(
        "支持组建数字创新联合体。（县数据局、县发改局、县科工信局、县高新区按职责分工负责）"
    )
    assert note.names[-1] == "县高新区"
    assert note.departments == ("县数据局", "县发改局", "县科工信局", "平江高新区")


def test_plain_fuze_note(registry: DepartmentRegistry) -> None:
    [note] = registry.find_notes("开展专项行动。（县林业局、县农业农村局负责）")
    assert note.departments == ("县林业局", "县农业农村局")
    assert note.lead == "县林业局"


def test_lead_and_helpers_note_puts_lead_first(registry: DepartmentRegistry) -> None:
    [note] = registry.find_notes("建设科普基地。（县科协牵头，县教育局、县科工信局配合）")
    assert note.lead == "县科协"
    assert note.lead_explicit
    assert note.departments == ("县科协", "县教育局", "县科工信局")


def test_huitong_note(registry: DepartmentRegistry) -> None:
    [note] = registry.find_notes("完善统计监测。（县统计局会同有关部门负责）")
    assert note.lead == "县统计局"
    assert note.lead_explicit
    assert note.names == ("县统计局", "有关部门")


def test_labelled_note_without_brackets(registry: DepartmentRegistry) -> None:
    [note] = registry.find_notes("推进数据共享。牵头单位：县数据局；配合单位：县政府办、县高新区")
    assert note.lead == "县数据局"
    assert note.lead_explicit
    assert note.departments == ("县数据局", "县政府办", "平江高新区")
    assert note.text == "牵头单位：县数据局；配合单位：县政府办、县高新区"


def test_responsibility_unit_label(registry: DepartmentRegistry) -> None:
    [note] = registry.find_notes("优化营商环境。责任单位：县发改局、县市场监管局。")
    assert note.departments == ("县发改局", "县市场监督管理局")
    assert note.lead == "县发改局"
    assert not note.lead_explicit


def test_generic_bodies_kept_as_written(registry: DepartmentRegistry) -> None:
    [note] = registry.find_notes("抓好落实。（国家发展改革委、各省级人民政府、各有关部门等按职责分工负责）")
    assert note.names == ("国家发展改革委", "各省级人民政府", "各有关部门")
    assert note.departments == note.names


def test_bare_list_at_clause_end(registry: DepartmentRegistry) -> None:
    text = "深化茶旅、药旅、油茶文化体验等融合业态。（县农业农村局、县科工信局、县林业局、县文旅广体局）"
    [note] = registry.find_notes(text)
    assert note.departments == ("县农业农村局", "县科工信局", "县林业局", "县文旅广体局")


@pytest.mark.parametrize(
    "text",
    [
        "加强良种选育繁育（如“德字一号”油茶）。",
        "加快行业（团体）标准研究与制定。",
        "完善工业固废（脱硫石膏）资源化利用技术体系。",
        "平江烟茶（黄茶）自动化制造关键技术研究。",
        "依托云集采物流仓储配送项目（联丰云仓）完善供应链配套。",
        "壮大电子信息（智能排插）、文体旅游等特色产业集群。",
        "探索建设概念验证中心（研发中心）。",
        "推进平台建设（示范区、产业园区）。",
    ],
)
def test_brackets_that_are_not_notes(registry: DepartmentRegistry, text: str) -> None:
    assert registry.find_notes(text) == []


def test_bare_department_in_brackets_mid_sentence_is_not_a_note(registry: DepartmentRegistry) -> None:
    assert registry.find_notes("由县市场监管局（县知识产权局）统筹推进。") == []


def test_bracket_balance_keeps_names_with_brackets(registry: DepartmentRegistry) -> None:
    [note] = registry.find_notes(
        "强化知识产权保护。（省市场监管局（省知识产权局）、县科工信局按职责分工负责）"
    )
    assert note.names == ("省市场监管局（省知识产权局）", "县科工信局")
    assert note.lead == "省市场监管局（省知识产权局）"


def test_lead_rule_is_stripped_and_applied(registry: DepartmentRegistry) -> None:
    text = "建立机制。（县发改局、县财政局按职责分工负责，列第一位者为牵头单位，下同）推进试点。（县财政局、县税务局负责）"
    first, second = registry.find_notes(text)
    assert first.names == ("县发改局", "县财政局")
    assert first.states_lead_rule and first.lead_explicit
    assert second.lead == "县财政局" and second.lead_explicit
    assert not second.states_lead_rule


def test_lead_rule_carried_from_an_earlier_paragraph(registry: DepartmentRegistry) -> None:
    [note] = registry.find_notes("推进试点。（县财政局、县税务局负责）", first_is_lead=True)
    assert note.lead_explicit
    [plain] = registry.find_notes("推进试点。（县财政局、县税务局负责）")
    assert not plain.lead_explicit


def test_several_notes_in_order(registry: DepartmentRegistry) -> None:
    text = "甲任务。（县林业局负责）乙任务。（县科协牵头，县教育局配合）"
    notes = registry.find_notes(text)
    assert [n.lead for n in notes] == ["县林业局", "县科协"]
    assert notes[0].span[1] <= notes[1].span[0]


def test_find_notes_without_registry_uses_the_shape_of_names() -> None:
    [note] = find_notes("推进改革。（县公安局、县司法局）")
    assert note.names == ("县公安局", "县司法局")
