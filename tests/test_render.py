"""Rendering of answers, department duties, outlines and ingest reports (app/render.py).

Clause values are made by hand from tests/data/plan-attachment3.txt: ids, paths, leads and departments as read
in the document; each clause's text is the document's own line after its title sentence. Markdown is turned
into HTML with markdown-it (CommonMark, as the page renders it) to check what a reader would actually see.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from app import render
from kb.types import Answer, Clause, DocInfo, Hit, IngestResult, UnreadNote

PLAN = Path(__file__).parent / "data" / "plan-attachment3.txt"
DOC_TITLE = "培育好强科创兴产业的动能实施方案"
TASKS = ("一、培育好强科创动能", "（二）重点任务")


def to_html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def body_after_title(label: str, title: str) -> str:
    """The document's paragraph starting with `label`, minus the label and the title sentence."""
    line = next(line for line in PLAN.read_text(encoding="utf-8").splitlines() if line.startswith(label))
    return line.removeprefix(label).removeprefix(title).removeprefix("。")


def plan_clause(number: str, group: str, label: str, title: str, departments: list[str], page: int) -> Clause:
    return Clause(
        doc="plan-attachment3",
        doc_title=DOC_TITLE,
        number=tuple(int(n) for n in number.split(".")),
        path=(*TASKS, group, label),
        title=title,
        text=body_after_title(label, title),
        page=page,
        lead=departments[0],
        departments=tuple(departments),
        departments_raw=tuple(departments),
    )


GROUP_2 = "2. 锻造产业创新主引擎"
NEW_MATERIALS = plan_clause(
    "1.2.2.2", GROUP_2, "（2）新材料产业", "新材料产业", ["平江高新区", "县发改局", "县科工信局", "县科协"], 3
)
TEA = plan_clause(
    "1.2.2.5",
    GROUP_2,
    "（5）“两茶一药”产业",
    "“两茶一药”产业",
    ["县农业农村局", "县科工信局", "县林业局", "县文旅广体局"],
    4,
)
TOURISM = plan_clause(
    "1.2.2.6", GROUP_2, "（6）文化旅游产业", "文化旅游产业", ["县文旅广体局", "县科工信局", "县林业局"], 4
)
ACADEMICIANS = plan_clause(
    "1.2.4.2",
    "4. 促进科技成果转化",
    "(2) 深化院士团队合作",
    "深化院士团队合作",
    [
        "县委组织部",
        "平江高新区",
        "县发改局",
        "县农业农村局",
        "县林业局",
        "县畜牧水产农机事务中心",
        "县科工信局",
    ],
    5,
)
RESPONSIBILITY = Answer(
    question="湖南中科云母研究院由哪个单位牵头建设？",
    intent="responsibility",
    answer="牵头单位：平江高新区；配合单位：县发改局、县科工信局、县科协。",
    abstained=False,
    citations=(Hit(NEW_MATERIALS, 0.83),),
    lead="平江高新区",
    others=("县发改局", "县科工信局", "县科协"),
)


def test_the_clause_texts_are_the_documents():
    assert NEW_MATERIALS.text.startswith("重点突破高性能合成云母")
    assert NEW_MATERIALS.text.endswith("（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）")
    assert ACADEMICIANS.text.startswith("巩固与尹飞虎")


def test_responsibility_answer_shows_departments_first_then_the_cited_clause():
    markdown = render.answer_markdown(RESPONSIBILITY)
    html = to_html(markdown)
    assert markdown.startswith("### 牵头单位：平江高新区")
    assert "<strong>配合单位：</strong> 县发改局、县科工信局、县科协" in html
    card = html[html.index("<blockquote>") :]
    assert "新材料产业" in card
    assert f"《{DOC_TITLE}》" in card
    assert "一、培育好强科创动能 › （二）重点任务 › 2. 锻造产业创新主引擎 › （2）新材料产业" in card
    assert "第 3 页" in card
    assert "重点突破高性能合成云母、超薄云母制品" in card
    assert "plan-attachment3:" not in card and "相关度" not in card  # no developer ids or scores on a card
    assert "查看原文" in card and "?clause=plan-attachment3%3A1.2.2.2" in card


def test_the_department_note_is_highlighted_and_only_it():
    html = to_html(render.clause_text_markdown(NEW_MATERIALS))
    assert "<mark>（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）</mark>" in html
    assert html.count("<mark>") == 1


def test_a_note_without_the_usual_ending_is_found():
    # 1.2.2.5 ends with a bare list of departments in brackets, after `（如“德字一号”油茶）` and `（黄茶）`.
    start, end = render.note_span(TEA) or (0, 0)
    assert TEA.text[start:end] == "（县农业农村局、县科工信局、县林业局、县文旅广体局）"


