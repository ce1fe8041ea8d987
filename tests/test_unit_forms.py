"""Over every document the project has — everything in tests/data (the plan in each of its forms, the second
policy, the 13 real documents) and the 55 documents of ../shared/corpus/opc — no unit is malformed and no unit is
renamed into another body (issue 20).

The checks are written here from what a reader calls a unit, not with the parser's own shape functions: a
unit holds no label, separator, verb or modifier, deadline, empty-cell mark or unbalanced bracket, and ends in
an organisational word (the endings are data: kb/parse/unit_endings.txt) or is written as a collective. The OPC
documents carry no responsibility notes, so any unit read there is an invented one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from kb.load import load
from kb.parse import parse
from kb.parse.departments import DepartmentRegistry, same_body_spellings
from kb.settings import PROJECT_ROOT
from kb.types import ParsedDoc

DATA = PROJECT_ROOT / "tests" / "data"
OPC = PROJECT_ROOT.parent / "shared" / "corpus" / "opc"  # beside the clone, as in CI
SUFFIXES = {".txt", ".md", ".docx", ".pdf"}
DATA_FILES = sorted(
    p for p in DATA.rglob("*") if p.suffix in SUFFIXES and "gold" not in p.parts and p.name != "README.md"
)
OPC_FILES = sorted(OPC.glob("*.txt")) if OPC.is_dir() else []
needs_opc = pytest.mark.skipif(not OPC_FILES, reason=f"{OPC} is absent")


@cache
def parsed(path: Path) -> ParsedDoc:
    registry = DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")
    return parse(load(path), registry)


def _id(path: Path) -> str:
    return path.name


# --- what a unit looks like, written independently of the parser ------------------------------------------------

_ENDINGS = tuple(
    line.split("\t")[0]
    for line in (PROJECT_ROOT / "kb" / "parse" / "unit_endings.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
_COLLECTIVE = re.compile(r"^(?:各|有关|相关|其他|全[省市县区]|[省市县区]直|试点|所在地|属地)")
_OPEN, _CLOSE = "（(〔[【［", "）)〕]】］"
_LABEL = re.compile(
    r"(?:单位|部门|主体|处室|机构|科室)\s*[：:]|[：:]|^(?:牵头|配合|责任|主责|主办|协同|协助|参与|协办)[\u4e00-\u9fff]{0,2}(?:单位|部门)"
)
_SEPARATOR = re.compile(r"[，,；;。]")
# a commission or office named by one character of its field, its level written once before a list
# (省发改委、农委、统计局; 市计委、经委、农办): a unit as written
_SHORT_BODY = re.compile(r"[\u4e00-\u9fff][委办]")
_VERB_END = ("负责", "牵头", "配合", "参与", "落实", "推进", "实施", "协助", "协同", "办理", "承担", "组织")
_MODIFIER = re.compile(r"按照?职责|职能分工|分工|具体负责|共同|分别|统筹")
_DEADLINE = re.compile(r"(?:19|20)\d{2}\s*年|年底|年末|前完成|时限|持续|长期|常态化")
_EMPTY = re.compile(r"[/／\\\-—–－_·…\s]*|无|空|暂无|不涉及")


def _outside_brackets(name: str) -> str:
    depth, kept = 0, ""
    for char in name:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
        elif depth == 0:
            kept += char
    return kept


def _balanced(name: str) -> bool:
    stack: list[str] = []
    for char in name:
        if char in _OPEN:
            stack.append(_CLOSE[_OPEN.index(char)])
        elif char in _CLOSE and (not stack or stack.pop() != char):
            return False
    return not stack


def malformation(name: str, listed: tuple[str, ...] = ()) -> str | None:
    """What is wrong with a unit's name, or None; `listed`: the names its note lists with it — names a list writes
    ending alike (新材料产业园、高端装备产业园、食品产业园、商贸物流园: three or more, one last character) are bodies of the
    kind the list names, ending or not."""
    bare = _outside_brackets(name)
    alike = len(name) > 3 and sum(o != name and o.endswith(name[-1]) for o in listed) >= 2
    checks = [
        (not _balanced(name), "an unbalanced bracket"),
        (bool(_EMPTY.fullmatch(name)), "an empty-cell mark"),
        (bool(_LABEL.search(name)), "a label"),
        (bool(_SEPARATOR.search(bare)), "a separator"),
        ("、" in bare and not re.match(r"^各[省市县区镇乡]{1,2}、", bare), "a separator"),
        (bare.endswith(_VERB_END) or bool(_MODIFIER.search(bare)), "a verb or its modifier"),
        (bool(_DEADLINE.search(name)), "a deadline or a result"),
        (
            not (
                _COLLECTIVE.match(bare)
                or (bare.endswith(_ENDINGS) and len(bare) > 2)
                or _SHORT_BODY.fullmatch(bare)
                or alike
            ),
            "no organisational ending",
        ),
    ]
    return next((why for failed, why in checks if failed), None)


def test_the_checks_catch_what_the_issue_saw() -> None:
    assert malformation("/") == "an empty-cell mark"
    assert malformation("2025年底前完成") is not None
    assert malformation("市财政局按职责分工") == "a verb or its modifier"
    assert malformation("责任单位：市财政局") == "a label"
    assert malformation("配合单位是省财政厅") == "a label"
    assert malformation("市发改委、市财政局") == "a separator"
    assert malformation("县委组织部（人才办") == "an unbalanced bracket"
    assert malformation("重点产业") == "no organisational ending"
    assert malformation("重点") == "no organisational ending"
    assert malformation("食品产业园") == "no organisational ending"
    assert malformation("食品产业园", ("县园区服务中心", "新材料产业园", "食品产业园", "商贸物流园")) is None
    assert malformation("食品产业园", ("县园区服务中心", "新材料产业园", "食品产业园")) == "no organisational ending"
    assert malformation("重点产业", ("重点产业", "县财政局")) == "no organisational ending"
    assert malformation("经委") is None and malformation("农办") is None
    for whole in (
        "各区、县（市）政府",
        "县委组织部（人才办）",
        "有关部门",
        "试点城市政府",
        "中国移动南充分公司",
    ):
        assert malformation(whole) is None, whole


def _units(doc: ParsedDoc) -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        (clause.id, name, clause.departments_raw)
        for clause in doc.clauses
        for name in (*clause.departments, *clause.departments_raw, *clause.leads, *clause.departments_implied)
    ]


@pytest.mark.parametrize("path", DATA_FILES, ids=_id)
def test_no_malformed_unit_in_tests_data(path: Path) -> None:
    bad = [(cid, name, why) for cid, name, listed in _units(parsed(path)) if (why := malformation(name, listed))]
    assert bad == []


@needs_opc
@pytest.mark.parametrize("path", OPC_FILES, ids=_id)
def test_no_unit_at_all_in_documents_without_notes(path: Path) -> None:
    """corpus/opc carries no responsibility notes: every unit read there would be invented."""
    assert _units(parsed(path)) == []


# --- never rename into another body ---------------------------------------------------------------------------

_KINDS = re.compile(r"人大|政协|纪委|监委|政府|法院|检察|党委|党组|工会|妇联|团委|共青团|科协|工商联|残联")


def _kinds(name: str) -> set[str]:
    kinds = set(_KINDS.findall(name))
    if re.match(r"^(?:[省市县区州]|[\u4e00-\u9fff]{2,4}[省市县区州])委(?!员)", name):
        kinds.add("党委")
    return kinds


def _in_order(short: str, full: str) -> bool:
    rest = iter(full)
    return all(char in rest for char in short)


def renaming(short: str, full: str) -> str | None:
    """Why merging `short` into `full` would make one body of two, or None when they may be one body: the same
    ending, the same level, the same kind of body, and every character of the shorter in the longer, in order."""
    a, b = _outside_brackets(short), _outside_brackets(full)
    if a[-1:] != b[-1:]:
        return "different endings"
    if a[0] != b[0] and b[1:] != a and not b.endswith(a):
        return "different levels"
    if _kinds(short) != _kinds(full):
        return "different kinds of body"
    if not _in_order(a, b):
        return "not a shortening"
    if len(re.sub(r"^[省市县区州]?(?:人民政府|政府|人大常委会|人大|政协|委)?", "", a)) < 2:
        return "a whole office of its own"  # 市委办, 市政府办: the general offices
    return None


def test_the_renaming_check() -> None:
    assert renaming("县委办", "县人大常委办") == "different kinds of body"
    assert renaming("市委办", "市政府办") == "different kinds of body"
    assert renaming("县人社局", "县人力社保局") is None
    assert renaming("财政厅", "省财政厅") is None
    assert renaming("市委办", "市委网信办") == "a whole office of its own"
    assert renaming("市政府办", "市政府金融办") == "a whole office of its own"


def _organ_names(text: str) -> list[str]:
    """Candidate names of bodies in running text, many sharing an ending: a stress input for the resolution."""
    return re.findall(r"[省市县区][\u4e00-\u9fff]{1,8}?(?:局|委|办|厅|中心|集团|公司|会)", text)


@pytest.mark.parametrize("path", [*DATA_FILES, *OPC_FILES], ids=_id)
def test_no_unit_renamed_into_another_body(path: Path) -> None:
    doc = parsed(path)
    text = "\n".join(line.text for line in load(path).lines)
    written = [name for c in doc.clauses for name in (*c.departments_raw, *c.departments_implied)]
    for names in (written, _organ_names(text)):
        merged = same_body_spellings(names, text)
        wrong = {
            short: (full, renaming(short, full)) for short, full in merged.items() if renaming(short, full)
        }
        assert wrong == {}


def test_a_party_committee_office_is_never_a_congress_office(tmp_path: Path) -> None:
    path = tmp_path / "offices.txt"
    path.write_text(
        "某县加强机关作风建设工作方案\n一、重点任务\n"
        "1. 完善督查机制。（县委办负责）\n"
        "2. 规范代表建议办理。（县人大常委办负责）\n"
        "3. 做好政协提案办理。（县政协办负责）\n"
        "4. 推进政务公开。（县政府办负责）\n"
        "5. 加强网络安全。（县委网信办负责）\n"
        "6. 防范金融风险。（县政府金融办负责）\n",
        encoding="utf-8",
    )
    doc = parse(load(path), DepartmentRegistry())
    assert [c.departments for c in doc.clauses if c.departments] == [
        ("县委办",),
        ("县人大常委办",),
        ("县政协办",),
        ("县政府办",),
        ("县委网信办",),
        ("县政府金融办",),
    ]
