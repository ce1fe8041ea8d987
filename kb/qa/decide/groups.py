"""Stage 4, decide: which working group (专班, 领导小组, 联席会议) a mechanism question is about, of those the
documents in scope set up."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence

from kb.parse.organization import BODY_WORD, find_working_groups
from kb.qa.corpus import Corpus
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
    clauses naming a body are read: one alternation searched per clause."""
    of_doc: dict[str, list[Clause]] = {}
    for clause in clauses:
        if BODY_WORD.search(clause.text):
            of_doc.setdefault(clause.doc, []).append(clause)
    stored_of: dict[str, list[WorkingGroup]] = {}
    for group in stored:
        stored_of.setdefault((group.clause_id or "").rsplit(":", 1)[0], []).append(group)
    groups: list[WorkingGroup] = []
    for doc in dict.fromkeys([*stored_of, *of_doc]):
        home = doc_places.get(doc) in home_places
        names = _AsStored(stored_of.get(doc, ()), canonical if home else None)
        groups.extend(find_working_groups(of_doc.get(doc, ()), names) or stored_of.get(doc, ()))
    return groups


def in_scope(q: Question, groups: Sequence[WorkingGroup]) -> list[WorkingGroup]:
    """The groups of the documents the question is asked of (its document filter, its places)."""
    return [
        g
        for g in groups
        if (q.doc is None or (g.clause_id or "").startswith(f"{q.doc}:"))
        and (q.docs is None or (g.clause_id or "").split(":")[0] in q.docs)
    ]


def ranked(corpus: Corpus, topic: TopicWords, q: Question, groups: Sequence[WorkingGroup]) -> list[WorkingGroup]:
    """The working groups best fitting the question first: those of the kind the question names (a 联席会议
    asked of is not answered by a 专班 that states the role), those holding the field asked for, those of the
    home place (the registry's), those whose name or clause shares most of the question's words."""
    tokens = topic(q)
    # the kind of body the question names (专班, 领导小组, 协调小组) before shared words: the words of a 组织领导
    # clause (领导) say nothing of which group is meant; then the office's own place
    kinds = _BODY_KINDS.findall(q.text) + [zh for en, zh in _KINDS_EN if en.search(q.text)]

    def key(group: WorkingGroup) -> tuple[bool, bool, bool, float]:
        clause = corpus.by_id.get(group.clause_id or "")
        words = (group.name + (clause.text if clause else "")).lower()
        field = q.org_field or "name"
        holds = field in ("other", "role", "membership", "members", "name") or bool(getattr(group, field, None))
        overlap = corpus.topic_coverage(tokens, [clause]) if clause and tokens else 0.0
        overlap += 0.5 * sum(1 for t in tokens if t in words) / max(len(tokens), 1)
        doc = (group.clause_id or "").split(":")[0]
        names_kind = any(group.name.endswith(k) for k in kinds)  # 专班 names a 工作专班 too
        return (names_kind, holds, corpus.doc_places.get(doc) in corpus.home_places, overlap)

    return sorted(groups, key=key, reverse=True)
