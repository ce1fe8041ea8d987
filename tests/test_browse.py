"""Browsing many documents (kb/browse.py) and what the app draws of it (app/render.py): documents by place with a
search, a unit ranking of one place or of all, a unit's page grouped by document with long tables folded."""

from __future__ import annotations

from dataclasses import replace

from app import render
from kb.browse import by_document, document_label, documents_by_place, unit_places, unit_ranking
from kb.types import Clause, DocInfo
from kb.unit import NO_PLACE, placed

NANCHONG = "南充市人民政府办公室关于印发《南充市支持人工智能OPC创新发展行动计划（2026—2027年）》的通知"


def doc(doc_id: str, title: str, place: str | None, doc_no: str | None = None) -> DocInfo:
    return DocInfo(
        doc_id, title, f"{doc_id}.txt", "txt", "ab", 10, 3, "2026-12-01T00:00:00Z", place=place, doc_no=doc_no
    )


DOCS = [
    doc("city_nanchong_opc", NANCHONG, "南充市"),
    doc("plan-attachment3", "培育好强科创兴产业的动能实施方案", "平江县"),
    doc("qingdao-1", "关于印发《青岛市支持人工智能OPC发展政策清单（第一批）》的通知", "青岛市"),
    doc("qingdao-2", "关于印发《青岛市支持人工智能OPC发展政策清单（第二批）》的通知", "青岛市"),
    doc("changshu", "关于加快打造青年友好型OPC创业社区的若干措施", None),
    doc("taian", "泰安市人民政府办公室关于支持人工智能OPC发展的实施意见", "泰安市", "泰政办发〔2026〕1号"),
]


def test_documents_grouped_by_place_most_documents_first_unknown_place_last() -> None:
    groups = documents_by_place(DOCS)
    assert [(g.place, len(g.docs)) for g in groups] == [
        ("青岛市", 2),
        ("南充市", 1),
        ("平江县", 1),
        ("泰安市", 1),
        (NO_PLACE, 1),
    ]


def test_a_search_keeps_documents_with_every_word_in_title_place_or_number() -> None:
    assert [d.doc_id for g in documents_by_place(DOCS, "青岛 第二批") for d in g.docs] == ["qingdao-2"]
    assert [d.doc_id for g in documents_by_place(DOCS, "泰政办发") for d in g.docs] == ["taian"]
    assert [d.doc_id for g in documents_by_place(DOCS, "opc 南充") for d in g.docs] == ["city_nanchong_opc"]
    assert documents_by_place(DOCS, "无废城市") == []


def test_a_document_is_named_by_place_and_short_title() -> None:
    assert document_label(DOCS[0]) == "南充市 · 《南充市支持人工智能OPC创新发展行动计划（2026—2027年）》"
    assert document_label(DOCS[4]) == "《关于加快打造青年友好型OPC创业社区的若干措施》"


def test_many_documents_are_folded_under_one_line_few_are_shown_open() -> None:
    many = render.document_groups_markdown(documents_by_place(DOCS * 2), len(DOCS) * 2)
    assert many.startswith('<details class="all-documents"><summary>按地区查看全部 12 个文件（5 个地区')
    assert '<details class="place"><summary>青岛市（4 个文件）</summary>' in many  # each place folded too
    few = render.document_groups_markdown(documents_by_place(DOCS[:2]), 2)
    assert "all-documents" not in few and '<details class="place" open><summary>南充市（1 个文件）' in few
    # the short title shown, the full one on hover; no file stem
    assert f'<span title="{NANCHONG}">《南充市支持人工智能OPC创新发展行动计划（2026—2027年）》</span>' in few
    assert "city_nanchong_opc" not in many + few
    found = render.document_groups_markdown(documents_by_place(DOCS * 2, "青岛"), 12, "青岛")
    assert found.startswith("<p>找到 4 个文件：</p>") and "open" in found
    assert (
        render.document_groups_markdown([], 12, "<b>无</b>")
        == "<p>没有找到含“&lt;b&gt;无&lt;/b&gt;”的文件。</p>"
    )


