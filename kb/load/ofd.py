"""OFD files (GB/T 33190, the national fixed-layout format) through ofdkit: visual lines with page and indent.

ofdkit (PyPI, standard library only) resolves what an OFD spreads over its parts — OFD.xml → Document.xml →
each page's Content.xml, templates, composite objects, each object's transform — into text runs placed on
the page in millimetres. Like a PDF, an OFD breaks every paragraph into visual lines, so its lines go through
the PDF loader's layout reading: runs on one baseline are one line, read left to right; a line starting right
of the page's text margin begins a paragraph (the two-character first-line indent of official documents).
"""

from __future__ import annotations

from typing import Any

from kb.errors import CorruptFile, EmptyDocument, NoTextLayer, TooLarge
from kb.load.pdf import layout_lines, layout_run, new_visual_line
from kb.types import Line

# Runs whose baselines differ by less than this share of the font size stand on one line.
SAME_LINE = 0.5
# A gap between two runs wider than this share of the font size reads as a space (dropped next to Chinese).
WORD_GAP = 0.25


def load_ofd(data: bytes, path: str) -> tuple[Line, ...]:
    """The text lines of every page, with page numbers and indentation; refuses unreadable OFDs."""
    import ofdkit

    try:
        with ofdkit.open(data) as document:
            pages = [_visual_lines(page.runs) for page in document.pages]
    except ofdkit.OFDLimitError as exc:
        raise TooLarge(path, f"the OFD is beyond what can be read safely ({exc})") from exc
    except ofdkit.OFDError as exc:
        raise CorruptFile(path, f"the OFD is damaged and cannot be read ({exc})") from exc
    except (ValueError, KeyError, OSError, EOFError, RecursionError) as exc:
        raise CorruptFile(path, f"the OFD is damaged: {type(exc).__name__}: {exc}") from exc
    if not pages:
        raise EmptyDocument(path, "the OFD has no pages")
    if not any(pages):
        raise NoTextLayer(path, "no text on any page — a scanned OFD needs OCR first")
    return tuple(layout_lines(pages))


def _visual_lines(runs: list[Any]) -> list[Any]:
    """Runs grouped into lines by baseline (top to bottom), each line's runs left to right."""
    ordered = sorted((run for run in runs if run.text.strip()), key=lambda run: (run.y, run.x))
    lines: list[list[Any]] = []
    for run in ordered:
        if lines and abs(run.y - lines[-1][0].y) < SAME_LINE * max(run.size, 1.0):
            lines[-1].append(run)
        else:
            lines.append([run])
    visual = []
    for line in lines:
        line.sort(key=lambda run: run.x)
        current = new_visual_line()
        end: float | None = None
        for run in line:
            if end is not None and run.x - end > WORD_GAP * max(run.size, 1.0):
                current.runs.append(layout_run(" ", end, run.size, inserted=True))
            current.runs.append(layout_run(run.text, run.x, run.size, inserted=False))
            end = run.x + run.width
        visual.append(current)
    return visual
