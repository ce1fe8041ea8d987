"""Department names: the registry of canonical names and their spellings, and the responsibility notes of a
clause (`（A、B等按职责分工负责）`, `（A牵头，B配合）`, `牵头单位：A；配合单位：B`…) that name them.

The registry maps every spelling met in documents (canonical, alias, the short form without the leading `县`,
English names) to one canonical name, so that answers and filters speak of one body by one name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.errors import ConfigError
from kb.settings import Settings


@dataclass(frozen=True)
class Department:
    """One entry of departments.yaml."""

    name: str
    aliases: tuple[str, ...] = ()
    en: str | None = None
    en_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """A responsibility note found in a paragraph.

    `names` are the departments as written, in order (lead rule text and `等` removed); `departments` the same
    in canonical spelling with the lead moved first; `lead` is the raw name of the lead.
    """

    span: tuple[int, int]  # [start, end) of the note in the paragraph, brackets included
    text: str
    names: tuple[str, ...]
    departments: tuple[str, ...]
    lead: str | None
    lead_explicit: bool  # 牵头/会同 said so, or a `列第一位者为牵头单位` rule applies
    states_lead_rule: bool = False  # this note says `列第一位者为牵头单位，下同`


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
    """Canonical department names with their aliases, short forms and English names."""

    def __init__(self, departments: Iterable[Department]) -> None:
        self._departments = list(departments)
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
        """Read departments.yaml; a missing or malformed file is a ConfigError naming it."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot read the department list ({exc})") from exc
        entries = data.get("departments") if isinstance(data, dict) else None
        if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("name") for e in entries):
            raise ConfigError(f"{path}: expected `departments:` as a list of entries with a `name`")
        return cls(
            Department(
                name=str(e["name"]),
                aliases=tuple(str(a) for a in e.get("aliases") or ()),
                en=e.get("en"),
                en_aliases=tuple(str(a) for a in e.get("en_aliases") or ()),
            )
            for e in entries
        )

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
        taken: list[tuple[int, int, str]] = []
        lowered = text.lower()
        candidates = [(s, self._by_name[s], False) for s in self._spellings]
        candidates += [(s, self._by_english[s], True) for s in self._english_spellings]
        candidates.sort(key=lambda c: len(c[0]), reverse=True)
        for spelling, canonical, is_english in candidates:
            haystack = lowered if is_english else text
            for match in re.finditer(re.escape(spelling), haystack):
                start, end = match.span()
                if is_english and not _word_bounded(haystack, start, end):
                    continue
                if any(start < t_end and t_start < end for t_start, t_end, _ in taken):
                    continue
                taken.append((start, end, canonical))
        ordered = [name for _, _, name in sorted(taken)]
        return list(dict.fromkeys(ordered))

    def find_notes(self, text: str, first_is_lead: bool = False) -> list[Note]:
        """Responsibility notes in a paragraph, in order. See `find_notes`."""
        return find_notes(text, self, first_is_lead)


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


# --- responsibility notes ---

_OPEN, _CLOSE = "（(", "）)"
_LEAD_RULE = re.compile(
    r"[，,；;]?\s*(?:列|排)(?:第一位|第一|首位)(?:者|的)?(?:为|是)牵头单位[，,]?\s*(?:下同)?"
)
_DUTY_TAIL = re.compile(r"(?:等)?(?:按职责分工|按职责|分别|共同|按照职责分工)?(?:负责|落实)$")
_LABELLED = re.compile(
    r"(?P<label>牵头单位|牵头部门|责任单位|责任部门|主责单位)[：:]\s*(?P<lead>[^；;。\n）)]+)"
    r"(?:[；;，,]\s*(?:配合单位|配合部门|协助单位|参与单位)[：:]\s*(?P<rest>[^；;。\n）)]+))?"
)
_GENERIC = re.compile(r"^(?:各.+|有关部门|相关部门|有关单位|相关单位|.*人民政府)$")
_DEPT_SUFFIX = re.compile(
    r"(?:局|委|办|部|区|中心|院|协|政府|厅|委员会|办公室|公司|所|站|队|协会|联合会|集团|银行|街道|乡镇|分局|支局)$"
)
_ADMIN = re.compile(r"^(?:各|区|乡|镇)|县|市|省|国家|中央")
_BRACKETED_PART = re.compile(r"[（(][^（()）]*[）)]")
_ITEM_SPLIT = re.compile(r"[、，,；;]")


def balanced_groups(text: str) -> list[tuple[int, int]]:
    """Spans of outermost bracket groups, matched by balance: `省市场监管局（省知识产权局）` stays whole."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char in _OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif char in _CLOSE and depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def split_names(text: str) -> list[str]:
    """`A、B、C等` → [A, B, C]; separators inside a name's own brackets are kept."""
    names, depth, current = [], 0, ""
    for char in text:
        depth += char in _OPEN
        depth -= char in _CLOSE
        if depth == 0 and _ITEM_SPLIT.match(char):
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    cleaned = [_clean(n) for n in names]
    if cleaned and cleaned[-1].endswith("等") and len(cleaned[-1]) > 1:
        cleaned[-1] = cleaned[-1][:-1]
    return [n for n in cleaned if n]


