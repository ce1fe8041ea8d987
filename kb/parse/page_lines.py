"""A saved page's metadata copied into a text file as lines of its own: `索 引 号: 000014349/2020-105482 发布日期:
2020-06-28 发布机构: 下陆区政府办公室` (the 信息公开 table run into one line, spaces inside its labels), or the
source line of a portal's article, `来源:华容县政府   2021-03-23 10:56`.

Such a line is no title and no sentence: it stands alone (never joined to the next line as a wrap), the title is
looked for below it, and what it says fills what the text does not — the issuing body, and from it the place.
The labels are the ones a page's metadata table uses (`kb.types.PAGE_LABELS`), written with or without spaces
between their characters, and the article's source (来源, 信息来源, 文章来源), which names an issuer only when
it is an organ's name (`来源:华容县政府`; `来源:本网`, `来源:新华社` name none that issued the document).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kb.types import PAGE_LABELS, PageMeta

_SOURCE_LABELS = ("来源", "信息来源", "文章来源")
_HEAD_LINES = 6  # a page's metadata stands above its title


def _spaced(label: str) -> str:
    return r"\s*".join(map(re.escape, label))


_LABEL = "|".join(_spaced(label) for label in sorted((*PAGE_LABELS, *_SOURCE_LABELS), key=len, reverse=True))
_PAIR = re.compile(rf"(?P<label>{_LABEL})\s*[:：]\s*(?P<value>.*?)\s*(?=(?:{_LABEL})\s*[:：]|$)")
_OPENING = re.compile(rf"^(?:{_LABEL})\s*[:：]")
_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\d{1,5}\s*号"
)
# an organ's name ends so (the source line's value before its date: `华容县政府   2021-03-23 10:56`)
_ORGAN = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}?(?:政府|办公厅|办公室|局|委|厅|部|委员会|管委会|中心)$")


def is_page_meta_line(text: str) -> bool:
    """A line opening with a metadata label and its colon (`索 引 号:`, `发布机构：`, `来源:`)."""
    return _OPENING.match(text.strip()) is not None


def page_meta_in(lines: Sequence[str]) -> PageMeta:
    """What the metadata lines among the first lines of a text say (PageMeta(), when there are none)."""
    found: dict[str, str] = {}
    for line in lines[:_HEAD_LINES]:
        if not is_page_meta_line(line):
            continue
        for pair in _PAIR.finditer(line.strip()):
            label, value = re.sub(r"\s+", "", pair["label"]), pair["value"].strip()
            field = PAGE_LABELS.get(label)
            if label in _SOURCE_LABELS:
                value = value.split()[0] if value.split() else ""
                field = "issuer" if _ORGAN.match(value) else None
            if (
                field == "doc_no"
            ):  # the number alone, not a title run on after it (文件编号:海政发〔2024〕4号宁波市…)
                number = _NUMBER.match(value)
                value = re.sub(r"\s+", "", number.group()) if number else value
            if field in ("issuer", "doc_no", "published", "index_no") and value:
                found.setdefault(field, value)
    return PageMeta(**found)
