"""`kb …` with the tests' fast stand-in embedder registered as `test:<anything>` (tests/test_cli.LetterEmbedder):
for browser tests that serve an index of many documents, which the real model would take minutes to build.

    python tests/fast_serve.py serve --index DIR --port N     (with KB_EMBEDDER=test:letters)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's kb, whatever is installed

from kb.cli import main  # noqa: E402
from kb.store.embed import register_embedder  # noqa: E402
from tests.test_cli import LetterEmbedder  # noqa: E402

if __name__ == "__main__":
    register_embedder("test", lambda argument, settings: LetterEmbedder(argument))
    main()
