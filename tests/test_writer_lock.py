"""One writer per index folder (issue #10, item 3): a second `kb ingest` on the same embedded index fails at
once with a message naming the folder and the first writer's pid, or waits for it with --wait."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.errors import IndexBusy
from kb.lock import writer_lock
from tests.test_cli import PLAN_TXT, fake_embedder  # noqa: F401  (the fast embedder, autouse)


def test_a_second_writer_fails_at_once_naming_the_first(tmp_path: Path) -> None:
    index = tmp_path / "index"
    with writer_lock(index):  # as another `kb ingest` holds it: flock conflicts across open files
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["ingest", "--index", str(index), str(PLAN_TXT)])
        assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert f"Error: another ingest is running on {index} (pid {os.getpid()})" in result.output
    assert "Traceback" not in result.output
    assert not (index / "chroma").exists()  # nothing was written


def test_a_second_writer_waits_when_asked(tmp_path: Path) -> None:
    index = tmp_path / "index"
    held = threading.Event()

    def first_writer() -> None:
        with writer_lock(index):
            held.set()
            time.sleep(1.0)

    thread = threading.Thread(target=first_writer)
    thread.start()
    held.wait(5)
    result = CliRunner().invoke(cli, ["ingest", "--wait", "30", "--index", str(index), str(PLAN_TXT)])
    thread.join()
    assert result.exit_code == 0, result.output
    assert f"waiting for another ingest on {index} (pid {os.getpid()}) to finish" in result.output
    assert "ingested  " in result.output


def test_waiting_has_a_limit(tmp_path: Path) -> None:
    busy = pytest.raises(IndexBusy, match=r"another ingest is running on .* \(pid \d+\)")
    with writer_lock(tmp_path), busy, writer_lock(tmp_path, wait=0.5):
        pass
    with writer_lock(tmp_path):  # released when its holder is done
        pass
