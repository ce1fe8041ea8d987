"""Department names: the registries of canonical names and their spellings, one per place, and the resolution
of the spellings one document uses for one body.

A registry maps every spelling met in documents of its place (canonical, alias, the short form without the
leading `县`, English names) to one canonical name, so that answers and filters speak of one body by one name.
Aliases belong to their place: `高新区 → 平江高新区` must not rewrite another city's 高新区, so a document is read
with the registry of its own place (`DepartmentRegistry.for_place`). The notes themselves are read by
`kb.parse.notes`, which knows no unit by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.errors import ConfigError
from kb.parse.notes import balanced_groups
from kb.settings import Settings


@dataclass(frozen=True)
class Department:
    """One entry of departments.yaml."""

    name: str
    aliases: tuple[str, ...] = ()
    en: str | None = None
    en_aliases: tuple[str, ...] = ()


_SPACE = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"^[a-z0-9 .,'&()-]+$")


def _clean(name: str) -> str:
    return _SPACE.sub("", name)


def _short_form(name: str) -> str | None:
    """县林业局 → 林业局; None where dropping 县 leaves no sensible name (县委… → 委…)."""
    if not name.startswith("县") or len(name) < 4 or name[1] in "委政":
        return None
    return name[1:]


class DepartmentRegistry:
    """Canonical department names with their aliases, short forms and English names.

    A registry read from a file with several places (`places:`) answers name look-ups over all of them (a
    question may name any indexed body) and gives each document the registry of its own place (`for_place`).
    A registry without a place applies to every document.
    """

    def __init__(
        self,
        departments: Iterable[Department] = (),
        *,
        place: str | None = None,
        place_names: Iterable[str] = (),
        doc_no_prefixes: Iterable[str] = (),
        parts: Iterable[DepartmentRegistry] = (),
    ) -> None:
        self._parts = list(parts)
        self._departments: list[Department] = list(departments)
        self._departments += [d for part in self._parts for d in part._departments]
        self.place = place
        self.place_names = tuple(dict.fromkeys([*([place] if place else []), *place_names]))
        self.doc_no_prefixes = tuple(doc_no_prefixes)
        self._by_name: dict[str, str] = {}
        self._by_english: dict[str, str] = {}
        short: dict[str, set[str]] = {}
        for dept in self._departments:
            for spelling in (dept.name, *dept.aliases):
                self._by_name[_clean(spelling)] = dept.name
                form = _short_form(_clean(spelling))
                if form:
                    short.setdefault(form, set()).add(dept.name)
            for english in (dept.en, *dept.en_aliases):
                if english:
                    self._by_english[english.strip().lower()] = dept.name
        # a short form is only trusted when it points at one body and is not itself a full spelling
        for form, owners in short.items():
            if len(owners) == 1 and form not in self._by_name:
                self._by_name[form] = next(iter(owners))
        self._spellings = sorted(self._by_name, key=len, reverse=True)
        self._english_spellings = sorted(self._by_english, key=len, reverse=True)

    @classmethod
    def from_yaml(cls, path: str | Path) -> DepartmentRegistry:
        """Read departments.yaml — one place (`place:` + `departments:`), several (`places:`), or a plain
        `departments:` list for every document; a missing or malformed file is a ConfigError naming it."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot read the department list ({exc})") from exc
        if isinstance(data, dict) and isinstance(data.get("places"), list):
            return cls(parts=[_place_registry(entry, path) for entry in data["places"]])
        return _place_registry(data, path)

    def for_place(self, place: str | None) -> DepartmentRegistry:
        """The registry that applies to a document of `place`: its place's, a place-less one, or an empty one
        (a document of a place no registry covers keeps its names as written)."""
        if not self._parts:
            return self if self.place is None or self.covers(place) else DepartmentRegistry()
        for part in self._parts:
            if part.place is None or part.covers(place):
                return part
        return DepartmentRegistry()

    def covers(self, place: str | None) -> bool:
        """True when `place` (as detected on a document: 平江县, 岳阳市平江县) is this registry's place."""
        return place is not None and any(name in place for name in self.place_names)

    def extended(self, names: Iterable[str]) -> DepartmentRegistry:
        """This registry's names plus units the indexed notes name that it does not know (a question may name
        any indexed body: 市教育局 of another city), as exact spellings only — the short form without 县 stays
        a privilege of the registry's own place — for finding names in questions, not for reading notes."""
        extra = [name for name in dict.fromkeys(names) if not self.is_known(name)]
        if not extra:
            return self
        wider = DepartmentRegistry(self._departments)
        for name in extra:
            wider._by_name.setdefault(_clean(name), name)
        wider._spellings = sorted(wider._by_name, key=len, reverse=True)
        return wider

    def places(self) -> list[DepartmentRegistry]:
        """The registries of single places this one is made of (itself when it is one)."""
        return self._parts or [self]

    @classmethod
    def from_settings(cls, settings: Settings) -> DepartmentRegistry:
        return cls.from_yaml(settings.departments_path)

    def names(self) -> list[str]:
        """Canonical names in the order of the file."""
        return [d.name for d in self._departments]

    def spellings(self) -> list[str]:
        """Every Chinese spelling the registry knows (canonical, aliases, short forms), longest first: a
        vocabulary for word segmentation, so `县科工信局` stays one token."""
        return list(self._spellings)

    def english(self, canonical: str) -> str | None:
        for dept in self._departments:
            if dept.name == canonical:
                return dept.en
        return None

    def is_known(self, name: str) -> bool:
        return _clean(name) in self._by_name

    def canonical(self, name: str) -> str:
        """Canonical name of a Chinese spelling; an unknown name comes back as written, whitespace removed."""
        cleaned = _clean(name)
        return self._by_name.get(cleaned, cleaned)

    def resolve(self, text: str) -> str | None:
        """Canonical name for any spelling (Chinese, short form, English, any case), else None."""
        cleaned = _clean(text)
        if cleaned in self._by_name:
            return self._by_name[cleaned]
        return self._by_english.get(_SPACE.sub(" ", text).strip().lower())

    def find_in_text(self, text: str) -> list[str]:
        """Departments mentioned in free text, in order of mention; the longest spelling wins, no overlaps."""
        return list(dict.fromkeys(name for _, _, name in self.mentions(text)))

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical) of every spelling found in free text, in order; longest first, no overlaps."""
        taken: list[tuple[int, int, str]] = []
        # which characters a longer spelling already holds: one look per character of a match, so the search
        # is linear in the text (comparing each match with every one taken before was quadratic: a 40,000
        # character question took 4 s, a megabyte would take most of an hour)
        lowered = text.lower()
        held = bytearray(max(len(text), len(lowered)))  # lower() may lengthen a text (İ → i̇)
        # only the spellings the text holds (a substring test each, instead of a regex scan per spelling: an
        # index of a province's documents knows thousands of units' names)
        candidates = [(s, self._by_name[s], False) for s in self._spellings if s in text]
        candidates += [(s, self._by_english[s], True) for s in self._english_spellings if s in lowered]
        candidates.sort(key=lambda c: len(c[0]), reverse=True)
        for spelling, canonical, is_english in candidates:
            haystack = lowered if is_english else text
            for match in re.finditer(re.escape(spelling), haystack):
                start, end = match.span()
                if is_english and not _word_bounded(haystack, start, end):
                    continue
                if any(held[start:end]):
                    continue
                held[start:end] = b"\x01" * (end - start)
                taken.append((start, end, canonical))
        return sorted(taken)


def _place_registry(data: object, path: str | Path) -> DepartmentRegistry:
    entries = data.get("departments") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(entries, list):
        raise ConfigError(f"{path}: expected `departments:` as a list of entries with a `name`")
    if not all(isinstance(e, dict) and e.get("name") for e in entries):
        raise ConfigError(f"{path}: expected `departments:` as a list of entries with a `name`")
    return DepartmentRegistry(
        (
            Department(
                name=str(e["name"]),
                aliases=tuple(str(a) for a in e.get("aliases") or ()),
                en=e.get("en"),
                en_aliases=tuple(str(a) for a in e.get("en_aliases") or ()),
            )
            for e in entries
        ),
        place=data.get("place"),
        place_names=[str(n) for n in data.get("place_names") or ()],
        doc_no_prefixes=[str(n) for n in data.get("doc_no_prefixes") or ()],
    )


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


# --- one body, several spellings in one document ---------------------------------------------------------------

_LEVEL = "省市县区"
_PARTY_OR_LEVEL = re.compile(r"^(?:[省市县区]委|[省市县区])")
_MAX_ABBREVIATED = 4  # characters a short form may leave out (县人社局 / 县人力社保局: 2)


def _outside_brackets(name: str) -> tuple[str, str]:
    """`区委组织部（人才办）` → (`区委组织部`, `人才办`)."""
    outer, inner = name, ""
    for start, end in reversed(balanced_groups(name)):
        inner = name[start + 1 : end - 1] + inner
        outer = outer[:start] + outer[end:]
    return outer, inner


# Words that say which kind of body a name is: a party committee (`县委…`), a people's congress, a political
# consultative conference, a government, a court… Two names that differ in them are two bodies, however alike
# their endings (县委办 is never 县人大常委办).
_BODY_KINDS = re.compile(
    r"人大|政协|纪委|监委|政府|法院|检察|党委|党组|工会|妇联|团委|共青团|科协|工商联|残联"
)
_PARTY_COMMITTEE = re.compile(r"^(?:[省市县区州]|[\u4e00-\u9fff]{2,4}[省市县区州])委(?!员)")


def _kinds(name: str) -> set[str]:
    kinds = set(_BODY_KINDS.findall(name))
    if _PARTY_COMMITTEE.match(name):
        kinds.add("党委")
    return kinds


def _same_core(short: str, full: str) -> bool:
    """Same level and same kind of body (县委办 / 县人大常委办: a party committee's office against a people's
    congress's; 省机场集团 / 省民航机场集团: one company), and the shorter name is no whole office of its own: 市委办
    and 市政府办 name the general offices, never 市委网信办 or 市政府金融办."""
    return short[0] == full[0] and _kinds(short) == _kinds(full) and len(_core(short)) >= 2


# The level and the kind of body a name starts with (`市委`, `县人民政府`, `区人大常委会`): what is left is its core.
_LEVEL_AND_KIND = re.compile(r"^[省市县区州]?(?:人民政府|政府|人大常委会|人大|政协|委)?")


def _core(name: str) -> str:
    return _LEVEL_AND_KIND.sub("", name)


def _abbreviates(short: str, full: str) -> bool:
    """`short` is `full` with at most two runs of characters left out (县大数据中心 / 县大数据管理中心, 县人社局 /
    县人力社保局), starting and ending alike, of the same core (`_same_core`), and leaving out no more than
    `_MAX_ABBREVIATED` characters."""
    if len(short) >= len(full) or len(full) - len(short) > _MAX_ABBREVIATED or len(short) < 3:
        return False
    if short[-1] != full[-1] or not _same_core(short, full):
        return False
    runs, position, skipping = 0, 0, False
    for char in full:
        if position < len(short) and char == short[position]:
            position += 1
            skipping = False
        else:
            runs += not skipping
            skipping = True
    return position == len(short) and runs <= 2


def _same_body(short: str, full: str) -> bool:
    if short == full:
        return False
    if full[0] in _LEVEL and full[1:] == short and not short.startswith(("各", "有关")):
        return True  # 财政厅 / 省财政厅
    short_outer, short_inner = _outside_brackets(short)
    full_outer, full_inner = _outside_brackets(full)
    if short_inner or full_inner:  # 区委组织部（人才办） / 区委组织部（区委人才办）
        return (
            short_outer == full_outer
            and bool(short_inner)
            and short_inner != full_inner
            and _PARTY_OR_LEVEL.sub("", short_inner) == _PARTY_OR_LEVEL.sub("", full_inner)
        )
    return _abbreviates(short, full)


def same_body_spellings(written: Iterable[str], text: str = "") -> dict[str, str]:
    """Spellings one document uses for one body → the fullest of them, where the match is unambiguous: the level
    prefix left out (`财政厅` for `省财政厅`), a bracket written two ways, a short form (`县大数据中心` for
    `县大数据管理中心`). Fuller forms are looked for among the names the notes write, then — for short forms
    only — in the document's text (a member list may spell out `省住房城乡建设厅` for the notes' `省住建厅`)."""
    names = list(dict.fromkeys(written))
    mapping: dict[str, str] = {}
    for name in names:
        fuller = [other for other in names if len(other) > len(name) and _same_body(name, other)]
        if not fuller and text and not _COLLECTIVE_NAME.match(name):
            fuller = sorted(set(_spelled_out(name, text)))
        if len(fuller) == 1:
            mapping[name] = fuller[0]
    for name, target in list(mapping.items()):
        seen = {name}
        while target in mapping and target not in seen:
            seen.add(target)
            target = mapping[target]
        mapping[name] = target
    return mapping


_COLLECTIVE_NAME = re.compile(r"^(?:各|有关|相关|其他)")
_NAME_CHAR = r"[^\s，、。；;：:,（）()〔〕]"


def _spelled_out(short: str, text: str) -> list[str]:
    """Longer spellings of `short` in running text that `short` abbreviates (no bracketed names), standing where a
    name starts (after a space, a mark or a line start): in `广东省发展和改革委员会` no name starts at `省`."""
    if len(short) < 3 or not re.fullmatch(r"[\u4e00-\u9fff]+", short):
        return []
    gap = f"{_NAME_CHAR}{{0,{_MAX_ABBREVIATED}}}?"
    pattern = re.compile(
        r"(?<![\u4e00-\u9fff])" + re.escape(short[0]) + "".join(gap + re.escape(c) for c in short[1:])
    )
    return [m.group() for m in pattern.finditer(text) if _abbreviates(short, m.group())]
