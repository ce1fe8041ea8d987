"""Plain-text files (.txt, .md): encoding detection, and the readability check every loader applies.

Chinese text files arrive as UTF-8 (with or without a BOM) or in the legacy GBK/GB18030 encoding that older
office software saves, with LF or CRLF line ends. Strict UTF-8 is tried first because a GBK byte sequence is
almost never valid UTF-8; GB18030 (a superset of GBK) second; charset-normalizer only when both fail.
"""

from __future__ import annotations

import codecs
import unicodedata

from kb.errors import UnreadableText

# Refuse text where fewer than this share of the visible characters are Chinese, ASCII or common punctuation:
# a PDF font without a Unicode map, or a wrong guess at the encoding, gives mostly other characters.
MIN_READABLE_SHARE = 0.7

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes, path: str) -> str:
    """The file's text with line ends unified to LF; raises UnreadableText when no encoding fits."""
    text = _decode(data, path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", path)
    if data.startswith(_UTF16_BOMS):
        return _strict(data, "utf-16", path)
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return _guess(data, path)


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableText(
            path, f"the text claims {encoding} (byte-order mark) but does not decode: {exc}"
        ) from exc


def _guess(data: bytes, path: str) -> str:
    # Imported here: only files that are neither UTF-8 nor GB18030 pay for loading it.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableText(path, "the text is in an unknown encoding: save it as UTF-8 and try again")
    return str(best)


def is_readable_char(char: str) -> bool:
    """Chinese, ASCII, or punctuation and symbols that Chinese documents use."""
    code = ord(char)
    if code < 0x80:
        return 0x20 <= code < 0x7F  # control characters are what broken fonts often give
    if 0xE000 <= code <= 0xF8FF:  # private use: what a font without a Unicode map often yields
        return False
    category = unicodedata.category(char)
    if category.startswith("P") or category in ("Sm", "Sc", "No", "So", "Zs"):
        return True  # “”、。—％①× and the like
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "FULLWIDTH", "HALFWIDTH"))


def readable_share(text: str) -> float:
    """Share of the visible characters of `text` that `is_readable_char` accepts (1.0 for no visible text)."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 1.0
    return sum(1 for c in visible if is_readable_char(c)) / len(visible)


def check_readable(text: str, path: str) -> None:
    """Raise UnreadableText when the text is mostly neither Chinese nor ASCII."""
    share = readable_share(text)
    if share < MIN_READABLE_SHARE:
        raise UnreadableText(
            path,
            f"the extracted text is mostly neither Chinese nor ASCII ({share:.0%} readable characters): "
            "the fonts probably lack a Unicode map — export the file again or run OCR on it",
        )
