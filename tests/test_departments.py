"""The department registries (spellings → canonical names, one per place) and the spellings one document uses for
one body."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import ConfigError
from kb.parse.departments import DepartmentRegistry, same_body_spellings
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


def test_finding_names_is_linear_in_the_text(registry: DepartmentRegistry) -> None:
    """Issue 22 row 2: each match was compared with every match taken before it — 80,000 characters naming two
    units 16,000 times took 17 s; marking the characters taken makes it a few hundredths of a second."""
    import time

    text = "县林业局、县发改局和" * 8_000
    started = time.perf_counter()
    found = registry.mentions(text)
    took = time.perf_counter() - started
    assert len(found) == 16_000 and found[1] == (5, 9, "县发改局")
    assert took < 2.0, f"{took:.1f} s"


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


# --- places ----------------------------------------------------------------------------------------------------


def test_the_plans_registry_belongs_to_its_place(registry: DepartmentRegistry) -> None:
    assert registry.for_place("平江县") is not None
    assert registry.for_place("平江县").canonical("县高新区") == "平江高新区"
    # another place's 高新区 is left as written
    assert registry.for_place("宁波市").canonical("高新区") == "高新区"
    assert registry.for_place(None).canonical("县高新区") == "县高新区"


def test_several_places_in_one_file(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "places:\n"
        "  - place: 平江县\n    place_names: [平江]\n    departments:\n      - name: 平江高新区\n        aliases: [高新区]\n"
        "  - place: 宁波市\n    place_names: [宁波, 甬]\n    departments:\n      - name: 宁波高新区\n        aliases: [高新区]\n",
        encoding="utf-8",
    )
    registry = DepartmentRegistry.from_yaml(path)
    assert registry.for_place("宁波市").canonical("高新区") == "宁波高新区"
    assert registry.for_place("岳阳市平江县").canonical("高新区") == "平江高新区"
    assert registry.for_place("泰安市").canonical("高新区") == "高新区"
    assert [p.place for p in registry.places()] == ["平江县", "宁波市"]
    assert set(registry.names()) == {"平江高新区", "宁波高新区"}


def test_a_registry_without_a_place_applies_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("departments:\n  - name: 县公安局\n    aliases: [县公安分局]\n", encoding="utf-8")
    registry = DepartmentRegistry.from_yaml(path)
    assert registry.for_place("泰安市").canonical("县公安分局") == "县公安局"


# --- one body, several spellings in one document ------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (["省发展改革委", "财政厅", "省财政厅"], {"财政厅": "省财政厅"}),
        (
            ["省科技厅", "科技厅", "市场监管局", "省市场监管局"],
            {"科技厅": "省科技厅", "市场监管局": "省市场监管局"},
        ),
        (
            ["区委组织部（人才办）", "区委组织部（区委人才办）"],
            {"区委组织部（人才办）": "区委组织部（区委人才办）"},
        ),
        (["县大数据管理中心", "县大数据中心"], {"县大数据中心": "县大数据管理中心"}),
        (["县人力社保局", "县人社局"], {"县人社局": "县人力社保局"}),
        # two fuller candidates: ambiguous, kept as written
        (["县科技局", "县科学技术局", "县科技经信局"], {}),
        # different bodies stay apart
        (["市教育局", "市财政局", "各县（市、区）人民政府", "市人民政府"], {}),
        (["各市人民政府", "省各市人民政府"], {}),
    ],
)
def test_same_body_within_a_document(written: list[str], expected: dict[str, str]) -> None:
    assert same_body_spellings(written) == expected


def test_fuller_spelling_from_a_member_list() -> None:
    text = "专项工作组成员：\n　　贺某 省住房城乡建设厅副厅长\n　　张某 省铁塔分公司总经理\n广东省发展和改革委员会"
    assert same_body_spellings(["省住建厅", "省铁塔公司", "省发展改革委"], text) == {
        "省住建厅": "省住房城乡建设厅",
        "省铁塔公司": "省铁塔分公司",
    }
