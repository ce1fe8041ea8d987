"""`kb withdraw`, `kb restore`, `kb supersede` and the status `kb docs` shows, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import PLAN_TXT, fake_embedder, run  # noqa: F401  (the fast embedder, autouse)

SECOND = Path(__file__).parent / "data" / "second-policy.txt"


def statuses(index: Path) -> dict[str, str]:
    return {d["doc_id"]: d["status"] for d in json.loads(run("docs", "--json", "--index", index).stdout)}


def test_withdraw_then_restore(tmp_path: Path) -> None:
    index = tmp_path / "index"
    assert run("ingest", "--index", index, PLAN_TXT, SECOND).exit_code == 0
    withdrawn = run("withdraw", "--index", index, "second-policy")
    assert withdrawn.exit_code == 0
    assert withdrawn.stdout.startswith("withdrew second-policy; `kb restore second-policy` brings it back until ")
    assert statuses(index) == {"plan-attachment3": "current", "second-policy": "withdrawn"}
    assert "[withdrawn " in run("docs", "--index", index).stdout
    assert run("restore", "--index", index, "second-policy").stdout == "restored second-policy\n"
    assert statuses(index) == {"plan-attachment3": "current", "second-policy": "current"}


def test_supersede_and_undo(tmp_path: Path) -> None:
    index = tmp_path / "index"
    assert run("ingest", "--index", index, PLAN_TXT, SECOND).exit_code == 0
    marked = run("supersede", "--index", index, "plan-attachment3", "--by", "second-policy")
    assert marked.stdout == "plan-attachment3 is superseded by second-policy\n"
    [plan] = [d for d in json.loads(run("docs", "--json", "--index", index).stdout) if d["status"] != "current"]
    assert (plan["doc_id"], plan["status"], plan["superseded_by"]) == (
        "plan-attachment3",
        "superseded",
        "second-policy",
    )
    assert "[superseded by second-policy]" in run("docs", "--index", index).stdout
    undone = run("supersede", "--index", index, "plan-attachment3", "--undo")
    assert undone.stdout == "plan-attachment3 is no longer superseded\n"
    assert set(statuses(index).values()) == {"current"}


def test_supersede_needs_by_or_undo_and_known_documents(tmp_path: Path) -> None:
    index = tmp_path / "index"
    assert run("ingest", "--index", index, SECOND).exit_code == 0
    assert "give either --by NEW or --undo" in run("supersede", "--index", index, "second-policy").output
    unknown = run("supersede", "--index", index, "second-policy", "--by", "nothing")
    assert unknown.exit_code == 1
    assert "no document 'nothing' in the index" in unknown.output


def test_ask_says_when_the_document_asked_about_is_superseded(tmp_path: Path) -> None:
    index = tmp_path / "index"
    assert run("ingest", "--index", index, PLAN_TXT, SECOND).exit_code == 0
    run("supersede", "--index", index, "second-policy", "--by", "plan-attachment3")
    asked = run("ask", "--index", index, "--doc", "second-policy", "创新券每家企业每年最多能申领多少？")
    assert (
        "（《平江县科技创新券管理办法（试行）》已被《培育好强科创兴产业的动能实施方案》替代；"
        "此回答按所问的旧文件作答，现行规定以新文件为准。）"
    ) in asked.stdout
    as_json = json.loads(run("ask", "--json", "--index", index, "--doc", "second-policy", "创新券额度").stdout)
    assert as_json["notices"] == [
        "《平江县科技创新券管理办法（试行）》已被《培育好强科创兴产业的动能实施方案》替代；"
        "此回答按所问的旧文件作答，现行规定以新文件为准。"
    ]
