"""Responsibility written in running text rather than in a note: `生态环境部会同有关部门组建协调小组…`,
`由区科技经信局牵头组织实施`.

National and provincial documents often name the responsible body as the subject of the sentence that sets the
task, not in a bracketed note at its end. The grammar is fixed: a unit opens the sentence (or follows 由) and a verb
of taking charge follows it (会同, 牵头, 负责, 联合, 统筹, 指导, 组织); the units it works with are listed after
会同 / 联合. Or the sentence gives a unit the leading role (强化省发展改革委牵头抓总作用). Or a body of some level
opens the sentence and acts in it, whatever the verb (省数据局构建…算力高地); or a section is headed by the body's
name alone (省直部门配套措施 › （四）省数据局). These sentences are not department notes (the parser leaves the clause's departments empty, as the
golden data has it); an answer may still quote them, saying the text, not a note, names the unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

_SENTENCES = re.compile(r"[^。；;！？!?\n]+")
# 负责同志, 负责人, 牵头人 are persons (办公室主任由市场监管总局有关司局负责同志兼任), not the verb
_IN_CHARGE = re.compile(r"(?:要|应|将)?(?:会同|牵头(?!人)|负责(?!人|同志)|联合|统筹|指导|组织|会商)")
_WITH = re.compile(r"会同|联合")
# the other form: a role the sentence gives the unit (强化省发展改革委牵头抓总作用, 充分发挥市科技局统筹协调作用)
_GIVES_ROLE = re.compile(r"(?:充分)?(?:发挥|强化|突出)$")
_ROLE = re.compile(r"的?(?:牵头抓总|统筹协调|总牵头|牵头|统筹|主导)(?:作用|职责|责任)")
# the leading roles a question may ask for by name (牵头抓总的是哪个部门): a sentence giving that role answers it
ROLE_ASKED = re.compile(r"牵头抓总|统筹协调|总牵头")
_BETWEEN = re.compile(r"[、，,和及与]?")  # what separates units of one list
# the third form: a body opening its sentence as the one who acts, whatever the verb (省数据局构建…算力高地,
# 市工业和信息化局加强统筹协调…): the sentence is its task. Only a name opening the sentence itself, a body of some
# level (its place's level word first, 省数据局, 区委人才办) and no place (市区, 滨海新区), followed by a verb — not by
# what joins, owns or defines (省数据局和…, 省数据局的…, 省数据局是…)
_LEVEL = re.compile(r"(?:国家|省|市|县|区|自治区|州|盟|镇|乡)[\u4e00-\u9fff]")
_A_PLACE = re.compile(r"(?:省|市|县|区|镇|乡|州|盟|旗)$")
_ACTS = re.compile(r"(?![的之和及与或等是为在对])[\u4e00-\u9fff]")
_A_KIND = re.compile(r"(?:部门|单位)$|相关|有关")  # 市属有关单位, 县级部门: kinds of units
_SHORTEST_ACTING = 4  # 省数据局: a level word and a body's name
# what a body's name read by the third form never holds: what owns (省交通运输厅的职责另行明确 names no 银行), nor
# the ending 行 that verbs share with banks' names (深入推进实行); 和 stands in names (市工业和信息化局)
_NOT_ACTING_NAME = re.compile(r"[的之或]|行$")


@dataclass(frozen=True)
class Mention:
    """A unit written in a text: where it stands and the one canonical name it has."""

    start: int
    end: int
    name: str


def acts(written: str, rest: str) -> bool:
    """Whether a unit's name, as written opening a sentence, is the body acting in it: a body of some level
    followed by a verb (省人社厅深入推进…), by the third form above."""
    return _a_body(written) and bool(_ACTS.match(rest))


def _a_body(written: str, shortest: int = _SHORTEST_ACTING) -> bool:
    """Whether a name is a body's of some level (省数据局, 市建设局): its place's level word first, no place, no kind."""
    from kb.parse.unit_names import is_collective

    return (
        len(written) >= shortest
        and bool(_LEVEL.match(written))
        and not is_collective(written)  # 市直相关部门: a kind of units, no body
        and not _A_KIND.search(written)
        and not _A_PLACE.search(written)
        and not _NOT_ACTING_NAME.search(written)
    )


@dataclass(frozen=True)
class InText:
    """The units a sentence puts in charge: the lead first, then those it works with (会同, 联合), then those
    assisting it (`assisting`: 市建设局牵头,市发改委配合 — a subset of `others`)."""

    sentence: str
    lead: str
    others: tuple[str, ...]
    assisting: tuple[str, ...] = ()


def in_charge(sentence: str, mentions: Sequence[Mention]) -> InText | None:
    """The units a sentence puts in charge, read off its grammar; None when it puts none."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for number, first in enumerate(ordered):
        before = sentence[: first.start].strip()
        # opening the sentence or one of its comma parts (试点城市由省级有关部门推荐，生态环境部会同…筛选确定),
        # or after 由 anywhere (由区科技经信局牵头组织实施)
        opens = before == "" or before.endswith(("，", ",", "：", ":", "由"))
        listed = _listed(sentence, ordered[number:])
        after = sentence[listed[-1].end :]
        if before and _GIVES_ROLE.search(before) and len(listed) == 1 and _ROLE.match(after):
            return InText(sentence, first.name, ())
        if opens and _IN_CHARGE.match(after):
            others: list[Mention] = list(listed[1:])
            joined = _WITH.match(after.removeprefix("要").removeprefix("应"))
            if joined:
                rest = [m for m in ordered if m.start >= listed[-1].end + joined.end()]
                if rest and rest[0].start == listed[-1].end + joined.end():
                    others += _listed(sentence, rest)
            assisting = [m.name for m in _assisting(sentence, ordered, listed[-1].end) if m.name != first.name]
            names = list(dict.fromkeys([*(m.name for m in [first, *others]), *assisting]))
            return InText(sentence, names[0], tuple(names[1:]), tuple(dict.fromkeys(assisting)))
        written = sentence[first.start : first.end]
        if sentence[: first.start].strip() == "" and len(listed) == 1 and acts(written, after):
            return InText(sentence, first.name, ())
    return None


