"""The formats offices hold besides PDF, DOCX and text: .doc/.wps (through LibreOffice), OFD, a page saved from a
government portal, the 任务分解表 as a spreadsheet; and the file type judged by content whatever the name says.

The plan's 31 department clauses in each form are checked against tests/data/plan_golden.json by
tests/test_parse_golden.py; here: what each format adds (the page's metadata, merged cells, pages), the
refusals, and loading inside the isolated parsing child."""

from __future__ import annotations

import json
import subprocess
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kb.api import KnowledgeBase
from kb.errors import CorruptFile, IngestError, TooLarge, UnsupportedFormat
from kb.isolate import parse_file
from kb.limits import Limits
from kb.load import load
from kb.load.xlsx import cell_text
from kb.parse import parse
from kb.parse.departments import DepartmentRegistry
from kb.settings import PROJECT_ROOT, load_settings
from kb.types import Deadline, ParsedDoc
from tests.plan_forms import (
    GOLDEN,
    PAGE_META,
    TASK_SHEET_HEADER,
    TASK_TABLE_ROWS,
    TaskRow,
    plan_lines,
    portal_page,
    soffice,
    task_rows,
    task_workbook,
    write_form,
)
from tests.test_cli import fake_embedder  # noqa: F401  (the fast embedder, autouse)

needs_soffice = pytest.mark.skipif(
    soffice() is None,
    reason="LibreOffice (soffice) is not installed: `make test` installs libreoffice-writer-nogui",
)


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("forms")


def _note_clauses(doc: ParsedDoc) -> dict[str, Any]:
    return {c.title: c for c in doc.clauses if c.departments}


def _with_units(doc: ParsedDoc) -> int:
    """How many clauses name a responsible unit."""
    return sum(1 for c in doc.clauses if c.departments)


# --- a page saved from a government portal ---------------------------------------------------------------------


@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb2312"])
def test_portal_page_metadata_fills_the_document_record(
    tmp_path: Path, registry: DepartmentRegistry, charset: str
) -> None:
    path = tmp_path / "plan.html"
    path.write_bytes(portal_page(charset))
    doc = load(path)
    assert doc.format == "html" and doc.notes == ()
    assert doc.meta is not None and doc.meta.index_no == PAGE_META["索引号"]
    parsed = parse(doc, registry)
    # the plan (an attachment) names no issuer and no number: the page's 发布机构 and 文号 fill them
    assert parsed.title == "培育好强科创兴产业的动能实施方案"
    assert parsed.issuer == "平江县人民政府办公室"
    assert parsed.doc_no == "平政办发〔2026〕12号"
    assert parsed.published == "2026-04-20"
    assert parsed.place == "平江县"


