"""Finding the units a question names, however people write them.

A name is read as level + core + type (县 + 科工信 + 局). A question may write a unit exactly (an indexed spelling,
an alias, an English name), with its level left out or changed (`工信局`, `市发改委` for `县发改局`), by a short
form offices use (`人社那边`, `科工信局`), or with a one-character typo (`县林叶局`). The ways a core is shortened
are data (`corpus/unit_names.yaml`), not code. A mention that fits several units of the places in question is
reported with its candidates, so that the answer can ask back instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from kb.errors import ConfigError
from kb.parse.departments import DepartmentRegistry
from kb.parse.notes import balanced_groups, label_role
from kb.parse.unit_names import looks_like_unit

# the levels of local government, which a question may name one for another (市 / 县 / 区 for a county-level body)
_LOCAL_LEVELS = frozenset({"市", "县", "区"})


@dataclass(frozen=True)
class NameGrammar:
    """Levels, types and families of core spellings (see corpus/unit_names.yaml)."""

    levels: tuple[str, ...]
    types: Mapping[str, str]
    families: tuple[frozenset[str], ...]
    bare: frozenset[str]
    body_words: tuple[str, ...]
    cores: frozenset[str] = frozenset()  # every core the families and the list of common bodies know
    english: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # levels, types, cores in English

    @classmethod
    def from_yaml(cls, path: str | Path) -> NameGrammar:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
            return cls(
                levels=tuple(sorted(data["levels"], key=len, reverse=True)),
                types=dict(data["types"]),
                families=tuple(frozenset(str(f) for f in family) for family in data["families"]),
                bare=frozenset(str(b) for b in data.get("bare") or ()),
                body_words=tuple(data.get("body_words") or ()),
                cores=frozenset(
                    [str(c) for c in data.get("cores") or ()]
                    + [str(f) for fam in data["families"] for f in fam]
                ),
                english={
                    part: {str(k).lower(): str(v) for k, v in (values or {}).items()}
                    for part, values in (data.get("english") or {}).items()
                },
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}: cannot read the unit-name grammar ({exc})") from exc

    def from_english(self, phrase: str, place: str | None) -> str | None:
        """The Chinese form of an English body name (municipal education bureau → 市教育局), its level from the
        phrase or else from the place named; None when no known core is in it."""
        words = phrase.lower()
        cores = self.english.get("cores", {})
        core = next(
            (
                cores[c]
                for c in sorted(cores, key=len, reverse=True)
                if re.search(rf"\b{re.escape(c)}\b", words)
            ),
            None,
        )
        if core is None:
            return None
        levels = self.english.get("levels", {})
        level = next((levels[w] for w in re.findall(r"[a-z]+", words) if w in levels), "")
        if not level and place and place[-1] in "省市县区" and not re.search(r"\bministry\b", words):
            level = place[-1]
        # a province's departments are 厅 (Provincial Department of Education → 省教育厅), a city's 局
        provincial = self.english.get("provincial_types", {}) if level == "省" else {}
        kind = next(
            (
                t
                for w, t in [*provincial.items(), *self.english.get("types", {}).items()]
                if re.search(rf"\b{w}\b", words)
            ),
            "",
        )
        if core.startswith("委"):  # the Party committee's departments: 市委组织部
            return f"{level}{core}部"
        return f"{level}{core}{kind}"

    def english_start(self, phrase: str) -> int:
        """Where an English body name starts in a phrase: at its first level, core or type word."""
        words = [w for part in ("levels", "cores", "types") for w in self.english.get(part, {})]
        starts = [m.start() for w in words for m in re.finditer(rf"\b{re.escape(w)}\b", phrase.lower())]
        return min(starts, default=0)

    def split(self, name: str) -> tuple[str, str, str]:
        """`县科工信局` → (`县`, `科工信`, `局`); brackets of a name's own (`（人才办）`) are left out."""
        for start, end in reversed(balanced_groups(name)):
            name = name[:start] + name[end:]
        level = next((lv for lv in self.levels if name.startswith(lv) and len(name) > len(lv) + 1), "")
        rest = name[len(level) :]
        kind = next(
            (t for t in sorted(self.types, key=len, reverse=True) if rest.endswith(t) and len(rest) > len(t)),
            "",
        )
        core = rest[: len(rest) - len(kind)] if kind else rest
        if kind in ("分局", "支局") and "局" in core:  # a branch: 金融监管局平江支局 is 金融监管's, at 平江
            core = core[: core.index("局")].removesuffix("总")
        return level, core, self.types.get(kind, kind)

    def core_distance(self, asked: str, unit: str) -> int | None:
        """How a question's core names a unit's core: 0 equal or spellings of one body (one family), 1 a known
        short core contained in it (工信 in 科工信 — not any word: 管理 in 市场监督管理), None not at all."""
        if not asked or not unit:
            return None
        if asked == unit or any(asked in family and unit in family for family in self.families):
            return 0
        if asked in self.cores and len(asked) >= 2 and asked in unit:
            return 1
        return None


