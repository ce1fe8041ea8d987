"""The plan in the further forms an office holds it in, made from its text (tests/data/plan-attachment3.txt) by
the tests and by bench/formats.py: a page saved from a government portal (UTF-8, GBK), an OFD, a .doc converted
by LibreOffice from the DOCX, and the 任务分解表 as a spreadsheet with merged cells.

Each is built the way the real thing is: the portal page has navigation, a breadcrumb, the 信息公开 metadata table
(索引号/发布机构/文号/成文日期/发布日期), the article as <p> paragraphs and a footer; the OFD is a zip of OFD.xml,
Document.xml and one Content.xml per page, one TextObject per visual line (GB/T 33190: positions in mm, the first
line of a paragraph indented two characters, page numbers at the foot); the spreadsheet has its title row merged
across, each 重点任务 merged over its rows, and `/` in an empty 配合单位 cell.
"""

from __future__ import annotations

import datetime
import html
import io
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
PLAN_TXT = DATA / "plan-attachment3.txt"
PLAN_DOCX = DATA / "plan-attachment3.docx"
GOLDEN: dict[str, Any] = json.loads((DATA / "plan_golden.json").read_text(encoding="utf-8"))

# The page's metadata, as a portal's 信息公开 table gives it (invented for the fixture, shaped like the real ones).
PAGE_META = {
    "索引号": "11430626MB1D45678X/2026-00412",
    "发布机构": "平江县人民政府办公室",
    "文号": "平政办发〔2026〕12号",
    "成文日期": "2026-04-18",
    "发布日期": "2026-04-20",
    "主题分类": "科技、教育",
}


