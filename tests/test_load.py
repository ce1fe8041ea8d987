"""Loading: each form of the plan becomes a SourceDoc; the format is judged by content; every bad file is
refused with the right error class and a message naming the file."""

from __future__ import annotations

import hashlib
import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from kb.errors import (
    CorruptFile,
    EmptyDocument,
    Encrypted,
    IngestError,
    NoTextLayer,
    UnreadableText,
    UnsupportedFormat,
)
from kb.load import doc_id_for, load
from kb.load.text import check_readable, plausible_share, readable_share

# --- the plan in its five forms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "fmt", "doc_id", "visual"),
    [
        ("txt", "txt", "plan-attachment3", False),
        ("gbk.txt", "txt", "plan-attachment3.gbk", False),
        ("raw.txt", "txt", "plan-attachment3.raw", False),
        ("docx", "docx", "plan-attachment3", False),
        ("pdf", "pdf", "plan-attachment3", True),
    ],
)
def test_each_form_loads(plan_paths: dict[str, Path], form: str, fmt: str, doc_id: str, visual: bool) -> None:
    path = plan_paths[form]
    doc = load(path)
    assert doc.format == fmt
    assert doc.doc_id == doc_id
    assert doc.visual_lines is visual
    assert doc.path == str(path)
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert any("培育好强科创兴产业的动能实施方案" in line.text for line in doc.lines)


def test_doc_id_keeps_inner_suffix() -> None:
    assert doc_id_for("corpus/plan-attachment3.gbk.txt") == "plan-attachment3.gbk"
    assert doc_id_for(Path("a/b/plan-attachment3.pdf")) == "plan-attachment3"


def test_gbk_crlf_decodes_to_the_clean_text(plan_paths: dict[str, Path], plan_text_lines: list[str]) -> None:
    lines = [line.text for line in load(plan_paths["gbk.txt"]).lines if line.text]
    assert lines == plan_text_lines  # no stray \r, same characters


def test_docx_has_one_line_per_paragraph_without_the_footer(
    plan_paths: dict[str, Path], plan_text_lines: list[str]
) -> None:
    doc = load(plan_paths["docx"])
    assert [line.text for line in doc.lines] == plan_text_lines
    assert all(line.page is None for line in doc.lines)
    assert not any(line.text.startswith("—") for line in doc.lines)  # the footer's page-number field


def test_pdf_lines_carry_page_and_indent(plan_paths: dict[str, Path]) -> None:
    lines = load(plan_paths["pdf"]).lines
    assert {line.page for line in lines} == set(range(1, 13))
    by_text = {line.text.rstrip(): line for line in lines}
    # page 1, read in the PDF: the first line of （1） is indented, its wrapped second line starts at the margin
    first = by_text["（1）对接标志性工程。积极争取岳麓山实验室、洞庭实"]
    wrapped = by_text["验室等“4+4 科创工程”在平江设立分支机构或研发中心，重"]
    assert (first.page, first.indent) == (1, True)
    assert (wrapped.page, wrapped.indent) == (1, False)
    assert by_text["一、培育好强科创动能"].indent is False  # headings sit on the margin in this plan
    assert by_text["培育好强科创兴产业的动能实施方案"].indent is True  # the centred title


def test_pdf_keeps_real_spaces_and_drops_gap_spaces(plan_paths: dict[str, Path]) -> None:
    texts = [line.text for line in load(plan_paths["pdf"]).lines]
    # page 1: the document has real spaces around the numbers (as in the DOCX: 人才 3 名以上)
    assert "才 3 名以上，围绕“一主一特多优”产业突破关键核心技术 5 " in texts
    # page 8: the DOCX has 增长6%以上; the PDF only sets a wider gap before the digits, which is not a space
    assert "大实体经济根基。力争全年规模工业增加值增长6%以上，先" in texts
    # page 11: 工信e贷 likewise
    assert "台，依托“湘信贷”“工信e贷”“财银贷”等平台，推进中" in texts