def test_a_note_with_a_bracketed_name_is_one_span():
    clause = Clause(
        doc="d",
        doc_title="t",
        number=(1,),
        path=("一、x",),
        title="x",
        text="加强知识产权保护。（省市场监管局（省知识产权局）、省科技厅按职责分工负责）",
        lead="省市场监管局（省知识产权局）",
        departments=("省市场监管局（省知识产权局）", "省科技厅"),
        departments_raw=("省市场监管局（省知识产权局）", "省科技厅"),
    )
    start, end = render.note_span(clause) or (0, 0)
    assert clause.text[start:end] == "（省市场监管局（省知识产权局）、省科技厅按职责分工负责）"


def test_abstention_looks_different_and_names_no_department():
    answer = Answer(
        question="县公安局负责哪些任务？",
        intent="out_of_scope",
        answer="文件中没有找到这个问题的依据。",
        abstained=True,
        citations=(Hit(TOURISM, 0.21),),
    )
    markdown = render.answer_markdown(answer)
    assert markdown.startswith("#### ⚠️ 未找到依据")
    assert "牵头单位：" not in markdown.split("<mark>")[0]
    assert "仅供核对" in markdown
    assert "依据条款" not in markdown


def test_department_tasks_answer_counts_led_and_shared():
    answer = Answer(
        question="县林业局负责哪些工作？",
        intent="department_tasks",
        answer="县林业局参与 3 条。",
        abstained=False,
        citations=(Hit(TEA, 1.0), Hit(TOURISM, 1.0), Hit(ACADEMICIANS, 1.0)),
        department="县林业局",
    )
    assert render.answer_markdown(answer).startswith("### 县林业局：牵头 0 条 · 配合 3 条")


HOSTILE = '<script>alert("x")</script> 见[官网](javascript:alert(1)) **粗** <img src=x onerror=alert(1)> http://evil.example'


@pytest.mark.parametrize("field", ["text", "title", "doc_title"])
def test_document_text_renders_as_text_never_as_markup(field):
    values = {
        "text": NEW_MATERIALS.text,
        "title": NEW_MATERIALS.title,
        "doc_title": DOC_TITLE,
        field: HOSTILE,
    }
    clause = Clause(
        doc="x",
        doc_title=values["doc_title"],
        number=(1,),
        path=("一、x",),
        title=values["title"],
        text=values["text"],
    )
    answer = Answer(
        question=HOSTILE, intent="general", answer=HOSTILE, abstained=False, citations=(Hit(clause, 1),)
    )
    for markdown in (render.answer_markdown(answer), render.clause_detail_markdown(clause)):
        html = to_html(markdown)
        assert "<script" not in html and "<img" not in html and "<strong>粗" not in html
        assert 'href="javascript' not in html and 'href="http://evil' not in html
        assert (
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html or '&lt;script&gt;alert("x")' in html
        )
        assert "[官网](javascript:alert(1))" in html
        assert "http://evil.example" in html


def test_department_sheet_splits_led_and_shared_with_links():
    duties = render.department_duties("县林业局", [NEW_MATERIALS, TEA, TOURISM, ACADEMICIANS])
    assert [c.id for c in duties.shares] == [
        "plan-attachment3:1.2.2.5",
        "plan-attachment3:1.2.2.6",
        "plan-attachment3:1.2.4.2",
    ]
    assert duties.leads == ()
    html = to_html(render.department_markdown(duties))
    assert "共 <strong>3</strong> 条：牵头 <strong>0</strong> 条，配合 <strong>3</strong> 条" in html
    assert '<a href="?clause=plan-attachment3%3A1.2.4.2">深化院士团队合作</a>' in html
    assert "一、培育好强科创动能 › （二）重点任务 › 4. 促进科技成果转化 › (2) 深化院士团队合作" in html
    assert html.count("<tr>") == 1 + 3  # the empty "led" table is not drawn: header + 3 rows
    assert "<td>县委组织部</td>" in html


def test_overview_counts_every_department():
    counts = {c.department: c for c in render.department_counts([NEW_MATERIALS, TEA, TOURISM, ACADEMICIANS])}
    assert (counts["县科工信局"].leads, counts["县科工信局"].shares) == (0, 4)
    assert (counts["县文旅广体局"].leads, counts["县文旅广体局"].shares) == (1, 1)
    assert (counts["平江高新区"].leads, counts["平江高新区"].shares) == (1, 1)
    assert (counts["县林业局"].leads, counts["县林业局"].shares) == (0, 3)
    assert len(counts) == 9  # 4 in 1.2.2.2, 3 more in 1.2.2.5, 2 more in 1.2.4.2
    records = render.overview_records(list(counts.values()))
    assert {"部门": "县林业局", "角色": "配合", "条数": 3} in records


