"""Forms of heldout31, recognised by their form on texts written for these tests (expectations by hand):

- a sentence inside a note that says how the notes are read is a rule, never a unit list: a condition on the
  note's own units (`明确牵头部门的，其他有关部门配合`, `多个牵头部门的按职责分工负责`), units left unlisted
  (`不逐一列出`), a sentence past the note's first `。`/`；` holding for the notes below (`…，下同`), and the lead
  rule in any of its wordings (`列第一位的为牵头部门`, `列首位的单位牵头`); one that names particular units is
  reported, not read;
- the posts of the persons who answer for an item (`分管副市长、协管副秘书长负责`) are never units; a note naming
  only them still closes its clause (with no unit), and a roster's posts in a bracket are no note;
- a clause's note is the one that closes it: two notes in one paragraph give each text part its own units, and
  text after the last note that closes with a note of its own not read gets no unit of the note before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.parse.departments import DepartmentRegistry
from kb.parse.notes import is_rule_sentence, not_understood, notes_in, read_note
from kb.parse.unit_names import is_post, looks_like_unit
from kb.settings import PROJECT_ROOT
from tests.test_parse_open_forms import _parse


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")


def _units(body: str) -> list[str]:
    reading = read_note(body)
    assert reading is not None, body
    return [u.name for u in reading.units]


# --- rule sentences inside a note ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "units", "leads"),
    [
        # a condition on the note's own units after `。`, closed by 下同
        ("市发改委牵头。明确牵头部门的，其他有关部门配合，不逐一列出，下同", ["市发改委"], ("市发改委",)),
        # a condition with no comma after `；`
        (
            "市商务局、市文旅局牵头；多个牵头部门的按职责分工负责",
            ["市商务局", "市文旅局"],
            ("市商务局", "市文旅局"),
        ),
        # a sentence holding for the notes below, naming only unnamed collectives
        ("市教育局负责；其他部门和单位按职责分工配合，下同", ["市教育局"], ("市教育局",)),
        # units left unlisted
        ("县农业农村局牵头。涉及的其他单位不再一一列出", ["县农业农村局"], ("县农业农村局",)),
    ],
    ids=["condition-then-xiatong", "condition-no-comma", "xiatong-collectives", "unlisted"],
)
def test_a_rule_sentence_in_a_note_is_never_a_unit_list(
    body: str, units: list[str], leads: tuple[str, ...]
) -> None:
    reading = read_note(body)
    assert reading is not None
    assert [u.name for u in reading.units] == units
    assert reading.leads(None) == leads
    assert reading.unread == ()
    assert not_understood(f"推进文旅消费提质（{body}）。") == []


@pytest.mark.parametrize(
    ("body", "leads"),
    [
        (
            "市民政局、市卫健委、市财政局等负责。列第一位的为牵头部门，其他部门和单位按职责分工负责，下同",
            "市民政局",
        ),
        ("市卫健委、市民政局负责；列首位的单位牵头", "市卫健委"),
        ("市财政局、市民政局负责。排在第一位的部门牵头，下同", "市财政局"),
    ],
    ids=["wei-qiantou-bumen", "shouwei-danwei-qiantou", "paizai-diyiwei-bumen-qiantou"],
)
def test_a_lead_rule_in_any_wording_selects_the_first_listed(body: str, leads: str) -> None:
    reading = read_note(body)
    assert reading is not None and reading.lead_rule == "first"
    assert reading.leads(None) == (leads,)
    assert not any("第一" in u.name or "首位" in u.name for u in reading.units)


def test_the_first_sentence_of_a_note_closed_by_xiatong_is_still_its_units() -> None:
    """Only past the note's first sentence does `下同` make a rule: `（A牵头，B配合，下同）` names A and B."""
    assert _units("市发改委牵头，市财政局配合，下同") == ["市发改委", "市财政局"]
    assert not is_rule_sentence("市发改委牵头，市财政局配合，下同", first=True)
    assert is_rule_sentence("其他有关部门配合，下同", first=False)