def clause(doc_id: str, n: int, units: tuple[str, ...], title: str = "任务") -> Clause:
    return Clause(
        doc=doc_id,
        doc_title=next(d.title for d in DOCS if d.doc_id == doc_id),
        number=(1, n),
        path=("一、重点任务", f"{n}. {title}{n}"),
        title=f"{title}{n}",
        text="建设平台。",
        departments=units,
        departments_raw=units,
        lead=units[0],
        leads=units[:1],  # the first unit of the note leads
    )


NANCHONG_CLAUSES = [clause("city_nanchong_opc", n, ("市科技局", "市财政局")) for n in range(1, 11)]
TAIAN_CLAUSES = [
    clause("taian", n, ("市财政局",) if n % 2 else ("市科技局", "市财政局")) for n in range(1, 4)
]
PLACES = {d.doc_id: d.place for d in DOCS}


def test_units_ranked_in_one_place_or_all() -> None:
    units = placed(NANCHONG_CLAUSES + TAIAN_CLAUSES, PLACES)
    assert unit_places(units) == [("南充市", 2), ("泰安市", 2)]
    everywhere = unit_ranking(units, None, top=3)
    assert [(c.unit.label, c.total) for c in everywhere.shown] == [
        ("市科技局（南充市）", 10),
        ("市财政局（南充市）", 10),
        ("市财政局（泰安市）", 3),
    ]
    assert everywhere.total == 4
    taian = unit_ranking(units, "泰安市", top=None)
    assert [(c.unit.name, c.leads, c.shares) for c in taian.shown] == [("市财政局", 2, 1), ("市科技局", 1, 0)]
    table = render.ranking_markdown(everywhere, units.several)
    assert "#### 全部地区：条款最多的 3 个部门（共 4 个）" in table
    assert "| 市财政局（泰安市） | 2 | 1 | 3 |" in table and "选择上方的地区" in table
    assert "#### 泰安市（2 个部门）" in render.ranking_markdown(taian, True)


def test_a_units_page_groups_its_clauses_by_document_and_folds_long_tables() -> None:
    units = placed(NANCHONG_CLAUSES + TAIAN_CLAUSES, PLACES)
    unit = units.named("市科技局", "南充市")[0]
    own = units.clauses_of(unit)
    sheet = render.department_markdown(render.department_duties("市科技局", own, unit.label), PLACES)
    assert sheet.startswith(
        "## 市科技局（南充市）\n\n共 **10** 条：牵头 **10** 条，配合 **0** 条，涉及 1 个文件。"
    )
    # ten rows: the document's table folded under a line that counts them
    assert "<details><summary>南充市 · <span title=" in sheet and "（10 条），点击展开</summary>" in sheet
    # the full texts folded at the end
    assert "<details><summary>条款原文（10 条，点击展开）</summary>" in sheet
    assert "city_nanchong_opc:" not in sheet.replace("?clause=city_nanchong_opc%3A", "")
    few = render.department_markdown(render.department_duties("市财政局", TAIAN_CLAUSES), PLACES)
    assert (
        '**泰安市 · <span title="泰安市人民政府办公室关于支持人工智能OPC发展的实施意见">'
        "《关于支持人工智能OPC发展的实施意见》</span>（2 条）**"
    ) in few


def test_clauses_grouped_by_document_in_order() -> None:
    mixed = [NANCHONG_CLAUSES[0], TAIAN_CLAUSES[0], NANCHONG_CLAUSES[1]]
    assert [(d, [c.number for c in cs]) for d, cs in by_document(mixed)] == [
        ("city_nanchong_opc", [(1, 1), (1, 2)]),
        ("taian", [(1, 1)]),
    ]


def test_an_answer_card_names_the_place_and_the_short_title() -> None:
    card = render.citation_card(replace(NANCHONG_CLAUSES[0], page=3), 1, 0.98, "南充市")
    assert "南充市 · <span title=" in card and "》</span> · 一、重点任务 › 1\\. 任务1 · 第 3 页" in card
    assert "0.98" not in card and "city_nanchong_opc:" not in card.replace("?clause=city_nanchong_opc%3A", "")
