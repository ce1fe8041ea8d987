"""Stage 4, decide: which working group (专班, 领导小组, 联席会议) a mechanism question is about, of those the
documents in scope set up."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kb.qa.corpus import Corpus
from kb.qa.understand.question import Question
from kb.qa.understand.topic import TopicWords
from kb.types import WorkingGroup

_BODY_KINDS = re.compile(r"工作专班|领导小组|专项工作组|工作组|协调小组|专班|指挥部|联席会议")


def in_scope(q: Question, groups: Sequence[WorkingGroup]) -> list[WorkingGroup]:
    """The groups of the documents the question is asked of (its document filter, its places)."""
    return [
        g
        for g in groups
        if (q.doc is None or (g.clause_id or "").startswith(f"{q.doc}:"))
        and (q.docs is None or (g.clause_id or "").split(":")[0] in q.docs)
    ]


def ranked(corpus: Corpus, topic: TopicWords, q: Question, groups: Sequence[WorkingGroup]) -> list[WorkingGroup]:
    """The working groups best fitting the question first: those holding the field asked for, those whose
    name or clause shares most of the question's words, those of the home place (the registry's)."""
    tokens = topic(q)
    # the kind of body the question names (专班, 领导小组, 协调小组) before shared words: the words of a 组织领导
    # clause (领导) say nothing of which group is meant; then the office's own place
    kinds = _BODY_KINDS.findall(q.text)

    def key(group: WorkingGroup) -> tuple[bool, bool, bool, float]:
        clause = corpus.by_id.get(group.clause_id or "")
        words = (group.name + (clause.text if clause else "")).lower()
        field = q.org_field or "name"
        holds = field in ("other", "role", "membership", "members", "name") or bool(getattr(group, field, None))
        overlap = corpus.topic_coverage(tokens, [clause]) if clause and tokens else 0.0
        overlap += 0.5 * sum(1 for t in tokens if t in words) / max(len(tokens), 1)
        doc = (group.clause_id or "").split(":")[0]
        names_kind = any(group.name.endswith(k) for k in kinds)  # 专班 names a 工作专班 too
        return (holds, names_kind, corpus.doc_places.get(doc) in corpus.home_places, overlap)

    return sorted(groups, key=key, reverse=True)
