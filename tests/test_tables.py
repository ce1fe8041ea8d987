"""Task-breakdown tables (kb.parse.tables): a DOCX table and the same table pasted into TXT with | become one
clause per row with the row's lead, co-units and deadline; a table without a lead-unit column stays text; and
end to end, a question about a row's task is answered with that row's lead. Expectations are written by hand
from the table below."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from kb.api import KnowledgeBase
from kb.load import load
from kb.parse import parse
from kb.parse.departments import DepartmentRegistry
from kb.settings import PROJECT_ROOT, load_settings
from kb.types import Clause, ParsedDoc

TITLE = "平江县科技创新重点任务分解方案"
INTRO = "围绕科技创新，明确以下重点任务。"
HEADER = ["序号", "重点任务", "具体内容", "牵头单位", "配合单位", "完成时限"]
ROWS = [
    [
        "1",
        "建设科创孵化平台",
        "新建省级以上科技企业孵化器2家以上",
        "县高新区",
        "县财政局、县发改局",
        "2026年底前",
    ],
    ["2", "培育高新技术企业", "新认定高新技术企业30家以上", "县科工信局", "县税务局", "2027年6月底前"],
    ["3", "引进高层次人才", "围绕主导产业引进急需紧缺人才", "县委组织部", "县人社局、县科工信局", "2027年"],
    ["4", "推进农业科技示范", "建设农业科技示范基地", "县农业农村局", "县林业局", "长期坚持"],
]
CLOSING = "各责任单位要加强协调配合，按时完成任务。"


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")


def _write_docx(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("一、重点任务")
    document.add_paragraph(INTRO)
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    for r, cells in enumerate([header, *rows]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.add_paragraph("二、保障措施")
    document.add_paragraph(CLOSING)
    document.save(str(path))
    return path


def _write_txt(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _table_txt(path: Path) -> Path:
    rows = [" | ".join(cells) for cells in [HEADER, *ROWS]]
    return _write_txt(path, [TITLE, "一、重点任务", INTRO, *rows, "二、保障措施", CLOSING])


@pytest.fixture(scope="module", params=["docx", "txt"])
def parsed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, registry: DepartmentRegistry
) -> ParsedDoc:
    folder = tmp_path_factory.mktemp("tables")
    if request.param == "docx":
        path = _write_docx(folder / "tasks.docx", HEADER, ROWS)
    else:
        path = _table_txt(folder / "tasks.txt")
    return parse(load(path), registry)


def _by_id(doc: ParsedDoc) -> dict[str, Clause]:
    return {c.id: c for c in doc.clauses}


def test_each_row_is_a_clause_under_the_heading(parsed: ParsedDoc) -> None:
    assert parsed.title == TITLE
    assert [c.id for c in parsed.clauses] == [f"tasks:{n}" for n in ("1", "1.1", "1.2", "1.3", "1.4", "2")]
    by_id = _by_id(parsed)
    assert by_id["tasks:1"].text == INTRO  # the table rows are no longer text of the heading
    assert by_id["tasks:2"].text == CLOSING
    row = by_id["tasks:1.3"]
    # the row's other cells stay with it, after their column's header
    assert row.title == "引进高层次人才" and row.text == "围绕主导产业引进急需紧缺人才。完成时限：2027年。"
    assert row.path == ("一、重点任务", "3. 引进高层次人才")


def test_row_departments_and_deadlines(parsed: ParsedDoc) -> None:
    by_id = _by_id(parsed)
    expected = {
        # id: (title, lead, departments (canonical), departments_raw, deadlines as written)
        "tasks:1.1": (
            "建设科创孵化平台",
            "平江高新区",
            ("平江高新区", "县财政局", "县发改局"),
            ("县高新区", "县财政局", "县发改局"),
            ["2026年底前"],
        ),
        "tasks:1.2": (
            "培育高新技术企业",
            "县科工信局",
            ("县科工信局", "县税务局"),
            ("县科工信局", "县税务局"),
            ["2027年6月底前"],
        ),
        "tasks:1.3": (
            "引进高层次人才",
            "县委组织部",
            ("县委组织部", "县人社局", "县科工信局"),
            ("县委组织部", "县人社局", "县科工信局"),
            ["2027年"],
        ),
        "tasks:1.4": (
            "推进农业科技示范",
            "县农业农村局",
            ("县农业农村局", "县林业局"),
            ("县农业农村局", "县林业局"),
            [],
        ),
    }
    for clause_id, (title, lead, departments, raw, deadlines) in expected.items():
        clause = by_id[clause_id]
        assert (clause.title, clause.lead, clause.departments, clause.departments_raw) == (
            title,
            lead,
            departments,
            raw,
        ), clause_id
        assert [d.text for d in clause.deadlines] == deadlines, clause_id
    assert [(d.year, d.month) for d in by_id["tasks:1.2"].deadlines] == [(2027, 6)]
    assert [(i.value, i.unit, i.qualifier) for i in by_id["tasks:1.1"].indicators] == [(2.0, "家", "以上")]
    assert by_id["tasks:1"].departments == () and by_id["tasks:2"].departments == ()


def test_a_table_without_a_lead_column_stays_text(tmp_path: Path, registry: DepartmentRegistry) -> None:
    header = ["序号", "指标名称", "2025年", "2027年"]
    rows = [["1", "高新技术企业数", "120家", "150家"], ["2", "研发经费投入增长", "8%", "9%"]]
    parsed = parse(load(_write_docx(tmp_path / "targets.docx", header, rows)), registry)
    assert [c.id for c in parsed.clauses] == ["targets:1", "targets:2"]
    first = parsed.clauses[0]
    assert first.text.split("\n") == [
        INTRO,
        "序号 | 指标名称 | 2025年 | 2027年",
        "1 | 高新技术企业数 | 120家 | 150家",
        "2 | 研发经费投入增长 | 8% | 9%",
    ]
    assert first.departments == ()


def test_a_table_before_any_numbered_item_hangs_under_the_preamble(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    # other column names (工作任务/责任单位/时间节点), no 序号 column: rows are numbered in order
    lines = [
        TITLE,
        "为推动科技创新，制定本方案。",
        "工作任务 | 责任单位 | 时间节点",
        "建设科技大市场 | 县科工信局、县财政局 | 2026年",
        "培育科技型中小企业 | 县科工信局 | 2027年底前",
        "一、保障措施",
        CLOSING,
    ]
    parsed = parse(load(_write_txt(tmp_path / "early.txt", lines)), registry)
    assert [c.id for c in parsed.clauses] == ["early:0", "early:0.1", "early:0.2", "early:1"]
    by_id = _by_id(parsed)
    assert by_id["early:0"].text == "为推动科技创新，制定本方案。"
    market = by_id["early:0.1"]
    assert (market.title, market.text, market.lead) == ("建设科技大市场", "建设科技大市场。时间节点：2026年。", "县科工信局")
    assert market.departments == ("县科工信局", "县财政局")
    assert [d.text for d in market.deadlines] == ["2026年"]
    assert [d.text for d in by_id["early:0.2"].deadlines] == ["2027年底前"]


def test_ask_who_leads_a_row_task(tmp_path: Path) -> None:
    base = KnowledgeBase(load_settings(index=tmp_path / "index"))
    (result,) = base.ingest([_write_docx(tmp_path / "tasks.docx", HEADER, ROWS)])
    assert result.status == "ingested" and result.clauses == 6
    answer = base.ask(f"{ROWS[1][1]}由哪个单位牵头？")
    assert not answer.abstained
    assert answer.lead == "县科工信局" and answer.others == ("县税务局",)
    assert answer.citations[0].clause.id == "tasks:1.2"
    assert [c.id for c in base.clauses(department="县高新区")] == ["tasks:1.1"]
    assert [c.id for c in base.clauses(department="县科工信局")] == ["tasks:1.2", "tasks:1.3"]
    assert [c.id for c in base.clauses(department="县科工信局", lead_only=True)] == ["tasks:1.2"]


def test_an_empty_cell_keeps_the_row_aligned(tmp_path: Path, registry: DepartmentRegistry) -> None:
    # a blank 配合单位 in the middle row: the row is still a clause, its deadline still read from 完成时限
    rows = [
        list(ROWS[0]),
        ["2", "培育高新技术企业", "新认定高新技术企业30家以上", "县科工信局", "", "2027年6月底前"],
    ]
    rows.append(list(ROWS[2]))
    doc = parse(load(_write_docx(tmp_path / "gaps.docx", HEADER, rows)), registry)
    second = _by_id(doc)[f"{doc.doc_id}:1.2"]
    assert second.departments == ("县科工信局",) and second.lead == "县科工信局"
    assert [d.text for d in second.deadlines] == ["2027年6月底前"]
    assert _by_id(doc)[f"{doc.doc_id}:1.3"].lead == "县委组织部"


def test_rows_and_a_later_sub_item_never_share_an_id(tmp_path: Path, registry: DepartmentRegistry) -> None:
    rows = [" | ".join(cells) for cells in [HEADER, *ROWS[:2]]]
    lines = [TITLE, "一、重点任务", *rows, "（一）组织保障", "加强领导。（县科工信局负责）"]
    doc = parse(load(_write_txt(tmp_path / "clash.txt", lines)), registry)
    ids = [c.id for c in doc.clauses]
    assert len(ids) == len(set(ids))
    sub_item = next(c for c in doc.clauses if c.title == "组织保障")
    assert sub_item.lead == "县科工信局"


@pytest.mark.parametrize(
    ("header", "columns"),
    [
        (
            ["序号", "改革任务", "具体举措", "牵头责任单位", "协同单位", "完成时间"],
            {"number": 0, "task": 1, "content": 2, "lead": 3, "co": 4, "deadline": 5},
        ),
        (
            ["序号", "重点工作事项", "责任单位（部门）", "时间安排"],
            {"number": 0, "task": 1, "lead": 2, "deadline": 3},
        ),
        (["序号", "任务名称", "主要责任单位", "主要协作单位"], {"number": 0, "task": 1, "lead": 2, "co": 3}),
    ],
)
def test_header_words_met_nowhere_yet(header: list[str], columns: dict[str, int]) -> None:
    """Unit columns are named by any note label (issue 20), task and content columns by how their words end."""
    from kb.parse.tables import header_columns

    assert header_columns(header) == columns


def test_a_contact_list_is_no_task_table() -> None:
    from kb.parse.tables import header_columns

    assert header_columns(["序号", "姓名", "单位", "联系电话"]) is None


# --- tables written flat (made-up examples in the forms copied web pages give them) ----------------------------

FLAT_ONE_CELL_PER_LINE = [
    "桐溪县2025年重点任务分解表",
    "序号",
    "重点任务",
    "牵头单位",
    "责任单位",
    "配合单位",
    "完成时限",
    "1",
    "建设城乡供水一体化工程,新建水厂1座。",
    "县水利局",
    "县财政局",
    "县自然资源局",
    "县住建局",
    "2025年底前",
    "2",
    "改造老旧小区10个。",
    "县住建局",
    "各乡镇(街道)",
    "/",
    "2025年10月",
]


def test_a_table_with_one_cell_per_line(tmp_path: Path, registry: DepartmentRegistry) -> None:
    """Each cell on its own line: the 序号 lines tell the rows apart; one line for each unit column but the
    last, which takes the remaining unit lines; `/` names nobody; the 完成时限 cell stays a deadline."""
    doc = parse(load(_write_txt(tmp_path / "flat.txt", FLAT_ONE_CELL_PER_LINE)), registry)
    rows = [c for c in doc.clauses if c.departments]
    assert [(c.text, c.leads, c.departments_raw) for c in rows] == [
        (
            "建设城乡供水一体化工程,新建水厂1座。完成时限：2025年底前。",
            ("县水利局",),
            ("县水利局", "县财政局", "县自然资源局", "县住建局"),
        ),
        ("改造老旧小区10个。完成时限：2025年10月。", ("县住建局",), ("县住建局", "各乡镇(街道)")),
    ]
    assert [[d.text for d in c.deadlines] for c in rows] == [["2025年底前"], ["2025年10月"]]
    assert doc.unread_notes == ()


def test_a_flat_table_with_a_merged_cell_and_a_column_of_people(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    """A category written once for two rows is missing from the second row; the leader column holds
    people's names (spaced out as pages write two-character names), which are no units; cells end with ` |`."""
    lines = [
        "序号 |",
        "工作类别 |",
        "重点工作 |",
        "责任县领导 |",
        "牵头单位 |",
        "协同单位 |",
        "1 |",
        "文旅融合 |",
        "打造桃花谷景区,年接待游客50万人次。 |",
        "李 明 |",
        "县文广旅局 |",
        "县交通运输局 |",
        "2 |",
        "举办乡村音乐节3场。 |",
        "周 红 |",
        "县文广旅局 |",
        "各乡镇 |",
        "县总工会 |",
    ]
    doc = parse(load(_write_txt(tmp_path / "flat.txt", ["桐溪县重点工作分解表", *lines])), registry)
    rows = [c for c in doc.clauses if c.departments]
    assert [(c.text, c.leads, c.departments_raw) for c in rows] == [
        (
            "打造桃花谷景区,年接待游客50万人次。责任县领导：李 明。",  # the category before the item groups rows
            ("县文广旅局",),
            ("县文广旅局", "县交通运输局"),
        ),
        ("举办乡村音乐节3场。责任县领导：周 红。", ("县文广旅局",), ("县文广旅局", "各乡镇", "县总工会")),
    ]


