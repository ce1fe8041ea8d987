"""The outline of a document: its title and the tree of numbered items (`一、` `（一）` `1.` `（1）`…).

Levels are not fixed per numbering style: a style takes the next level down when it first appears under
another, as readers of a plan understand it, so a document that starts at `（一）` or uses `第X条` works too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.parse.brackets import balanced_groups
from kb.parse.normalize import TITLE_LINE, lowest
from kb.parse.page_lines import is_page_meta_line
from kb.types import Clause, Paragraph

PREAMBLE_TITLE = "前言"
_TITLE_MAX = 30  # a first sentence longer than this is body text, not a heading phrase

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN = "零〇一二两三四五六七八九十百"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (style, pattern at paragraph start); the number is group 1. Half- and full-width forms are the same style.
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第([{_CN}\d]+)章\s*")),
    ("section", re.compile(rf"^第([{_CN}\d]+)节\s*")),
    ("article", re.compile(rf"^第([{_CN}\d]+)条\s*")),
    ("cn", re.compile(rf"^([{_CN}]+)[、．.]\s*")),
    ("paren_cn", re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]\s*")),
    # `1.` but never `8.5%`: the dot must not be followed by a digit. Full stops of odd widths and shapes
    # (`1﹒` `1．` `1。` `1·`) and a private-use character a word processor's numbering left after the number
    # (U+E000–U+F8FF, shown as a box or a bullet) read as a person reads them: item 1.
    ("arabic", re.compile(r"^(\d{1,3})\s*(?:[.．﹒。·‧](?!\d)|、|[\ue000-\uf8ff]+)\s*")),
    # `（1）`, and `1）` with its opening bracket left out
    ("paren_arabic", re.compile(r"^(?:[（(]\s*(\d{1,3})|(\d{1,3}))\s*[）)]\s*")),
    ("circled", re.compile(rf"^([{_CIRCLED}])\s*")),
)
_ATTACHMENT = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]?$")


@dataclass(frozen=True)
class Marker:
    """The numbering at the start of a paragraph."""

    style: str
    number: int
    label: str  # normalized marker as shown in paths: "一、" "（一）" "1. " "（1）" "①" "第一条 "
    rest: str  # the paragraph after the marker


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105; digits pass through."""
    if text.isdecimal():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[char]
    return total + current


def _label(style: str, raw_number: str) -> str:
    """The marker as a path shows it, one form per style whatever the width or spacing written."""
    templates = {
        "chapter": "第{}章 ",
        "section": "第{}节 ",
        "article": "第{}条 ",
        "cn": "{}、",
        "paren_cn": "（{}）",
        "arabic": "{}. ",
        "paren_arabic": "（{}）",
        "circled": "{}",
    }
    number = str(int(raw_number)) if raw_number.isdecimal() else raw_number
    return templates[style].format(number)


def read_marker(text: str) -> Marker | None:
    """The outline marker a paragraph starts with, if any."""
    for style, pattern in _MARKERS:
        match = pattern.match(text)
        if match and match.end() < len(text):
            raw = next(group for group in match.groups() if group is not None)
            number = _CIRCLED.index(raw) + 1 if style == "circled" else chinese_number(raw)
            return Marker(style, number, _label(style, raw), text[match.end() :])
    return None


def split_title(rest: str) -> tuple[str, str]:
    """`新材料产业。重点突破…` → (`新材料产业`, `重点突破…`); a heading line alone is all title.

    A heading phrase is short and has no comma; a first sentence that is long, has commas or is the whole
    paragraph (`第三条 本办法自印发之日起施行。`) is body text: the title is then its first phrase, shortened, and
    the text is the whole paragraph.
    """
    rest = rest.strip()
    match = re.search(r"[。：:]", rest)
    head = rest[: match.start()].strip() if match else rest
    body = rest[match.end() :].strip() if match else ""
    is_heading = 0 < len(head) <= _TITLE_MAX and not re.search(r"[，,；;]", head)
    # `1.地区生产总值增长6%。（牵头单位：…）`: a sentence followed only by its bracketed note is the item's
    # text — the note covers that sentence — not a heading over a body that is the note alone
    only_a_note = match is not None and match.group() == "。" and _is_one_bracket(body)
    if is_heading and not only_a_note and (body or match is None or match.group() != "。"):
        return head, body
    return _short_title(rest), rest


