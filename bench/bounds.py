"""Bounded questions (issue 22 rows 2 and 3): the unit-name search against text length (linear), a question's
cost against its length up to the cap, the refusal of a megabyte question, and a trickling model endpoint
against the overall deadline. Prints figures; never passes or fails on time.

    PYTHONPATH=$PWD .venv/bin/python bench/bounds.py

The plan's text is ingested into a temporary index with a fast stand-in embedder (tests/test_cli.py): the
figures are of the question path, not of the embedding model.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.api import KnowledgeBase  # noqa: E402  (after the path set-up, for running from a checkout)
from kb.errors import QuestionTooLong  # noqa: E402
from kb.parse.departments import DepartmentRegistry  # noqa: E402
from kb.settings import load_settings  # noqa: E402
from kb.store.embed import EMBEDDERS  # noqa: E402
from tests.test_cli import PLAN_TXT, LetterEmbedder  # noqa: E402

QUESTION = "湖南中科云母研究院由哪个单位牵头建设？县林业局和县发改局分别负责什么工作，"


def seconds(work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    registry = DepartmentRegistry.from_settings(load_settings())
    print("unit-name search (DepartmentRegistry.mentions), a text naming two units every 10 characters:")
    for length in (10_000, 40_000, 160_000, 640_000):
        text = ("县林业局、县发改局和" * (length // 10))[:length]
        print(f"  {length:>8,} characters {seconds(lambda t=text: registry.mentions(t)):8.3f} s")
    EMBEDDERS["test"] = lambda argument, settings: LetterEmbedder(argument)
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(load_settings(index=Path(tmp) / "index", embedder="test:letters"))
        kb.ingest([PLAN_TXT])
        kb.ask("县林业局负责哪些工作？")
        print(
            f"question cost against length (cap KB_MAX_QUESTION_CHARS = {kb.settings.max_question_chars:,}):"
        )
        for length in (40, 250, 500, 1_000):
            question = (QUESTION * (length // len(QUESTION) + 1))[:length]
            print(f"  {length:>8,} characters {seconds(lambda q=question: kb.ask(q)):8.3f} s")
        megabyte = "县" * 1_000_000

        def refused() -> None:
            try:
                kb.ask(megabyte)
            except QuestionTooLong:
                return
            raise AssertionError("a megabyte question was answered")

        print(f"  {len(megabyte):>8,} characters refused in {seconds(refused):.4f} s")
        trickle(kb)


def trickle(kb: KnowledgeBase) -> None:
    """An endpoint sending one byte every 0.2 s for 10 s, against a 2 s deadline."""
    from tests.test_llm import QuietServer, Script, make_handler

    script = Script(trickle=10.0)
    server = QuietServer(("127.0.0.1", 0), make_handler(script))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings = kb.settings.model_copy(
        update={"llm_url": url, "llm_model": "m", "llm_timeout_s": 2.0, "llm_retries": 1}
    )
    worded = KnowledgeBase(settings)
    worded.warm()  # the index, the models and the model client: only the call is timed
    print("model endpoint sending a byte every 0.2 s for 10 s, KB_LLM_TIMEOUT_S=2, one retry:")
    for streaming in (False, True):
        answer = None

        def ask(streaming: bool = streaming) -> None:
            nonlocal answer
            if streaming:
                *_, answer = worded.ask_stream("湖南中科云母研究院由哪个单位牵头建设？")
            else:
                answer = worded.ask("湖南中科云母研究院由哪个单位牵头建设？")

        took = seconds(ask)
        note = answer.llm.note if answer is not None and answer.llm is not None else None
        print(f"  {'streamed' if streaming else 'whole reply'}: answered offline after {took:.2f} s ({note})")
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
