"""Stage 4, decide: which working group (专班, 领导小组, 联席会议) a mechanism question is about, of those the
documents in scope set up."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence

from kb.parse.body_roles import find_bodies
from kb.parse.organization import BODY_WORD
from kb.parse.unit_names import has_unit_ending
from kb.qa.corpus import Corpus, cjk_pairs
from kb.qa.normalise.dictionary import headwords
from kb.qa.understand.question import Question
from kb.qa.understand.topic import TopicWords
from kb.types import Clause, WorkingGroup

_BODY_KINDS = re.compile(r"工作专班|领导小组|专项工作组|工作组|协调小组|专班|指挥部|联席会议|委员会")


# the same kinds as English questions name them
_KINDS_EN = (
    (re.compile(r"joint (?:conference|meeting)", re.I), "联席会议"),
    (re.compile(r"leading (?:group|team)|leadership (?:group|team)", re.I), "领导小组"),
    (re.compile(r"task ?force|working group|work team", re.I), "专班"),  # either word: 工作专班, 专项工作组
    (re.compile(r"task ?force|working group|work team", re.I), "工作组"),
    (re.compile(r"coordinati(?:ng|on) group", re.I), "协调小组"),
    (re.compile(r"headquarters|command(?:ing)? (?:center|centre)", re.I), "指挥部"),
    (re.compile(r"committee", re.I), "委员会"),
)


class _AsStored:
    """Canonical names for a group read again: as ingestion stored them for this group where it did (its own
    place's registry), else by `canonical` (the home places' registry) or, for another place's document, as
    written — a short name (财政局) of another place must never become the home place's unit."""

    def __init__(self, stored: Sequence[WorkingGroup], canonical: Callable[[str], str] | None) -> None:
        self.known = {re.sub(r"\s", "", n): n for g in stored for n in (*g.members, g.office or "") if n}
        self._canonical = canonical

    def canonical(self, name: str) -> str:
        cleaned = re.sub(r"\s", "", name)
        if cleaned in self.known:
            return self.known[cleaned]
        return self._canonical(cleaned) if self._canonical else cleaned


def read_again(
    clauses: Sequence[Clause],
    stored: Sequence[WorkingGroup],
    canonical: Callable[[str], str],
    doc_places: Mapping[str, str | None],
    home_places: Collection[str],
) -> list[WorkingGroup]:
    """The working groups of every document read again from its clauses by this version's reader (an index
    built by an earlier one keeps what that one read: a role written 组长由X担任, a 联席会议 由X负责召集), each
    document's in its own place's names; a document the reader now finds none in keeps what was stored. Only
    documents with a clause naming a body are read: one alternation searched per clause."""
    # every clause of a document naming a body: its roles may stand in clauses of their own (组成人员, 主要职责)
    of_doc: dict[str, list[Clause]] = {}
    naming: set[str] = set()
    for clause in clauses:
        of_doc.setdefault(clause.doc, []).append(clause)
        if clause.doc not in naming and BODY_WORD.search(clause.text):
            naming.add(clause.doc)
    of_doc = {doc: of_doc[doc] for doc in of_doc if doc in naming}
    stored_of: dict[str, list[WorkingGroup]] = {}
    for group in stored:
        stored_of.setdefault((group.clause_id or "").rsplit(":", 1)[0], []).append(group)
    groups: list[WorkingGroup] = []
    for doc in dict.fromkeys([*stored_of, *of_doc]):
        home = doc_places.get(doc) in home_places
        names = _AsStored(stored_of.get(doc, ()), canonical if home else None)
        groups.extend(find_bodies(of_doc.get(doc, ()), names) or stored_of.get(doc, ()))
    return groups


def in_scope(q: Question, groups: Sequence[WorkingGroup]) -> list[WorkingGroup]:
    """The groups of the documents the question is asked of (its document filter, its places)."""
    return [
        g
        for g in groups
        if (q.doc is None or (g.clause_id or "").startswith(f"{q.doc}:"))
        and (q.docs is None or (g.clause_id or "").split(":")[0] in q.docs)
    ]


def is_kind(item: str) -> bool:
    """Whether a question's item is a kind of body and nothing more (领导小组, 部际联席会议)."""
    return bool(re.fullmatch(rf"(?:部际|部门)?(?:{_BODY_KINDS.pattern})", item.strip()))


def each_of_kinds(groups: Sequence[WorkingGroup], kinds: Sequence[str]) -> list[WorkingGroup]:
    """The groups of the kinds a question asks of each (国务院层面的领导小组和部际联席会议，组长或召集人分别由谁担任), kind
    by kind, in the order of the documents: those whose head or convener is read and whose name names one — a
    body the text only mentions (相继批准建立了一些部际联席会议, 新建立的部际联席会议) is none of them."""
    return [
        g
        for kind in kinds
        for g in groups
        if g.name.endswith(kind) and (g.head or g.convener) and not _NO_NAME.match(g.name)
    ]