def test_a_table_with_one_row_per_line_and_spaces_between_cells(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    lines = [
        "桐溪县2025年主要指标分工",
        "序号 重 点 任 务 牵头部门",
        "1 新增城镇就业5000人 县人社局",
        "2 粮食播种面积稳定在30万亩,产量保持稳定 县农业农村局",
        "各部门要按时报送进展。",
    ]
    doc = parse(load(_write_txt(tmp_path / "rows.txt", lines)), registry)
    rows = [c for c in doc.clauses if c.departments]
    assert [(c.text, c.leads, c.departments_raw) for c in rows] == [
        ("新增城镇就业5000人", ("县人社局",), ("县人社局",)),
        ("粮食播种面积稳定在30万亩,产量保持稳定", ("县农业农村局",), ("县农业农村局",)),
    ]
    assert any("按时报送" in c.text and not c.departments for c in doc.clauses)


def test_header_words_in_a_list_without_row_numbers_are_no_table(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    """Column words alone on their lines and no numbered rows under them: nothing is taken for a table."""
    lines = ["桐溪县工作方案", "序号", "重点任务", "牵头单位", "一、总体要求", "全面推进各项工作。"]
    doc = parse(load(_write_txt(tmp_path / "no.txt", lines)), registry)
    assert all(not c.departments for c in doc.clauses)
    assert any("全面推进各项工作" in c.text for c in doc.clauses)


# --- a column of the value each row's item is to reach (考核 lists: 考核内容 | 单位 | 年度目标) ---------------------


def test_a_value_column_is_read_with_its_row(tmp_path: Path, registry: DepartmentRegistry) -> None:
    """Beside the content column, the row's value (年度目标) and its unit of measure (单位) are part of what the row
    says: a bare number takes the unit of its row, a value written with its own (≥3%) or in words stays as written,
    a row without a value is its item alone."""
    lines = [
        "桐溪县2024年共同富裕考核清单 |",
        "序号 | 考核内容 | 单位 | 年度目标 | 责任单位",
        "1 | 城乡居民收入增幅 | % | ≥6% | 县发改局",
        "2 | 新增高标准农田 | 万亩 | 0.5 | 县农业农村局",
        "3 | 耕地保护责任制考核 | - | 优秀 | 县自然资源局",
        "4 | 乡村振兴示范带建设 | 条 | / | 县农业农村局",
    ]
    doc = parse(load(_write_txt(tmp_path / "list.txt", lines)), registry)
    rows = [c for c in doc.clauses if c.departments]
    assert [(c.title, c.text) for c in rows] == [
        ("城乡居民收入增幅", "城乡居民收入增幅：≥6%"),
        ("新增高标准农田", "新增高标准农田：0.5万亩"),
        ("耕地保护责任制考核", "耕地保护责任制考核：优秀"),
        ("乡村振兴示范带建设", "乡村振兴示范带建设"),
    ]


def test_a_value_column_one_cell_a_line(tmp_path: Path, registry: DepartmentRegistry) -> None:
    """The same flattened one cell a line, a row missing its unit-of-measure cell keeping its value."""
    lines = [
        "桐溪县2024年共同富裕考核清单",
        "序号",
        "考核内容",
        "单位",
        "2024年目标值",
        "责任单位",
        "1",
        "农村居民人均可支配收入",
        "万元",
        "3.2",
        "县农业农村局",
        "2",
        "建成未来乡村",
        "个",
        "5",
        "县农业农村局",
    ]
    doc = parse(load(_write_txt(tmp_path / "flat-list.txt", lines)), registry)
    rows = [c for c in doc.clauses if c.departments]
    assert [c.text for c in rows] == ["农村居民人均可支配收入：3.2万元", "建成未来乡村：5个"]


def test_an_item_column_named_as_targets_is_no_value_column() -> None:
    """A table of the year's targets one a row (2022年预期目标 | 责任单位) reads that column as its task, as before."""
    from kb.parse.tables import header_columns, table_columns

    assert header_columns(["序号", "2022年预期目标", "责任单位"]) == {"number": 0, "lead": 2, "task": 1}
    assert table_columns(["序号", "考核指标", "考核内容", "单位", "年度目标", "责任部门"], []) == {
        "number": 0, "content": 2, "lead": 5, "value": 4, "measure": 3,
    }


def _noted_rows(
    tmp_path: Path, registry: DepartmentRegistry, name: str, lines: list[str]
) -> tuple[ParsedDoc, list[Clause]]:
    """The document parsed from these lines, and its clauses that name units."""
    doc = parse(load(_write_txt(tmp_path / name, lines)), registry)
    return doc, [c for c in doc.clauses if c.departments]


def test_a_flat_table_with_section_rows_and_rows_missing_cells(tmp_path: Path, registry: DepartmentRegistry) -> None:
    """Section rows (`一、…`) between a flattened table's rows head the rows below them; a row whose last cell
    (the leader) is empty is one line shorter; a bureau's divisions header (`牵头负责科室`: two organisational words
    name a class) is a unit column."""
    lines = [
        "临溪区2025年重点工作任务分解表",
        "序号",
        "主要工作举措",
        "牵头负责科室",
        "配合单位",
        "责任领导",
        "一、稳住工业基本盘",
        "1",
        "推进食品加工园区二期建设,新增规上企业5家。",
        "区工信局",
        "区发改局、区财政局",
        "2",
        "实施技改项目20个。",
        "区工信局",
        "区科技局",
        "王 强",
        "二、办好民生实事",
        "3",
        "新建社区养老服务站8个。",
        "区民政局",
        "各街道办事处",
        "李 华",
    ]
    doc, rows = _noted_rows(tmp_path, registry, "sections.txt", lines)
    assert [(c.path[0], c.leads, c.departments_raw) for c in rows] == [
        ("一、稳住工业基本盘", ("区工信局",), ("区工信局", "区发改局", "区财政局")),
        ("一、稳住工业基本盘", ("区工信局",), ("区工信局", "区科技局")),
        ("二、办好民生实事", ("区民政局",), ("区民政局", "各街道办事处")),
    ]
    assert rows[1].text == "实施技改项目20个。责任领导：王 强。"
    assert doc.unread_notes == ()


def test_a_progress_table_whose_header_names_months_and_whose_rows_start_late(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    """Header cells opened by the months they report on (`1-6月推进情况`) are header cells; rows numbered from 12
    (an excerpt) are rows; a row without its last cell (说明) leaves that one empty, not the one before."""
    lines = [
        "2025年民生实事项目推进情况",
        "序号",
        "主要任务",
        "牵头 单位",
        "协同单位",
        "1-6月推进情况",
        "说明",
        "12",
        "改造老旧小区供水管网30公里。",
        "区住建局",
        "区水务集团、相关街道",
        "已完成18公里。",
        "13",
        "新增公共停车泊位500个。",
        "区城管局",
        "区交警大队",
        "已完成320个。",
        "受征地影响，进度滞后。",
    ]
    _, rows = _noted_rows(tmp_path, registry, "progress.txt", lines)
    assert [(c.number[-1], c.leads, c.departments_raw) for c in rows] == [
        (12, ("区住建局",), ("区住建局", "区水务集团", "相关街道")),
        (13, ("区城管局",), ("区城管局", "区交警大队")),
    ]
    assert rows[0].text == "改造老旧小区供水管网30公里。1-6月推进情况：已完成18公里。"
    assert rows[1].text == "新增公共停车泊位500个。1-6月推进情况：已完成320个；说明：受征地影响，进度滞后。"


# a ministry's indicator table written one cell per line, its unit column headed by a pair of organisational words
INDICATOR_HEADER = ["某部2025年关键业绩指标", "序号", "指标名称", "预期效果", "完成时限", "牵头负责司局", "1"]


def test_a_flat_table_row_with_no_unit_cell_is_kept_without_units(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    """The last row of a flattened indicator table has no unit cell (merged into the row above in the original):
    it stays a row of its own that names no unit — its target is still there to cite — and is not read into the
    row above."""
    lines = [
        *INDICATOR_HEADER,
        "新建5G基站数量",
        "60万个",
        "12月",
        "信息通信发展司",
        "2",
        "千兆宽带用户数",
        "1亿户",
        "12月",
    ]
    doc = parse(load(_write_txt(tmp_path / "indicators.txt", lines)), registry)
    by_title = {c.title: c for c in doc.clauses}
    assert by_title["新建5G基站数量"].leads == ("信息通信发展司",)
    # 预期效果 is the row's value, read with its item; the other cells follow after their headers
    assert by_title["新建5G基站数量"].text == "新建5G基站数量：60万个。完成时限：12月。"
    last = by_title["千兆宽带用户数"]
    assert last.departments == () and last.text == "千兆宽带用户数：1亿户。完成时限：12月。"


def test_a_table_without_row_numbers_one_cell_per_line(tmp_path: Path, registry: DepartmentRegistry) -> None:
    """No 序号: full rows of one line a cell are told apart by counting; a task written as a sentence opens the
    row's text; a telephone number in the last column is no unit. A table of merged rows (a heading as its first
    cell, a unit note in a text column) is not read this way."""
    lines = [
        "青石镇2025年重点任务第二季度进展情况",
        "目标任务",
        "工作措施",
        "工作进展",
        "责任分工",
        "联系电话",
        "全年新建高标准农田3000亩,完成土地整理项目2个。",
        "一是细化地块清单。二是加快施工招标。",
        "已完成招标,进场施工1200亩。",
        "青石镇农业综合服务中心",
        "0571-6655443",
    ]
    _, rows = _noted_rows(tmp_path, registry, "unnumbered.txt", lines)
    assert [(c.leads, c.departments_raw) for c in rows] == [(("青石镇农业综合服务中心",), ("青石镇农业综合服务中心",))]
    assert rows[0].text.startswith("全年新建高标准农田3000亩,完成土地整理项目2个。一是细化地块清单。")
    assert "工作进展：已完成招标,进场施工1200亩" in rows[0].text


def test_split_cells_keeps_an_empty_last_cell() -> None:
    from kb.parse.tables import split_cells

    assert split_cells("1 | 任务 | 县水利局 | ") == ["1", "任务", "县水利局", ""]
    assert split_cells("| 1 | 任务 | 县水利局 |") == ["1", "任务", "县水利局"]


def test_the_lead_of_a_row_without_unit_is_not_its_neighbours(tmp_path: Path) -> None:
    """Asked who leads an item whose row names no unit, the answer says the clause names none — it does not
    give the lead of the row next to it, which the search finds just below."""
    lines = [
        *INDICATOR_HEADER,
        "千兆宽带接入端口数",
        "2000万个",
        "12月",
        "信息通信发展司",
        "2",
        "千兆宽带用户数",
        "1亿户",
        "12月",
    ]
    base = KnowledgeBase(load_settings(index=tmp_path / "index"))
    base.ingest([_write_txt(tmp_path / "indicators.txt", lines)])
    unnoted = base.ask("千兆宽带用户数这一项是哪个司局牵头负责的？")
    assert unnoted.abstained and unnoted.lead is None
    assert unnoted.citations[0].clause.title == "千兆宽带用户数"
    noted = base.ask("千兆宽带接入端口数这一项是哪个司局牵头负责的？")
    assert not noted.abstained and noted.lead == "信息通信发展司"
