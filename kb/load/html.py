"""Web pages saved from a government portal (.html, UTF-8 or GBK): the article, and the page's own metadata.

A 信息公开 page carries the document inside navigation, a breadcrumb, an 索引号/发布机构/文号 table, links to
related articles and a footer. The article body is found by trafilatura, a content-extraction library (it
scores the page's blocks by text density and link share; it works on the saved file, never fetching), not by
rules about one portal's tags. Its paragraphs and table rows come out in body order, a row as its cells joined
by " | " like a DOCX row, so the outline and task-table parsers read them unchanged. trafilatura keeps a
table's cells but not its rowspan/colspan, so each table it keeps is read again from the page with its merged
cells resolved (kb.load.grid): a 重点任务 cell spanning several rows is carried into each of them.

The metadata table is read by its labels (索引号, 发布机构, 文号, 成文日期, 发布日期, 名称), wherever the page
puts it — a table cell followed by its value's cell, or `发布机构：…` in one element — and by the meta tags
portals write (ArticleTitle, PubDate, ContentSource). It fills what the document's text does not say
(kb.parse: the issuer, the number, the date of publication).

The encoding is the one the page declares (<meta charset> or http-equiv), else detected as for text files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kb.errors import CorruptFile, EmptyDocument
from kb.load.docx import CELL_SEPARATOR
from kb.load.grid import Cells, Merge, grid_lines
from kb.load.text import decode_text
from kb.types import PAGE_LABELS, Line, PageMeta

_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_DECLARATION_BYTES = 8192  # a page declares its encoding in its head
# Chinese portals declare gb2312 or gbk and write characters beyond them: GB18030 reads all of them.
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn"})

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
    page = _page_tree(text)
    lines, found_title, found_date = _article_lines(extracted, path, _SourceTables(page))
    meta = _page_meta(page, found_title, found_date)
    return lines, meta


def _page_tree(text: str) -> Any | None:
    """The whole page as a DOM, for its metadata and its tables' merged cells; None when it cannot be parsed
    (the article trafilatura found is still read)."""
    from lxml import html

    try:
        return html.document_fromstring(text)
    except Exception:  # lxml raises several kinds on a page it cannot parse
        return None


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


def _article_lines(
    extracted: str, path: str, tables: _SourceTables
) -> tuple[tuple[Line, ...], str | None, str | None]:
    from lxml import etree

    try:
        root = etree.fromstring(extracted.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(path, f"the web page's article cannot be read ({exc})") from exc
    main = root.find("main")
    texts = list(_block_texts(main if main is not None else root, tables))
    return tuple(Line(text=t) for t in texts if t.strip()), root.get("title"), root.get("date")


def _block_texts(element: Any, tables: _SourceTables) -> Iterator[str]:
    """Paragraphs, headings and list items as lines; a table row as its cells joined, in document order."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == "table":
            rows = [[_text(cell) for cell in row.iterchildren("cell")] for row in child.iter("row")]
            yield from tables.lines(rows)
        elif tag in _BLOCKS and not any(c.tag in ("table", "list", "p") for c in child.iterchildren()):
            yield _text(child)
        else:  # a list, or a block holding blocks
            yield from _block_texts(child, tables)


class _SourceTables:
    """The page's own tables, by their text: trafilatura keeps a table's cells but not its rowspan and colspan,
    so a table it found is read again from the page, with its merged cells (kb.load.grid)."""

    def __init__(self, page: Any | None) -> None:
        tables = [] if page is None else [t for t in page.iter("table") if not t.xpath(".//table")]
        self._tables = [(_squeeze(_text(table)), table) for table in tables]  # each table's text read once

    def lines(self, rows: list[list[str]]) -> Iterator[str]:
        """The table's rows as lines, from the page's table with the same text when there is one."""
        signature = _squeeze("".join("".join(row) for row in rows))
        for index, (text, table) in enumerate(self._tables):
            if text == signature:
                del self._tables[index]
                yield from grid_lines(*_table_cells(table))
                return
        for row in rows:
            if any(row):
                yield CELL_SEPARATOR.join(row)


MAX_SPAN = 1000  # a rowspan or colspan beyond this is damage, not layout


def _table_cells(table: Any) -> tuple[Cells, list[Merge]]:
    """An HTML table's cell texts by (row, column), and its rowspan/colspan ranges (clipped to the table)."""
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    cells: Cells = {}
    merges: list[Merge] = []
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows, start=1):
        column = 1
        for cell in row.xpath("./td|./th"):
            while (r, column) in taken:
                column += 1
            down = min(_span(cell.get("rowspan")), len(rows) - r + 1)
            across = _span(cell.get("colspan"))
            text = _text(cell)
            if text:
                cells[(r, column)] = text
            taken.update((r + i, column + j) for i in range(down) for j in range(across))
            if down > 1 or across > 1:
                merges.append((r, column, r + down - 1, column + across - 1))
            column += across
    return cells, merges


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(element: Any) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _page_meta(tree: Any | None, found_title: str | None, found_date: str | None) -> PageMeta:
    """The metadata table's values first, then the meta tags, then what trafilatura found (title, date)."""
    if tree is None:  # an unparsable page still has its article; only the metadata is lost
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


def _short_text(element: Any) -> str:
    """The element's text when it is short enough to be a label and its value, else "": reading stops past
    the limit, so scanning every element of a long page stays linear in practice."""
    pieces: list[str] = []
    size = 0
    for piece in element.itertext():
        size += len(piece.strip())
        if size > _MAX_LABEL_ELEMENT:
            return ""
        pieces.append(piece)
    return re.sub(r"\s+", " ", "".join(pieces)).strip()


def _labelled(element: Any) -> tuple[str | None, str | None]:
    """(field, value) when the element is a metadata label: `发布机构：` with its value in the next element, or
    `发布机构：平江县人民政府办公室` in one; (None, None) otherwise."""
    own = _short_text(element)
    if not own:
        return None, None
    label, *after = re.split(r"[：:]", own, maxsplit=1)
    field = PAGE_LABELS.get(_LABEL_TEXT.sub("", label))
    if field is None:
        return None, None
    rest = after[0].strip() if after else ""
    if rest:
        if any(isinstance(c.tag, str) for c in element.iterchildren()):
            return None, None  # a container of several labels: its children are read one by one
        return field, rest
    following = element.getnext()
    value = _short_text(following) if following is not None else ""
    return (
        (field, value) if value and _LABEL_TEXT.sub("", value).rstrip("：:") not in PAGE_LABELS else (None, None)
    )
