"""Invisible characters from documents and questions (issue 22, rows 7, 14 and 17): format characters
(zero-width, bidi, byte-order mark, soft hyphen) are removed before names are read, document ids keep none,
and nothing a document holds reaches the terminal as a control sequence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cleantext import clean_text, terminal_json, terminal_text
from kb.cli import cli
from kb.load import doc_id_for, load
from kb.parse import parse
from kb.parse.departments import DepartmentRegistry
from kb.settings import Settings
from kb.store.embed import EMBEDDERS
from tests.test_cli import LetterEmbedder

PLAN = (
    "关于推进数字化的实施方案\n"
    "一、重点任务\n"
    "（一）建设数据中心。加快建设县级数据中心（县发\u200b改局牵头，县财\u00ad政局配合）。\n"
    "（二）推进林业。推进林业数字化（\ufeff县林\u2066业局\u2069负责）。\n"
    "（三）推进农业。推进\x1b]52;c;ZXZpbA==\x07农业\x1b[2J数字化（县林\u202e局业\u202c负责）。\n"
)


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_settings(Settings())


def test_format_characters_inside_unit_names_do_not_make_new_units(
    tmp_path: Path, registry: DepartmentRegistry
) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(PLAN, encoding="utf-8")
    clauses = {c.id: c for c in parse(load(source), registry).clauses}
    assert clauses["plan:1.1"].departments == ("县发改局", "县财政局")
    assert clauses["plan:1.1"].lead == "县发改局"
    assert clauses["plan:1.2"].departments == (
        "县林业局",
    )  # a note holding U+FEFF and U+2066 still yields it
    # the override is removed, not the text reordered: what was written (县林局业) is what the clause says
    assert clauses["plan:1.3"].text == "推进]52;c;ZXZpbA==农业[2J数字化（县林局业负责）。"


def test_full_width_punctuation_and_outline_numbers_are_kept() -> None:
    text = "（一）①任务：县发改局、县财政局，按职责分工负责；…"
    assert clean_text(text) == text
    assert (
        clean_text("⼯业和信息化局") == "工业和信息化局"
    )  # a Kangxi radical from a PDF font is the ideograph


def test_document_ids_keep_no_bidi_or_zero_width_characters() -> None:
    assert doc_id_for("/corpus/plan\u202eFDP.exe.txt") == "planFDP.exe"
    assert doc_id_for("县\u200b林业\u2066局方案.pdf") == "县林业局方案"
    assert doc_id_for("\u200b\u200c.txt") == "document"


def test_terminal_text_removes_escape_sequences_and_keeps_lines() -> None:
    assert terminal_text("a\x1b[2Jb\x1b]52;c;Zm9v\x07c\x9b2Jd\u202ee\tf\ng") == "a[2Jb]52;c;Zm9vc2Jde\tf\ng"
    dumped = terminal_json({"text": "x\x1b\x9b\u202ey"})
    assert "\x1b" not in dumped and "\x9b" not in dumped and "\u202e" not in dumped
    assert json.loads(dumped) == {"text": "x\x1b\x9b\u202ey"}  # the same value, escaped


def test_clauses_and_answers_print_no_control_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(EMBEDDERS, "test", lambda argument, settings: LetterEmbedder(argument))
    monkeypatch.setenv("KB_EMBEDDER", "test:letters")
    source = tmp_path / "plan.txt"
    source.write_text(PLAN, encoding="utf-8")
    index = tmp_path / "index"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "--index", str(index), str(source)]).exit_code == 0
    for args in (
        ["clauses"],
        ["clauses", "--json"],
        ["ask", "县发改局负责什么？"],
        ["ask", "--json", "农业数字化"],
    ):
        result = runner.invoke(cli, [*args, "--index", str(index)])
        assert result.exit_code == 0, result.output
        printed = result.stdout
        assert "推进" in printed
        assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in printed), args
        assert "\u202e" not in printed and "\u200b" not in printed