def _pdf_at_positions(
    path: Path, pages: list[list[tuple[float, str]]], sizes: dict[int, float] | None = None
) -> None:
    """A PDF whose lines start at the given x positions (Chinese text in reportlab's built-in CID font),
    16 pt unless `sizes` gives another size for a line number of the first page."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page, lines in enumerate(pages):
        for row, (x, text) in enumerate(lines):
            pdf.setFont("STSong-Light", (sizes or {}).get(row, 16) if page == 0 else 16)
            pdf.drawString(x, 760 - 30 * row, text)
        pdf.showPage()
    pdf.save()


def test_title_centred_over_two_lines_is_one_paragraph_start(tmp_path: Path) -> None:
    lines = [
        (130.0, "平江县人民政府办公室关于印发培育好强科创"),
        (200.0, "兴产业的动能实施方案的通知"),
        (112.0, "各乡镇人民政府，县直各单位：为深入贯彻落实省委、"),
        (80.0, "省政府决策部署，特制定本实施方案。"),
        (80.0, "现印发给你们，请认真贯彻执行。"),
    ]
    path = tmp_path / "title.pdf"
    _pdf_at_positions(path, [lines], sizes={0: 22, 1: 22})
    assert [line.indent for line in load(path).lines] == [True, False, True, False, False]


def test_indent_on_a_page_of_one_line_paragraphs(tmp_path: Path) -> None:
    margin, indented = 80.0, 112.0
    page_one = [(indented, "（1）对接标志性工程。积极争取岳麓山实验室")] + [
        (margin, "验室等在平江设立分支机构或研发中心")
    ] * 6
    page_two = [
        (indented, "（2）争取国省平台布局。建立科技创新平台梯度"),
        (margin, "培育机制。"),
        (indented, "（3）融入区域创新网络。"),
        (indented, "（4）聚集科技创新要素。"),
    ]
    path = tmp_path / "layout.pdf"
    _pdf_at_positions(path, [page_one, page_two])
    lines = load(path).lines
    assert [line.indent for line in lines if line.page == 1] == [True] + [False] * 6
    # most lines of page 2 are indented: the margin still comes from the document, not from page 2 alone
    assert [line.indent for line in lines if line.page == 2] == [True, False, True, True]


# --- format by content ---------------------------------------------------------------------------------------


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path, plan_paths: dict[str, Path]) -> None:
    path = tmp_path / "plan.txt"
    shutil.copy(plan_paths["pdf"], path)
    doc = load(path)
    assert doc.format == "pdf"
    assert doc.visual_lines


def test_text_named_pdf_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "note.pdf"
    path.write_text("三、推进机制\n成立工作专班。\n", encoding="utf-8")
    doc = load(path)
    assert doc.format == "txt"
    assert [line.text for line in doc.lines if line.text] == ["三、推进机制", "成立工作专班。"]


def test_markdown_extension_gives_md(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# 培育好强科创兴产业的动能实施方案\n", encoding="utf-8")
    assert load(path).format == "md"


# --- encodings -----------------------------------------------------------------------------------------------


def test_gbk_with_crlf(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("（一）主要指标\r\n力争全社会研发经费投入增长 8.5%以上。\r\n".encode("gbk"))
    assert [line.text for line in load(path).lines] == [
        "（一）主要指标",
        "力争全社会研发经费投入增长 8.5%以上。",
        "",
    ]


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff附件 3\n培育好强科创兴产业的动能实施方案".encode())
    assert [line.text for line in load(path).lines] == ["附件 3", "培育好强科创兴产业的动能实施方案"]


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("三、推进机制\r\n".encode("utf-16"))
    assert [line.text for line in load(path).lines] == ["三、推进机制", ""]


# --- DOCX body order ------------------------------------------------------------------------------------------


def test_docx_tables_in_body_order_and_headers_skipped(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "平江县人民政府办公室"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    document.add_paragraph("（一）主要指标")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "指标", (0, 1): "目标", (1, 0): "研发经费增长", (1, 1): "8.5%"}.items():
        table.cell(row, col).text = text
    document.add_paragraph("（二）重点任务")
    path = tmp_path / "table.docx"
    document.save(str(path))
    texts = [line.text for line in load(path).lines]
    assert texts == ["（一）主要指标", "指标 | 目标", "研发经费增长 | 8.5%", "（二）重点任务"]


# --- refusals ------------------------------------------------------------------------------------------------


def _refused(path: Path, error: type[IngestError], phrase: str) -> None:
    with pytest.raises(error) as caught:
        load(path)
    assert type(caught.value) is error
    assert str(path) in str(caught.value)
    assert phrase in str(caught.value)


def _ascii_pdf(text: str = "Pingjiang county plan: clause text for the test.") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 760, text)
    pdf.save()
    return buffer.getvalue()


def test_encrypted_pdf(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_ascii_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _refused(path, Encrypted, "encrypted PDF: remove the password first")


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    # Permissions-only encryption (empty user password) is common on published documents; it opens freely.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_ascii_pdf())))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "permissions.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert [line.text for line in load(path).lines] == ["Pingjiang county plan: clause text for the test."]


def test_image_only_pdf(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):  # two "scanned" pages: shapes only, no text operators
        pdf.rect(72, 500, 300, 200, fill=1)
        pdf.circle(300, 300, 50)
        pdf.showPage()
    pdf.save()
    # nothing to read by OCR either: a scan's pages are images (tests/test_ocr.py)
    _refused(path, NoTextLayer, "no text layer and no scanned image on any page")


def test_blank_page_pdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "blank.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _refused(path, NoTextLayer, "no text layer")


def test_truncated_pdf(tmp_path: Path, plan_paths: dict[str, Path]) -> None:
    data = plan_paths["pdf"].read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    _refused(path, CorruptFile, "truncated or damaged")


def test_truncated_docx(tmp_path: Path, plan_paths: dict[str, Path]) -> None:
    data = plan_paths["docx"].read_bytes()
    path = tmp_path / "half.docx"
    path.write_bytes(data[: len(data) // 2])
    _refused(path, CorruptFile, "truncated or damaged")


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    _refused(path, EmptyDocument, "no text")


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.md"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    _refused(path, EmptyDocument, "the file is empty")


def test_blank_text_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\n \r\n\u3000\n", encoding="utf-8")
    _refused(path, EmptyDocument, "no text")


def test_program_renamed_pdf(tmp_path: Path) -> None:
    path = tmp_path / "ls.pdf"
    path.write_bytes(Path(shutil.which("ls") or "/bin/ls").read_bytes())
    _refused(path, UnsupportedFormat, "a program (ELF executable)")


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)  # 2×2 grey
    pixels = zlib.compress(b"\x00\x00\xff" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_image_renamed_pdf(tmp_path: Path) -> None:
    path = tmp_path / "photo.pdf"
    path.write_bytes(_png())
    _refused(path, UnsupportedFormat, "a PNG image")


def test_zip_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    _refused(path, UnsupportedFormat, "not a Word document")


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "plan.xyz"
    path.write_text("一、培育好强科创动能", encoding="utf-8")
    _refused(path, UnsupportedFormat, "unsupported file type '.xyz'")


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "gone.pdf", IngestError, "cannot read the file")


def _pdf_with_private_use_font() -> bytes:
    """A real PDF whose font maps every character to the private use area, as fonts without a Unicode map do."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <E000> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    lines = b" ".join(b"(Pingjiang county plan, clause %d.) '" % i for i in range(20))
    content = b"BT /F1 14 Tf 72 760 Td 20 TL " + lines + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_with_glyphs_but_no_unicode_map(tmp_path: Path) -> None:
    path = tmp_path / "garbled.pdf"
    path.write_bytes(_pdf_with_private_use_font())
    _refused(path, UnreadableText, "mostly neither Chinese nor ASCII")