def test_portal_page_keeps_the_article_only(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_bytes(portal_page("gbk"))
    texts = [line.text for line in load(path).lines]
    assert texts[:2] == plan_lines()[:2] and texts[-1] == plan_lines()[-1]
    assert texts == plan_lines()  # no navigation, breadcrumb, metadata table, related links or footer
    assert not any("<" in t or "湘ICP备" in t or "当前位置" in t or "索引号" in t for t in texts)


def test_portal_page_without_a_declared_charset_is_detected(tmp_path: Path) -> None:
    page = portal_page("gbk").replace(
        b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">', b""
    )
    assert b"charset" not in page
    path = tmp_path / "plan.htm"
    path.write_bytes(page)
    assert [line.text for line in load(path).lines] == plan_lines()


def test_portal_page_task_table_kept_in_order(tmp_path: Path, registry: DepartmentRegistry) -> None:
    path = tmp_path / "plan.html"
    path.write_bytes(portal_page("utf-8", with_table=True))
    doc = load(path)
    texts = [line.text for line in doc.lines]
    header = texts.index(" | ".join(TASK_TABLE_ROWS[0]))
    assert texts[header - 1] == "附表：重点任务分解表" and header == len(texts) - 3
    parsed = parse(doc, registry)
    rows = [c for c in parsed.clauses if c.title in {r[1] for r in TASK_TABLE_ROWS[1:]}]
    assert [(c.title, c.lead, c.departments) for c in rows] == [
        ("建设县域科技创新服务中心", "县科工信局", ("县科工信局", "县财政局", "县自然资源局")),
        ("开展科技特派员服务行动", "县农业农村局", ("县农业农村局",)),  # 配合单位 `/` is no unit
    ]
    assert rows[0].deadlines == (Deadline(year=2026, text="2026年12月", month=12),)
    # the plan's own 31 department clauses are untouched by the table after them
    golden = {g["title"]: g for g in GOLDEN["note_clauses"]}
    found = _note_clauses(parsed)
    assert all(found[t].departments == tuple(g["departments"]) for t, g in golden.items())


# --- the 任务分解表 as a spreadsheet ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def task_sheet(made: Path, registry: DepartmentRegistry) -> ParsedDoc:
    return parse(load(task_workbook(made / "任务分解表.xlsx")), registry)


def test_spreadsheet_rows_are_the_31_golden_clauses(task_sheet: ParsedDoc) -> None:
    rows = task_rows()
    clauses = [c for c in task_sheet.clauses if c.departments]
    assert len(rows) == len(clauses) == 31
    exact = 0
    for row, clause in zip(rows, clauses, strict=True):
        golden = row.golden
        assert clause.text.startswith(f"{golden['title']}。{golden['text_starts']}")
        assert clause.lead == golden["lead"]
        assert list(clause.departments) == golden["departments"]
        assert list(clause.departments_raw) == golden["departments_raw"]
        exact += 1
    assert exact == 31


def test_spreadsheet_merged_cells_carried_down(task_sheet: ParsedDoc) -> None:
    rows = task_rows()
    clauses = [c for c in task_sheet.clauses if c.departments]
    # every row is a clause under its 重点任务 (the merged cell's value), inside its section (the merged row)
    assert [c.title for c in clauses] == [r.task for r in rows]
    assert [c.path[0] for c in clauses] == [r.section for r in rows]
    assert [c.path[1].split(". ", 1)[1] for c in clauses] == [r.task for r in rows]
    # the 牵头单位 merged over consecutive rows of one task leads each of them
    assert [c.lead for c in clauses[:3]] == ["县科工信局"] * 3


def test_spreadsheet_deadline_column(task_sheet: ParsedDoc) -> None:
    clauses = [c for c in task_sheet.clauses if c.departments]
    by_cell = {
        "2027年12月": (Deadline(year=2027, text="2027年12月", month=12),),
        "长期坚持": (),
        "2026年12月31日": (Deadline(year=2026, text="2026年12月", month=12),),  # a date cell
    }
    for row, clause in zip(task_rows(), clauses, strict=True):
        assert clause.deadlines == by_cell[cell_text(row.deadline)]


def test_spreadsheet_title_and_hidden_sheet(made: Path) -> None:
    doc = load(task_workbook(made / "表.xlsx"))
    texts = [line.text for line in doc.lines]
    assert texts[0] == "培育好强科创兴产业的动能实施方案重点任务分解表"
    assert texts[1] == "一、培育好强科创动能" and texts[2] == " | ".join(TASK_SHEET_HEADER)
    assert not any("每月5日前报送" in t for t in texts)  # the hidden sheet


@pytest.mark.parametrize("mark", ["/", "—", "无", "－", "／"])
def test_spreadsheet_empty_marks_are_no_units(
    tmp_path: Path, registry: DepartmentRegistry, mark: str
) -> None:
    row = task_rows()[0]
    rows = [
        TaskRow(row.section, row.task, row.content, "县科工信局", mark, mark, row.golden),
        TaskRow(
            row.section,
            "另一项任务",
            "开展科技特派员服务行动。",
            "县农业农村局",
            mark,
            "2026年6月",
            row.golden,
        ),
    ]
    parsed = parse(load(task_workbook(tmp_path / "t.xlsx", rows)), registry)
    clauses = [c for c in parsed.clauses if c.departments]
    assert [(c.lead, c.departments, c.deadlines) for c in clauses] == [
        ("县科工信局", ("县科工信局",), ()),
        ("县农业农村局", ("县农业农村局",), (Deadline(year=2026, text="2026年6月", month=6),)),
    ]


# --- OFD --------------------------------------------------------------------------------------------------------


def test_ofd_keeps_pages_and_drops_page_numbers(made: Path, registry: DepartmentRegistry) -> None:
    doc = load(write_form("ofd", made))
    assert doc.format == "ofd" and doc.visual_lines
    assert max(line.page or 0 for line in doc.lines) > 5
    parsed = parse(doc, registry)
    assert not any("— " in c.text for c in parsed.clauses)
    pages = [c.page for c in parsed.clauses]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == max(line.page or 0 for line in doc.lines)


def test_damaged_ofd(tmp_path: Path) -> None:
    path = tmp_path / "bad.ofd"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody>")
    with pytest.raises(CorruptFile, match="the OFD is damaged"):
        load(path)


# --- .doc and .wps through LibreOffice --------------------------------------------------------------------------


def test_word97_needs_libreoffice(made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "WordDocument".encode("utf-16-le"))
    monkeypatch.setattr("kb.load.office.find_soffice", lambda: None)
    with pytest.raises(IngestError) as refused:
        load(path)
    assert str(refused.value) == (
        f"{path}: reading a Word 97 document (.doc) needs LibreOffice, which is not installed: install "
        "LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"
    )


@needs_soffice
def test_truncated_doc_is_refused_naming_the_file(made: Path, tmp_path: Path) -> None:
    path = tmp_path / "truncated.doc"
    path.write_bytes(write_form("doc", made).read_bytes()[:4096])  # a download cut short
    with pytest.raises(CorruptFile) as refused:
        load(path)
    assert str(refused.value) == (
        f"{path}: LibreOffice could not convert the Word 97 document (.doc) (exit status 0: Error: source file "
        "could not be loaded): the file is damaged or not a Word 97 document (.doc)"
    )


@needs_soffice
def test_word97_conversion_is_bounded_in_time(made: Path) -> None:
    with pytest.raises(TooLarge, match="LibreOffice took longer than"):
        load(write_form("doc", made), Limits(timeout_s=0.2))
    leftover = subprocess.run(["pgrep", "-f", "kb-soffice-"], capture_output=True, text=True)
    assert leftover.stdout == ""  # the conversion's whole process group was killed


@needs_soffice
def test_parallel_conversions_do_not_collide(
    made: Path, tmp_path: Path, registry: DepartmentRegistry
) -> None:
    source = write_form("doc", made)
    results: dict[int, int] = {}

    def convert(number: int) -> None:
        copy = tmp_path / f"copy{number}.doc"
        copy.write_bytes(source.read_bytes())
        results[number] = _with_units(parse(load(copy), registry))

    threads = [threading.Thread(target=convert, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {0: 31, 1: 31, 2: 31}


# --- the file type judged by content (issue 22, row 11) --------------------------------------------------------


def test_web_page_saved_as_pdf_is_read_as_a_web_page(tmp_path: Path, registry: DepartmentRegistry) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(portal_page("utf-8"))
    doc = load(path)
    assert doc.format == "html"
    assert doc.notes == (
        "read as a web page (HTML): that is what its content is, not a PDF as its name says",
    )
    assert not any("<" in line.text or "</" in line.text for line in doc.lines)  # never its markup
    parsed = parse(doc, registry)
    assert _with_units(parsed) == 31 and parsed.load_notes == doc.notes


def test_small_html_fragment_saved_as_txt_is_not_indexed_as_markup(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    page = "<html><head><title>通知</title></head><body><div><p>一、工作任务</p><p>（1）开展植树。（县林业局负责）</p></div></body></html>"
    path.write_text(page, encoding="utf-8")
    doc = load(path)
    assert doc.format == "html"
    assert all("<" not in line.text for line in doc.lines)


@pytest.mark.parametrize(
    ("made_as", "named", "fmt"),
    [
        ("docx", "plan.pdf", "docx"),
        ("pdf", "plan.docx", "pdf"),
        ("xlsx", "plan.docx", "xlsx"),
        ("ofd", "plan.pdf", "ofd"),
        ("docx", "plan.ofd", "docx"),
    ],
)
def test_content_decides_the_format(
    made: Path, tmp_path: Path, registry: DepartmentRegistry, made_as: str, named: str, fmt: str
) -> None:
    sources = {
        "docx": PROJECT_ROOT / "tests" / "data" / "plan-attachment3.docx",
        "pdf": PROJECT_ROOT / "tests" / "data" / "plan-attachment3.pdf",
        "ofd": write_form("ofd", made),
        "xlsx": task_workbook(made / "sheet.xlsx"),
    }
    path = tmp_path / named
    path.write_bytes(sources[made_as].read_bytes())
    doc = load(path)
    assert doc.format == fmt
    assert len(doc.notes) == 1 and doc.notes[0].startswith("read as ") and "as its name says" in doc.notes[0]
    assert _with_units(parse(doc, registry)) == 31


@needs_soffice
def test_doc_saved_as_docx_is_converted(made: Path, tmp_path: Path, registry: DepartmentRegistry) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(write_form("doc", made).read_bytes())
    doc = load(path)
    assert doc.format == "doc" and "Word 97" in doc.notes[0]
    assert _with_units(parse(doc, registry)) == 31


def test_old_excel_workbook_is_refused_clearly(tmp_path: Path) -> None:
    # the start of an .xls: the OLE2 signature, and a directory naming its Workbook stream
    path = tmp_path / "tasks.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 64
    )
    with pytest.raises(UnsupportedFormat) as refused:
        load(path)
    assert str(refused.value) == f"{path}: the file is an old Excel workbook (.xls): save it as .xlsx"


def test_zip_of_something_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.ofd"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnsupportedFormat, match="not a Word document, an Excel workbook or an OFD"):
        load(path)


def test_text_named_html_is_read_as_text_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_text("三、推进机制\n成立工作专班。\n", encoding="utf-8")
    doc = load(path)
    assert doc.format == "txt"
    assert doc.notes == (
        "read as plain text: that is what its content is, not a web page (HTML) as its name says",
    )


# --- inside the isolated parsing child --------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["html", "gbk.html", "ofd", "xlsx", "doc"])
def test_each_format_loads_in_the_isolated_child(made: Path, registry: DepartmentRegistry, form: str) -> None:
    if form == "doc" and soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: `make test` installs libreoffice-writer-nogui")
    path = task_workbook(made / "plan-tasks.xlsx") if form == "xlsx" else write_form(form, made)
    run = parse_file(path, registry, Limits())
    assert run.doc is not None and run.peak_rss_mb > 0
    assert _with_units(run.doc) == 31


# --- through `kb ingest` ----------------------------------------------------------------------------------------


def test_ingest_a_folder_of_every_format(made: Path, tmp_path: Path) -> None:
    from tests.test_cli import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "portal-page.pdf").write_bytes(portal_page("gbk"))  # a web page saved under a .pdf name
    (corpus / "plan.ofd").write_bytes(write_form("ofd", made).read_bytes())
    (corpus / "ofd-copy.pdf").write_bytes(write_form("ofd", made).read_bytes())  # an OFD under a .pdf name
    task_workbook(corpus / "tasks.xlsx")
    result = run("ingest", "--index", tmp_path / "index", corpus)
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("ingested")
        and "portal-page.pdf" in line
        and "; note: read as a web page (HTML): that is what its content is, not a PDF as its name says;" in line
        for line in lines
    ), result.stdout
    assert sum(line.startswith("ingested") for line in lines) == 4, result.stdout
    docs = {d["doc"]: d for d in json.loads(run("docs", "--index", tmp_path / "index", "--json").stdout)}
    assert docs["portal-page"]["format"] == "html"
    assert (
        docs["portal-page"]["issuer"],
        docs["portal-page"]["doc_no"],
        docs["portal-page"]["published"],
    ) == (
        "平江县人民政府办公室",
        "平政办发〔2026〕12号",
        "2026-04-20",
    )
    assert docs["plan"]["format"] == "ofd" and docs["tasks"]["format"] == "xlsx"
    assert docs["ofd-copy"]["format"] == "ofd"
    # the source panel renders PDF pages only: an OFD saved as .pdf has none, and asking is no error
    knowledge = KnowledgeBase(load_settings(index=tmp_path / "index"))
    clause = next(c for c in knowledge.clauses(doc="ofd-copy") if c.page)
    assert knowledge.source_page(clause) is None


def test_portal_table_with_merged_cells(tmp_path: Path, registry: DepartmentRegistry) -> None:
    table = """<table border="1"><tbody>
<tr><th>序号</th><th>重点任务</th><th>具体任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>
<tr><td colspan="6">一、培育好强科创动能</td></tr>
<tr><td>1</td><td rowspan="2">对接高能级创新体系</td><td>对接标志性工程。争取实验室设立分支机构。</td>
<td rowspan="2">县科工信局</td><td>平江高新区</td><td>2026年12月</td></tr>
<tr><td>2</td><td>争取国省平台布局。建立平台梯度培育机制。</td><td>县发改局、县科协</td><td>—</td></tr>
<tr><td colspan="6">二、培育好兴产业动能</td></tr>
<tr><td>3</td><td>以强链壮群增强产业支撑力</td><td>育强龙头企业。培育亿级产业龙头。</td><td>县科工信局</td>
<td>/</td><td>2027年</td></tr>
</tbody></table>"""
    page = portal_page("utf-8").replace(
        b'</div>\n<div class="attachments">', table.encode() + b'</div>\n<div class="attachments">'
    )
    assert table.encode() in page
    path = tmp_path / "tasks.html"
    path.write_bytes(page)
    doc = load(path)
    texts = [line.text for line in doc.lines]
    start = texts.index("一、培育好强科创动能", 10)
    assert texts[start:] == [
        "一、培育好强科创动能",
        "序号 | 重点任务 | 具体任务 | 牵头单位 | 配合单位 | 完成时限",
        "1 | 对接高能级创新体系 | 对接标志性工程。争取实验室设立分支机构。 | 县科工信局 | 平江高新区 | 2026年12月",
        "2 | 对接高能级创新体系 | 争取国省平台布局。建立平台梯度培育机制。 | 县科工信局 | 县发改局、县科协 | —",
        "二、培育好兴产业动能",
        "序号 | 重点任务 | 具体任务 | 牵头单位 | 配合单位 | 完成时限",
        "3 | 以强链壮群增强产业支撑力 | 育强龙头企业。培育亿级产业龙头。 | 县科工信局 | / | 2027年",
    ]
    rows = [
        c for c in parse(doc, registry).clauses if c.text.startswith(("对接标志性", "争取国省", "育强龙头"))
    ]
    assert [(c.title, c.lead, c.departments, [d.year for d in c.deadlines]) for c in rows] == [
        ("对接高能级创新体系", "县科工信局", ("县科工信局", "平江高新区"), [2026]),
        ("对接高能级创新体系", "县科工信局", ("县科工信局", "县发改局", "县科协"), []),
        ("以强链壮群增强产业支撑力", "县科工信局", ("县科工信局",), [2027]),
    ]


@needs_soffice
def test_doc_keeps_tables_in_body_order(tmp_path: Path, registry: DepartmentRegistry) -> None:
    import docx

    from tests.plan_forms import word97_of

    document = docx.Document()
    document.add_paragraph("一、重点任务")
    document.add_paragraph("（一）推进科技创新。建设创新平台。（县科工信局负责）")
    table = document.add_table(rows=3, cols=4)
    for row, cells in zip(
        table.rows,
        [
            ("序号", "重点任务", "牵头单位", "配合单位"),
            ("1", "建设县域科技创新服务中心", "县科工信局", "县财政局"),
            ("2", "开展科技特派员服务行动", "县农业农村局", "无"),
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("二、保障措施")
    document.add_paragraph("加强组织领导。")
    source = tmp_path / "tasks.docx"
    document.save(str(source))
    converted = word97_of(source, tmp_path / "out")
    doc = load(converted)
    assert doc.format == "doc"
    assert [line.text for line in doc.lines if line.text] == [
        "一、重点任务",
        "（一）推进科技创新。建设创新平台。（县科工信局负责）",
        "序号 | 重点任务 | 牵头单位 | 配合单位",
        "1 | 建设县域科技创新服务中心 | 县科工信局 | 县财政局",
        "2 | 开展科技特派员服务行动 | 县农业农村局 | 无",
        "二、保障措施",
        "加强组织领导。",
    ]
    rows = [c for c in parse(doc, registry).clauses if c.title.startswith(("建设县域", "开展科技"))]
    assert [(c.lead, c.departments) for c in rows] == [
        ("县科工信局", ("县科工信局", "县财政局")),
        ("县农业农村局", ("县农业农村局",)),
    ]


def test_the_app_says_a_file_was_read_as_another_type() -> None:
    from app.render import ingest_markdown
    from kb.load.detect import mismatch_note
    from kb.types import IngestResult

    note = mismatch_note("html", "pdf")
    assert note is not None
    result = IngestResult("corpus/page.pdf", "ingested", "page", 31, 20, load_notes=(note,))
    assert ingest_markdown([result]) == (
        "- ✔ **已导入**：page（31 条条款，20 个部门；按文件内容读作网页，而非文件名所示的PDF）"
    )


@needs_soffice
def test_libreoffice_runs_with_macros_and_links_off(made: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from urllib.parse import unquote, urlparse

    source = write_form("doc", made)  # made before Popen is watched (subprocess is one module for all)
    seen: dict[str, Any] = {}
    real_popen = subprocess.Popen

    def spy(command: list[str], **options: Any) -> Any:
        uri = next(a for a in command if a.startswith("-env:UserInstallation=")).split("=", 1)[1]
        profile = Path(unquote(urlparse(uri).path))
        seen["settings"] = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
        seen["environment"] = options["env"]
        return real_popen(command, **options)

    monkeypatch.setattr("kb.load.office.subprocess.Popen", spy)
    monkeypatch.setenv("KB_LLM_API_KEY", "secret-canary")
    assert load(source).format == "doc"
    for setting in (
        '<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value>',
        '<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value>',
        '<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value>',
    ):
        assert setting in seen["settings"]
    assert "KB_LLM_API_KEY" not in seen["environment"] and "PATH" in seen["environment"]


def test_portal_page_title_names_a_text_without_one(tmp_path: Path, registry: DepartmentRegistry) -> None:
    import html

    lines = plan_lines()
    heading = (
        f'<p style="text-align:left;">{html.escape(lines[0])}</p>\n'
        f'<p style="text-align:center;"><strong>{html.escape(lines[1])}</strong></p>\n'
    ).encode()
    page = portal_page("utf-8")
    assert heading in page
    path = tmp_path / "untitled.html"
    path.write_bytes(
        page.replace(heading, b"")
    )  # the article starts with the preamble, the title is the page's
    parsed = parse(load(path), registry)
    assert parsed.title == "培育好强科创兴产业的动能实施方案"
    assert {c.doc_title for c in parsed.clauses} == {"培育好强科创兴产业的动能实施方案"}
    assert _with_units(parsed) == 31


def test_spreadsheet_cells_read_as_written() -> None:
    import datetime

    assert cell_text(datetime.date(2026, 6, 30)) == "2026年6月30日"
    assert cell_text(0.085, "0.0%") == "8.5%"
    assert cell_text(3.0) == "3" and cell_text(2.5) == "2.5"
    assert cell_text(" 县科工信局\n县财政局 ") == "县科工信局 县财政局"  # as a DOCX cell's two paragraphs
