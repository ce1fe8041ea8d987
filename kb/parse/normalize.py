"""Normalizing: a `SourceDoc`'s lines become paragraphs as a reader sees them.

- PDF visual wraps are joined (they split words and department names: 县科 / 协), page numbers and headers or
  footers repeated on most pages are dropped;
- a TXT copied out of a viewer has blank lines where pages broke, even mid-sentence: an unfinished paragraph
  followed by text that does not start a numbered item is continued; markdown `**bold**` markers are removed;
- nothing else is changed: `(1)` and `（1）` stay as written, spacing inside a line is kept.

A new paragraph starts at an indented PDF line, and at a line beginning with an outline number (一、 （一） 1.
（1） ① 第X条) when the previous line ended a paragraph or was a heading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kb.parse.notes import is_note_line, opens_label_line
from kb.parse.page_lines import is_page_meta_line
from kb.types import Line, Paragraph, SourceDoc

_CN_NUMBER = "一二三四五六七八九十百零〇"
OUTLINE_NUMBER = re.compile(
    rf"^\s*(?:[{_CN_NUMBER}]+、"
    rf"|[（(][{_CN_NUMBER}]+[）)]"
    r"|\d{1,2}[.．﹒。·‧、](?![\d%])"  # 1. / 1、 / 1﹒ — never 8.5% or 3.2倍
    r"|\d{1,2}[\ue000-\uf8ff]"  # a private-use numbering character after the number (kb.parse.outline)
    r"|[（(]?\d{1,2}[）)]"
    r"|[\u2460-\u2473\u2776-\u277f]"  # ① … ⑳, ❶ … ❿
    rf"|第[{_CN_NUMBER}\d]+[章节条])"
)

# How a finished paragraph ends. Closing quotes are left out on purpose: a viewer's page break often falls
# right after one (优化“五首” / 及政府首购…), while a paragraph rarely ends on a quote without 。.
_FINISHED_ENDINGS = tuple("。！？；…）)：:!?;")
_SENTENCE_PUNCTUATION = re.compile(r"[。！？；，、：,;:!?]")
_HEADING_PUNCTUATION = re.compile(
    r"[。！？；，：,;:!?]"
)  # a heading may list with 、 (二、支持数字化、网络化转型)
HEADING_MAX_CHARS = 40  # an outline heading or a title is a short phrase, not a sentence

_PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－~～一]+\s*\d{1,4}\s*[—–\-－~～一]+"  # — 3 —, - 3 -, and 一3一 as OCR may read it
    r"|第\s*\d{1,4}\s*页\s*[，,/]?\s*(?:共\s*\d{1,4}\s*页)?"  # 第3页 共12页
    r"|共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/12
    r"|[Pp]age\s+\d{1,4}(?:\s+of\s+\d{1,4})?"
    r"|\d{1,4})$"  # a bare number
)
# How the title of an official document ends (关于印发…的通知, …实施方案（2026—2028年）, …若干措施（征求意见稿）): a line
# ending so is complete even when it is longer than a heading.
TITLE_LINE = re.compile(
    r"(?:通知|意见|方案|办法|规定|决定|措施|计划|规划|纲要|细则|要点|批复|函|通告|公告|指引|指南|清单|政策)"
    r"(?:[（(][^（()）]{0,20}[）)])?$"
)
_NUMBER_OR_DATE_LINE = re.compile(
    r"^[（(]?[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\d{1,5}\s*号[）)]?$"
    r"|^(?:19|20)\d{2}\s*[年月]\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"
)
_MARKDOWN_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")

# A line repeated at the top or bottom of at least this share of the pages is a running header or footer.
REPEATED_SHARE = 0.5
_EDGE_LINES = 2  # how many lines at each end of a page can be header or footer


@dataclass
class _Draft:
    """A paragraph being assembled: its text so far and the page it started on."""

    text: str
    page: int | None
    confidence: float | None = None  # lowest OCR confidence of its lines


def lowest(*values: float | None) -> float | None:
    """The lowest OCR confidence of the pieces joined, None when no piece was read by OCR."""
    known = [value for value in values if value is not None]
    return min(known) if known else None


# Formats whose loaders give one line per paragraph as written and no page furniture: a DOCX, and what is read
# through one (.doc, .wps), a web page's article, a spreadsheet's rows.
PARAGRAPH_FORMATS = frozenset({"docx", "doc", "wps", "html", "xlsx"})


def normalize(doc: SourceDoc) -> list[Paragraph]:
    """The document's paragraphs in reading order, with the page each one starts on."""
    # A DOCX has no page furniture in its body (headers and footers are skipped), and a bare number there is
    # real content such as a table cell.
    paragraphs_as_written = doc.format in PARAGRAPH_FORMATS
    lines = _drop_page_furniture(doc.lines) if not paragraphs_as_written else list(doc.lines)
    if doc.format in ("txt", "md"):
        lines = [_strip_markdown(line, doc.format == "md") for line in lines]
    drafts: list[_Draft] = []
    for line in lines:
        text = line.text.strip() if not doc.visual_lines else line.text.lstrip()
        if not text.strip():
            continue
        if drafts and not _starts_paragraph(drafts[-1].text, text, line.indent, doc):
            drafts[-1].text = join_wrapped(drafts[-1].text, text)
            drafts[-1].confidence = lowest(drafts[-1].confidence, line.confidence)
        else:
            drafts.append(_Draft(text, line.page, line.confidence))
    return [Paragraph(text=d.text.strip(), page=d.page, confidence=d.confidence) for d in drafts]


