"""The evaluation: question files are well formed, scoring counts what it says, `kb eval` prints its tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.errors import KBError
from kb.evaluate import Question, load_questions, said_yes, score, style_rows, summarize
from kb.types import INTENTS, Answer, Clause, Hit

ROOT = Path(__file__).resolve().parent.parent
QUESTION_FILES = [ROOT / "eval" / "questions.jsonl", ROOT / "eval" / "holdout.jsonl"]


@pytest.fixture(scope="module")
def outline_ids(data_dir: Path) -> set[str]:
    golden = json.loads((data_dir / "plan_golden.json").read_text(encoding="utf-8"))
    return set(golden["outline_ids"])


@pytest.mark.parametrize("path", QUESTION_FILES, ids=lambda p: p.name)
def test_question_files_are_well_formed(path: Path, outline_ids: set[str]) -> None:
    questions = load_questions(path)
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        assert q.intent in INTENTS and q.lang in ("zh", "en")
        assert set(q.gold_clauses) <= outline_ids, q.id
        if not q.answerable:
            assert not q.gold_clauses and q.gold_lead is None, q.id
        if q.gold_lead is not None:
            assert q.gold_departments and q.gold_departments[0] == q.gold_lead, q.id


def test_main_set_covers_what_the_issue_asks(outline_ids: set[str]) -> None:
    questions = load_questions(QUESTION_FILES[0])
    golden = json.loads((Path(__file__).parent / "data" / "plan_golden.json").read_text(encoding="utf-8"))
    note_clauses = {clause["id"] for clause in golden["note_clauses"]}
    responsibility = {c for q in questions if q.intent == "responsibility" for c in q.gold_clauses}
    assert len(questions) >= 150
    assert note_clauses <= responsibility  # every clause with departments is asked about
    assert sum(q.intent == "department_tasks" for q in questions) >= 20
    assert sum(q.lang == "en" for q in questions) >= 15
    assert sum(not q.answerable for q in questions) >= 15


def test_a_bad_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "x", "intent": "general"}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(KBError, match=r"q\.jsonl: line 2 is not a valid question"):
        load_questions(path)


def _clause(number: tuple[int, ...], lead: str, others: tuple[str, ...] = ()) -> Clause:
    return Clause("d", "D", number, ("x",), "t", "text", lead=lead, departments=(lead, *others))


def test_scoring_counts_rank_departments_and_abstention() -> None:
    question = Question(
        "q", "谁牵头？", "zh", "responsibility", ("d:1.2",), "A", ("A", "B"), None, None, None, True
    )
    right = Answer(
        "谁牵头？",
        "responsibility",
        "牵头单位：A",
        False,
        (Hit(_clause((1, 1), "C"), 1.0), Hit(_clause((1, 2), "A", ("B",)), 0.5)),
        lead="A",
        others=("B",),
    )
    outcome = score(question, right, 0.01)
    assert (outcome.rank, outcome.set_match, outcome.lead_match) == (2, True, True)
    wrong = Answer(
        "谁牵头？", "responsibility", "…", False, (Hit(_clause((1, 1), "C"), 1.0),), lead="C", others=()
    )
    assert score(question, wrong, 0.01).lead_match is False
    unanswerable = Question("u", "?", "zh", "out_of_scope", (), None, None, None, None, None, False)
    abstained = Answer("?", "out_of_scope", "文件中没有找到", True)
    table = summarize([score(question, right, 0.01), score(unanswerable, abstained, 0.02)], "t")
    row = table.rows["all"]
    assert row["R@1"] == 0.0 and row["R@3"] == 1.0 and row["MRR"] == 0.5
    assert row["abstain_P"] == 1.0 and row["abstain_R"] == 1.0


@pytest.mark.parametrize(
    ("text", "yes"),
    [
        ("是。县林业局参与了1.2.2.5", True),
        ("**是**，由平江高新区牵头", True),
        ("不是。牵头单位是县发改局", False),
        ("否，文件写明由…", False),
        ("Yes — the note names it.", True),
        ("No. The lead is 县发改局.", False),
        ("牵头单位：县发改局", None),
        ("是否由县发改局牵头，文件没有写明", None),
    ],
)
def test_a_yes_no_answer_is_read_from_its_first_word(text: str, yes: bool | None) -> None:
    assert said_yes(text) is yes


def test_yes_no_questions_need_the_right_yes_or_no_and_are_grouped_by_slot() -> None:
    question = Question(
        "y",
        "是县发改局牵头吗？",
        "zh",
        "responsibility",
        ("d:1.2",),
        None,
        None,
        None,
        None,
        None,
        True,
        style="yes_no",
        slot="yesno",
        gold_yesno=False,
    )
    hits = (Hit(_clause((1, 2), "A"), 1.0),)
    right = Answer(question.question, "responsibility", "不是。牵头单位是A。", False, hits, lead="A")
    evasive = Answer(question.question, "responsibility", "牵头单位：A", False, hits, lead="A")
    assert score(question, right, 0.01).correct
    assert not score(question, evasive, 0.01).correct  # the evidence alone does not answer yes or no
    rows = style_rows([score(question, right, 0.01), score(question, evasive, 0.01)], key="slot")
    assert rows["yesno"] == {"n": 2, "correct": 0.5}


def test_kb_eval_prints_tables_per_intent(tmp_path: Path, data_dir: Path) -> None:
    runner = CliRunner()
    index = tmp_path / "index"
    assert (
        runner.invoke(
            cli, ["ingest", str(data_dir / "plan-attachment3.txt"), "--index", str(index)]
        ).exit_code
        == 0
    )
    questions = tmp_path / "q.jsonl"
    lines = [line for line in QUESTION_FILES[0].read_text(encoding="utf-8").splitlines()][:12]
    questions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(
        cli, ["eval", str(questions), "--index", str(index), "--mode", "bm25", "--no-baseline"]
    )
    assert result.exit_code == 0, result.output
    assert "12 questions" in result.output and "## bm25" in result.output
    assert "responsibility" in result.output and "p95_ms" in result.output
