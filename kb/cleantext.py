"""Text from documents and questions cleaned of characters that are invisible but change meaning or display.

- Format characters (Unicode category Cf: zero-width space and joiners U+200B–U+200D, word joiner and invisible
  operators U+2060–U+2064, the byte-order mark U+FEFF, bidi controls U+202A–U+202E and U+2066–U+2069, the soft
  hyphen U+00AD, …) are removed: `县发\u200b改局` is 县发改局, and `县林\u202e局业`, which displays as 县林业局,
  is no longer a unit of its own.
- Control characters other than tab and line feed (C0, DEL, C1: the ESC of terminal escape sequences) are
  removed.
- Ideographs in compatibility forms (Kangxi radicals such as ⼯ for 工, which PDF fonts often give, and the CJK
  compatibility ideographs) become the unified ideograph, as NFKC makes them.

Full NFKC is not applied: it turns the full-width punctuation of Chinese text into ASCII (（ → (, ： → :,
， → ,), ① into 1 and … into ..., which would change the clause text the contract promises unchanged and the
outline numbers (①) the parser reads. Only the ideograph mappings of NFKC are taken.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from typing import Any

# Format characters outside the Basic Multilingual Plane (the BMP's are found by category when first needed).
_ASTRAL_FORMAT = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
# Blocks whose characters NFKC maps to a unified ideograph.
_IDEOGRAPH_FORMS = ((0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


@functools.cache
def _invisible() -> re.Pattern[str]:
    """Format characters and controls (tab and line feed kept), as one character class."""
    bmp_format = "".join(
        re.escape(chr(code)) for code in range(0x10000) if unicodedata.category(chr(code)) == "Cf"
    )
    return re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{bmp_format}{_ASTRAL_FORMAT}]")


@functools.cache
def _ideographs() -> dict[int, str]:
    table: dict[int, str] = {}
    for start, end in _IDEOGRAPH_FORMS:
        for code in range(start, end + 1):
            mapped = unicodedata.normalize("NFKC", chr(code))
            if mapped != chr(code) and len(mapped) == 1 and unicodedata.name(mapped, "").startswith("CJK"):
                table[code] = mapped
    return table


def clean_text(text: str) -> str:
    """`text` without format and control characters (tab and line feed kept), its compatibility ideographs
    unified; NFC otherwise. Read before any name is looked for in a document or a question."""
    return unicodedata.normalize("NFC", _invisible().sub("", text).translate(_ideographs()))


def clean_name(text: str) -> str:
    """A one-line name (a document id): clean_text, with tabs and line breaks removed too."""
    return re.sub(r"[\t\n]", "", clean_text(text))


_TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """Text safe to print on a terminal: control characters (ESC sequences that clear the screen or write the
    clipboard, C1 controls such as CSI) and bidi controls removed; tabs and line feeds kept."""
    return _TERMINAL_UNSAFE.sub("", text)


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_json(value: Any, indent: int | None = None) -> str:
    """JSON for a terminal: json.dumps escapes C0 controls itself; DEL, C1 and bidi controls, which it writes
    as they are with ensure_ascii=False, are written as \\u escapes too (the same JSON value)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


__all__ = ["clean_name", "clean_text", "terminal_json", "terminal_text"]
