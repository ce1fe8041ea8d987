"""Web pages saved from a government portal (.html, UTF-8 or GBK): the article, and the page's own metadata.

A 信息公开 page carries the document inside navigation, a breadcrumb, an 索引号/发布机构/文号 table, links to
related articles and a footer. The article body is found by trafilatura, a content-extraction library (it
scores the page's blocks by text density and link share; it works on the saved file, never fetching), not by
rules about one portal's tags. Its paragraphs and table rows come out in body order, a row as its cells joined
by " | " like a DOCX row, so the outline and task-table parsers read them unchanged.

The metadata table is read by its labels (索引号, 发布机构, 文号, 成文日期, 发布日期, 名称), wherever the page
puts it — a table cell followed by its value's cell, or `发布机构：…` in one element — and by the meta tags
portals write (ArticleTitle, PubDate, ContentSource). It fills what the document's text does not say
(kb.parse: the issuer, the number, the date of publication).

The encoding is the one the page declares (<meta charset> or http-equiv), else detected as for text files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kb.errors import CorruptFile, EmptyDocument
from kb.load.docx import CELL_SEPARATOR
from kb.load.text import decode_text
from kb.types import Line, PageMeta

_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_DECLARATION_BYTES = 8192  # a page declares its encoding in its head
# Chinese portals declare gb2312 or gbk and write characters beyond them: GB18030 reads all of them.
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn"})

# Label of the metadata table → field of PageMeta; compared without spaces and the trailing colon.
_LABELS: dict[str, str] = {
    "索引号": "index_no",
    "发布机构": "issuer",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "发布单位": "issuer",
    "文号": "doc_no",
    "发文字号": "doc_no",
    "文件编号": "doc_no",
    "发布日期": "published",
    "发布时间": "published",
    "成文日期": "written",
    "名称": "title",
    "标题": "title",
    "文件名称": "title",
}
_META_TAGS: dict[str, str] = {"articletitle": "title", "pubdate": "published", "contentsource": "issuer"}
_LABEL_TEXT = re.compile(r"[\s\u3000]+")
_MAX_LABEL_ELEMENT = 80  # characters of an element holding `label：value`; longer is prose, not metadata
_BLOCKS = frozenset({"p", "head", "item", "quote", "code"})


def load_html(data: bytes, path: str) -> tuple[tuple[Line, ...], PageMeta]:
    """The article's paragraphs and table rows, in order, and the page's metadata."""
    import trafilatura

    text = decode_page(data, path)
    try:
        extracted = trafilatura.extract(
            text,
            output_format="xml",
            include_tables=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
            with_metadata=True,
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup
        raise CorruptFile(path, f"the web page cannot be parsed: {type(exc).__name__}: {exc}") from exc
    if not extracted:
        raise EmptyDocument(path, "the web page holds no article text (only navigation, links or scripts)")
    lines, found_title, found_date = _article_lines(extracted, path)
    meta = _page_meta(text, found_title, found_date)
    return lines, meta


def decode_page(data: bytes, path: str) -> str:
    """The page's text in the encoding it declares; detected (as a text file's) when it declares none or
    declares one its bytes are not in."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _DECLARED.search(data[:_DECLARATION_BYTES])
        if declared:
            encoding = declared.group(1).decode("ascii").lower()
            encoding = "gb18030" if encoding in _GB_FAMILY else encoding
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                pass  # a wrong declaration: the bytes decide
    return decode_text(data, path)


def _article_lines(extracted: str, path: str) -> tuple[tuple[Line, ...], str | None, str | None]:
    from lxml import etree

    try:
        root = etree.fromstring(extracted.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(path, f"the web page's article cannot be read ({exc})") from exc
    main = root.find("main")
    texts = list(_block_texts(main if main is not None else root))
    return tuple(Line(text=t) for t in texts if t.strip()), root.get("title"), root.get("date")


def _block_texts(element: object) -> Iterator[str]:
    """Paragraphs, headings and list items as lines; a table row as its cells joined, in document order."""
    for child in element.iterchildren():  # type: ignore[attr-defined]
        tag = child.tag
        if tag == "table":
            for row in child.iter("row"):
                cells = [_text(cell) for cell in row.iterchildren("cell")]
                if any(cells):
                    yield CELL_SEPARATOR.join(cells)
        elif tag in _BLOCKS and not any(c.tag in ("table", "list", "p") for c in child.iterchildren()):
            yield _text(child)
        else:  # a list, or a block holding blocks
            yield from _block_texts(child)


def _text(element: object) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()  # type: ignore[attr-defined]


def _page_meta(text: str, found_title: str | None, found_date: str | None) -> PageMeta:
    """The metadata table's values first, then the meta tags, then what trafilatura found (title, date)."""
    from lxml import html

    try:
        tree = html.document_fromstring(text)
    except Exception:  # an unparsable page still has its article; only the metadata is lost
        return PageMeta(title=found_title, published=found_date)
    values: dict[str, str] = {}
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "head", "title"):
            continue
        label, value = _labelled(element)
        if label and value and label not in values:
            values[label] = value
    for meta in tree.iter("meta"):
        field = _META_TAGS.get((meta.get("name") or "").lower())
        content = (meta.get("content") or "").strip()
        if field and content:
            values.setdefault(f"tag:{field}", content)
    published = values.get("published") or values.get("tag:published") or found_date or values.get("written")
    return PageMeta(
        title=values.get("title") or values.get("tag:title") or found_title,
        issuer=values.get("issuer") or values.get("tag:issuer"),
        doc_no=values.get("doc_no"),
        published=published.split(" ")[0] if published else None,
        index_no=values.get("index_no"),
    )


def _labelled(element: object) -> tuple[str | None, str | None]:
    """(field, value) when the element is a metadata label: `发布机构：` with its value in the next element, or
    `发布机构：平江县人民政府办公室` in one; (None, None) otherwise."""
    own = _text(element)
    if not own or len(own) > _MAX_LABEL_ELEMENT:
        return None, None
    label, *after = re.split(r"[：:]", own, maxsplit=1)
    field = _LABELS.get(_LABEL_TEXT.sub("", label))
    if field is None:
        return None, None
    rest = after[0].strip() if after else ""
    if rest:
        if any(isinstance(c.tag, str) for c in element.iterchildren()):  # type: ignore[attr-defined]
            return None, None  # a container of several labels: its children are read one by one
        return field, rest
    following = element.getnext()  # type: ignore[attr-defined]
    value = _text(following) if following is not None else ""
    return (
        (field, value) if value and _LABEL_TEXT.sub("", value).rstrip("：:") not in _LABELS else (None, None)
    )