# a body's kind read with the words before it that name none (的部际联席会议, 一些部际联席会议, 有关领导小组)
_NO_NAME = re.compile(r"^(?:的|之|其|该|此|这|那|一些|有关|相关|各)")


def ranked(corpus: Corpus, topic: TopicWords, q: Question, groups: Sequence[WorkingGroup]) -> list[WorkingGroup]:
    """The working groups best fitting the question first: those of the kind the question names (a 联席会议
    asked of is not answered by a 专班 that states the role), those holding the field asked for, those of the
    home place (the registry's), those whose name or clause shares most of the question's words."""
    tokens = topic(q)
    if q.language == "en":  # the role asked (deputy heads → 副组长) is the field, not a word naming the group
        tokens = [t for t in tokens if t not in _ROLE_TERMS]
    # the kind of body the question names (专班, 领导小组, 协调小组) before shared words: the words of a 组织领导
    # clause (领导) say nothing of which group is meant; then the office's own place
    kinds = _BODY_KINDS.findall(q.text) + [zh for en, zh in _KINDS_EN if en.search(q.text)]

    named = named_body(q.text) if q.language == "zh" else None

    def key(group: WorkingGroup) -> tuple[bool, int, bool, bool, float]:
        clause = corpus.by_id.get(group.clause_id or "")
        words = (group.name + (clause.text if clause else "")).lower()
        field = q.org_field or "name"
        holds = field in ("other", "role", "membership", "members", "name") or bool(getattr(group, field, None))
        overlap = corpus.topic_coverage(tokens, [clause]) if clause and tokens else 0.0
        overlap += 0.5 * sum(1 for t in tokens if t in words) / max(len(tokens), 1)
        doc = (group.clause_id or "").split(":")[0]
        names_kind = any(group.name.endswith(k) for k in kinds)  # 专班 names a 工作专班 too
        # the body the question names by name (国家新材料产业发展领导小组) before the role it holds: another
        # body's holder of the role is no answer
        fit = _tier(name_fit(corpus, named, group)) if named else 0
        return (names_kind, fit, holds, corpus.doc_places.get(doc) in corpus.home_places, overlap)

    return sorted(groups, key=key, reverse=True)


# the roles an English question's glossary gives as words (head → 组长, deputy convener → 副召集人): every group
# writes them, so they say nothing of which group is asked
_ROLE_TERMS = frozenset({"组长", "副组长", "召集人", "副召集人", "总召集人", "成员单位", "办公室主任"})


# --- the body a question names ---------------------------------------------------------------------------------
# A question naming a body by its name (国家新材料产业发展领导小组办公室设在哪) asks of that body: the name is the
# phrase ending in a body's kind word, from the last word that cannot be inside a name (的, 是, 由, 组建, 哪个, 那个…).
_NAMED = re.compile(rf"[A-Za-z0-9\u4e00-\u9fff“”\"]{{2,40}}?(?:{_BODY_KINDS.pattern})")
_NOT_IN_NAME = re.compile(r"^.*(?:的|是|由|在|和|与|及|把|对|里|请问|一下|组建|成立|设立|建立|哪个|哪些|什么|该|本|其)")
# 促进外贸那个部际联席会议: a pointing word between what names the body and its kind is left out
_POINTING = re.compile(r"那个|这个|那|这")
# words a name holds that say nothing of which body: its kind, and 工作 (…工作领导小组)
_GENERIC = re.compile(rf"{_BODY_KINDS.pattern}|工作|有关|相关")
# the frame of a question asking which places set up a body for a matter (为推进OPC专门成立了…, 为加快…设立): the
# verbs of purpose and of setting up, no matter (many bodies' names open with them: 省推进工业互联网…工作组)
_SETTING_UP = re.compile(r"^(?:推进|推动|加快|促进|加强|做好|专门|成立|设立|组建|建立)$")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
NAME_FITS = 0.5  # below this share of its words, no group in scope is the body the question names


def named_body(text: str) -> str | None:
    """The body a Chinese question names by more than its kind (湛江市城镇建设专班), or None (专班的召集人是谁)."""
    for found in _NAMED.finditer(text):
        name = _NOT_IN_NAME.sub("", _POINTING.sub("", found.group(0)))
        if len(_name_words(name)) >= 2:
            return name
    return None


def said_of(corpus: Corpus, q: Question, group: WorkingGroup, doc: str) -> bool:
    """Whether a sentence of document `doc` may answer of the body a question asks about: always, unless the
    question names a body (第五次全国人口普查领导小组) that `group` is, of another document — that body's post is read
    from its own clauses or is not stated."""
    named = named_body(q.text) if q.language == "zh" else None
    if named is None or name_fit(corpus, named, group) < NAME_FITS:
        return True
    return (group.clause_id or "").rsplit(":", 1)[0] == doc