_BY = re.compile(r"由")
_LONGEST_NAME = 20  # a unit's name after 由 is a few characters to a dozen or two
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff（）()〔〕]+")  # no comma or stop inside a name


def mentions_by_form(sentence: str, known: Sequence[Mention] = ()) -> list[Mention]:
    """Units a sentence names after 由 that no registry knows, recognised by their form (a name ending in an
    organisational word, kb.parse.unit_names) and followed by a verb of taking charge: `联席会议由区经济发展局负责
    召集` names 区经济发展局 though no note of the corpus does — and the bodies opening its comma parts
    (`opening_parts`). Never a name that does not look like a unit."""
    found = _names_at(sentence, (by.end() for by in _BY.finditer(sentence)), known, _IN_CHARGE.match)
    return found + opening_parts(sentence, [*known, *found])


def _names_at(
    sentence: str, starts: Iterable[int], known: Sequence[Mention], followed: Callable[[str], object]
) -> list[Mention]:
    """At each start outside the names known, the longest name there shaped like a unit (ending in an
    organisational word) whose following text `followed` accepts."""
    from kb.parse.unit_names import has_unit_ending

    taken = [(m.start, m.end) for m in known]
    found: list[Mention] = []
    for start in starts:
        if any(a <= start < b for a, b in taken):
            continue
        for end in range(min(len(sentence), start + _LONGEST_NAME), start + 1, -1):
            name = sentence[start:end]
            if _NAME_CHARS.fullmatch(name) and has_unit_ending(name) and followed(sentence[end:]):
                found.append(Mention(start, end, name))
                break
    return found


_COMMA = re.compile(r"[，,]")
_SHORTEST_PART = 3  # 市建委: a level word and a body's short name, followed by its verb


def opening_parts(sentence: str, known: Sequence[Mention] = ()) -> list[Mention]:
    """Bodies no registry knows opening a comma part of the sentence, followed by a verb of taking charge or of
    assisting: `由吴继德副市长负责,市建设局牵头,市发改委配合` names 市建设局 and 市发改委. Only a body's name as the
    third form reads one (its level word first, no place, no kind of units: 市建委, not 以全市 nor 相关部门), holding
    no verb of taking charge, and not overlapping a name the registry read (强化省发展改革委)."""
    taken = [(m.start, m.end) for m in known]
    opening = _names_at(
        sentence,
        (comma.end() for comma in _COMMA.finditer(sentence)),
        known,
        lambda rest: _IN_CHARGE.match(rest) or _ASSISTS.match(rest),
    )
    return [
        m
        for m in opening
        if _a_body(m.name, _SHORTEST_PART)
        and not _NOT_IN_A_NAME.search(m.name)
        and not any(m.start < b and a < m.end for a, b in taken)
    ]


# what follows the units of the comma part after the lead's: they assist it (市建设局牵头,市发改委配合; as the notes
# write it: 省商务厅牵头，合肥海关、省贸促会按职责分工配合)
_ASSISTS = re.compile(r"等?(?:(?:有关|相关)?(?:部门|单位))?(?:按职责分工|按照职责分工|按职责)?(?:配合|协助|参与)")
_COMMA_PART = re.compile(r"[^，,。；;]*?[，,]")


