"""`parse`: the plan in each of its forms — the five files of tests/data, and the forms the tests make from them
(a saved portal page in UTF-8 and in GBK, an OFD, a .doc converted by LibreOffice, the same as .wps;
tests/plan_forms.py) — gives the hand-written golden clauses, departments, targets,
deadlines and working group (tests/data/plan_golden.json); plus the splitting of a paragraph at its notes,
working groups written other ways, and the refusal of a document without clauses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kb.errors import EmptyDocument
from kb.load import load
from kb.parse import extract_clauses, parse
from kb.parse.departments import DepartmentRegistry
from kb.parse.organization import find_working_groups
from kb.settings import PROJECT_ROOT
from kb.types import Clause, Line, Paragraph, ParsedDoc, SourceDoc
from tests.plan_forms import GENERATED_FORMS, NEEDS_SOFFICE, soffice, write_form

DATA = PROJECT_ROOT / "tests" / "data"
FORMS = ("txt", "gbk.txt", "raw.txt", "docx", "pdf", *GENERATED_FORMS)
GOLDEN: dict[str, Any] = json.loads((DATA / "plan_golden.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the forms made by the tests are written, once per module."""
    return tmp_path_factory.mktemp("plan-forms")


def plan_file(form: str, made: Path) -> Path:
    if form not in GENERATED_FORMS:
        return DATA / f"plan-attachment3.{form}"
    if form in NEEDS_SOFFICE and soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: `make test` installs libreoffice-writer-nogui")
    return write_form(form, made)


@pytest.fixture(scope="module", params=FORMS)
def parsed(request: pytest.FixtureRequest, registry: DepartmentRegistry, made: Path) -> ParsedDoc:
    return parse(load(plan_file(request.param, made)), registry)


def _position(clause_id: str) -> str:
    """`plan-attachment3:1.2.2.2` → `1.2.2.2` (the doc id differs by file name: `plan-attachment3.gbk`)."""
    return clause_id.rsplit(":", 1)[1]


def _by_position(doc: ParsedDoc) -> dict[str, Clause]:
    return {_position(c.id): c for c in doc.clauses}


# --- the plan, five forms --------------------------------------------------------------------------------------


def test_title_and_three_sections(parsed: ParsedDoc) -> None:
    assert parsed.title == GOLDEN["title"]
    sections = [c.title for c in parsed.clauses if len(c.number) == 1 and c.number != (0,)]
    assert sections == GOLDEN["sections"]


def test_every_numbered_item_in_document_order(parsed: ParsedDoc) -> None:
    assert [_position(c.id) for c in parsed.clauses] == [_position(i) for i in GOLDEN["outline_ids"]]
    assert all(c.doc == parsed.doc_id and c.doc_title == GOLDEN["title"] for c in parsed.clauses)


def test_exactly_the_golden_department_notes(parsed: ParsedDoc) -> None:
    with_notes = [c for c in parsed.clauses if c.departments]
    assert [_position(c.id) for c in with_notes] == [_position(g["id"]) for g in GOLDEN["note_clauses"]]


@pytest.mark.parametrize("golden", GOLDEN["note_clauses"], ids=lambda g: _position(g["id"]))
def test_note_clause(parsed: ParsedDoc, golden: dict[str, Any]) -> None:
    clause = _by_position(parsed)[_position(golden["id"])]
    assert clause.title == golden["title"]
    assert clause.lead == golden["lead"]
    assert list(clause.departments) == golden["departments"]
    assert list(clause.departments_raw) == golden["departments_raw"]
    assert clause.text.startswith(golden["text_starts"])
    # the note stays in the text, at its end, as the reader sees it
    assert clause.text.endswith("）")
    assert "、".join(golden["departments_raw"]) in clause.text[-120:]


def test_paths_titles_and_bodies(parsed: ParsedDoc) -> None:
    clauses = _by_position(parsed)
    for clause_id, path in GOLDEN["paths"].items():
        assert list(clauses[_position(clause_id)].path) == path
    for clause_id, title in GOLDEN["titles"].items():
        assert clauses[_position(clause_id)].title == title
    for clause_id, start in GOLDEN["text_starts"].items():
        assert clauses[_position(clause_id)].text.startswith(start)


def test_clauses_without_notes_have_no_lead(parsed: ParsedDoc) -> None:
    assert all(c.lead is None for c in parsed.clauses if not c.departments)


def test_targets_of_the_indicator_parts(parsed: ParsedDoc) -> None:
    clauses = _by_position(parsed)
    for clause_id, expected in GOLDEN["indicators"].items():
        found = [
            {"name": i.name, "value": i.value, "unit": i.unit, "qualifier": i.qualifier, "text": i.text}
            for i in clauses[_position(clause_id)].indicators
        ]
        assert found == expected


def test_deadlines_only_where_written(parsed: ParsedDoc) -> None:
    found = {
        _position(c.id): [{"year": d.year, "month": d.month, "text": d.text} for d in c.deadlines]
        for c in parsed.clauses
        if c.deadlines
    }
    assert found == {_position(k): v for k, v in GOLDEN["deadlines"].items()}


def test_task_clause_targets_are_found_too(parsed: ParsedDoc) -> None:
    # from reading 2.2.1.1: 力争每年新增规上工业企业 10 家以上、创新型中小企业 20 家以上、省级以上专精特新企业 5 家以上
    indicators = _by_position(parsed)["2.2.1.1"].indicators
    assert [(i.value, i.unit, i.qualifier) for i in indicators] == [
        (10, "家", "以上"),
        (20, "家", "以上"),
        (5, "家", "以上"),
    ]