def _is_one_bracket(text: str) -> bool:
    groups = balanced_groups(text, "（(〔【[［")
    return len(groups) == 1 and groups[0] == (0, len(text))


def _short_title(text: str) -> str:
    phrase = re.split(r"[，,。；;：:]", text, maxsplit=1)[0].strip()
    return phrase if len(phrase) <= 20 else phrase[:20] + "…"


@dataclass
class _Open:
    """A clause being assembled: its heading and the paragraphs that follow it."""

    number: tuple[int, ...]
    path: tuple[str, ...]
    title: str
    parts: list[str]
    page: int | None
    confidence: float | None = None  # lowest OCR confidence of its paragraphs


# Lines above an official document's title that are not its title: the red header (`鞍山市立山区人民政府文件`), the
# issuing number (`国发〔2020〕6号`, `文件编号:海政发〔2024〕4号`) and the date line — and a saved page's metadata
# line (`索 引 号: … 发布机构: …`, kb.parse.page_lines).
_HEADER_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}文件$"
    r"|^(?:文件编号|发文字号|文号|索引号)\s*[:：]"
    r"|^[（(]?[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\d{1,5}\s*号?[）)]?$"
    r"|^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"
)
# The addressee line of a notice (`各区人民政府,市政府各委、办、局,各市属机构:`): the title is above it or, when the
# text starts with it, the 《name》 the next sentence issues (`现将《四川省…实施方案》印发给你们`).
# A reply (批复) is addressed to the one body that asked (`发展改革委:`): any short line ending in a colon with no
# sentence inside is an addressee, never a title.
_ADDRESSEE_LONGEST = 160  # characters of an addressee line read as such at a title's place
_ADDRESSEE = re.compile(
    r"^各.{1,120}[:：]$|^.{1,80}(?:单位|部门|机构|政府|管委会)[:：]$|^[^。，,；;：:《》“”]{1,30}[:：]$"
)
# the same of units only (`各区人民政府,…:`, `县防汛抗旱指挥部各成员单位,各有关单位:`): whom a document is sent to, never a
# unit put in charge by the text
ADDRESSED_UNITS = re.compile(r"^\s*(?:各[^。；;]{1,120}|[^。；;]{1,80}(?:单位|部门|机构|政府|管委会))[:：]\s*$")
ADDRESSEE_LOOK = 4  # lines of a document's opening an addressee line is looked for in (文号, title, red header)
# a long addressee line (forty cities' governments and four companies, 生态环境部's notice): names and their
# separators only, closing with an organisational word and a colon
_LISTED_ADDRESSEES = re.compile(r"^[^。；;：:！!？?]{1,600}(?:单位|部门|机构|政府|管委会|公司|委员会|厅|局|委|办)[:：]$")


def addressee_line(opening: str) -> str | None:
    """The addressee line of a document's opening text (its first clause): the bodies a notice is sent to, as
    written, its colon dropped (`南通、扬州、泰州市…人民政府,省各委办厅局,省各直属单位`); None when it has none."""
    lines = [line.strip() for line in opening.splitlines() if line.strip()]
    for line in lines[:ADDRESSEE_LOOK]:
        if (_ADDRESSEE.match(line) and len(line) <= _ADDRESSEE_LONGEST) or _LISTED_ADDRESSEES.match(line):
            return line.rstrip(":：").strip()
    return None


