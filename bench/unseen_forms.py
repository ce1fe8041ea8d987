"""How many of the note forms in `tests/test_notes.py::test_unseen_forms_are_read` (made-up cases in the style of
real documents, of forms none of the development documents shows) the parser on the path reads exactly — to
compare a checkout before and after a change of the grammar:

    PYTHONPATH=<checkout> .venv/bin/python bench/unseen_forms.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

CASES = Path(__file__).resolve().parent.parent / "tests" / "test_notes.py"


def cases() -> list[tuple[str, list[tuple[str, str]]]]:
    for node in ast.parse(CASES.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name == "test_unseen_forms_are_read":
            decorator = node.decorator_list[0]
            assert isinstance(decorator, ast.Call)
            found: list[tuple[str, list[tuple[str, str]]]] = ast.literal_eval(decorator.args[1])
            return found
    raise SystemExit(f"{CASES}: test_unseen_forms_are_read not found")


def main() -> int:
    from kb.parse.notes import notes_in  # the checkout on PYTHONPATH, not necessarily this one

    right = 0
    for text, expected in cases():
        got = [(u.name, u.role) for note in notes_in(text) for u in note.reading.units]
        right += got == [tuple(e) for e in expected]
    print(f"{right}/{len(cases())} unseen note forms read exactly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