def _starts_paragraph(previous: str, text: str, indent: bool | None, doc: SourceDoc) -> bool:
    if indent:
        return True
    if starts_with_outline_number(text) and (ends_paragraph(previous) or is_heading(previous)):
        return True
    if indent is None and is_heading(previous):
        return True  # without layout, a heading line is complete; with it, an unindented line continues
    if doc.visual_lines:
        return False
    if doc.format in PARAGRAPH_FORMATS:
        return True  # each DOCX paragraph is one as written
    # TXT: one paragraph per line, except a piece a viewer cut at a page break.
    # a note written on its own line without brackets (`A、B分别牵头落实`) is complete as it stands, and a label
    # line (`部门分工：A牵头`) starts anew after a line that ends without a mark (`分管领导：张三`)
    return (
        ends_paragraph(previous)
        or is_standalone(previous)
        or starts_with_outline_number(text)
        or is_note_line(previous)
        or opens_label_line(text)
    )


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one paragraph split by a wrap or a page break.

    Between Chinese characters nothing is inserted; a space the text had at the break is kept as one space;
    two Latin words or numbers are separated by a space, as the wrap stood for one.
    """
    if left[-1:].isspace() or right[:1].isspace():
        return left.rstrip() + " " + right.lstrip()
    if _is_latin(left[-1:]) and _is_latin(right[:1]):
        return left + " " + right
    return left + right


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def starts_with_outline_number(text: str) -> bool:
    """True for 一、 （一） 1. 1、 （1） (1) ① 第X章/节/条; never for 8.5% or 2027年 at a line start."""
    return OUTLINE_NUMBER.match(text) is not None


def ends_paragraph(text: str) -> bool:
    """True when the text ends as a finished paragraph does (。 ； ） …), not mid-sentence."""
    return text.rstrip().endswith(_FINISHED_ENDINGS)


def is_heading(text: str) -> bool:
    """An outline heading: a short numbered phrase without sentence punctuation (一、培育好强科创动能)."""
    match = OUTLINE_NUMBER.match(text)
    if match is None:
        return False
    rest = text[match.end() :].strip()
    return len(text.strip()) <= HEADING_MAX_CHARS and not _HEADING_PUNCTUATION.search(rest)


def is_standalone(text: str) -> bool:
    """A line complete without end punctuation: a heading, a title, a label such as 附件 3, a document number
    (甬政办发〔2026〕7号), a date line or a saved page's metadata line (`来源:华容县政府 2021-03-23 10:56`)."""
    stripped = text.strip()
    if is_heading(stripped) or TITLE_LINE.search(stripped) or _NUMBER_OR_DATE_LINE.match(stripped):
        return True
    if is_page_meta_line(stripped):
        return True
    return len(stripped) <= HEADING_MAX_CHARS and not _SENTENCE_PUNCTUATION.search(stripped)


def is_page_number(text: str) -> bool:
    """Page-number furniture: — 3 —, - 3 -, 第3页 共12页, 3/12, a bare number."""
    return _PAGE_NUMBER.match(text.strip()) is not None


def _drop_page_furniture(lines: Iterable[Line]) -> list[Line]:
    """Without page numbers and running headers/footers; on paged text only the lines at a page's edges count."""
    lines = list(lines)
    edges = _page_edges(lines)
    running = _running_keys(edges)
    edge_ids = {id(line) for page_lines in edges.values() for line in page_lines}

    def is_furniture(line: Line) -> bool:
        if line.page is not None and id(line) not in edge_ids:
            return False
        return is_page_number(line.text) or _edge_key(line) in running

    return [line for line in lines if not is_furniture(line)]


def _edge_key(line: Line) -> str:
    # Digits vary between pages in running lines (第 3 页, 2025-03), so they are compared as one symbol.
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _page_edges(lines: list[Line]) -> dict[int, list[Line]]:
    """The first and last few non-blank lines of each page."""
    pages: dict[int, list[Line]] = {}
    for line in lines:
        if line.page is not None and line.text.strip():
            pages.setdefault(line.page, []).append(line)
    return {page: body[:_EDGE_LINES] + body[-_EDGE_LINES:] for page, body in pages.items()}


def _running_keys(edges: dict[int, list[Line]]) -> set[str]:
    """Keys of lines found at the top or bottom of most pages (needs three pages or more)."""
    if len(edges) < 3:
        return set()
    counts = Counter(key for page_lines in edges.values() for key in {_edge_key(line) for line in page_lines})
    return {key for key, count in counts.items() if count >= REPEATED_SHARE * len(edges)}


def _strip_markdown(line: Line, is_markdown: bool) -> Line:
    text = _MARKDOWN_BOLD.sub(r"\1", line.text)
    if is_markdown:
        text = _MARKDOWN_HEADING.sub("", text)
    return Line(text=text, page=line.page, indent=line.indent, confidence=line.confidence)