def _assisting(sentence: str, ordered: Sequence[Mention], after_lead: int) -> list[Mention]:
    """The units opening the comma part after the lead's and assisting it (A牵头，B、C配合 → B, C)."""
    comma = _COMMA_PART.match(sentence, after_lead)
    if comma is None:
        return []
    rest = [m for m in ordered if m.start >= comma.end()]
    if not rest or rest[0].start != comma.end():
        return []
    run = _listed(sentence, rest)
    return run if _ASSISTS.match(sentence, run[-1].end) else []


# words opening a sentence before the unit it puts in charge (由区经济发展局负责, 强化省发展改革委牵头抓总作用)
_OPENING_WORD = re.compile(r"由|(?:充分)?(?:发挥|强化|突出)")
_NOT_IN_A_NAME = re.compile(r"会同|牵头|负责|联合|会商")  # 组织, 统筹, 指导 stand in names (省委组织部)
_LIST_SEP = re.compile(r"[、，,]|和|及|与")
_BRACKETED = re.compile(r"[（(〔][^（）()〔〕]*[）)〕]")


def _balanced(name: str) -> bool:
    return name.count("（") + name.count("(") + name.count("〔") == name.count("）") + name.count(")") + name.count("〕")
_LONGEST_LIST = 6  # units listed together opening a sentence


def opening_units(sentence: str) -> list[Mention]:
    """The units a sentence opens with (or names right after an opening 由), read by their form alone and listed
    together (A、B负责…): [] unless a verb of taking charge follows the list. `市人社局负责创业就业…` opens with
    市人社局; `市直相关部门要对照方案…` opens with no unit's name (部门 is no name)."""
    from kb.parse.unit_names import has_unit_ending

    # a bracket's own list stays inside the name (各县（市、区）人民政府): read with its contents masked
    masked = _BRACKETED.sub(lambda m: m.group(0)[0] + "口" * (len(m.group(0)) - 2) + m.group(0)[-1], sentence)

    def read(start: int, depth: int) -> list[Mention] | None:
        # the longest name followed by the verb or the list's next name (省委组织部负责, not 省委), holding no verb of
        # taking charge itself: 生态环境部会同…进行指导 opens with 生态环境部, not with a name ending in 进行 (行 ends
        # a bank's name)
        for end in range(min(len(sentence), start + _LONGEST_NAME), start + 1, -1):
            name = sentence[start:end]
            if _NOT_IN_A_NAME.search(name):
                continue
            if not (_NAME_CHARS.fullmatch(masked[start:end]) and _balanced(name) and has_unit_ending(name)):
                continue
            rest = sentence[end:]
            if _IN_CHARGE.match(rest) or (opens_sentence and depth == 0 and acts(name, rest)):
                return [Mention(start, end, name)]
            joined = _LIST_SEP.match(rest)
            more = read(end + joined.end(), depth + 1) if joined and depth < _LONGEST_LIST else None
            if more:
                return [Mention(start, end, name), *more]
        return None

    start = len(sentence) - len(sentence.lstrip())
    opening = _OPENING_WORD.match(sentence, start)  # 由…, 强化…牵头抓总作用: the name starts after the word
    opens_sentence = opening is None  # a body acting by any verb only opening the sentence itself
    return read(opening.end() if opening else start, 0) or []


def heading_unit(title: str) -> bool:
    """Whether a clause's heading is a body's name alone (五、省直部门配套措施 › （二）省人社厅): the section is that
    body's measures. Shaped as the third form's names are: a body of some level, no place."""
    from kb.parse.unit_names import has_unit_ending

    return bool(_NAME_CHARS.fullmatch(title)) and has_unit_ending(title) and acts(title, "做")


def units_in_charge(text: str) -> list[tuple[str, str]]:
    """The units a text puts in charge by its sentences' form, each with its sentence (a part between stops or
    semicolons): `市人社局负责创业就业…政策落实；市国资委负责闲置国有资产盘活…` gives (市人社局, its part) and
    (市国资委, its part). A paragraph sharing out tasks this way (明确责任分工) names each unit's task in running
    text, with no note; only names shaped like units, opening their sentence, count."""
    found: list[tuple[str, str]] = []
    for _, sentence in sentences(text):
        mentions = opening_units(sentence)
        charged = in_charge(sentence, mentions) if mentions else None
        if charged is not None:
            found += [(name, sentence.strip()) for name in (charged.lead, *charged.others)]
    return found


def _listed(sentence: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The first mention and those written right after it as one list (A、B和C)."""
    run = [mentions[0]]
    for mention in mentions[1:]:
        gap = sentence[run[-1].end : mention.start]
        if not _BETWEEN.fullmatch(gap):
            break
        run.append(mention)
    return run


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a text with where each starts."""
    return [(m.start(), m.group(0)) for m in _SENTENCES.finditer(text)]
