"""The `kb` command as a user meets it: output lines, exit codes, the contract's JSON, error messages,
help text with examples, and a run against a real Chroma server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import numpy as np
import pytest
from click.testing import CliRunner, Result

from kb.cli import cli
from kb.settings import Settings
from kb.store.embed import EMBEDDERS, Embedder

DATA = Path(__file__).parent / "data"
PLAN_PDF = DATA / "plan-attachment3.pdf"
PLAN_TXT = DATA / "plan-attachment3.txt"
CONTRACT_KEYS = [
    "id",
    "doc",
    "doc_title",
    "path",
    "title",
    "text",
    "lead",
    "departments",
    "departments_raw",
    "leads",
    "departments_implied",
    "indicators",
    "deadlines",
    "page",
]


class LetterEmbedder(Embedder):
    """Fast stand-in for e5 (the CLI, not the model, is under test): vectors of character codes."""

    dim = 8

    def __init__(self, argument: str) -> None:
        super().__init__()
        self.name = f"test:{argument}"

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        return np.array(
            [[sum(ord(c) % (i + 2) for c in text) + 1.0 for i in range(self.dim)] for text in texts]
        )


@pytest.fixture(autouse=True)
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EMBEDDERS, "test", lambda argument, settings: LetterEmbedder(argument))
    monkeypatch.setenv("KB_EMBEDDER", "test:letters")
    monkeypatch.delenv("KB_INDEX", raising=False)
    monkeypatch.delenv("KB_CHROMA_URL", raising=False)


# The plan's notes as read (tests/data/plan_golden.json): 47 numbered items, 31 with a note, every note understood.
NOTES = "31 of 47 items with units, 0 notes not understood"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def index(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def ingested(index: Path) -> Path:
    result = run("ingest", "--index", index, PLAN_PDF)
    assert result.exit_code == 0, result.output
    return index


def test_ingest_prints_one_line_per_document(index: Path) -> None:
    result = run("ingest", "--index", index, PLAN_PDF)
    assert result.exit_code == 0
    assert result.stdout == f"ingested  {PLAN_PDF}: 48 clauses, 19 departments (plan-attachment3); {NOTES}\n"
    again = run("ingest", "--index", index, PLAN_PDF)
    assert again.exit_code == 0
    assert again.stdout == f"unchanged {PLAN_PDF}: 48 clauses, 19 departments (plan-attachment3); {NOTES}\n"


def test_a_first_ingest_says_which_embedder_builds_the_index_and_a_later_one_does_not(index: Path) -> None:
    first = run("ingest", "--index", index, PLAN_PDF)
    assert first.stderr.splitlines()[0] == "new index, embedder test:letters"
    assert "new index" not in run("ingest", "--index", index, PLAN_TXT).stderr


def test_a_refused_file_gives_exit_1_and_keeps_the_index(ingested: Path, tmp_path: Path) -> None:
    before = run("clauses", "--json", "--index", ingested).stdout
    broken = tmp_path / "plan-attachment3.docx"
    broken.write_bytes((DATA / "plan-attachment3.docx").read_bytes()[:3000])
    result = run("ingest", "--index", ingested, broken, PLAN_TXT.with_name("plan-attachment3.gbk.txt"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"refused   {broken}: ")
    assert lines[1].startswith("ingested  ")
    assert run("clauses", "--json", "--index", ingested, "--doc", "plan-attachment3").stdout == before


def test_clauses_json_is_the_contract_array(ingested: Path) -> None:
    result = run("clauses", "--json", "--index", ingested)
    assert result.exit_code == 0
    clauses = json.loads(result.stdout)
    assert len(clauses) == 48
    assert all(list(clause) == CONTRACT_KEYS for clause in clauses)
    materials = next(c for c in clauses if c["id"] == "plan-attachment3:1.2.2.2")
    # the contract's example, checked against the PDF by reading it
    assert materials["doc"] == "plan-attachment3"
    assert materials["doc_title"] == "培育好强科创兴产业的动能实施方案"
    assert materials["path"] == [
        "一、培育好强科创动能",
        "（二）重点任务",
        "2. 锻造产业创新主引擎",
        "（2）新材料产业",
    ]
    assert materials["title"] == "新材料产业"
    assert materials["text"].startswith("重点突破高性能合成云母")
    assert materials["text"].endswith("（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）")
    assert materials["lead"] == "平江高新区"
    assert materials["departments"] == ["平江高新区", "县发改局", "县科工信局", "县科协"]
    assert materials["departments_raw"] == ["平江高新区", "县发改局", "县科工信局", "县科协"]
    assert (materials["indicators"], materials["deadlines"], materials["page"]) == ([], [], 3)


def test_clauses_filtered_by_department_in_any_spelling(ingested: Path) -> None:
    forestry = ["1.2.2.5", "1.2.2.6", "1.2.4.2", "1.2.5.1", "1.2.6.1"]
    for spelling in ("县林业局", "林业局"):
        result = run("clauses", "--json", "--department", spelling, "--index", ingested)
        assert [c["id"] for c in json.loads(result.stdout)] == [f"plan-attachment3:{n}" for n in forestry]
    finance = run("clauses", "--json", "--department", "金融监管局平江分局", "--index", ingested)
    assert [c["id"] for c in json.loads(finance.stdout)] == [
        "plan-attachment3:1.2.5.2",
        "plan-attachment3:2.2.3.2",
    ]
    leads = run("clauses", "--json", "--department", "县委组织部", "--lead-only", "--index", ingested)
    assert [c["id"] for c in json.loads(leads.stdout)] == [
        "plan-attachment3:1.2.4.2",
        "plan-attachment3:1.2.5.1",
        "plan-attachment3:2.2.3.3",
    ]
    assert json.loads(run("clauses", "--json", "--doc", "other", "--index", ingested).stdout) == []


def test_clauses_table(ingested: Path) -> None:
    lines = run("clauses", "--department", "县文化旅游广体局", "--index", ingested).stdout.splitlines()
    assert len(lines) == 5  # 1.2.2.5, 1.2.2.6, 1.2.6.2, 2.2.1.2, 2.2.2.2
    assert lines[0].split() == [
        "plan-attachment3:1.2.2.5",
        "“两茶一药”产业",
        "[县农业农村局]",
        "县科工信局",
        "县林业局",
        "县文旅广体局",
    ]


def test_docs(ingested: Path) -> None:
    [doc] = json.loads(run("docs", "--json", "--index", ingested).stdout)
    assert {k: doc[k] for k in ("doc_id", "title", "format", "clauses", "departments")} == {
        "doc_id": "plan-attachment3",
        "title": "培育好强科创兴产业的动能实施方案",
        "format": "pdf",
        "clauses": 48,
        "departments": 19,
    }
    table = run("docs", "--index", ingested).stdout
    assert table.startswith("plan-attachment3") and "48 clauses" in table


def test_docs_json_says_how_the_notes_were_read(ingested: Path) -> None:
    [doc] = json.loads(run("docs", "--json", "--index", ingested).stdout)
    assert (doc["items"], doc["items_with_units"], doc["notes_not_understood"], doc["unread_notes"]) == (
        47,
        31,
        0,
        [],
    )


def test_check_lists_the_notes_not_understood_with_their_clause(index: Path, tmp_path: Path) -> None:
    plan = tmp_path / "new-plan.txt"
    plan.write_text(
        "某县数字经济实施方案\n一、重点任务\n"
        "1. 推进数据共享。（县数据局牵头，县财政局、县税务局等统筹协调）\n"
        "2. 建设算力中心。（主抓部门：县科工信局）\n"
        "3. 培育企业。（县科工信局负责）\n",
        encoding="utf-8",
    )
    assert run("ingest", "--index", index, plan).stdout.endswith(
        "(new-plan); 2 of 4 items with units, 2 notes not understood\n"
    )
    result = run("check", "--index", index, "new-plan")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "new-plan: 2 of 4 items with units, 2 notes not understood",
        "  new-plan:1.1  （县数据局牵头，县财政局、县税务局等统筹协调）  (partly read; not understood: "
        "县财政局、县税务局等统筹协调)",
        "  new-plan:1.2  （主抓部门：县科工信局）  (a label the grammar does not know)",
    ]
    assert run("check", "--index", index, plan).stdout == result.stdout  # a file, read without indexing it
    assert run("docs", "--index", index).stdout.rstrip().endswith("[2 notes not understood: kb check]")
    assert "warning" not in run("ingest", "--index", index, plan).stderr  # units were read: no warning
    missing = run("check", "--index", index, "nothing")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: no document 'nothing' in the index (1 indexed;")


def test_index_from_the_environment(ingested: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_INDEX", str(ingested))
    assert len(json.loads(run("clauses", "--json").stdout)) == 48


def test_library_errors_are_one_line_on_stderr(tmp_path: Path) -> None:
    missing = run("clauses", "--json", "--index", tmp_path / "none")
    assert missing.exit_code == 1
    assert missing.stdout == ""
    assert missing.stderr == (
        f"Error: no index at {tmp_path / 'none'}: run `kb ingest corpus/` first (or set KB_INDEX / --index)\n"
    )
    bad_url = run("docs", "--chroma-url", "ftp://example", "--index", tmp_path)
    assert bad_url.exit_code == 1
    assert bad_url.stderr == "Error: KB_CHROMA_URL 'ftp://example' is not an http://HOST:PORT address\n"


def test_embedder_mismatch_is_refused(ingested: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_EMBEDDER", "test:other")
    result = run("ingest", "--index", ingested, PLAN_TXT)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the index was built with embedder 'test:letters' but 'test:other' is configured: "
        "set KB_EMBEDDER=test:letters or rebuild the index\n"
    )


def all_commands(group: click.Group, prefix: str = "kb") -> Iterator[tuple[str, click.Command]]:
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from all_commands(command, f"{prefix} {name}")


def test_every_command_has_help_with_an_example() -> None:
    commands = dict(all_commands(cli))
    assert {"kb ingest", "kb clauses", "kb docs"} <= set(commands)
    for name, command in commands.items():
        has_example = command.help and re.search(r"^\s*Examples?:\s*$", command.help, re.MULTILINE)
        assert has_example, f"{name} lacks help text with an example"
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                assert parameter.help, f"{name} {parameter.opts[0]} has no help"


# --- against a Chroma server ---






@pytest.mark.server
def test_ingest_and_list_through_a_chroma_server(
    chroma_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_CHROMA_URL", chroma_server)
    index = tmp_path / "local"  # only the lexical index lives here
    assert run("docs", "--index", index).stderr == (
        f"Error: no index at {chroma_server}: run `kb ingest corpus/` first (or set KB_INDEX / --index)\n"
    )
    result = run("ingest", "--index", index, PLAN_TXT)
    assert result.stdout == f"ingested  {PLAN_TXT}: 48 clauses, 19 departments (plan-attachment3); {NOTES}\n"
    clauses = json.loads(run("clauses", "--json", "--index", index, "--department", "高新区").stdout)
    assert clauses[0]["id"] == "plan-attachment3:1.2.1.1"
    assert all("平江高新区" in c["departments"] for c in clauses)
    assert not (index / "chroma").exists()  # the vectors went to the server
    settings = Settings(index=index, chroma_url=chroma_server)
    from kb.store.chroma import ClauseStore

    store = ClauseStore(settings, LetterEmbedder("letters"), create=False)
    assert store.count() == 48
    hits = store.query(LetterEmbedder("letters").embed_query("云母"), k=3)
    assert len(hits) == 3 and hits[0][1] >= hits[1][1] >= hits[2][1]


@pytest.mark.server
def test_migrate_copies_an_embedded_index_to_a_server_without_embedding_again(
    chroma_server: str, index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "湖南中科云母研究院由哪个单位牵头建设？"
    assert run("ingest", "--index", index, PLAN_TXT).exit_code == 0
    local = json.loads(run("ask", "--json", "--index", index, question).stdout)
    passages: list[str] = []
    embed = LetterEmbedder._embed

    def counted(self: LetterEmbedder, texts: list[str], is_query: bool) -> np.ndarray:
        passages.extend([] if is_query else texts)
        return embed(self, texts, is_query)

    monkeypatch.setattr(LetterEmbedder, "_embed", counted)
    result = run("migrate", "--index", index, "--to", chroma_server)
    assert result.stdout == (
        f"copied 48 clauses and 1 document to {chroma_server}; use it with --index {index} --chroma-url {chroma_server}\n"
    )
    served = json.loads(
        run("ask", "--json", "--index", index, "--chroma-url", chroma_server, question).stdout
    )
    assert served == local and passages == []  # the same answer from the server, no clause embedded again
    again = run("migrate", "--index", index, "--to", chroma_server)
    assert again.exit_code == 1
    assert again.stderr == (
        f"Error: the Chroma server at {chroma_server} already holds 48 records in collection 'kb_clauses' (a "
        "migration stopped midway, or another index): to put this index there in their place, run "
        f"`kb rebuild --index {index} --chroma-url {chroma_server}`; or migrate to an empty server\n"
    )


def test_ask_dash_reads_questions_from_stdin_each_on_its_own(ingested: Path) -> None:
    """`kb ask --json -`: one JSON line per question line, in order; no conversation — a follow-up line is not
    completed from the line before it (the contract's one-question-per-line stream)."""
    questions = "湖南中科云母研究院由哪个单位牵头建设？\n\n那配合单位呢？\n"
    result = CliRunner().invoke(cli, ["ask", "--json", "--index", str(ingested), "-"], input=questions)
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == ["湖南中科云母研究院由哪个单位牵头建设？", "那配合单位呢？"]
    assert "resolved_question" not in answers[1]
    # each the same answer as when asked by itself (the fake embedder of these tests picks the clauses)
    alone = [json.loads(run("ask", "--json", "--index", ingested, a["question"]).stdout) for a in answers]
    assert answers == alone


def test_a_document_whose_notes_gave_no_unit_is_a_warning(index: Path, tmp_path: Path) -> None:
    plan = tmp_path / "unread.txt"
    plan.write_text(
        "某县交通建设实施方案\n一、重点任务\n"
        "1. 建设农村公路。（主抓部门：县交通运输局）\n"
        "2. 完善客运站点。（主抓部门：县交通运输局、县财政局）\n",
        encoding="utf-8",
    )
    result = run("ingest", "--index", index, plan)
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "(unread); 0 of 3 items with units, 2 notes not understood; WARNING: notes found but no unit read\n"
    )
    assert result.stderr.splitlines()[-1] == (
        f"warning: {plan}: its items carry notes but no unit was read from them; `kb check unread` lists them"
    )