def plan_lines() -> list[str]:
    """The plan's paragraphs, one a line, as written by hand in tests/data/plan-attachment3.txt."""
    return [line for line in PLAN_TXT.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- a page saved from a government portal ---------------------------------------------------------------------

TASK_TABLE_ROWS = (
    ("序号", "重点任务", "牵头单位", "配合单位", "完成时限"),
    ("1", "建设县域科技创新服务中心", "县科工信局", "县财政局、县自然资源局", "2026年12月"),
    ("2", "开展科技特派员服务行动", "县农业农村局", "/", "长期坚持"),
)


def portal_page(charset: str = "utf-8", with_table: bool = False) -> bytes:
    """The plan as a county portal's 信息公开 page, encoded in `charset` as its meta tag says."""
    lines = plan_lines()
    title = lines[1]
    body = "\n".join(f'<p style="text-indent:2em;">{html.escape(line)}</p>' for line in lines[2:])
    if with_table:
        body += "\n<p>附表：重点任务分解表</p>\n" + _html_table(TASK_TABLE_ROWS)
    meta_rows = list(PAGE_META.items())
    meta_table = "\n".join(
        "<tr>"
        + "".join(
            f'<th class="t">{k}：</th><td class="v">{html.escape(v)}</td>' for k, v in meta_rows[i : i + 2]
        )
        + "</tr>"
        for i in range(0, len(meta_rows), 2)
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="SiteName" content="平江县人民政府">
<meta name="ColumnName" content="政府文件">
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="{PAGE_META["发布日期"]} 09:30">
<meta name="ContentSource" content="{PAGE_META["发布机构"]}">
<title>{html.escape(title)}_政府文件_平江县人民政府</title>
<link rel="stylesheet" href="../../images/style.css">
<script src="../../js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; function share() {{ window.open('weibo'); }}</script>
</head>
<body>
<div class="top"><a href="/">平江县人民政府</a> <span>欢迎访问 平江县人民政府门户网站</span>
<a href="/wza/">无障碍</a> <a href="/english/">English</a> <a href="/m/">手机版</a></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zjpj/">走进平江</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/ztzl/">专题专栏</a></li>
</ul></div>
<div class="search"><form action="/search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></div>
<div class="container">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zfwj/">政府文件</a></div>
<div class="xxgk-table"><table class="xxgk">
{meta_table}
<tr><th class="t">名　　称：</th><td class="v" colspan="3">{html.escape(title)}</td></tr>
</table></div>
<div class="article">
<h1 class="article-title">{html.escape(title)}</h1>
<div class="article-info">来源：{PAGE_META["发布机构"]}　发布时间：{PAGE_META["发布日期"]} 09:30　浏览次数：<span id="hits">1024</span>
<a href="javascript:window.print()">【打印】</a> <a href="javascript:share()">【分享】</a></div>
<div class="article-content" id="zoom">
<p style="text-align:left;">{html.escape(lines[0])}</p>
<p style="text-align:center;"><strong>{html.escape(title)}</strong></p>
{body}
</div>
<div class="attachments">相关附件：<a href="/uploads/plan.pdf">培育好强科创兴产业的动能实施方案.pdf</a></div>
</div>
<div class="related"><h3>相关文章</h3><ul>
<li><a href="/a1.html">平江县2025年科技创新工作总结</a></li>
<li><a href="/a2.html">关于开展2026年度科技型企业认定的通知</a></li>
</ul></div>
</div>
<div class="footer"><p>主办单位：平江县人民政府办公室　承办单位：平江县数据局</p>
<p>地址：湖南省岳阳市平江县城关镇　邮编：414500　联系电话：0730-6222222</p>
<p>湘ICP备12345678号-1　湘公网安备 43062602000123号　网站标识码：4306260001</p></div>
</body>
</html>
"""
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else charset)


def _html_table(rows: tuple[tuple[str, ...], ...]) -> str:
    head, *data = rows
    cells = "".join(f"<th>{html.escape(c)}</th>" for c in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in data)
    return f'<table border="1" class="content-table"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'


# --- the 任务分解表 as a spreadsheet ------------------------------------------------------------------------------

_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_GROUP = re.compile(r"^\d+\.\s*")
_ITEM = re.compile(r"^[（(]\d+[）)]\s*")
TASK_SHEET_TITLE = "培育好强科创兴产业的动能实施方案重点任务分解表"
TASK_SHEET_HEADER = ("序号", "重点任务", "具体任务", "牵头单位", "配合单位", "完成时限")


@dataclass(frozen=True)
class TaskRow:
    """One row of the task spreadsheet: a clause of the plan with a department note."""

    section: str  # 一、培育好强科创动能
    task: str  # the 重点任务 (the plan's numbered group): 对接高能级创新体系
    content: str  # the clause as written, without its note: 对接标志性工程。积极争取…
    lead: str
    co: str  # the other units, 、-joined, or "/" for none
    deadline: object  # what the 完成时限 cell holds: text, or a date
    golden: dict[str, Any]


def task_rows() -> list[TaskRow]:
    """The plan's 31 clauses with notes, in order: the task and content from the plan's text, the units from
    the golden notes (written by hand from the plan): the note's first unit leads, the others cooperate."""
    golden = {g["title"]: g for g in GOLDEN["note_clauses"]}
    rows: list[TaskRow] = []
    section = task = ""
    for line in plan_lines():
        if _SECTION.match(line):
            section = line
        elif _GROUP.match(line):
            task = _GROUP.sub("", line)
        elif _ITEM.match(line):
            body = _ITEM.sub("", line)
            title = body.split("。", 1)[0]
            if title not in golden:
                continue
            note = body.rindex("（")  # the note closes the paragraph
            raw = golden[title]["departments_raw"]
            deadline: object = "长期坚持" if len(rows) % 3 == 2 else "2027年12月"
            if len(rows) == 4:
                deadline = datetime.date(2026, 12, 31)  # a date cell, as Excel keeps a typed date
            rows.append(
                TaskRow(
                    section, task, body[:note], raw[0], "、".join(raw[1:]) or "/", deadline, golden[title]
                )
            )
    return rows


def task_workbook(path: Path, rows: list[TaskRow] | None = None) -> Path:
    """The task spreadsheet: title row merged across, a section row merged across before each section's rows,
    each 重点任务 merged over its rows, a 牵头单位 shared by consecutive rows of one task merged too."""
    from openpyxl import Workbook

    rows = task_rows() if rows is None else rows
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "任务分解"
    width = len(TASK_SHEET_HEADER)
    sheet.append([TASK_SHEET_TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(list(TASK_SHEET_HEADER))
    section = ""
    for number, row in enumerate(rows, start=1):
        if row.section != section:
            section = row.section
            sheet.append([section])
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
            )
        sheet.append([number, row.task, row.content, row.lead, row.co, row.deadline])
    _merge_runs(sheet, column=2, first_row=3)
    _merge_runs(sheet, column=4, first_row=3, within=2)
    hidden = workbook.create_sheet("填表说明")
    hidden.append(["本表由各牵头单位于每月5日前报送。"])
    hidden.sheet_state = "hidden"
    workbook.save(path)
    return path


def _merge_runs(sheet: Any, column: int, first_row: int, within: int | None = None) -> None:
    """Merge each run of equal values down `column` (inside one run of column `within`, when given), leaving
    the value in the run's top cell as Excel does."""
    row = first_row
    while row <= sheet.max_row:
        value = sheet.cell(row, column).value
        end = row
        while (
            value is not None
            and end + 1 <= sheet.max_row
            and sheet.cell(end + 1, column).value == value
            and (within is None or sheet.cell(end + 1, within).value == sheet.cell(row, within).value)
        ):
            end += 1
        if end > row:
            for below in range(row + 1, end + 1):
                sheet.cell(below, column).value = None
            sheet.merge_cells(start_row=row, start_column=column, end_row=end, end_column=column)
        row = end + 1


# --- an OFD ---------------------------------------------------------------------------------------------------

_OFD_NS = "http://www.ofdspec.org/2016"
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0  # A4, in millimetres as OFD measures
MARGIN_LEFT, MARGIN_TOP, TEXT_WIDTH = 28.0, 37.0, 156.0
BODY_SIZE, TITLE_SIZE, LINE_STEP = 5.6, 7.8, 10.0  # 三号 and 二号 type, in mm
LINES_PER_PAGE = 22


def _advance(text: str, size: float) -> list[float]:
    return [size if ord(c) > 0x7F else size / 2 for c in text]


def _wrap(text: str, width: float, first_indent: float, size: float) -> list[str]:
    """Lines as a layout engine breaks the paragraph: full lines of the text width, the first one indented,
    never inside a Latin word or a number (`2027`, `8.5%`), a space where the line breaks left at the end of
    the line it ends."""
    lines: list[str] = []
    current, used, room = "", 0.0, width - first_indent
    for token in re.findall(r"[A-Za-z0-9.%+/-]+|.", text):
        advance = sum(_advance(token, size))
        if used + advance > room + 0.01 and token != " " and current:
            lines.append(current)
            current, used, room = "", 0.0, width
        current += token
        used += advance
    return [*lines, current] if current else lines


def plan_ofd() -> bytes:
    """The plan as an OFD, laid out as an office's converter does: one TextObject per visual line."""
    placed: list[tuple[str, float, float]] = []  # (text, x, size), in reading order
    lines = plan_lines()
    placed.append((lines[0], MARGIN_LEFT, BODY_SIZE))  # 附件 3, at the margin
    title_width = sum(_advance(lines[1], TITLE_SIZE))
    placed.append((lines[1], MARGIN_LEFT + (TEXT_WIDTH - title_width) / 2, TITLE_SIZE))  # centred
    for paragraph in lines[2:]:
        indent = 2 * BODY_SIZE
        for index, line in enumerate(_wrap(paragraph, TEXT_WIDTH, indent, BODY_SIZE)):
            placed.append((line, MARGIN_LEFT + (indent if index == 0 else 0.0), BODY_SIZE))
    pages = [placed[i : i + LINES_PER_PAGE] for i in range(0, len(placed), LINES_PER_PAGE)]
    files = {
        "OFD.xml": _ofd_xml(),
        "Doc_0/Document.xml": _document_xml(len(pages)),
        "Doc_0/PublicRes.xml": _public_res(),
    }
    next_id = 10
    for number, page in enumerate(pages):
        content, next_id = _page_content(page, number + 1, next_id)
        files[f"Doc_0/Pages/Page_{number}/Content.xml"] = content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _ofd_xml() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="{_OFD_NS}" Version="1.0" DocType="OFD">
  <ofd:DocBody>
    <ofd:DocInfo>
      <ofd:DocID>6c4e2a0f3b7d4a1e9f5c8b2d1a0e7f36</ofd:DocID>
      <ofd:Title>{html.escape(plan_lines()[1])}</ofd:Title>
      <ofd:Author>平江县人民政府办公室</ofd:Author>
      <ofd:CreationDate>2026-04-18</ofd:CreationDate>
      <ofd:Creator>OFD Writer</ofd:Creator>
    </ofd:DocInfo>
    <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
  </ofd:DocBody>
</ofd:OFD>
"""


def _document_xml(pages: int) -> str:
    entries = "\n".join(
        f'    <ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(pages)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document xmlns:ofd="{_OFD_NS}">
  <ofd:CommonData>
    <ofd:MaxUnitID>9999</ofd:MaxUnitID>
    <ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}</ofd:PhysicalBox></ofd:PageArea>
    <ofd:PublicRes>PublicRes.xml</ofd:PublicRes>
  </ofd:CommonData>
  <ofd:Pages>
{entries}
  </ofd:Pages>
</ofd:Document>
"""


def _public_res() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res xmlns:ofd="{_OFD_NS}" BaseLoc="Res">
  <ofd:Fonts>
    <ofd:Font ID="2" FontName="仿宋_GB2312" FamilyName="仿宋"/>
    <ofd:Font ID="3" FontName="方正小标宋简体" FamilyName="方正小标宋简体"/>
  </ofd:Fonts>
</ofd:Res>
"""


def _page_content(lines: list[tuple[str, float, float]], number: int, next_id: int) -> tuple[str, int]:
    objects = []
    for row, (text, x, size) in enumerate([*lines, (f"— {number} —", 0.0, BODY_SIZE)]):
        footer = row == len(lines)
        width = sum(_advance(text, size))
        if footer:  # the page number, centred at the foot
            x, top = (PAGE_WIDTH - width) / 2, PAGE_HEIGHT - 22.0
        else:
            top = MARGIN_TOP + row * LINE_STEP
        deltas = " ".join(f"{a:g}" for a in _advance(text, size)[:-1])
        font = 3 if size == TITLE_SIZE else 2
        objects.append(
            f'      <ofd:TextObject ID="{next_id}" Boundary="{x:.3f} {top:.3f} {width:.3f} {size * 1.2:.3f}" '
            f'Font="{font}" Size="{size:g}">\n'
            f'        <ofd:FillColor Value="0 0 0"/>\n'
            f'        <ofd:TextCode X="0" Y="{size * 0.88:.3f}" DeltaX="{deltas}">{html.escape(text)}</ofd:TextCode>\n'
            f"      </ofd:TextObject>"
        )
        next_id += 1
    body = "\n".join(objects)
    page = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page xmlns:ofd="{_OFD_NS}">
  <ofd:Content>
    <ofd:Layer ID="{next_id}">
{body}
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>
"""
    return page, next_id + 1


# --- Word 97 through LibreOffice, and every generated form by name --------------------------------------------


def soffice() -> str | None:
    """The LibreOffice program, where installed (`make test` installs it: SYSTEM_PACKAGES)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def plan_doc(folder: Path) -> Path:
    """The DOCX saved as Word 97 (.doc) by LibreOffice, as an office that still saves .doc has it."""
    return word97_of(PLAN_DOCX, folder)


def word97_of(docx: Path, folder: Path) -> Path:
    """`docx` saved as Word 97 (.doc) by LibreOffice into `folder`, under the same stem."""
    program = soffice()
    assert program is not None, "LibreOffice is not installed"
    with tempfile.TemporaryDirectory(prefix="kb-test-soffice-") as profile:
        subprocess.run(
            [
                program,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "doc:MS Word 97",
                "--outdir",
                str(folder),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return folder / f"{docx.stem}.doc"


GENERATED_FORMS = ("html", "gbk.html", "ofd", "doc", "wps")
NEEDS_SOFFICE = ("doc", "wps")


def write_form(form: str, folder: Path) -> Path:
    """The plan in `form` (one of GENERATED_FORMS) written into `folder` as plan-attachment3.<form>."""
    path = folder / f"plan-attachment3.{form}"
    if path.exists():
        return path
    if form == "html":
        path.write_bytes(portal_page("utf-8"))
    elif form == "gbk.html":
        path.write_bytes(portal_page("gbk"))
    elif form == "ofd":
        path.write_bytes(plan_ofd())
    elif form == "doc":
        plan_doc(folder)
    elif form == "wps":
        # WPS Office's .wps is the Word 97 binary format in an OLE2 file: the .doc under a .wps name
        path.write_bytes(write_form("doc", folder).read_bytes())
    else:
        raise ValueError(f"unknown form {form}")
    return path