def test_working_group(parsed: ParsedDoc) -> None:
    [group] = parsed.working_groups
    [golden] = GOLDEN["working_groups"]
    assert group.name == golden["name"]
    assert group.head == golden["head"]
    assert group.convener == golden["convener"]
    assert group.deputy_convener == golden["deputy_convener"]
    assert list(group.members) == golden["members"]
    assert group.office == golden["office"]
    assert group.office_duty == golden["office_duty"]
    assert group.clause_id is not None and _position(group.clause_id) == _position(golden["clause_id"])


def test_doc_departments_cover_every_note(parsed: ParsedDoc) -> None:
    expected = {name for g in GOLDEN["note_clauses"] for name in g["departments"]}
    assert set(parsed.departments) == expected
    assert "县高新区" not in parsed.departments and "金融监管局平江分局" not in parsed.departments


def test_pdf_pages(registry: DepartmentRegistry) -> None:
    # pages read off the PDF by eye: 主要指标 on 1, 新材料产业 on 3, 壮大产业集群 on 9, 推进机制 on 12
    clauses = _by_position(parse(load(DATA / "plan-attachment3.pdf"), registry))
    assert [clauses[p].page for p in ("1.1", "1.2.2.2", "2.2.1.3", "3")] == [1, 3, 9, 12]


def test_extract_from_plain_paragraphs(registry: DepartmentRegistry) -> None:
    # without the loaders: one paragraph per line of the clean text
    lines = (DATA / "plan-attachment3.txt").read_text(encoding="utf-8").splitlines()
    title, clauses = extract_clauses(
        [Paragraph(line) for line in lines if line.strip()], "plan-attachment3", registry
    )
    assert title == GOLDEN["title"]
    assert [c.id for c in clauses] == GOLDEN["outline_ids"]
    assert clauses[0].text == lines[2]  # the preamble, whole and unchanged


# --- parse on small snippets -----------------------------------------------------------------------------------


def _paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(t) for t in texts]


def test_paragraph_with_several_notes_is_split(registry: DepartmentRegistry) -> None:
    _, clauses = extract_clauses(
        _paragraphs(
            "一、任务", "（1）育林护林。开展植树。（县林业局负责）建设科普基地。（县科协牵头，县教育局配合）"
        ),
        "d",
        registry,
    )
    first, second = clauses[1:]
    assert (first.id, second.id) == ("d:1.1", "d:1.1-2")
    assert (first.title, second.title) == ("育林护林", "育林护林")
    assert first.text == "开展植树。（县林业局负责）"
    assert second.text == "建设科普基地。（县科协牵头，县教育局配合）"
    assert (first.lead, first.departments) == ("县林业局", ("县林业局",))
    assert (second.lead, second.departments) == ("县科协", ("县科协", "县教育局"))


def test_lead_rule_holds_for_later_paragraphs(registry: DepartmentRegistry) -> None:
    _, clauses = extract_clauses(
        _paragraphs(
            "一、任务",
            "（1）甲。做甲。（县发改局、县财政局按职责分工负责，列第一位者为牵头单位，下同）",
            "（2）乙。做乙。（县科协、县林业局负责）",
        ),
        "d",
        registry,
    )
    assert [(c.lead, c.departments) for c in clauses[1:]] == [
        ("县发改局", ("县发改局", "县财政局")),
        ("县科协", ("县科协", "县林业局")),
    ]
    assert clauses[1].departments_raw == ("县发改局", "县财政局")  # the rule is not a department


def test_working_group_written_as_leading_group(registry: DepartmentRegistry) -> None:
    _, clauses = extract_clauses(
        _paragraphs(
            "一、组织保障",
            "成立县科技创新工作领导小组，县长任组长，分管副县长任副组长，成员由县发改局、县高新区、县财政局等单位组成。"
            "领导小组办公室设在县科工信局，承担领导小组日常工作。",
        ),
        "d",
        registry,
    )
    [group] = find_working_groups(clauses, registry)
    assert group.name == "县科技创新工作领导小组"
    assert group.head == "县长"
    assert group.deputy_convener == "分管副县长"
    assert group.members == ("县发改局", "平江高新区", "县财政局")
    assert group.office == "县科工信局"
    assert group.office_duty == "承担领导小组日常工作"
    assert group.clause_id == "d:1"


def test_document_without_clauses_is_refused(registry: DepartmentRegistry, tmp_path: Path) -> None:
    doc = SourceDoc(
        path=str(tmp_path / "cover.txt"),
        doc_id="cover",
        format="txt",
        lines=(Line("附件 3"), Line("某某实施方案")),
        sha256="0" * 64,
    )
    with pytest.raises(EmptyDocument) as refused:
        parse(doc, registry)
    assert str(refused.value) == f"{tmp_path / 'cover.txt'}: no clause could be read from the text"


def test_working_group_with_its_head_in_its_name(registry: DepartmentRegistry) -> None:
    _, clauses = extract_clauses(
        _paragraphs(
            "一、保障措施",
            "各级政府成立由主要领导任组长的推进数字经济发展专项工作组，建立上下联动的推进机制。"
            "专项工作组办公室设在县科工信局，张三同志兼任办公室主任。",
        ),
        "d",
        registry,
    )
    [group] = find_working_groups(clauses, registry)
    assert group.name == "推进数字经济发展专项工作组"
    assert (group.head, group.head_title) == ("主要领导", "组长")
    assert group.office == "县科工信局"
    assert group.office_head == "张三"