# an English body name: up to seven words before its type word
_ENGLISH_BODY = re.compile(
    r"\b(?:[A-Za-z][\w'-]*\s+){0,7}?(?:bureau|commission|department|office|administration|committee|cent(?:er|re)"
    r"|ministry)\b",
    re.IGNORECASE,
)
# a body named by its type, then `of` (or `for`, as in the official English of 市场监管 bodies: Sichuan Provincial
# Administration for Market Regulation) and the capitalised words of its work (Liaoning Provincial Department of
# Human Resources and Social Security): after a level word (a local body), or with its type word capitalised as a
# name's (the Department of Raw Materials Industry, a ministry's own 司). A ministry so named (Ministry of
# Agriculture) is national and spelled by the registry, whose names change over the years (农业部, 农业农村部): it
# is read as a unit only where a check needs its Chinese name (`_ENGLISH_NAMED_BODY`, `english_names`)
_OF_WORK = r"\s+(?:of|for)(?:\s+(?:and|[A-Z][\w'-]*)){1,8}"
_ENGLISH_BODY_OF = re.compile(
    r"\b(?:(?:[A-Za-z][\w'-]*\s+){0,3}?(?i:provincial|municipal|city|county|district)\s+"
    r"(?i:bureau|commission|department|office|administration|committee)"
    r"|(?:Bureau|Commission|Department|Office|Administration|Committee))" + _OF_WORK
)
_ENGLISH_NAMED_BODY = re.compile(rf"{_ENGLISH_BODY_OF.pattern}|\bMinistry{_OF_WORK}")
# the organisational words a Chinese name ends in for each English type word: a body whose work no core of the
# grammar names is found by its work's words and this ending (Department of Raw Materials Industry → 原材料工业司)
_TYPE_ENDINGS = {
    "bureau": ("局",),
    "commission": ("委", "委员会"),
    "department": ("司", "厅", "局", "部", "处", "委"),
    "office": ("办", "办公室", "室"),
    "administration": ("局", "署", "总局"),
    "committee": ("委", "委员会", "会"),
    "ministry": ("部",),
    "center": ("中心",),
    "centre": ("中心",),
}

# types a question may write for one another: 发改委 for 发改局, 金融监管局 for its 平江支局
_SAME_KIND = frozenset({"局", "委", "分局", "支局"})


@dataclass(frozen=True)
class UnitMention:
    """A unit a question names: where, as written, and the units it may mean (one when resolved)."""

    span: tuple[int, int]
    written: str
    candidates: tuple[str, ...]

    @property
    def resolved(self) -> str | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


