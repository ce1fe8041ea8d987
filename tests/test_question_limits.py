"""Every question bounded (issue 22 row 2): a length cap that the CLI, the Python API, the `/ask` endpoint and
the chat all refuse beyond, saying so (the page in Chinese), before any work is done; and one user's long
questions do not hold back another user's (the app's fair queue, kb/fair.py)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest
from click.testing import CliRunner

from kb.api import KnowledgeBase, kept_history
from kb.cli import cli
from kb.errors import QuestionTooLong
from kb.settings import load_settings

pytestmark = pytest.mark.timeout(60)

LIMIT = 1_000  # the default of KB_MAX_QUESTION_CHARS


def test_a_question_over_the_cap_is_refused_at_once_by_the_python_api(tmp_path: Path) -> None:
    kb = KnowledgeBase(load_settings(index=tmp_path / "index"))
    started = time.perf_counter()
    with pytest.raises(QuestionTooLong) as refused:
        kb.ask("县林业局负责哪些工作？" * 100_000)  # a megabyte: before the cap it never finished
    assert time.perf_counter() - started < 1.0
    assert str(refused.value) == (
        "the question is 1,100,000 characters long; at most 1,000 are answered: ask the question alone, without "
        "pasted text (or raise KB_MAX_QUESTION_CHARS)"
    )
    with pytest.raises(QuestionTooLong):
        list(kb.ask_stream("问" * (LIMIT + 1)))


def test_the_cli_refuses_a_question_over_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_MAX_QUESTION_CHARS", "50")
    result = CliRunner().invoke(cli, ["ask", "--index", str(tmp_path / "index"), "问" * 51])
    assert result.exit_code == 1
    assert result.output.startswith("Error: the question is 51 characters long; at most 50 are answered")


def test_history_beyond_the_cap_or_the_last_twenty_is_not_read() -> None:
    history = ["那县发改局呢？"] * 25 + ["问" * (LIMIT + 1)]
    assert kept_history(history, LIMIT) == ["那县发改局呢？"] * 20


def slow_kb(tmp_path: Path, seconds: dict[str, float]) -> Any:
    """A stand-in knowledge base whose questions take the time given for their first word."""

    def ask(question: str, **_: object) -> SimpleNamespace:
        time.sleep(seconds.get(question.split()[0], 0.0))
        return SimpleNamespace(to_dict=lambda: {"question": question})

    return SimpleNamespace(settings=load_settings(index=tmp_path / "index"), ask=ask)


def test_the_page_says_in_chinese_that_a_question_is_too_long(tmp_path: Path) -> None:
    from app.main import Handlers

    handlers = Handlers(slow_kb(tmp_path, {}), tmp_path / "cache")

    async def first_step() -> object:
        return await anext(handlers.chat_event("问" * (LIMIT + 1), [], "", ""))

    with pytest.raises(gr.Error) as chat:
        asyncio.run(first_step())
    with pytest.raises(gr.Error) as api:
        asyncio.run(handlers.ask_event("问" * 20_000))
    assert chat.value.message == "问题太长（1,001 字），最多 1,000 字：请只输入问题本身，不要粘贴整段文字。"
    assert api.value.message.startswith("问题太长（20,000 字）")


def test_one_users_long_questions_do_not_hold_back_another_users(tmp_path: Path) -> None:
    """Alice asks two questions of 2.5 s each, then Bob a quick one: Bob is answered at once (before, both of
    the app's question workers were Alice's and Bob waited 2.2 s); Alice's second waits behind her first."""
    from gradio_client import Client

    from app.main import launch
    from bench.load import free_port

    port = free_port()
    demo = launch(slow_kb(tmp_path, {"long": 2.5, "quick": 0.05}), port=port, block=False)
    try:
        url = f"http://127.0.0.1:{port}/"
        alice, bob = Client(url, verbose=False), Client(url, verbose=False)
        for client in (alice, bob):  # a client's first request opens its stream: about a second
            assert client.predict("quick", api_name="/ask") == {"question": "quick"}
        started = time.monotonic()
        alices = [alice.submit(f"long {n}", api_name="/ask") for n in (1, 2)]
        time.sleep(0.3)
        asked = time.monotonic()
        assert bob.submit("quick", api_name="/ask").result(timeout=20) == {"question": "quick"}
        bob_waited = time.monotonic() - asked
        assert [job.result(timeout=20)["question"] for job in alices] == ["long 1", "long 2"]
        alice_took = time.monotonic() - started
        assert bob_waited < 1.0, f"Bob waited {bob_waited:.1f} s"
        assert alice_took >= 5.0  # one at a time: her second began when her first ended
        with pytest.raises(Exception, match="问题太长"):  # the endpoint refuses before the question waits
            bob.predict("quick " + "问" * LIMIT, api_name="/ask")
    finally:
        demo.close()
