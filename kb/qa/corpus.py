"""What answering knows of the indexed clauses beyond the retriever, built once per index and read by every
stage: the clauses by id and by document, each document's place, how many clauses write a word (a word's
weight is its rarity), and how much of a topic's words a clause holds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import lru_cache

from kb.qa.normalise.glossary import Glossary
from kb.qa.normalise.text import EverydayWords
from kb.qa.retrieve.targets import PairIndex, TargetIndex, target_parts
from kb.types import Clause, WorkingGroup

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+-]*|\d+(?:\.\d+)?")


def topic_units(text: str) -> set[str]:
    """Character bigrams of the Chinese runs (single characters for one-character runs) and Latin words/numbers."""
    units: set[str] = set()
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            units.add(run)
        units.update(run[i : i + 2] for i in range(len(run) - 1))
    units.update(w.lower() for w in _WORD.findall(text))
    return units


def clause_words(clause: Clause) -> str:
    """What of a clause a question's words can be found in: its title, outline path and text."""
    return clause.title + "".join(clause.path) + clause.text


class Corpus:
    """The clauses of one index with what every stage reads of them."""

    def __init__(
        self,
        clauses: Sequence[Clause],
        groups: Sequence[WorkingGroup],
        glossary: Glossary | None = None,
        tokenize: Callable[[str], list[str]] | None = None,
        doc_places: Mapping[str, str | None] | None = None,
        home_places: Collection[str] = (),
        everyday: EverydayWords | None = None,
    ) -> None:
        self.clauses = list(clauses)
        self.by_id = {c.id: c for c in clauses}
        self.groups = list(groups)
        self.targets = TargetIndex(target_parts(clauses))  # searched through its index, not scanned
        self.children: dict[str, list[Clause]] = {}
        for clause in clauses:
            if len(clause.number) > 1 and clause.part == 1:
                parent = f"{clause.doc}:{'.'.join(str(n) for n in clause.number[:-1])}"
                self.children.setdefault(parent, []).append(clause)
        # a document's clauses (their positions) and its title: a question scoped to places reads only theirs
        self._of_doc: dict[str, list[int]] = {}
        for n, clause in enumerate(self.clauses):
            self._of_doc.setdefault(clause.doc, []).append(n)
        self._all_titles = frozenset(c.doc_title for c in self.clauses)
        self.tokenize = tokenize or (lambda text: sorted(topic_units(text)))
        self.texts = [clause_words(c).lower() for c in clauses]  # tokens are lower-cased (OPC → opc)
        self._text_pairs = PairIndex(self.texts)  # how many clauses write a word, without reading them all
        self.token_weight = lru_cache(maxsize=65536)(self._token_weight)
        self.df = lru_cache(maxsize=65536)(self._df)
        self.glossary = glossary or Glossary({})
        self.vocabulary = "".join(c.title + c.text + c.doc_title for c in clauses)
        # Latin words the documents write themselves (OPC, RCEP, AI): kept as they are in a Chinese question
        self.latin_words = frozenset(w.lower() for w in re.findall(r"[A-Za-z]{2,}", self.vocabulary))
        self.doc_places = dict(doc_places or {})
        # the places the department registry is kept for: the office's own, preferred when a question names none
        self.home_places = frozenset(home_places)
        self.everyday = everyday or EverydayWords({})

    def topic_coverage(self, tokens: Sequence[str], clauses: Sequence[Clause]) -> float:
        """Share of the topic's words (rarity-weighted) that the clauses contain."""
        if not tokens:
            return 0.0
        haystack = "".join(clause_words(c) for c in clauses).lower()
        total = sum(self.token_weight(t) for t in tokens)
        return sum(self.token_weight(t) for t in tokens if self.everyday.found(t, haystack)) / total

    def title_coverage(self, tokens: Sequence[str], clause: Clause) -> float:
        """Share of the topic's words (rarity-weighted) in the clause's title alone."""
        total = sum(self.token_weight(t) for t in tokens)
        title = clause.title.lower()
        return sum(self.token_weight(t) for t in tokens if self.everyday.found(t, title)) / total if total else 0.0

    def titles_of(self, docs: Collection[str] | None) -> frozenset[str]:
        """The titles of these documents' clauses (every document's when None)."""
        if docs is None:
            return self._all_titles
        return frozenset(self.clauses[n].doc_title for d in docs for n in self._of_doc.get(d, ()))

    def positions_of(self, docs: Collection[str]) -> list[int]:
        """The positions in `clauses` of these documents' clauses, in order."""
        return sorted(n for d in docs for n in self._of_doc.get(d, ()))

    def docs_of(self, places: Sequence[str]) -> frozenset[str] | None:
        """The documents of the named places; None when the question names none (every document counts)."""
        if not places:
            return None
        return frozenset(d for d, p in self.doc_places.items() if p in places)

    def home_docs(self) -> frozenset[str]:
        """The documents of the office's own places."""
        return frozenset(d for d, p in self.doc_places.items() if p in self.home_places)

    def clauses_writing(self, word: str) -> int:
        """How many clauses write the word (lower-case match, as topic words are)."""
        return self.df(word.lower())

    def _token_weight(self, token: str) -> float:
        """Inverse document frequency of a word over the clauses; a word no clause uses weighs most."""
        df = max(self.df(t) for t in token.split("|")) if "|" in token else self.df(token)
        return math.log((len(self.texts) + 1) / (df + 0.5))

    def _df(self, token: str) -> int:
        return self._text_pairs.count(token)