@dataclass
class UnitResolver:
    """Units of the index (canonical name → its places) and the registry's spellings, for reading questions."""

    registry: DepartmentRegistry
    places: Mapping[str, frozenset[str]]  # canonical unit → places of the documents naming it
    grammar: NameGrammar
    home: frozenset[str] = frozenset()  # the office's own places: their units win when a question names none
    _parsed: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    _unbracketed: dict[str, str] = field(default_factory=dict)
    _by_core: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    _tier_cache: dict[tuple[str, str, str], dict[int, list[str]]] = field(default_factory=dict)
    _order: dict[str, int] = field(default_factory=dict)
    _bare: list[str] = field(default_factory=list)  # each unit's name without its level, made when first asked
    # an English text's words as the documents write them, each word's senses apart (raw materials → 原料|原材料);
    # the engine sets it from its topic words (kb.qa.understand.topic): without it a body whose work no core of
    # the grammar names is not read
    english_words: Callable[[str], Sequence[Sequence[str]]] | None = None

    def __post_init__(self) -> None:
        self._parsed = {name: self.grammar.split(name) for name in self.places}
        self._order = {name: i for i, name in enumerate(self._parsed)}
        # units by their core: a question's core is compared with the distinct cores, not with every unit
        for name, (u_level, u_core, u_kind) in self._parsed.items():
            self._by_core.setdefault(u_core, []).append((name, u_level, u_kind))
        # 市委组织部（人才办） → 市委组织部人才办, longest first
        variants = {re.sub(r"[（(〔]([^）)〕]*)[）)〕]", r"\1", n): n for n in self.places if re.search(r"[（(〔]", n)}
        self._unbracketed = dict(sorted(variants.items(), key=lambda kv: len(kv[0]), reverse=True))

    def find(self, question: str, in_places: Iterable[str] = ()) -> list[UnitMention]:
        """Every unit the question names, in order: exact spellings first, then short forms, level changes and
        typos in what is left. Candidates are narrowed to the units of `in_places` when that leaves any, else to
        the home place's when the question names no place."""
        scope = set(in_places)
        # English names read by their parts first: the registry's English spellings are one place's units
        found: list[UnitMention] = self._english_mentions(question, scope, []) if scope else []
        english = [m.span for m in found]
        # a unit whose name holds brackets written without them (太仓市委组织部人才办 for 市委组织部（人才办）)
        for written, name in self._unbracketed.items():
            for match in re.finditer(re.escape(written), question):
                span = match.span()
                overlaps = any(s < span[1] and span[0] < e for s, e in [*english, *(m.span for m in found)])
                if not overlaps and (not scope or self.places.get(name, frozenset()) & scope):
                    found.append(UnitMention(span, written, (name,)))
        taken = [m.span for m in found]
        for start, end, name in self.registry.mentions(question):
            written = question[start:end]
            if any(s < end and start < e for s, e in [*english, *taken]):
                continue
            if written.endswith("部") and question[end : end + 1] == "门":
                continue  # 商务部门 is a 商务 body, not the 商务部
            if self._other_level_before(question, start, name):
                continue  # the National Development and Reform Commission is not the county's 发改局
            if scope and not (self.places.get(name, frozenset()) & scope):
                # a spelling of another place's unit than the one asked about (金乡县发改局: 县发改局 is 平江's):
                # read it loosely in the places asked about; an exact name stays itself when they have no such unit
                candidates = self._candidates(written, scope)
                in_scope = tuple(c for c in candidates if self.places.get(c, frozenset()) & scope)
                fallback = (name,) if written == name else candidates or (name,)
                found.append(UnitMention((start, end), written, in_scope or fallback))
            else:
                found.append(UnitMention((start, end), written, (name,)))
        for start, end, written in self._loose_mentions(question, [m.span for m in found]):
            candidates = self._candidates(written, scope)
            if candidates:
                found.append(UnitMention((start, end), written, candidates))
        if not scope:
            found += self._english_mentions(question, scope, [m.span for m in found])
        return sorted(_glossed(question, found), key=lambda m: m.span)

    def fitting(self, written: str) -> tuple[str, ...]:
        """Every place's units a name as written fits, best tier only (商务局 → 县商务局, 区商务局, 市商务局): a
        question asking which places gave a kind of unit a task means any place's unit of that kind, not one."""
        level, core, kind = self.grammar.split(written)
        tiers = self._tiers(level, core, kind)
        if not tiers and level:  # 市监局: the 市 is the core's (市场监管), not a level
            tiers = self._tiers("", level + core, kind)
        if not tiers:
            return (written,) if written in self.places else ()
        return tuple(tiers[min(tiers)])

    def _other_level_before(self, question: str, start: int, name: str) -> bool:
        """Whether an English spelling of a unit is preceded by a level word naming another level than the unit's
        (National / Provincial before `development and reform commission`, a county alias)."""
        before = re.search(r"([A-Za-z]+)\s+$", question[:start])
        if before is None or not question[start : start + 1].isascii():
            return False
        level = self.grammar.english.get("levels", {}).get(before.group(1).lower())
        return level is not None and level != (self._parsed.get(name) or self.grammar.split(name))[0]

    def _english_mentions(
        self, question: str, scope: set[str], taken: list[tuple[int, int]]
    ) -> list[UnitMention]:
        """Bodies an English question names that no registry spells in English (the Wuhan municipal education
        bureau), read through their Chinese form in the places asked about."""
        found = []
        place = next(iter(scope)) if len(scope) == 1 else None
        taken = list(taken)
        named_of = list(_ENGLISH_BODY_OF.finditer(question))
        for match in [*named_of, *_ENGLISH_BODY.finditer(question)]:
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            written = self.grammar.from_english(match.group(0), place)
            # its work's words are read only where the name writes them after `of` (the Department of Raw
            # Materials Industry), never from the words a question runs before a type word (Chengdu's Party…)
            by_work = match in named_of and not written
            candidates = self._by_work(match.group(0), scope) if by_work else self._candidates(written, scope) if written else ()
            if candidates:
                start += self.grammar.english_start(
                    match.group(0)
                )  # What does the Wuhan municipal… → municipal…
                found.append(UnitMention((start, end), question[start:end], candidates))
        return found

    def english_names(self, question: str, in_places: Iterable[str] = ()) -> list[str]:
        """The Chinese names of the bodies an English question names by level, type and work (the Provincial
        Department of Civil Affairs → 省民政厅, the Ministry of Education → 教育部), whether or not a document names
        them: what a yes/no question checks a document's holder against."""
        scope = set(in_places)
        place = next(iter(scope)) if len(scope) == 1 else None
        names = []
        for match in _ENGLISH_NAMED_BODY.finditer(question):
            written = self.grammar.from_english(match.group(0), place)
            if written and (self.grammar.split(written)[0] or written.endswith("部")):
                # as the documents spell it where one unit fits (工信部 → 工业和信息化部)
                fitting = self._candidates(written, scope)
                names.append(fitting[0] if len(fitting) == 1 else written)
        return list(dict.fromkeys(names))

    def _by_work(self, phrase: str, scope: set[str]) -> tuple[str, ...]:
        """The one unit of the index an English body name means by its work's words, when no core of the grammar
        names that work (the Department of Raw Materials Industry → 原材料工业司): every word of the work written in
        the unit's name, in one of its senses, and the name ending as the type word says; () when none or several
        (in the places asked about) fit."""
        kind = next((k for k in _TYPE_ENDINGS if re.search(rf"\b{k}\b", phrase, re.I)), None)
        work = re.split(r"\s(?:of|for)\s", phrase, maxsplit=1)[-1]
        if kind is None or self.english_words is None:
            return ()
        senses = [tuple(s for s in group if not s.isascii()) for group in self.english_words(work)]
        senses = [group for group in senses if group]
        if not senses:
            return ()
        fitting = [
            name
            for name in self._parsed
            if name.endswith(_TYPE_ENDINGS[kind]) and all(any(s in name for s in group) for group in senses)
        ]
        in_scope = [n for n in fitting if self.places.get(n, frozenset()) & scope] if scope else fitting
        return (in_scope[0],) if len(in_scope) == 1 else ()

    def _loose_mentions(self, question: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """Organ-like words (…局, …委, …办) and bare short cores (人社, 发改) outside the exact mentions; each
        trimmed from the left until what remains names a unit (`请问科工信局` → `科工信局`)."""
        loose: list[tuple[int, int, str]] = []
        types = "|".join(sorted(self.grammar.types, key=len, reverse=True))
        for match in re.finditer(rf"[\u4e00-\u9fff]{{2,14}}?(?:{types})(?!门)", question):  # 部门 is no 部
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            # the longest piece that names a unit by its form; only then one a typo away (的工信局 is 工信局, not
            # a misspelt 科工信局)
            cuts = []
            # no name holds 或: two names asked as alternatives (督查室或督查办) are read apart, never as 或督查办
            start = max(start, question.rfind("或", start, end) + 1)
            for c in range(start, end - 1):
                cuts.append(c)
                if self.grammar.split(question[c:end])[1] in self.grammar.cores:
                    break  # a body's whole name (应急管理局): no piece of it is another body's
            for typos in (False, True):
                # a name one character off starts where a word starts: 那个|办公室 holds no misspelt 州委办公室 (个办公室)
                kept = [c for c in cuts if c in _word_starts(question)] if typos else cuts
                cut = next((c for c in kept if self._fits(question[c:end], typos)), None)
                if cut is not None:
                    loose.append((cut, end, question[cut:end]))
                    break
        body = "|".join(self.grammar.body_words)
        # a bare short core names a body before a duty word too (人社要做哪些事); any other core only before a
        # word saying a body is meant (金融监管那边, 数据部门)
        bare_after = rf"(?=$|{body}|要|负责|牵头|参与|配合|承担|在|有|都|管|干|的|和|、|[？?，,。])"
        cores = [(c, bare_after) for c in self.grammar.bare]
        cores += [
            (c, rf"(?={body})") for c in self.grammar.cores if c not in self.grammar.bare and len(c) >= 2
        ]
        for core, after in sorted(cores, key=lambda ca: len(ca[0]), reverse=True):
            for match in re.finditer(re.escape(core) + after, question):
                start, end = match.span()
                if any(s < end and start < e for s, e in [*taken, *((s, e) for s, e, _ in loose)]):
                    continue
                loose.append((start, end, core))
        return loose

    def _fits(self, written: str, typos: bool) -> bool:
        """Whether the piece names some unit by its form; with `typos`, also one character off."""
        level, core, kind = self.grammar.split(written)
        if self._tiers(level, core, kind) or (level and self._tiers("", level + core, kind)):
            return True
        return typos and bool(self._typo(written))

    def _candidates(self, written: str, scope: set[str]) -> tuple[str, ...]:
        """Units a loosely written name may mean, best tier only; in the places asked about, else the home
        place's, else all."""
        level, core, kind = self.grammar.split(written)
        tiers = self._tiers(level, core, kind)
        if not tiers and level:  # 市监局: the 市 is the core's (市场监管), not a level
            tiers = self._tiers("", level + core, kind)
        if not scope and tiers:
            # naming no place, the office's own unit is meant if one fits at all (金融监管局 → its 平江支局)
            home = {
                t: [n for n in names if self.places.get(n, frozenset()) & self.home]
                for t, names in tiers.items()
            }
            home = {t: names for t, names in home.items() if names}
            if home:
                return tuple(home[min(home)])
        best = tiers[min(tiers)] if tiers else self._typo(written)
        in_scope = [n for n in best if self.places.get(n, frozenset()) & scope]
        at_home = [n for n in best if self.places.get(n, frozenset()) & self.home] if not scope else []
        return tuple(in_scope or at_home or best)

    def _tiers(self, level: str, core: str, kind: str) -> dict[int, list[str]]:
        """Units whose name fits level + core + type, by how closely: same type and level before a changed one."""
        key = (level, core, kind)
        if key in self._tier_cache:
            return self._tier_cache[key]
        tiers: dict[int, list[str]] = {}
        if not core:
            return tiers
        # grammar.core_distance, with the families holding the asked core gathered once
        family = frozenset().union(*(f for f in self.grammar.families if core in f))
        contained = core in self.grammar.cores and len(core) >= 2
        for u_core, units in self._by_core.items():
            if not u_core:
                continue
            if u_core == core or u_core in family:
                distance = 0
            elif contained and core in u_core and _whole_part(core, u_core):
                distance = 1
            else:
                continue
            for name, u_level, u_kind in units:
                if kind and u_kind and kind != u_kind and not {kind, u_kind} <= _SAME_KIND:
                    continue
                if level and level != u_level and (distance > 0 or not {level, u_level} <= _LOCAL_LEVELS):
                    # a level written and another one meant only between the local levels people mix up (市发改委
                    # for 县发改局), for the same core: 县统计局 is no 国家统计局, 县财政局 no 省财政厅
                    continue
                tier = (bool(kind) and kind != u_kind) + 2 * (bool(level) and level != u_level) + 4 * distance
                tiers.setdefault(tier, []).append(name)
        for names in tiers.values():  # in the units' order, as scanning them gave
            names.sort(key=self._order.__getitem__)
        if len(self._tier_cache) < 65536:
            self._tier_cache[key] = tiers
        return tiers

    def _typo(self, written: str) -> list[str]:
        """Units one character away (县林叶局 → 县林业局; 畜牧水产农机事物中心 → 县畜牧水产农机事务中心, level
        left out), for names of four characters or more whose core is no body's own (县民政局 is not 县财政局
        misspelt)."""
        level, core, _ = self.grammar.split(written)
        if len(written) < 4 or core in self.grammar.cores:
            return []
        names = list(self._parsed)
        if not level and len(self._bare) != len(names):
            self._bare = [name[len(u_level) :] for name, (u_level, _, _) in self._parsed.items()]
        # compared in rapidfuzz's C loop: at 10,000 documents the units are tens of thousands, and two distances
        # each in Python took ~14 ms a call
        near: set[int] = set()
        for choices in [names] if level else [self._bare, names]:
            found = process.extract(written, choices, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
            near.update(at for _, _, at in found)
        return [names[at] for at in sorted(near)]  # in the units' order, as scanning them gave


# a Chinese name written in brackets right after English words (the Equipment Industry Department (装备工业司)):
# the name itself, glossing the English before it
_CHINESE_GLOSS = re.compile(r"(?<=[A-Za-z])\s*[（(]\s*(?P<name>[\u4e00-\u9fff]{2,24})\s*[)）]")


def _glossed(question: str, found: list[UnitMention]) -> list[UnitMention]:
    """The units found, a bracketed Chinese name read as the name of the English one before it: the English
    mention it glosses is dropped (its Chinese is given), and a name of a body no document of the index names
    stays as written (asked as it is, so that the answer says what the documents hold of it)."""
    for gloss in _CHINESE_GLOSS.finditer(question):
        start, end = gloss.span("name")
        before = [m for m in found if m.span[1] <= gloss.start() + 1]
        glossed = [m for m in before if not question[m.span[1] : start].strip("(（ ")]
        found = [m for m in found if m not in glossed]
        name = gloss["name"]
        # a label (cooperating units (协同责任单位)) names a role, not a unit
        named = any(m.span[0] < end and start < m.span[1] for m in found)
        if not named and looks_like_unit(name) and label_role(name) is None:
            found.append(UnitMention((start, end), name, (name,)))
    return found


def _whole_part(core: str, other: str) -> bool:
    """Whether a core stands in another as a part of it: opening or closing it (工信 of 科工信, 应急 of 应急管理), or
    as whole words inside it (大数据 of 政务服务和大数据管理); one straddling its words is none (民政 of 人民政府)."""
    if other.startswith(core) or other.endswith(core):
        return True
    at = other.find(core)
    bounds = _word_starts(other) | {len(other)}
    return at in bounds and at + len(core) in bounds


@lru_cache(maxsize=4096)
def _word_starts(text: str) -> frozenset[int]:
    """Where jieba's words of a text start (read only for a name that may be misspelt)."""
    import jieba

    return frozenset(start for _, start, _ in jieba.tokenize(text))


def unit_places(pairs: Iterable[tuple[str, str | None]]) -> dict[str, frozenset[str]]:
    """canonical unit → the places of the documents naming it, from (unit, place) pairs."""
    places: dict[str, set[str]] = {}
    for unit, place in pairs:
        places.setdefault(unit, set()).update([place] if place else [])
    return {unit: frozenset(found) for unit, found in places.items()}
