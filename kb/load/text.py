"""Plain-text files (.txt, .md): encoding detection, and the readability check every loader applies.

Chinese text files arrive as UTF-8 (with or without a BOM), UTF-16 with a BOM, or in the legacy GBK/GB18030
encoding that older office software saves, with LF or CRLF line ends. Strict UTF-8 is tried first because a GBK
byte sequence is almost never valid UTF-8. Otherwise
charset-normalizer proposes encodings in its order of confidence, and the first whose text is plausible Chinese
— mostly ASCII and the common characters of GB2312 — is taken. GB18030 decodes nearly any byte sequence, so
decoding alone proves nothing: a Shift-JIS file read as GB18030 is mojibake. A file no candidate reads
plausibly is refused as an unknown or unsupported encoding rather than indexed as mojibake.
"""

from __future__ import annotations

import codecs
import unicodedata

from kb.errors import UnreadableText

# Share of the visible characters a decoding must make ASCII or common Chinese (GB2312 characters and
# punctuation) to be believed: real Chinese text in its right encoding scores above 0.99 (the plan, the 13 real
# documents), Japanese text read as GB18030 or as Shift-JIS below 0.3.
MIN_PLAUSIBLE_SHARE = 0.9
PLAUSIBILITY_SAMPLE = 200_000  # characters judged; the start of a long file says enough about its encoding

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
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        mostly = _mostly_utf8(data)
        return mostly if mostly is not None else _guess(data, path)


# A UTF-8 text with a few bad bytes (a truncated character, a stray byte from another encoding) is read, the bad
# bytes as U+FFFD, when they are at most this share of the file and the valid multi-byte characters outnumber
# the bad places many times: a GBK file read as UTF-8 has bad bytes nearly everywhere and almost no valid
# multi-byte sequence.
MAX_BAD_SHARE = 0.01
MIN_VALID_PER_BAD = 20


def _mostly_utf8(data: bytes) -> str | None:
    """The text with its few invalid bytes replaced, or None when it is not UTF-8 with a few bad bytes."""
    decoded = _decode_counting(data, max(1, int(len(data) * MAX_BAD_SHARE)))
    if decoded is None:
        return None
    text, places, _ = decoded
    multibyte = sum(1 for char in text if char > "\x7f" and char != "\ufffd")
    return text if multibyte >= MIN_VALID_PER_BAD * places else None


def _decode_counting(data: bytes, max_bad: int) -> tuple[str, int, int] | None:
    """UTF-8 with invalid bytes replaced: (text, invalid places, invalid bytes); None past `max_bad` bytes."""
    view = memoryview(data)
    parts: list[str] = []
    position = bad_bytes = places = 0
    while True:
        try:
            parts.append(codecs.utf_8_decode(view[position:], "strict", True)[0])
            return "".join(parts), places, bad_bytes
        except UnicodeDecodeError as error:
            parts.append(codecs.utf_8_decode(view[position : position + error.start], "strict", True)[0])
            parts.append("\ufffd")
            bad_bytes += error.end - error.start
            places += 1
            position += error.end
            if bad_bytes > max_bad:
                return None


def invalid_utf8_bytes(data: bytes) -> int:
    """How many bytes of a text read as UTF-8 with a few bad bytes were bad (0 for any other text)."""
    if data.startswith((codecs.BOM_UTF8, *_UTF16_BOMS)) or _mostly_utf8(data) is None:
        return 0
    decoded = _decode_counting(data, len(data))
    return decoded[2] if decoded else 0


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableText(
            path, f"the text claims {encoding} (byte-order mark) but does not decode: {exc}"
        ) from exc


def _guess(data: bytes, path: str) -> str:
    """The first of charset-normalizer's candidates, in its order of confidence, whose text is plausible
    Chinese; GB18030 when it has no opinion. UnreadableText when no candidate is plausible."""
    # Imported here: only files that are not UTF-8 pay for loading it.
    from charset_normalizer import from_bytes

    proposed = [match.encoding for match in from_bytes(data)] or ["gb18030"]
    judged: list[tuple[float, str]] = []
    for encoding in proposed:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        share = plausible_share(text)
        if share >= MIN_PLAUSIBLE_SHARE:
            return text
        judged.append((share, encoding))
    best = max(judged, default=None)
    guess = (
        f" (read as {best[1]} it has only {best[0]:.0%} common Chinese characters or ASCII)" if best else ""
    )
    bad = _decode_counting(data, len(data))
    as_utf8 = f"; read as UTF-8, {bad[2]:,} of its {len(data):,} bytes are invalid" if bad else ""
    raise UnreadableText(
        path,
        "unknown or unsupported encoding: the text is in an unknown encoding or one not used for Chinese"
        f"{guess}{as_utf8}: save it as UTF-8 and try again",
    )


def _common_chinese() -> frozenset[str]:
    """The characters of GB2312 that Chinese text is made of: its symbol rows (punctuation, full-width forms)
    and its 6,763 hanzi; not its kana, Greek or Cyrillic rows."""
    rows = [0xA1, 0xA2, 0xA3, *range(0xB0, 0xF8)]
    pairs = (bytes([row, cell]) for row in rows for cell in range(0xA1, 0xFF))
    chars = set()
    for pair in pairs:
        try:
            chars.add(pair.decode("gb2312"))
        except UnicodeDecodeError:
            continue  # an unassigned position
    return frozenset(chars)


COMMON_CHINESE = _common_chinese()


def plausible_share(text: str) -> float:
    """Share of the visible characters (of the first PLAUSIBILITY_SAMPLE) that are ASCII or common Chinese."""
    visible = [c for c in text[:PLAUSIBILITY_SAMPLE] if not c.isspace()]
    if not visible:
        return 1.0
    return sum(1 for c in visible if c < "\x80" or c in COMMON_CHINESE) / len(visible)


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
