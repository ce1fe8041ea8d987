"""Stage 4, decide: the documents stating a lead rule a question writes (哪些文件写明了“列第一位的单位为牵头单位”
这样的牵头规则). Ingestion reads such rules to give each note its lead (kb.parse.notes: `列第一位的为牵头部门，下同`,
`原则上由排名首位的部门牵头负责`, `第一个逗号前为牵头单位`); a question asking which documents state one is
answered by reading the rule of the same kind in every document in scope, by form, the sentence quoted."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from kb.parse.notes import lead_rule_in
from kb.types import Clause

# a question asking which documents (or places) write something, not what a rule means
_WHICH = re.compile(r"哪些|哪几|哪个|哪份|\bwhich\b", re.I)
# what every lead rule writes: a clause without one of these words states none (most clauses, skipped unread)
_RULE_WORDS = ("牵头", "主责", "主办")


def asked_rule(question: str) -> str | None:
    """The kind of lead rule a question writes when it asks which documents state it; None otherwise."""
    if not _WHICH.search(question):
        return None
    found = lead_rule_in(question)
    return found[0] if found is not None else None


def documents_stating(kind: str, clauses: Sequence[Clause], docs: Collection[str] | None) -> list[tuple[Clause, str]]:
    """Each document's first clause stating a lead rule of the kind asked, with the rule as written, in index
    order; only the documents in `docs` when given."""
    stated: dict[str, tuple[Clause, str]] = {}
    for clause in clauses:
        if clause.doc in stated or (docs is not None and clause.doc not in docs):
            continue
        if not any(word in clause.text for word in _RULE_WORDS):
            continue
        found = lead_rule_in(clause.text)
        if found is not None and found[0] == kind:
            stated[clause.doc] = (clause, found[1])
    return list(stated.values())
