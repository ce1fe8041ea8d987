"""What keeping conversations on the server costs (kb.conversations): adding an answer, listing a user's
conversations, opening one, and the file's size, for 50 users × 40 conversations × 5 answers (10,000 answers).
Prints figures with the machine's load beside them; never passes or fails on time.

    .venv/bin/python bench/conversations.py [--users 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.conversations import ConversationStore  # noqa: E402
from tests.test_conversations import ANSWER  # noqa: E402  (an answer citing two clauses of the plan)

CONVERSATIONS, TURNS, REPEAT = 40, 5, 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    users = parser.parse_args().users
    with tempfile.TemporaryDirectory() as folder:
        store = ConversationStore(Path(folder))
        started, added, last = time.perf_counter(), 0, ""
        for user in range(users):
            for number in range(CONVERSATIONS):
                current = None
                for turn in range(TURNS):
                    current = store.append(f"user:{user}", current, f"问题{number}-{turn}", ANSWER).id
                    added += 1
                last = current or ""
        append_ms = (time.perf_counter() - started) / added * 1000
        started = time.perf_counter()
        for _ in range(REPEAT):
            store.list("user:0")
        list_ms = (time.perf_counter() - started) / REPEAT * 1000
        started = time.perf_counter()
        for _ in range(REPEAT):
            store.get(f"user:{users - 1}", last)
        get_ms = (time.perf_counter() - started) / REPEAT * 1000
        size_mb = (Path(folder) / "conversations.sqlite").stat().st_size / 1e6
    load = os.getloadavg()[0]
    print(
        f"{added} answers kept ({users} users × {CONVERSATIONS} conversations × {TURNS}): add an answer "
        f"{append_ms:.1f} ms, list a user's {CONVERSATIONS} conversations {list_ms:.1f} ms, open one of "
        f"{TURNS} answers {get_ms:.1f} ms; file {size_mb:.1f} MB (load average {load:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