def test_outline_is_a_nested_list_of_links():
    section = Clause(
        doc="plan-attachment3",
        doc_title=DOC_TITLE,
        number=(1,),
        path=(TASKS[0],),
        title="培育好强科创动能",
        text="",
    )
    html = to_html(render.outline_markdown([section, NEW_MATERIALS]))
    assert html.count("<ul>") == 2  # a skipped level (1 → 1.2.2.2) nests one level, not three
    assert '<a href="?clause=plan-attachment3%3A1">一、培育好强科创动能</a>' in html
    assert "（2）新材料产业</a> — 平江高新区" in html


def test_clause_detail_shows_metadata_and_raw_spelling():
    clause = plan_clause(
        "1.2.5.2",
        "5. 聚集科技创新要素",
        "（2）多元聚集创新资本",
        "多元聚集创新资本",
        ["县财政局", "平江高新区", "金融监管局平江支局", "县科工信局"],
        6,
    )
    clause = Clause(
        **{
            **clause.__dict__,
            "departments_raw": ("县财政局", "平江高新区", "金融监管局平江分局", "县科工信局"),
        }
    )
    html = to_html(render.clause_detail_markdown(clause))
    assert "<strong>牵头单位：</strong> 县财政局" in html
    assert "<strong>配合单位：</strong> 平江高新区、金融监管局平江支局、县科工信局" in html
    assert "<strong>原文写法：</strong> 县财政局、平江高新区、金融监管局平江分局、县科工信局" in html
    assert "第 6 页" in html


def test_ingest_report_shows_each_outcome_and_the_refusal_reason():
    results = [
        IngestResult(path="a.pdf", status="ingested", doc_id="a", clauses=12, departments=4),
        IngestResult(path="plan.pdf", status="unchanged", doc_id="plan"),
        IngestResult(path="scan.pdf", status="refused", error="scan.pdf: no text layer on any page"),
    ]
    html = to_html(render.ingest_markdown(results))
    assert "已导入</strong>：a（12 条条款，4 个部门）" in html
    assert "内容未变</strong>：plan" in html
    assert "未导入</strong>：scan.pdf: no text layer on any page" in html


def test_the_document_view_lists_the_notes_not_understood_under_their_outline_path() -> None:
    def doc(items_with_units: int, unread: tuple[UnreadNote, ...]) -> DocInfo:
        return DocInfo(
            "p",
            "方案",
            "p.txt",
            "txt",
            "ab",
            10,
            3,
            "2025-01-01T00:00:00Z",
            items=8,
            items_with_units=items_with_units,
            notes_not_understood=len(unread),
            unread_notes=unread,
        )

    note = UnreadNote("p:1.2", "（主抓部门：县科工信局）", "a label the grammar does not know")
    view = render.unread_notes_markdown(doc(5, (note,)))
    assert "1 条责任分工未能识别" in view and "（主抓部门：县科工信局）" in view
    assert "p:1.2" not in view  # never the clause id: the clause's outline path when the clauses are given
    clause = Clause(
        doc="p",
        doc_title="方案",
        number=(1, 2),
        path=("一、任务", "（二）建设平台"),
        title="建设平台",
        text="",
    )
    assert "- 一、任务 › （二）建设平台：（主抓部门：县科工信局）" in render.unread_notes_markdown(
        doc(5, (note,)), [clause]
    )
    assert render.unread_notes_markdown(doc(5, ())) == ""


@pytest.mark.parametrize("doc", ["x`<img src=x onerror=alert(1)>`", "a``b<script>alert(1)</script>"])
def test_clause_id_is_not_shown_in_the_clause_detail(doc: str) -> None:
    """The id comes from a file name: it is the program's name for the clause and is not shown at all (issue 23
    item 3); where a code span still shows one, a backtick in it must not close the span and let markup through."""
    clause = Clause(
        doc=doc, doc_title="通知", number=(1,), path=("一、任务",), title="任务", text="建设平台。"
    )
    page = to_html(render.clause_detail_markdown(clause))
    assert "<img" not in page and "<script" not in page
    assert "img src" not in page and "alert" not in page
    missing = to_html(render.code_span(clause.id))
    assert "<img" not in missing and "<script" not in missing


def test_a_filtered_answer_names_its_filter():
    filtered = replace(RESPONSIBILITY, scope=(f"《{DOC_TITLE}》",))
    html = to_html(render.answer_markdown(filtered))
    assert html.startswith(f"<p><strong>在《{DOC_TITLE}》中：</strong></p>\n<h3>牵头单位：平江高新区</h3>")


def test_a_filtered_out_answer_says_all_documents_hold_some():
    answer = Answer(
        question="湖南中科云母研究院由哪个单位牵头建设？",
        intent="responsibility",
        answer="文件中没有找到能回答这个问题的内容。",
        abstained=True,
        scope=("县林业局",),
        outside=3,
    )
    markdown = render.answer_markdown(answer)
    assert "所选范围（县林业局）中没有相关条款，全部文件中有 3 条。" in markdown
    nothing = render.answer_markdown(replace(answer, outside=0))
    assert "全部文件中也没有" in nothing


