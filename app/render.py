"""Rendering for the app: typed values from `kb` (Answer, Clause, DocInfo, IngestResult) → markdown and rows.

Pure functions, no Gradio and no I/O, so each view can be tested on real answers. Every piece of text that
comes from a document, a question or an answer passes through `escape_text` before it is placed in markdown:
the page shows it as text, never as markup, links or HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from kb.browse import PlaceDocuments, UnitRanking, by_document
from kb.export.answer_text import used_and_related
from kb.export.matrix import Matrix
from kb.load.detect import FORMAT_NAMES
from kb.page_image import PageImage
from kb.parse.notes import balanced_groups
from kb.titles import short_title
from kb.types import Answer, Clause, DocInfo, Hit, IngestResult
from kb.unit import NO_PLACE, PlacedClauses, Unit, placed

PATH_SEPARATOR = " › "
ROLE_LEAD = "牵头"
ROLE_SHARED = "配合"
ROLE_COLOURS = {ROLE_LEAD: "#d97706", ROLE_SHARED: "#60a5fa"}  # the chart's bars, the matrix's cells alike
CHART_KEY = (
    '<p class="chart-key"><span class="swatch swatch-lead"></span>牵头　'
    '<span class="swatch swatch-shared"></span>配合　（每个部门一根柱，按条款数从多到少）</p>'
)
ROLES_DEFINED = "**牵头**：对任务负总责的单位（括注中通常列在第一位）；**配合**：按职责分工参与的其他单位。"

# ASCII punctuation that markdown (or Gradio's LaTeX/autolink handling) can give a meaning to. `:` is included
# so that `http://…` in a document stays text instead of becoming a link.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:=^])")


def escape_text(text: str) -> str:
    """Markdown that displays `text` literally: HTML characters as entities, markdown syntax backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def code_span(text: str) -> str:
    """`text` as a markdown code span shown literally: the fence is one backtick longer than any run of
    backticks inside, so a clause id holding "`<img …>`" cannot close the span and become markup."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {' '.join(text.split())} {fence}"


def escape_cell(text: str) -> str:
    """`escape_text` for a markdown table cell: a line break would end the row."""
    return escape_text(" ".join(text.split()))


def clause_link(clause_id: str) -> str:
    """Relative URL that opens the document view at this clause (read by the app on page load)."""
    return f"?clause={quote(clause_id, safe='')}"


def outline_path(clause: Clause) -> str:
    """The outline labels top-down: `一、… › （二）重点任务 › 2. … › （2）新材料产业` (plain text)."""
    return PATH_SEPARATOR.join(clause.path) if clause.path else clause.title


def clause_label(clause: Clause) -> str:
    """Short label of a clause in lists: its own outline label, with the part for split paragraphs."""
    label = clause.path[-1] if clause.path else clause.title
    return label if clause.part == 1 else f"{label}（第{clause.part}部分）"


def note_span(clause: Clause) -> tuple[int, int] | None:
    """Where the department note sits in the clause text: the last bracketed group naming the lead as written.

    Brackets are matched by balance: names may hold brackets themselves (`省市场监管局（省知识产权局）`).
    """
    if not clause.departments_raw:
        return None
    first = clause.departments_raw[0]
    for start, end in reversed(balanced_groups(clause.text)):
        if first in clause.text[start:end]:
            return start, end
    return None


def clause_text_markdown(clause: Clause) -> str:
    """The clause text, escaped, with its department note highlighted."""
    span = note_span(clause)
    if span is None:
        return escape_text(clause.text)
    start, end = span
    before, note, after = clause.text[:start], clause.text[start:end], clause.text[end:]
    return f"{escape_text(before)}<mark>{escape_text(note)}</mark>{escape_text(after)}"


def page_label(page: int | None) -> str:
    return f"第 {page} 页" if page is not None else "无页码"


def document_title_markdown(title: str) -> str:
    """A document named by its short title (kb.titles) in 《》, the full title shown on hover."""
    short = short_title(title)
    if short == title:
        return f"《{escape_text(title)}》"
    return f'<span title="{html.escape(title, quote=True)}">《{escape_text(short)}》</span>'


def citation_card(clause: Clause, index: int, score: float | None = None, place: str | None = None) -> str:
    """One cited clause as a markdown card (a block quote): title, place, document, outline path, page, text —
    what a reader uses to find it. No clause id and no retrieval score: an id is the program's name for the clause,
    and a score (0.98 on a clause that does not answer) reads as a confidence it is not. `score` is kept for
    callers. The document is named by its short title, the full one on hover."""
    link = f"[查看原文]({clause_link(clause.id)})"
    heading = f"**\\[{index}\\] {escape_text(clause.title)}** · {link}"
    document = document_title_markdown(clause.doc_title)
    where = f"{escape_text(place)} · " if place else ""
    source = f"{where}{document} · {escape_text(outline_path(clause))} · {page_label(clause.page)}"
    lines = [heading, source, "", clause_text_markdown(clause)]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def departments_banner(answer: Answer) -> str:
    """Lead and co-responsible departments, shown first and large; empty when the answer names none."""
    if answer.abstained:
        return ""
    if answer.intent == "responsibility" and answer.others is not None:
        named = answer.leads or ((answer.lead,) if answer.lead else ())
        lead = "、".join(escape_text(name) for name in named) if named else "（未写明）"
        others = "、".join(escape_text(name) for name in answer.others) or "无"
        return f"### 牵头单位：{lead}\n**配合单位：** {others}"
    if answer.intent == "department_tasks" and answer.department:
        leads = sum(1 for hit in answer.citations if hit.clause.led_by(answer.department))
        shared = len(answer.citations) - leads
        return f"### {escape_text(answer.department)}：牵头 {leads} 条 · 配合 {shared} 条"
    return ""


def answer_markdown(answer: Answer, places: Mapping[str, str | None] | None = None) -> str:
    """A whole answer for the chat: departments first, then the answer, then the cited clauses as cards (each
    with its document's place, from `places`: document id → place).

    An abstention starts with a warning line and calls its clauses "nearest", not evidence.
    """
    places = places or {}
    parts: list[str] = []
    if answer.resolved:
        parts.append(f"*理解为：{escape_text(answer.resolved)}*")
    parts += [f"> ⓘ {escape_text(notice)}" for notice in answer.notices]  # a document superseded (kb.docstate)
    if answer.abstained:
        parts.append("#### ⚠️ 未找到依据")
        if answer.scope:
            parts.append(filtered_out_line(answer))
        parts.append(escape_text(answer.answer))
        if answer.citations:
            parts.append("**以下条款可能相关，仅供核对：**")
    else:
        if answer.scope:
            parts.append(scope_prefix(answer.scope))
        banner = departments_banner(answer)
        if banner:
            parts.append(banner)
        parts += llm_parts(answer)
        parts.append(escape_text(answer.answer))
        answering, related = split_citations(answer)
        if answering:
            parts.append(f"**依据条款（{len(answering)}）：**")
            parts.extend(_cards(answering, places=places))
        if related:
            # Weaker matches folded away: the answer's own clauses come first and stay in view.
            parts.append(f"<details><summary>其他相关条款（{len(related)}）</summary>")
            parts.extend(_cards(related, start=len(answering) + 1, places=places))
            parts.append("</details>")
        return "\n\n".join(parts)
    parts.extend(_cards(answer.citations, places=places))
    return "\n\n".join(parts)


def llm_parts(answer: Answer) -> list[str]:
    """The model's checked wording (and its note), shown above the offline answer; nothing without a model."""
    if answer.llm is None:
        return []
    if answer.llm.text:
        return [
            "**模型的说法（每句已核对所引条款）：**",
            escape_text(answer.llm.text),
            "**依据条款元数据的答案：**",
        ]
    if answer.llm.note:
        return [f"ℹ️ {escape_text(answer.llm.note)}"]
    return ["*模型正在作答……*"]


def split_citations(answer: Answer) -> tuple[tuple[Hit, ...], tuple[Hit, ...]]:
    """The clauses that answer and the weaker matches shown after them — decided once, in kb, for the chat,
    the copy and the exports alike (kb.export.answer_text.used_and_related)."""
    return used_and_related(answer)


def scope_label(scope: Sequence[str]) -> str:
    """The active filters in one phrase: 《title》 · 县林业局."""
    return "、".join(scope)


def scope_prefix(scope: Sequence[str]) -> str:
    """ "在《…》中：" opening an answer the filters shaped; empty without filters."""
    return f"**在{escape_text(scope_label(scope))}中：**" if scope else ""


def filtered_out_line(answer: Answer) -> str:
    """Why a filtered question found nothing, and whether all documents would have answered it."""
    where = escape_text(scope_label(answer.scope))
    if answer.outside:
        return f"**所选范围（{where}）中没有相关条款，全部文件中有 {answer.outside} 条。** 可把筛选改为“全部”后再问。"
    return f"**所选范围（{where}）中没有相关条款，全部文件中也没有。**"


def active_filters_markdown(scope: Sequence[str]) -> str:
    """The line beside the question box naming the filters every answer will be shaped by."""
    if not scope:
        return "当前范围：全部文件、全部部门"
    return f"当前范围：**{escape_text(scope_label(scope))}**（回答只依据所选范围）"


def active_filters_label(scope: Sequence[str]) -> str:
    """The composer's scope line as plain text (it labels the fold that holds the filters): documents by their
    short titles."""
    if not scope:
        return "当前范围：全部文件、全部部门（点击更改）"
    named = [f"《{short_title(s[1:-1])}》" if s.startswith("《") and s.endswith("》") else s for s in scope]
    return f"当前范围：{scope_label(named)}（回答只依据所选范围，点击更改）"


def _cards(hits: Sequence[Hit], start: int = 1, places: Mapping[str, str | None] | None = None) -> list[str]:
    places = places or {}
    return [
        citation_card(hit.clause, i, hit.score, places.get(hit.clause.doc))
        for i, hit in enumerate(hits, start)
    ]


@dataclass(frozen=True)
class DepartmentDuties:
    """A department's clauses split by role."""

    department: str
    leads: tuple[Clause, ...]
    shares: tuple[Clause, ...]
    shown: str | None = None  # the unit as its heading names it (with its place when several are indexed)


def department_duties(
    department: str, clauses: Iterable[Clause], shown: str | None = None
) -> DepartmentDuties:
    """Group the clauses naming `department` (canonical) into those it leads and those it shares; `clauses`
    are its place's (kb.unit): another place's unit of that name is another unit."""
    named = [c for c in clauses if department in c.departments]
    return DepartmentDuties(
        department=department,
        leads=tuple(c for c in named if c.led_by(department)),
        shares=tuple(c for c in named if not c.led_by(department)),
        shown=shown,
    )


def units_of_places_markdown(units: Sequence[Unit], clauses: PlacedClauses) -> str:
    """A name several places' documents write: one line per place's unit with its own counts, to choose one
    (never one sum: two cities' 市财政局 are two bodies)."""
    lines = [
        f"**“{escape_text(units[0].name)}”在 {len(units)} 个地方的文件中都有，各是当地的单位。**"
        "请在列表中选择带地名的一项：",
        "",
    ]
    for unit in units:
        own = clauses.clauses_of(unit)
        led = sum(1 for c in own if c.led_by(unit.name))
        lines.append(f"- **{escape_text(unit.label)}**：牵头 {led} 条 · 配合 {len(own) - led} 条")
    return "\n".join(lines)


FOLD_ROWS = 8  # a document's table of a unit's clauses longer than this is folded, its count in view


def department_markdown(duties: DepartmentDuties, places: Mapping[str, str | None] | None = None) -> str:
    """A unit's page, short by default: its counts, then its clauses by role and by document (a table per
    document, folded when long), links into the document view; the full texts folded at the end."""
    places = places or {}
    total = len(duties.leads) + len(duties.shares)
    documents = len({c.doc for c in (*duties.leads, *duties.shares)})
    parts = [
        f"## {escape_text(duties.shown or duties.department)}",
        f"共 **{total}** 条：牵头 **{len(duties.leads)}** 条，配合 **{len(duties.shares)}** 条"
        + (f"，涉及 {documents} 个文件。" if documents else "。"),
        ROLES_DEFINED,
    ]
    for role, clauses in (("牵头的条款", duties.leads), ("配合的条款", duties.shares)):
        parts.append(f"### {role}（{len(clauses)}）")
        parts.extend(_duties_by_document(clauses, places) if clauses else ["（无）"])
    if total:
        everything = duties.leads + duties.shares
        parts.append(f"<details><summary>条款原文（{total} 条，点击展开）</summary>")
        parts.extend(citation_card(c, i, place=places.get(c.doc)) for i, c in enumerate(everything, 1))
        parts.append("</details>")
    return "\n\n".join(parts)


def _duties_by_document(clauses: Sequence[Clause], places: Mapping[str, str | None]) -> list[str]:
    """A heading and a table per document; a long table folded under a line that says how many rows it holds."""
    parts: list[str] = []
    for _, own in by_document(clauses):
        place = places.get(own[0].doc)
        where = f"{escape_text(place)} · " if place else ""
        heading = f"{where}{document_title_markdown(own[0].doc_title)}（{len(own)} 条）"
        if len(own) > FOLD_ROWS:
            parts += [f"<details><summary>{heading}，点击展开</summary>", _duty_table(own), "</details>"]
        else:
            parts += [f"**{heading}**", _duty_table(own)]
    return parts


def _duty_table(clauses: Sequence[Clause]) -> str:
    if not clauses:
        return "（无）"
    rows = ["| 序号 | 条款 | 大纲路径 | 牵头单位 | 配合单位 | 页码 |", "|---|---|---|---|---|---|"]
    for i, c in enumerate(clauses, 1):
        link = f"[{escape_cell(c.title)}]({clause_link(c.id)})"
        others = "、".join(escape_cell(d) for d in c.others) or "—"
        lead = escape_cell(c.leads_label()) if c.leads else "—"
        page = str(c.page) if c.page is not None else "—"
        cells = [str(i), link, escape_cell(outline_path(c)), lead, others, page]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


@dataclass(frozen=True)
class DepartmentCount:
    """How many clauses a unit leads and shares (across the given clauses); `department` is its name as shown:
    with its place when several places are counted."""

    department: str
    leads: int
    shares: int
    unit: Unit | None = None

    @property
    def total(self) -> int:
        return self.leads + self.shares


def department_counts(
    clauses: Iterable[Clause], places: Mapping[str, str | None] | None = None
) -> list[DepartmentCount]:
    """Every unit named in the clauses, most clauses first (ties in order of first appearance). With `places`
    (document id → place) naming more than one place, a unit is of its place and named with it
    (`县商务局（苍南县）`): two counties' 县商务局 are two units (kb.unit)."""
    units = placed(clauses, places or {})
    return [DepartmentCount(c.unit.shown(units.several), c.leads, c.shares, c.unit) for c in units.counts()]


def department_choices(clauses: Iterable[Clause], places: Mapping[str, str | None]) -> list[tuple[str, str]]:
    """The department picker's (label, value) pairs, grouped by place (places as met, unknown place last),
    busiest first within a place; the label names the place when several are indexed (`市财政局（南充市）`)."""
    units = placed(clauses, places)
    return [
        (c.unit.shown(units.several), c.unit.shown(units.several))
        for counts in units.by_place().values()
        for c in counts
    ]


def overview_markdown(counts: Sequence[DepartmentCount]) -> str:
    """The overview as a table: department, led, shared, total."""
    if not counts:
        return "索引中还没有写明责任部门的条款。"
    places = list(dict.fromkeys(c.unit.where for c in counts if c.unit))
    if len(places) < 2:
        rows = [ROLES_DEFINED, "", "| 部门 | 牵头 | 配合 | 合计 |", "|---|---:|---:|---:|"]
        rows += [f"| {escape_cell(c.department)} | {c.leads} | {c.shares} | {c.total} |" for c in counts]
        return "\n".join(rows)
    rows = [ROLES_DEFINED]  # several places: a table per place, each unit counted in its own place only
    for place in sorted(places, key=lambda p: p == NO_PLACE):
        own = [c for c in counts if c.unit and c.unit.where == place]
        rows += ["", f"#### {escape_text(place)}（{len(own)} 个部门）", "", "| 部门 | 牵头 | 配合 | 合计 |"]
        rows.append("|---|---:|---:|---:|")
        rows += [
            f"| {escape_cell(c.unit.name)} | {c.leads} | {c.shares} | {c.total} |" for c in own if c.unit
        ]
    return "\n".join(rows)


def chart_label(shown: int, total: int) -> str:
    """The overview chart's title: how many of how many units it draws."""
    return "各部门条款数" if shown == total else f"条款最多的 {shown} 个部门（共 {total} 个）"


def ranking_markdown(ranking: UnitRanking, several_places: bool) -> str:
    """The busiest units of a place, or of all places (each named with its place), as a table; says how many
    there are in all and how to see the rest."""
    if not ranking.shown:
        return "索引中还没有写明责任部门的条款。"
    where = ranking.place or "全部地区"
    if len(ranking.shown) < ranking.total:
        heading = (
            f"#### {escape_text(where)}：条款最多的 {len(ranking.shown)} 个部门（共 {ranking.total} 个）"
        )
        more = "选择上方的地区可查看该地区的全部部门，或在“部门”中输入名称查找。"
    else:
        heading, more = f"#### {escape_text(where)}（{ranking.total} 个部门）", ""
    rows = [heading, "", "| 部门 | 牵头 | 配合 | 合计 |", "|---|---:|---:|---:|"]  # 牵头/配合 defined above
    for c in ranking.shown:
        name = c.unit.shown(several_places) if ranking.place is None else c.unit.name
        rows.append(f"| {escape_cell(name)} | {c.leads} | {c.shares} | {c.total} |")
    return "\n".join([*rows, "", more]) if more else "\n".join(rows)


MATRIX_BY_PLACE = (
    "<p>文件和部门较多：请在上方选择一个地区，查看该地区的部门 × 文件职责矩阵（或下载完整矩阵）。</p>"
)
MATRIX_KEY = (
    '<p class="matrix-key"><span class="cell-lead">牵头 2</span> 该部门牵头的条款数（“·配合”后为配合的条款数）　'
    '<span class="cell-shared">配合 1</span> 只配合、不牵头　<span class="cell-none">—</span> 该文件未提及</p>'
)


def matrix_html(m: Matrix, places: Mapping[str, str | None]) -> str:
    """The department × document matrix, compact, its key above it: one table per place (`places`: document
    id → its place), columns that place's documents, rows that place's units (two places' 市财政局 are two
    rows, each under its place). HTML (gr.HTML) so that a cell can carry its colour; every name escaped."""
    if not m.departments:
        return "<p>索引中还没有写明责任部门的条款。</p>"
    if m.units:
        groups = [(place, rows, cols) for place, rows, cols in m.by_place()]
    else:  # a matrix counted without places: rows by the documents that name them
        columns_of: dict[str, list[int]] = {}
        for j, doc in enumerate(m.docs):
            columns_of.setdefault(places.get(doc) or NO_PLACE, []).append(j)
        groups = [
            (
                place,
                [i for i in range(len(m.departments)) if any(m.lead[i][j] or m.shared[i][j] for j in cols)],
                cols,
            )
            for place, cols in columns_of.items()
        ]
    parts = [MATRIX_KEY]
    ordered = sorted(groups, key=lambda group: group[0] == NO_PLACE)  # stable: places first as met
    for place, rows, columns in ordered:
        parts.append(f"<h4>{html.escape(place)}（{len(columns)} 个文件，{len(rows)} 个部门）</h4>")
        head = "".join(_matrix_column(m.doc_titles[j]) for j in columns)
        body = [
            f'<tr><th scope="row">{html.escape(m.units[i].name if m.units else m.departments[i])}</th>'
            + "".join(_matrix_cell(m.lead[i][j], m.shared[i][j]) for j in columns)
            + "</tr>"
            for i in rows
        ]
        parts.append(
            # a box that scrolls sideways on a phone is reached by keyboard too (axe: scrollable-region-focusable)
            f'<div class="matrix-scroll" tabindex="0" role="region" aria-label="{html.escape(place)}职责矩阵">'
            f'<table class="duty-matrix"><thead><tr><th scope="col">部门</th>{head}'
            f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )
    return "".join(parts)


def _matrix_column(title: str) -> str:
    """A document's column heading: its short title, the full one on hover."""
    full = html.escape(title, quote=True)
    return f'<th scope="col" title="{full}">《{html.escape(short_title(title))}》</th>'


def _matrix_cell(lead: int, shared: int) -> str:
    if lead:
        more = f" · 配合 {shared}" if shared else ""
        return f'<td class="cell-lead">牵头 {lead}{more}</td>'
    if shared:
        return f'<td class="cell-shared">配合 {shared}</td>'
    return '<td class="cell-none">—</td>'


def overview_records(counts: Sequence[DepartmentCount]) -> list[dict[str, str | int]]:
    """Long-format records for a stacked bar chart: one per department and role."""
    records: list[dict[str, str | int]] = []
    for c in counts:
        records.append({"部门": c.department, "角色": ROLE_LEAD, "条数": c.leads})
        records.append({"部门": c.department, "角色": ROLE_SHARED, "条数": c.shares})
    return records


def outline_markdown(clauses: Sequence[Clause]) -> str:
    """A document's outline as a nested list, each item linking to the clause view."""
    if not clauses:
        return "（没有条款）"
    lines = []
    depth = 0
    for clause in clauses:
        # Markdown nests one level per item at most; a skipped level would turn the item into plain text.
        depth = min(len(clause.number), depth + 1)
        indent = "  " * (depth - 1)
        label = escape_text(clause_label(clause))
        lead = f" — {escape_text(clause.leads_label())}" if clause.leads else ""
        lines.append(f"{indent}- [{label}]({clause_link(clause.id)}){lead}")
    return "\n".join(lines)


def clause_detail_markdown(clause: Clause) -> str:
    """A clause's full text with its metadata."""
    lines = [
        f"### {escape_text(clause_label(clause))}",
        f"《{escape_text(clause.doc_title)}》 · {page_label(clause.page)}",
        "",
        f"**大纲路径：** {escape_text(outline_path(clause))}",
        f"**标题：** {escape_text(clause.title)}",
    ]
    if clause.ocr_confidence is not None:  # a scan's text may hold misread characters: the reader is told
        lines.append(
            f"**来源：** 扫描件，文字由 OCR 识别（置信度 {clause.ocr_confidence:.2f}），请以原件页面为准"
        )
    if clause.departments:
        lines.append(f"**牵头单位：** {escape_text(clause.leads_label() or '（未写明）')}")
        if clause.departments_implied:
            implied = "、".join(escape_text(d) for d in clause.departments_implied)
            lines.append(f"**文件统一规定的落实单位：** {implied}")
        lines.append(f"**配合单位：** {'、'.join(escape_text(d) for d in clause.others) or '无'}")
        if clause.departments_raw != clause.departments:
            lines.append(f"**原文写法：** {'、'.join(escape_text(d) for d in clause.departments_raw)}")
    if clause.indicators:
        targets = "；".join(f"{i.name} {i.display()}" for i in clause.indicators)
        lines.append(f"**指标：** {escape_text(targets)}")
    if clause.deadlines:
        lines.append(f"**时限：** {escape_text('、'.join(d.text for d in clause.deadlines))}")
    lines += ["", clause_text_markdown(clause)]
    return "  \n".join(lines)


def source_panel_markdown(clauses: Sequence[Clause], focus: int) -> str:
    """The source panel: the cited clause in full with its metadata, between the clauses around it in the
    document (shown smaller, as context)."""
    if focus < 0 or focus >= len(clauses):
        return "没有找到这一条款。"
    parts = [f"#### 《{escape_text(clauses[focus].doc_title)}》原文"]
    for i, clause in enumerate(clauses):
        if i == focus:
            parts.append("---")
            parts.append(clause_detail_markdown(clause))
            parts.append("---")
        else:
            label = escape_text(clause_label(clause))
            parts.append(f"<small>{label}　{escape_text(clause.text)}</small>")
    return "\n\n".join(parts)


def page_caption(image: PageImage | None) -> str:
    """The line above the page image in the source panel: which page, and whether the clause was found on it."""
    if image is None:
        return ""
    if not image.found:
        return f"原件第 {image.page} 页（未能在页面上定位条款文字，请对照下方摘录）"
    more = f"，条款在第 {image.page + 1} 页继续" if image.continues else ""
    return f"原件第 {image.page} 页，条款所在区域已用黄色标出{more}"


def clause_choices(clauses: Sequence[Clause]) -> list[tuple[str, str]]:
    """(label, clause id) pairs for a clause picker: the outline number and label, indented by level."""
    return [(f"{'　' * (len(c.number) - 1)}{clause_label(c)}", c.id) for c in clauses]


OPEN_ALL = 6  # documents: up to this many, every place's group is shown open on the first screen


def welcome_markdown(docs: Sequence[DocInfo]) -> str:
    """The first screen's opening: what the app is for, and how many documents of how many places it holds."""
    intro = (
        "按条款回答关于已载入政策文件的问题：谁牵头、谁配合、目标多少、何时完成，"
        "每个回答都附原文出处。可在下方选择只查某个文件或部门，也可以接着追问（如“那配合单位呢？”）。"
    )
    if not docs:
        return f"{intro}\n\n**还没有载入文件**：请在“文件”页上传。"
    places = len({d.place or NO_PLACE for d in docs})
    return f"{intro}\n\n**已载入 {len(docs)} 个文件**，来自 {places} 个地区："


def document_groups_markdown(groups: Sequence[PlaceDocuments], total: int, query: str = "") -> str:
    """The documents by place (kb.browse.documents_by_place), each place a folded group with its count. A few
    documents, or those a search found, are shown open; many are folded whole under one line (the places then
    flow side by side), so that the first screen stays one screen at 70 documents. HTML, every name escaped."""
    if not total:
        return ""
    searched = bool(query.strip())
    if not groups:
        return f"<p>没有找到含“{html.escape(query.strip())}”的文件。</p>"
    opened = searched or total <= OPEN_ALL
    places = "".join(_place_group(group, opened) for group in groups)
    if opened:
        found = sum(len(g.docs) for g in groups)
        lead = f"<p>找到 {found} 个文件：</p>" if searched else ""
        return f'{lead}<div class="place-groups">{places}</div>'
    return (
        f'<details class="all-documents"><summary>按地区查看全部 {total} 个文件（{len(groups)} 个地区，'
        f'点击展开；也可在上方输入查找）</summary><div class="place-groups folded">{places}</div></details>'
    )


def _place_group(group: PlaceDocuments, opened: bool) -> str:
    items = "".join(f"<li>{_document_line(d)}</li>" for d in group.docs)
    summary = f"{html.escape(group.place)}（{len(group.docs)} 个文件）"
    return f'<details class="place"{" open" if opened else ""}><summary>{summary}</summary><ul>{items}</ul></details>'


def _document_line(d: DocInfo) -> str:
    """A document in the first screen's list: short title (the full one on hover), 文号, clauses, when loaded."""
    short = short_title(d.title)
    title = f'<span title="{html.escape(d.title, quote=True)}">《{html.escape(short)}》</span>'
    number = f" · {html.escape(d.doc_no)}" if d.doc_no else ""
    return f"{title}{number} · {d.clauses} 条条款 · {html.escape(d.ingested_at[:10])} 载入"


def unread_notes_markdown(doc: DocInfo | None, clauses: Sequence[Clause] = ()) -> str:
    """The notes of a document that were not read whole, each under its clause's outline path (from `clauses`,
    the document's; never the clause id), for the document view."""
    if doc is None or not doc.unread_notes:
        return ""
    paths = {c.id: outline_path(c) for c in clauses}
    lines = [
        f"**{len(doc.unread_notes)} 条责任分工未能识别**（已识别的单位保留在条款中，其余请对照原文核对）："
    ]
    lines += [
        f"- {escape_text(paths[n.clause_id]) + '：' if n.clause_id in paths else ''}{html.escape(n.text)}"
        for n in doc.unread_notes
    ]
    return "\n".join(lines) + "\n\n"


def ingest_step(number: int, files: int, name: str, stage: str, done: int, total: int) -> str:
    """The line beside the upload's progress bar: which file, which stage, how many clauses indexed."""
    which = f"第 {number}/{files} 个文件 {name}"
    if stage == "read":
        return f"{which}：读取并切分条款……"
    if stage == "ocr":
        return f"{which}：识别扫描页（OCR），已完成 {done}/{total} 页"
    if stage == "embed":
        return f"{which}：建立索引，已完成 {done}/{total} 条条款"
    return f"{which}：写入索引（{total} 条条款）"


def _warned(warnings: Sequence[str]) -> str:
    """An ingested file's warnings, in Chinese (kb.isolate's one kind today: bytes of a UTF-8 text that did not
    decode, the count leading the message)."""
    counts = [m.group(1) for w in warnings if (m := re.match(r"(\d[\d,]*) bytes? not valid UTF-8", w))]
    return "".join(f"；注意：文件中有 {count} 个字节无法按 UTF-8 解码，显示为 �" for count in counts)


def ingest_markdown(results: Sequence[IngestResult]) -> str:
    """What happened to each uploaded file; refusals show the ingestion error as written."""
    if not results:
        return "没有选择文件。"
    lines = []
    # Symbols from ordinary text fonts: colour emoji are missing on many office machines (and here).
    for r in results:
        if r.status == "refused":
            lines.append(f"- ✘ **未导入**：{escape_text(r.error or r.path)}")
        elif r.status == "unchanged":
            lines.append(f"- ＝ **内容未变**：{escape_text(r.doc_id or r.path)}（已在索引中）")
        else:
            found = f"{r.clauses} 条条款，{r.departments} 个部门"
            notes = "".join(f"；{note_zh(note)}" for note in r.load_notes)
            lines.append(
                f"- ✔ **已导入**：{escape_text(r.doc_id or r.path)}（{found}{escape_text(notes)}{_warned(r.warnings)}）"
            )
    return "\n".join(lines)


FORMATS_ZH = {
    "pdf": "PDF",
    "docx": "Word 文档（.docx）",
    "doc": "Word 97 文档（.doc）",
    "wps": "WPS 文档（.wps）",
    "ofd": "OFD 版式文件",
    "html": "网页",
    "xlsx": "Excel 表格（.xlsx）",
    "txt": "纯文本",
    "md": "纯文本",
}


def note_zh(note: str) -> str:
    """A loader's note (kb.load.detect.mismatch_note) for the Chinese page; other notes as written."""
    read_as = next((f for f, name in FORMAT_NAMES.items() if note.startswith(f"read as {name}:")), None)
    named = next((f for f, name in FORMAT_NAMES.items() if note.endswith(f"not {name} as its name says")), None)
    if read_as is None or named is None:
        return note
    return f"按文件内容读作{FORMATS_ZH[read_as]}，而非文件名所示的{FORMATS_ZH[named]}"