def test_text_of_private_use_characters(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_text("\ue030\ue049\ue04e\ue047\ue04a\n" * 20, encoding="utf-8")
    _refused(path, UnreadableText, "mostly neither Chinese nor ASCII")


def test_text_in_no_known_encoding(tmp_path: Path) -> None:
    path = tmp_path / "bytes.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 20)  # not UTF-8, not GB18030, no NUL byte
    _refused(path, UnreadableText, "unknown encoding")


def test_readable_share() -> None:
    assert readable_share("（一）主要指标：增长 8.5%以上“一主一特多优”①") == 1.0
    assert readable_share("\ue000\ue001\ue002a") == 0.25
    assert readable_share("\x01\x02ab") == 0.5  # control characters are not readable ASCII
    assert readable_share(" \n") == 1.0
    check_readable("县科工信局\ue000", "x.pdf")  # one odd glyph among Chinese text is fine
    with pytest.raises(UnreadableText, match=r"^x\.pdf: "):
        check_readable("\ue000\ue001\ue002县", "x.pdf")


JAPANESE = "日本語のテキストです。東京都の新しい政策について説明します。ファイルを読み込みます。\n" * 20
KOREAN = "한국어 텍스트입니다. 정책 문서를 읽습니다. 서울특별시의 새로운 정책에 대해 설명합니다.\n" * 20


@pytest.mark.parametrize(("text", "encoding"), [(JAPANESE, "shift_jis"), (KOREAN, "euc-kr")])
def test_text_in_an_encoding_not_used_for_chinese_is_refused_not_read_as_gb18030(
    tmp_path: Path, text: str, encoding: str
) -> None:
    """Both decode as GB18030 without error (mojibake); neither is plausible Chinese."""
    path = tmp_path / f"notice.{encoding}.txt"
    data = text.encode(encoding)
    data.decode("gb18030")
    path.write_bytes(data)
    _refused(path, UnreadableText, "unknown or unsupported encoding")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_short_chinese_text_loads_in_each_supported_encoding(tmp_path: Path, encoding: str) -> None:
    text = "（一）主要指标\n力争全社会研发经费投入增长 8.5%以上。（县科工信局负责）\n"
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode(encoding))
    assert [line.text for line in load(path).lines if line.text] == text.split("\n")[:2]


def test_plausible_share_tells_chinese_from_mojibake() -> None:
    assert plausible_share("（一）主要指标：力争全社会研发经费投入增长 8.5%以上。") == 1.0
    assert plausible_share(JAPANESE.encode("shift_jis").decode("gb18030")) < 0.3