def _name_words(name: str) -> set[str]:
    """The words of a body's name that say which body it is: the bigrams of its Chinese runs once its kind is
    taken out, and its Latin words."""
    rest = _GENERIC.sub(" ", name)
    words = cjk_pairs(rest)
    return words | {w.lower() for w in _LATIN_WORD.findall(rest)}


def name_fit(corpus: Corpus, named: str, group: WorkingGroup) -> float:
    """The share of the named body's words that the group's name, the clause naming it, its document's title
    and its place write."""
    words = _name_words(named)
    if not words:
        return 0.0
    clause = corpus.by_id.get(group.clause_id or "")
    doc = (group.clause_id or "").rsplit(":", 1)[0]
    written = "".join(
        [group.name, clause.text if clause else "", clause.doc_title if clause else "", corpus.doc_places.get(doc) or ""]
    ).lower()
    return sum(1 for w in words if w in written) / len(words)


def _tier(fit: float) -> int:
    return 2 if fit >= 0.75 else 1 if fit >= NAME_FITS else 0


def named_but_absent(corpus: Corpus, q: Question, groups: Sequence[WorkingGroup]) -> str | None:
    """The body a Chinese question names when no group in scope is it (none holds half its name's words): the
    documents do not set it up, and another body's role is no answer."""
    named = named_body(q.text) if q.language == "zh" else None
    if named is None or any(name_fit(corpus, named, g) >= NAME_FITS for g in groups):
        return None
    return named


# --- which bodies a role is given to ---------------------------------------------------------------------------
# 哪些领导小组是由国务院副总理担任组长的: the bodies, of every document in scope, whose holder of the role asked
# is written with the words the question gives
# a level or a few characters may stand between (哪些省级联席会议, 哪几个国家级领导小组); or the kind first, the asking
# words after it closing the question: …担任组长的领导小组有哪些 — not 领导小组有哪些成员
_WHICH_BODIES = re.compile(
    rf"(?:哪些|哪几个)[\u4e00-\u9fff]{{0,4}}?(?:{_BODY_KINDS.pattern})"
    rf"|(?:{_BODY_KINDS.pattern})(?:有|是)?(?:哪些|哪几个)[？?。\s]*$"
)
_HOLDER = (
    re.compile(r"由(?P<who>[^，,。？?由]{2,20}?)(?:担任|兼任|任|牵头)"),
    re.compile(r"(?:组长|召集人|指挥长|主任)(?:是|为)(?P<who>[^，,。？?]{2,20}?)的?[？?]?$"),
    # the holder opening the question, the role and the body after it: 张某副总理担任组长的领导小组有哪些
    re.compile(r"^(?P<who>[^，,。？?由]{2,20}?)(?:担任|兼任|任)(?:组长|召集人|总召集人|指挥长)的"),
)


def holder_asked(q: Question) -> str | None:
    """The holder a question asking which bodies give a role to someone names (国务院副总理), or None."""
    if q.language != "zh" or not _WHICH_BODIES.search(q.text):
        return None
    found = next((m for p in _HOLDER if (m := p.search(q.text))), None)
    return found["who"].strip() if found else None


def holding(groups: Sequence[WorkingGroup], field: str, who: str) -> list[WorkingGroup]:
    """The groups whose holder of the role (`field`) is written with `who`, in order: as a whole, or a person's name
    and the end of the post written with it (张某副总理 of `张某 国务院副总理`)."""
    return [g for g in groups if _holds(who, "".join((getattr(g, field, None) or "").split()))]


def _holds(who: str, holder: str) -> bool:
    if who in holder:
        return True
    # a name of two or three characters, then a post of at least two that the holder's post ends alike
    return any(
        who[:n] in holder and len(who) - n >= 2 and re.search(re.escape(who[n:]) + r"(?:[；;、]|$)", holder)
        for n in (2, 3)
    )


# --- which bodies have a role of the title asked ----------------------------------------------------------------
# 哪些文件里的议事协调机构设了“总召集人”？分别由谁担任: the bodies, of every document in scope, that give a role of
# that very title — the title as the question writes it, a role as each document names it
_ROLE_TITLE = r"(?:第一)?副?总?(?:召集人|组长|指挥长)|办公室(?:常务|执行|专职)?副?主任"
_TITLE_ASKED = re.compile(
    rf"(?:哪些|哪几个|哪几份|哪个)[^？?。]{{0,30}}?(?:设了|设有|设置了?|设立了?|有)[“\"「‘]?(?P<title>{_ROLE_TITLE})"
)