# (the verb after a 《name》 is this name's, or a list's it opens (`《A》《B》《C》已经…通过,现印发`: the first); a
# 《name》 cited before another (`《A》(国发…)和《B》…印发`) is not sent)
_ISSUED_NAME = re.compile(
    r"《([^《》]{4,80})》(?:[、，,和及与]?《[^《》]{4,80}》)*[^。《]{0,30}?(?:印发|已经|现将|同意|发布)|(?:印发|现将|确定了)[^。《]{0,10}《([^《》]{4,80})》"
)
_SENT_NAME = re.compile(r"现将[^。《]{0,10}《(?P<name>[^《》]{4,80})》[^。《]{0,20}?印发")
_SPACE_IN_TITLE = re.compile(r"(?<=[\u4e00-\u9fff《》“”（）])\s+(?=[\u4e00-\u9fff《》“”（）])")
_NUMBER_PREFIX = re.compile(r"^(?:文件编号|发文字号|文号|索引号)?\s*[:：]?\s*[\u4e00-\u9fff]{1,12}\s*[〔\[［【]\s*(?:19|20)\d{2}\s*[〕\]］】]\s*第?\d{1,5}\s*号")
_TITLE_LOOK = 6  # non-empty lines searched for the title before the first outline number
# an addressee line run together with the first sentence (`各区、市、县人民政府,市政府各工作部门: 《X》已经…印发`), as a
# page copied without its line breaks writes it: the sentence is read as the one after an addressee line
_ADDRESSEE_OPENING = re.compile(r"^各[^。；;：:《》“”]{1,120}[:：]\s*(?P<sentence>\S.*)$")
# the issuing body printed on a line of its own above the title (`鄂温克族自治旗人民政府办公室` / `关于印发…`)
_ISSUER_LINE = re.compile(
    r"^(?:中共)?[\u4e00-\u9fff（）()]{2,30}?(?:人民政府|政府|办公厅|办公室|委员会|管委会)$"
)


def _document_title(paragraphs: list[Paragraph]) -> tuple[str | None, set[int]]:
    """The title and the indexes of the paragraphs that make it up (none when the title is named in the text).

    Read by form, not by position: header lines (red header, issuing number, date) are passed over and kept as
    text; a title printed over two lines is joined (`…关于印发“无废城市”建设` + `试点工作方案的通知`); a notice that
    starts with its addressees takes the 《name》 its first sentence issues.
    """
    seen = 0
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        if not text or _ATTACHMENT.match(text):
            continue
        if read_marker(text) is not None or seen >= _TITLE_LOOK:
            return None, set()
        seen += 1
        if _HEADER_LINE.match(text):
            # the issuing number run together with the title (`文件编号:海政发〔2024〕4号宁波市…的通知`)
            rest = _NUMBER_PREFIX.sub("", text, count=1)
            if rest == text or not TITLE_LINE.search(rest):
                continue
            return _tidy_title(rest), {index}
        if is_page_meta_line(text):
            continue
        if _ADDRESSEE.match(text) and len(text) <= _ADDRESSEE_LONGEST:
            return _issued_name(paragraphs[index + 1 : index + 3]), set()
        run_on = _ADDRESSEE_OPENING.match(text)
        if run_on:
            return _issued_name([Paragraph(run_on["sentence"]), *paragraphs[index + 1 : index + 2]]), set()
        if _ISSUER_LINE.match(text):
            issuer_above = _issuer_above_title(paragraphs, index)
            if issuer_above is not None:
                return issuer_above
        short = len(text) <= 60 or (len(text) <= 160 and TITLE_LINE.search(text) is not None)
        if not short or text.endswith(("。", "；")):
            return None, set()
        return _joined_title(paragraphs, index)
    return None, set()


def _joined_title(paragraphs: list[Paragraph], index: int) -> tuple[str, set[int]]:
    """The title starting at paragraph `index`, with its second printed line when it ends the title there."""
    text = paragraphs[index].text.strip()
    # only a line that opened a title it has not closed (`…关于印发“无废城市”建设`) goes on to the next line
    if ("关于" in text or text.count("《") > text.count("》")) and not TITLE_LINE.search(text):
        following = next(
            ((i, p.text.strip()) for i, p in enumerate(paragraphs[index + 1 :], index + 1) if p.text.strip()), None
        )
        if following is not None:
            at, line = following
            if len(line) <= 40 and read_marker(line) is None and TITLE_LINE.search(line):
                return _tidy_title(text + line), {index, at}
    return _tidy_title(text), {index}