def _looks_like_department(name: str, registry: DepartmentRegistry | None) -> bool:
    if registry is not None and registry.is_known(name):
        return True
    bare = _BRACKETED_PART.sub("", name)
    return bool(_GENERIC.match(bare)) or (len(bare) >= 3 and bool(_DEPT_SUFFIX.search(bare)))


def _is_bare_department_list(names: tuple[str, ...], registry: DepartmentRegistry | None) -> bool:
    """A bracketed list without 负责/牵头 is a note only when every item looks like a department and the list
    is recognisably about bodies: one is known, or all carry an administrative prefix (县…, 市…, 各…).
    `（研发中心）` or `（示范区）` after a noun is an explanation, not a note."""
    if not names or not all(_looks_like_department(n, registry) for n in names):
        return False
    known = registry is not None and any(registry.is_known(n) for n in names)
    return known or all(_ADMIN.search(n) for n in names)


@dataclass(frozen=True)
class _Reading:
    names: tuple[str, ...]
    lead: str | None
    explicit: bool


def _read_lead_and_helpers(body: str) -> _Reading | None:
    """`A牵头，B配合` / `A牵头负责` / `A会同B负责`."""
    led = re.match(
        r"^(?P<lead>.+?)牵头(?:负责)?(?:[，,；;]\s*(?P<rest>.+?)(?:等)?(?:配合|参与|协助|协同)(?:负责)?)?$",
        body,
    )
    if led:
        lead = split_names(led["lead"])
        rest = split_names(led["rest"]) if led["rest"] else []
        return _Reading(tuple(lead + rest), lead[0] if lead else None, True)
    joint = re.match(r"^(?P<lead>.+?)会同(?P<rest>.+?)(?:按职责分工|共同)?负责$", body)
    if joint:
        lead = split_names(joint["lead"])
        return _Reading(tuple(lead + split_names(joint["rest"])), lead[0] if lead else None, True)
    return None


def _read_note_body(body: str, registry: DepartmentRegistry | None) -> _Reading | None:
    """The departments of a bracket's content, or None when it is not a responsibility note."""
    labelled = _LABELLED.fullmatch(body.strip())
    if labelled:
        return _read_labelled(labelled)
    reading = _read_lead_and_helpers(body)
    if reading is None:
        duty = _DUTY_TAIL.search(body)
        listed = body[: duty.start()] if duty else body
        names = tuple(split_names(listed))
        reading = _Reading(names, names[0] if names else None, False) if names else None
        if duty is None and not _is_bare_department_list(names, registry):
            return None
    if reading is None or not reading.names:
        return None
    if not any(_looks_like_department(n, registry) for n in reading.names):
        return None
    return reading


def _read_labelled(match: re.Match[str]) -> _Reading:
    lead = split_names(match["lead"])
    rest = split_names(match["rest"]) if match["rest"] else []
    explicit = match["label"].startswith("牵头")
    return _Reading(tuple(lead + rest), lead[0] if lead else None, explicit)


def _at_clause_end(text: str, start: int, end: int) -> bool:
    """A bare list counts only where a sentence ends: just before it (`。（A、B）`) or just after it."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    return not before or before[-1] in "。；;！!" or not after or after[0] in "。；;！!\n"


def _make_note(
    text: str,
    span: tuple[int, int],
    reading: _Reading,
    registry: DepartmentRegistry | None,
    rule: bool,
    states: bool,
) -> Note:
    canonical = [registry.canonical(n) if registry else n for n in reading.names]
    lead_index = reading.names.index(reading.lead) if reading.lead in reading.names else 0
    if canonical:
        canonical.insert(0, canonical.pop(lead_index))
    return Note(
        span=span,
        text=text[span[0] : span[1]],
        names=reading.names,
        departments=tuple(dict.fromkeys(canonical)),
        lead=reading.lead,
        lead_explicit=reading.explicit or rule or states,
        states_lead_rule=states,
    )


def find_notes(
    text: str, registry: DepartmentRegistry | None = None, first_is_lead: bool = False
) -> list[Note]:
    """Responsibility notes in a paragraph, in order of position.

    Bracketed notes are found by bracket balance; `牵头单位：A；配合单位：B` / `责任单位：A` also unbracketed.
    `first_is_lead` says a `列第一位者为牵头单位，下同` rule is already in force from an earlier note; a note
    stating the rule sets `states_lead_rule` so the caller can carry it on.
    """
    notes: list[Note] = []
    rule = first_is_lead
    covered: list[tuple[int, int]] = []
    for start, end in balanced_groups(text):
        body = text[start + 1 : end - 1]
        states = bool(_LEAD_RULE.search(body))
        body = _LEAD_RULE.sub("", body).strip()
        reading = _read_note_body(body, registry)
        if reading is None:
            continue
        bare = not states and _DUTY_TAIL.search(body) is None and "牵头" not in body and "会同" not in body
        if bare and _LABELLED.fullmatch(body) is None and not _at_clause_end(text, start, end):
            continue
        notes.append(_make_note(text, (start, end), reading, registry, rule, states))
        covered.append((start, end))
        rule = rule or states
    for match in _LABELLED.finditer(text):
        start, end = match.span()
        if any(c_start <= start < c_end for c_start, c_end in covered):
            continue
        notes.append(_make_note(text, (start, end), _read_labelled(match), registry, rule, False))
    return sorted(notes, key=lambda n: n.span)