def test_a_rule_sentence_naming_particular_units_is_reported_not_read() -> None:
    reading = read_note("市发改委牵头。明确牵头部门的，市财政局配合，下同")
    assert reading is not None
    assert [u.name for u in reading.units] == ["市发改委"]
    assert reading.unread == ("明确牵头部门的，市财政局配合，下同",)
    (reported,) = not_understood("扩大有效投资（市发改委牵头。明确牵头部门的，市财政局配合，下同）。")
    assert "市财政局" in reported[1]


def test_a_condition_on_the_task_is_no_rule() -> None:
    """`涉及县区的，各县区政府负责`: the condition is on the task, not on the note's units — its units are read."""
    assert _units("市住建局牵头；涉及县区的，各县区政府负责") == ["市住建局", "各县区政府"]


# --- persons' posts --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["分管副省长", "协管副秘书长", "县政府分管副县长", "市委书记", "县发改局局长", "各乡镇主要负责人"]
)
def test_a_persons_post_is_no_unit(name: str) -> None:
    assert is_post(name)


@pytest.mark.parametrize(
    "name", ["县发改局", "领导小组办公室", "增长", "市政府办公室", "县委组织部", "指挥部"]
)
def test_a_body_or_a_word_is_no_post(name: str) -> None:
    assert not is_post(name)


def test_posts_beside_units_are_kept_apart_from_them() -> None:
    reading = read_note("分管副市长、协管副秘书长负责，市发改委牵头，市财政局配合")
    assert reading is not None
    assert [(u.name, u.role) for u in reading.units] == [("市发改委", "lead"), ("市财政局", "co")]
    assert reading.persons == ("分管副市长", "协管副秘书长")
    assert reading.unread == ()


def test_a_roster_of_posts_in_a_bracket_is_no_note() -> None:
    text = "组长:赵某(县委常委、县政府常务副县长)"
    assert looks_like_unit("县委常委")  # a post that ends like a body: the post beside it tells
    assert notes_in(text) == []
    assert not_understood(text) == []


# --- a clause's note is the one that closes it -----------------------------------------------------------------


def test_each_part_of_a_paragraph_takes_the_note_that_closes_it(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    doc = _parse(
        tmp_path,
        registry,
        [
            "关于2025年《政府工作报告》重点工作部门分工的意见",
            "一、扩大有效需求",
            "(一)提振消费。开展以旧换新活动(分管副市长、协管副秘书长负责,市商务局牵头。明确牵头部门的,"
            "其他有关部门配合,不逐一列出,下同)。落实养老托育支持政策(分管副市长负责,市民政局、市卫健委、"
            "市财政局等负责。列第一位的为牵头部门,其他部门和单位按职责分工负责,下同),建设社区嵌入式服务设施"
            "(分管副市长负责,市住建局牵头),推进老旧街区改造(分管副市长负责)。",
            "(二)稳定就业。城镇新增就业3万人(市人社局、市财政局负责)。",
        ],
    )
    parts = [
        (c.id.split(":")[1], c.leads, c.departments_raw) for c in doc.clauses if c.id.split(":")[1] != "1"
    ]
    assert parts == [
        ("1.1", ("市商务局",), ("市商务局",)),
        ("1.1-2", ("市民政局",), ("市民政局", "市卫健委", "市财政局")),
        ("1.1-3", ("市住建局",), ("市住建局",)),
        ("1.1-4", (), ()),  # its note names a person only: no unit, none of the note before
        ("1.2", ("市人社局",), ("市人社局", "市财政局")),  # the rule stated in a note holds below
    ]
    assert doc.unread_notes == ()


def test_text_closing_with_a_note_not_read_takes_no_unit_of_the_note_before(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    doc = _parse(
        tmp_path,
        registry,
        [
            "2025年区政府重点工作责任分解",
            "1.推进重大项目建设。实施区重点项目60个(区发改局牵头,区财政局配合)。推进城市更新单元建设"
            "(责任单位:另行明确)。",
        ],
    )
    assert [(c.id.split(":")[1], c.departments_raw) for c in doc.clauses] == [
        ("1", ("区发改局", "区财政局")),
        ("1-2", ()),
    ]
    assert [(n.clause_id.split(":")[1], n.text) for n in doc.unread_notes] == [("1-2", "(责任单位:另行明确)")]