def _issuer_above_title(paragraphs: list[Paragraph], index: int) -> tuple[str, set[int]] | None:
    """The issuer's line and the title printed below it (`鄂温克族自治旗人民政府办公室` / `关于印发…《政府工作报告》` /
    `重点任务责任落实分工的通知`) as one title, when the next line opens one with 关于."""
    following = next((i for i, p in enumerate(paragraphs[index + 1 :], index + 1) if p.text.strip()), None)
    if following is None or not paragraphs[following].text.strip().startswith("关于"):
        return None
    title, used = _joined_title(paragraphs, following)
    return _tidy_title(paragraphs[index].text.strip() + title), {index, *used}


def _issued_name(paragraphs: list[Paragraph]) -> str | None:
    for paragraph in paragraphs:
        # the name the sentence sends (现将《X》印发给你们) before any it cites (《A》(国发…)和《B》,经市政府同意,…)
        sent = _SENT_NAME.search(paragraph.text)
        found = sent or _ISSUED_NAME.search(paragraph.text)
        if found:
            return _tidy_title(found["name"] if sent else found.group(1) or found.group(2))
    # a reply names what it grants (现批复如下: 同意建立…制度。): titled as replies are, 关于同意…的批复
    granted = _GRANTED.search("\n".join(p.text.strip() for p in paragraphs))
    return f"关于同意{_tidy_title(granted['what'])}的批复" if granted else None


_GRANTED = re.compile(r"批复如下[:：]?\s*同意(?P<what>[^。；;，,\n]{4,80}?)[。；;，,\n]")


# a portal's title closed by the document's number in brackets (`2021年县政府重点工作任务(华政发〔2021〕2号)`)
_CLOSING_NUMBER = re.compile(
    r"\s*[（(][\u4e00-\u9fff]{1,12}\s*[〔\[［【]\s*(?:19|20)\d{2}\s*[〕\]］】]\s*第?\d{1,5}\s*号[）)]$"
)


def _tidy_title(text: str) -> str:
    return _SPACE_IN_TITLE.sub("", _CLOSING_NUMBER.sub("", text.strip()))


def build_outline(paragraphs: list[Paragraph], doc_id: str) -> tuple[str, list[Clause]]:
    """Document title and clauses in document order: the preamble (number (0,)) then every numbered item."""
    title, used = _document_title(paragraphs)
    doc_title = title or doc_id
    # attachment labels (`附件 3`) above the first line of text are not text
    start = next((i for i, p in enumerate(paragraphs) if p.text.strip() and not _ATTACHMENT.match(p.text.strip())), 0)
    styles: list[str] = []  # numbering styles currently open, top level first
    stack: list[_Open] = []
    done: list[_Open] = []
    preamble: _Open | None = None
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        if not text or index in used or (index < start and _ATTACHMENT.match(text)):
            continue
        marker = read_marker(text)
        if marker is None:
            if stack:
                stack[-1].parts.append(text)
                stack[-1].confidence = lowest(stack[-1].confidence, paragraph.confidence)
            elif preamble is None:
                preamble = _Open(
                    (0,), (PREAMBLE_TITLE,), PREAMBLE_TITLE, [text], paragraph.page, paragraph.confidence
                )
            else:
                preamble.parts.append(text)
                preamble.confidence = lowest(preamble.confidence, paragraph.confidence)
            continue
        depth = styles.index(marker.style) if marker.style in styles else len(styles)
        del styles[depth:]
        styles.append(marker.style)
        del stack[depth:]
        parent_number = stack[-1].number if stack else ()
        parent_path = stack[-1].path if stack else ()
        heading, body = split_title(marker.rest)
        item = _Open(
            number=(*parent_number, marker.number),
            path=(*parent_path, marker.label + heading),
            title=heading,
            parts=[body] if body else [],
            page=paragraph.page,
            confidence=paragraph.confidence,
        )
        stack.append(item)
        done.append(item)
    ordered = ([preamble] if preamble else []) + done
    return doc_title, [_to_clause(item, doc_id, doc_title) for item in ordered]


def _to_clause(item: _Open, doc_id: str, doc_title: str) -> Clause:
    return Clause(
        doc=doc_id,
        doc_title=doc_title,
        number=item.number,
        path=item.path,
        title=item.title,
        text="\n".join(item.parts),
        page=item.page,
        ocr_confidence=item.confidence,
    )