def title_asked(q: Question) -> str | None:
    """The role's title a question asks which bodies have (总召集人, 第一副组长, 办公室常务副主任), or None."""
    found = _TITLE_ASKED.search(q.text) if q.language == "zh" else None
    return found["title"] if found else None


def titled(groups: Sequence[WorkingGroup], title: str) -> list[tuple[str, WorkingGroup]]:
    """(field, group) for each group holding a role of that title, in order: the field its holder is read in."""
    found = []
    for group in groups:
        named = (
            ("head", group.head_title),
            ("convener", group.convener_title),
            ("deputy_convener", group.deputy_title),
            ("first_deputy", "第一副组长"),
            ("office_head", "办公室主任"),
            *(("office_deputies", f"办公室{post}") for post, _ in group.office_deputies),
        )
        field = next((f for f, t in named if t == title and getattr(group, f)), None)
        if field is not None:
            found.append((field, group))
    return found


# --- the unit a membership question names, when no registry knows it --------------------------------------------
# 公安部是…联席会议的成员单位吗 / Is the Ministry of Finance one of the member units…: the unit is the question's
# subject; an English one is read through CC-CEDICT (Ministry of Finance → 财政部)
_UNIT_SUBJECT_ZH = re.compile(
    r"^(?P<u>[\u4e00-\u9fff]{2,15}?(?:局|委员会|委|办公室|办|部|署|厅|中心|院|行))(?:是不是|是否|是|在不在|在|属于|算不算)"
)
_UNIT_SUBJECT_EN = re.compile(
    r"\b(?:[Ii]s|[Aa]re)\s+(?:the\s+)?(?P<u>(?:[A-Z][\w']*\s+)*(?:Ministry|Bureau|Department|Commission|Administration|Office|"
    r"Bank)(?:\s+of(?:\s+(?:[A-Z][\w']*|and|the))+)?)"
)


# …的成员单位里有公安部吗, 成员中包括财政部吗: the unit written after the member list it is looked for in
_UNIT_LISTED_ZH = re.compile(
    r"成员(?:单位)?(?:里|中|当中|里面)?(?:有没有|有|包括|包含|含)(?P<u>[\u4e00-\u9fff]{2,15}?"
    r"(?:局|委员会|委|办公室|办|部|署|厅|中心|院|行))(?=吗|么|嘛|没有|[？?]|$)"
)


# the question's subject up to its first linking word, a unit when it ends in an organisational word (省科协, 市妇联)
_SUBJECT_ZH = re.compile(r"^(?P<u>[\u4e00-\u9fff]{2,15}?)(?=是不是|是否|是|在不在|在|属于|算不算)")


def unit_asked(q: Question) -> tuple[str, ...]:
    """The unit a membership question asks about, as the documents may write it; () when none is read."""
    if q.language == "zh":
        subject = _SUBJECT_ZH.search(q.text)
        if subject is not None and has_unit_ending(subject["u"]):
            return (subject["u"],)
        found = _UNIT_SUBJECT_ZH.search(q.text) or _UNIT_LISTED_ZH.search(q.text)
        return (found["u"],) if found else ()
    found = _UNIT_SUBJECT_EN.search(q.text)
    if found is None:
        return ()
    return headwords(found["u"])


def each_place(corpus: Corpus, topic: TopicWords, q: Question, groups: Sequence[WorkingGroup]) -> list[WorkingGroup]:
    """A question asking which places set up a body for a matter (哪些地方为人口普查或政务公开成立了领导小组): of
    each document, its body whose name holds most of the question's words beyond a body's kind (人口普查, 政务公开),
    those holding at least half the best's weight, in the order of their weight; [] when none holds any."""
    kinds = _BODY_KINDS.pattern.split("|")
    words = [
        t
        for t in dict.fromkeys(topic(q))
        if len(t) > 1
        and not _GENERIC.search(t)
        and not _SETTING_UP.match(t)
        and not any(t in kind for kind in kinds)  # 领导 of 领导小组
    ]
    best_of_doc: dict[str, tuple[float, WorkingGroup]] = {}
    for group in groups:
        name = group.name.lower()  # the topic's Latin words are lowercased (OPC发展工作领导小组 holds opc)
        weight = sum(corpus.token_weight(t) for t in words if t in name)
        doc = (group.clause_id or "").split(":")[0]
        if weight > 0 and (doc not in best_of_doc or weight > best_of_doc[doc][0]):
            best_of_doc[doc] = (weight, group)
    if not best_of_doc:
        return []
    top = max(w for w, _ in best_of_doc.values())
    kept = sorted((p for p in best_of_doc.values() if p[0] >= top / 2), key=lambda p: -p[0])
    return [g for _, g in kept]
