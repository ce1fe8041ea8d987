"""The documents table's rows (kb.doctable) and what they are read from: the 文号 and the date of issue a
document prints (kb.parse.jurisdiction), its state (kb.docstate). Expectations read off the documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from kb.docstate import DocRecord, DocState
from kb.doctable import doc_rows, short_title
from kb.parse.jurisdiction import read_jurisdiction
from kb.types import DocInfo, Paragraph

REAL = Path(__file__).parent / "data" / "real"


def test_the_number_and_the_date_of_issue_under_the_signature() -> None:
    # 国务院办公厅关于印发“无废城市”建设试点工作方案的通知: 国办发〔2018〕128号, signed 2018年12月29日
    lines = (REAL / "guobanfa2018-128_wufei_chengshi.txt").read_text(encoding="utf-8").splitlines()
    found = read_jurisdiction(None, [Paragraph(line) for line in lines if line.strip()])
    assert (found.doc_no, found.issued) == ("国办发〔2018〕128号", "2018年12月29日")


def test_a_text_without_a_date_line_has_no_date_of_issue() -> None:
    found = read_jurisdiction("某某实施方案", [Paragraph("某某实施方案"), Paragraph("一、总体要求，到2027年完成。")])
    assert found.issued is None


def test_short_titles() -> None:
    assert short_title("关于印发《南充市支持人工智能OPC创新创业发展若干措施》的通知") == (
        "南充市支持人工智能OPC创新创业发展若干措施"
    )
    assert short_title("平江县科技创新券管理办法（试行）") == "平江县科技创新券管理办法（试行）"
    long = "关于加快推进人工智能赋能新型工业化和数字经济高质量发展的若干政策措施实施细则"
    assert short_title(long) == "关于加快推进人工智能赋能新型工业化和数字经济高…"


def info(doc_id: str, title: str, **fields: object) -> DocInfo:
    base: dict[str, object] = {
        "path": f"{doc_id}.txt",
        "format": "txt",
        "sha256": "0",
        "clauses": 7,
        "departments": 5,
        "ingested_at": "2026-12-05T07:00:00+00:00",
    }
    return DocInfo(doc_id=doc_id, title=title, **{**base, **fields})  # type: ignore[arg-type]


def test_rows_show_status_date_number_and_the_ingestion_report() -> None:
    grace = timedelta(minutes=10)
    records = [
        DocRecord(
            info("old", "平江县科技创新券管理办法（试行）", place="平江县", items=6, items_with_units=5),
            DocState(superseded_by="new"),
        ),
        DocRecord(
            info(
                "new",
                "平江县科技创新券管理办法",
                doc_no="平政办发〔2027〕3号",
                published="2027年1月5日",
                items=6,
                items_with_units=6,
                notes_not_understood=0,
            ),
            DocState(),
        ),
        DocRecord(info("gone", "某县实施方案"), DocState(withdrawn_at="2026-12-05T07:10:00+00:00")),
        DocRecord(info("draft", "苍南县关于加快打造人工智能OPC创业高地的若干举措（征求意见稿）"), DocState()),
    ]
    old, new, gone, draft = doc_rows(records, grace)
    assert (old.status, old.superseded_by, old.date, old.date_is_issue) == (
        "superseded",
        "平江县科技创新券管理办法",
        "2026-12-05",
        False,
    )
    assert (new.status, new.doc_no, new.date, new.date_is_issue) == ("current", "平政办发〔2027〕3号", "2027年1月5日", True)
    assert (new.items, new.items_with_units, new.notes_not_understood) == (6, 6, 0)
    assert gone.status == "withdrawn"
    assert gone.restorable_until == datetime(2026, 12, 5, 7, 20, tzinfo=UTC)
    assert draft.status == "draft"
