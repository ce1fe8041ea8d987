"""Shared fixtures: paths of the test data (the plan in its five forms) and the clean text as golden lines."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PLAN_STEM = "plan-attachment3"
PLAN_FORMS = ("txt", "gbk.txt", "raw.txt", "docx", "pdf")  # file suffixes of the five forms

# `kb` imports from the checkout even before `pip install -e .` has been run (a fresh clone, CI's first step).
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data."""
    return DATA


@pytest.fixture(scope="session")
def plan_path() -> Path:
    """The published PDF of the plan (the file corpus/ starts from)."""
    return DATA / f"{PLAN_STEM}.pdf"


@pytest.fixture(scope="session")
def plan_paths() -> dict[str, Path]:
    """The plan in each of its five forms, by suffix: "txt", "gbk.txt", "raw.txt", "docx", "pdf"."""
    return {form: DATA / f"{PLAN_STEM}.{form}" for form in PLAN_FORMS}


@pytest.fixture(scope="session")
def plan_text_lines() -> list[str]:
    """The clean text, one paragraph per line, as written by hand (the golden paragraphs)."""
    text = (DATA / f"{PLAN_STEM}.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A Chroma server on 127.0.0.1, started for the test and stopped after it."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the Chroma server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)