def test_a_follow_up_shows_how_it_was_read():
    answer = replace(
        RESPONSIBILITY, question="那配合单位呢？", resolved="湖南中科云母研究院的配合单位有哪些？"
    )
    assert render.answer_markdown(answer).startswith("*理解为：湖南中科云母研究院的配合单位有哪些？*")


def test_active_filters_line_and_welcome():
    assert render.active_filters_markdown(()) == "当前范围：全部文件、全部部门"
    assert "县林业局" in render.active_filters_markdown(("县林业局",))
    doc = DocInfo("plan", DOC_TITLE, "p.pdf", "pdf", "ab", 48, 19, "2026-11-28T18:00:00Z", place="平江县")
    assert "**已载入 1 个文件**，来自 1 个地区" in render.welcome_markdown([doc])
    assert "还没有载入文件" in render.welcome_markdown([])


def test_weaker_matches_are_folded_under_other_clauses():
    answer = replace(RESPONSIBILITY, citations=(Hit(NEW_MATERIALS, 0.83), Hit(TOURISM, 0.4), Hit(TEA, 0.3)))
    html = to_html(render.answer_markdown(answer))
    assert "依据条款（1）" in html
    folded = html[html.index("<details><summary>其他相关条款（2）</summary>") :]
    assert "[2] " in folded and "[3] " in folded
    assert "新材料产业" not in folded.split("</details>")[0].split("[2]")[0]
    assert html.index("[1] 新材料产业") < html.index("<details>")


def test_lead_and_shared_are_defined_where_they_are_counted():
    counts = render.department_counts([NEW_MATERIALS, TEA])
    assert render.overview_markdown(counts).startswith(render.ROLES_DEFINED)
    sheet = render.department_markdown(render.department_duties("县林业局", [TEA]))
    assert render.ROLES_DEFINED in sheet


def test_source_panel_shows_the_clause_between_its_neighbours():
    markdown = render.source_panel_markdown([TEA, NEW_MATERIALS, TOURISM], 1)
    html = to_html(markdown)
    assert markdown.startswith(f"#### 《{DOC_TITLE}》原文")
    assert html.index("“两茶一药”") < html.index("<h3>（2）新材料产业</h3>") < html.index(TOURISM.text[:10])
    assert "<mark>（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）</mark>" in html
    assert render.source_panel_markdown([], -1) == "没有找到这一条款。"


def test_matrix_is_grouped_by_place_with_its_key_first():
    from kb.export.matrix import Matrix

    m = Matrix(
        departments=("县林业局", "市发改委", "<b>局</b>"),
        docs=("a", "c", "b"),  # a document of no known place met before another place's: listed last
        doc_titles=("甲方案", "丙方案", "乙方案"),
        lead=((1, 0, 0), (0, 0, 2), (0, 0, 0)),
        shared=((2, 0, 0), (0, 0, 1), (0, 1, 0)),
    )
    grid = render.matrix_html(m, {"a": "平江县", "c": None, "b": "岳阳市"})
    assert grid.startswith('<p class="matrix-key">')
    assert [part.split("</h4>")[0] for part in grid.split("<h4>")[1:]] == [
        "平江县（1 个文件，1 个部门）",
        "岳阳市（1 个文件，1 个部门）",
        "未注明地区（1 个文件，1 个部门）",
    ]
    pingjiang, yueyang, elsewhere = grid.split("<h4>")[1:]
    assert '<th scope="row">县林业局</th><td class="cell-lead">牵头 1 · 配合 2</td>' in pingjiang
    assert "市发改委" not in pingjiang and "《乙方案》" in yueyang
    assert '<th scope="row">&lt;b&gt;局&lt;/b&gt;</th><td class="cell-shared">配合 1</td>' in elsewhere


def test_departments_of_several_places_are_counted_per_place():
    from dataclasses import replace

    elsewhere = replace(TEA, doc="other-county")
    one_place = render.department_counts([NEW_MATERIALS, TEA], {NEW_MATERIALS.doc: "平江县"})
    assert all("（" not in c.department for c in one_place)
    counts = {
        c.department: c
        for c in render.department_counts(
            [NEW_MATERIALS, elsewhere], {NEW_MATERIALS.doc: "平江县", "other-county": "苍南县"}
        )
    }
    assert "平江高新区（平江县）" in counts
    # 县科工信局 is named in both: in two places, two units with one clause each
    assert set(NEW_MATERIALS.departments) & set(elsewhere.departments) == {"县科工信局"}
    assert counts["县科工信局（平江县）"].total == 1 and counts["县科工信局（苍南县）"].total == 1
