"""What answering knows of the indexed clauses beyond the retriever, built once per index and read by every
stage: the clauses by id and by document, each document's place, how many clauses write a word (a word's
weight is its rarity), and how much of a topic's words a clause holds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from kb.parse.outline import PREAMBLE_TITLE
from kb.qa.indexes import ClauseIndexes, clause_words
from kb.qa.normalise.glossary import Glossary
from kb.qa.normalise.text import EverydayWords
from kb.types import Clause, WorkingGroup

__all__ = ["Corpus", "cjk_pairs", "clause_words", "topic_units"]

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+-]*|\d+(?:\.\d+)?")
# a document's name read on from its preamble (Corpus.doc_name): a title's second line is one short line with no
# sentence in it; an untitled document's preamble says whose and which year's it is in its first few sentences
_TITLE_LINE = 30
_SENTENCE_MARK = re.compile(r"[。；;，,！？!?：:\n]")
_OPENING = 200


def cjk_pairs(text: str) -> set[str]:
    """The pairs of characters of the text's Chinese runs (what ties two pieces of text by their words)."""
    return {run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)}


def topic_units(text: str) -> set[str]:
    """Character bigrams of the Chinese runs (single characters for one-character runs) and Latin words/numbers."""
    units = cjk_pairs(text)
    units.update(run for run in _CJK_RUN.findall(text) if len(run) == 1)
    units.update(w.lower() for w in _WORD.findall(text))
    return units


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
        indexes: ClauseIndexes | None = None,
        english_places: Mapping[str, tuple[str, ...]] | None = None,
        doc_numbers: Mapping[str, str] | None = None,
    ) -> None:
        # built from the clauses alone, or read back with the index (kb.qa.saved) instead of built again
        built = indexes or ClauseIndexes.build(clauses)
        self.indexes = built
        self.clauses = built.clauses
        self.by_id = built.by_id
        self.groups = list(groups)
        self.targets = built.targets  # searched through its index, not scanned
        self.children = built.children
        # a document's clauses (their positions) and its title: a question scoped to places reads only theirs
        self._of_doc = built.of_doc
        self._all_titles = built.titles
        self.tokenize = tokenize or (lambda text: sorted(topic_units(text)))
        self.texts = built.texts  # tokens are lower-cased (OPC → opc)
        self._text_pairs = built.text_pairs  # how many clauses write a word, without reading them all
        self.token_weight = lru_cache(maxsize=65536)(self._token_weight)
        self.df = lru_cache(maxsize=65536)(self._df)
        self.glossary = glossary or Glossary({})
        self.writes = built.writes  # whether the documents write a name at all (ClauseIndexes.writes)
        self.characters = built.characters  # every character the documents write, once each
        # Latin words the documents write themselves (OPC, RCEP, AI): kept as they are in a Chinese question
        self.latin_words = built.latin_words
        self.doc_places = dict(doc_places or {})
        # the places' forms with their English ones, read back with the index (kb.qa.saved), or None: made when
        # an English question first needs them (kb.qa.understand.places.NamedPlaces)
        self.english_places = english_places
        # the places the department registry is kept for: the office's own, preferred when a question names none
        self.home_places = frozenset(home_places)
        self.everyday = everyday or EverydayWords({})
        self.doc_numbers = dict(doc_numbers or {})  # document → its own number (文号)
        self._titles = sorted(built.titles)
        # each pair of characters a title writes → the titles writing it, made when a typo is first checked (the
        # typo reader asks thousands of candidates a question: a scan of 10,000 titles each cost 60 ms a question)
        self._title_pairs: dict[str, tuple[int, ...]] | None = None
        self._title_chars: frozenset[str] = frozenset()

    def written(self, text: str) -> bool:
        """Whether some clause, or some document's title, writes the text: what a question's typo is corrected
        towards (督察反馈意见 stands in a list's title alone, its items writing 整改目标, 责任单位…)."""
        return self.targets.used_in(text, None) or self._in_a_title(text)

    def _in_a_title(self, text: str) -> bool:
        """Whether some title writes the text: only the titles writing its rarest pair of characters are read."""
        if self._title_pairs is None:
            pairs: dict[str, list[int]] = {}
            for n, title in enumerate(self._titles):
                for pair in dict.fromkeys(title[i : i + 2] for i in range(len(title) - 1)):
                    pairs.setdefault(pair, []).append(n)
            self._title_pairs = {pair: tuple(ns) for pair, ns in pairs.items()}
            self._title_chars = frozenset("".join(self._titles))
        if len(text) < 2:
            return not text or text in self._title_chars
        postings = [self._title_pairs.get(text[i : i + 2], ()) for i in range(len(text) - 1)]
        rarest = min(postings, key=len)
        return any(text in self._titles[n] for n in rarest)

    def with_units_in_text(self, clauses: Sequence[Clause]) -> list[Clause]:
        """The clauses, each with no note but running text putting units in charge (市人社局负责…) carrying those
        units as its departments: a unit's duties and places count them (ClauseIndexes.in_text)."""
        in_text = self.indexes.in_text
        return [
            replace(c, departments=tuple(dict.fromkeys(u for u, _ in in_text[c.id]))) if c.id in in_text else c
            for c in clauses
        ]

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
        return frozenset(self.indexes.doc_titles[d] for d in docs if d in self.indexes.doc_titles)

    def titles_sharing(self, text: str) -> set[str]:
        """The titles with a run of TITLE_NAMED characters in common with the (lower-cased) text."""
        return self.indexes.titles_sharing(text)

    def around_unit(self, unit: str) -> list[Clause]:
        """The clauses of every document of the places (a document of no known place counting as the place
        `None`) whose documents name the unit, and of the home places, in index order: of every clause, all that
        sorting a unit's clauses by place (kb.qa.decide.places: own_place_first, unit_by_place) can keep — a place
        none of whose documents names the unit is dropped there — without reading the other places' clauses."""
        naming = self.indexes.unit_docs.get(unit, frozenset())
        places = {self.doc_places.get(d) for d in naming} | set(self.home_places)
        kept = [d for d in self._of_doc if self.doc_places.get(d) in places]
        return [self.clauses[n] for n in self.positions_of(kept)]

    def doc_title(self, doc: str) -> str:
        """A document's title, without making its clauses (empty for a document the index does not hold)."""
        return self.indexes.doc_titles.get(doc, "")

    def doc_name(self, doc: str) -> str:
        """What a document names itself by, for a question naming it (工信部2018年关键业绩指标里): its title, and
        its preamble's opening where the title is not all there — no title was stored (the title is the
        document's id, and the preamble says whose and which year's it is), or the title's second line was read as
        the preamble (2022年《政府工作报告》 / 目标任务责任分解方案: one short line, no sentence)."""
        title = self.doc_title(doc)
        first = self._of_doc.get(doc, ())
        opening = self.clauses[min(first)] if first else None
        preamble = opening.text.strip() if opening is not None and opening.title == PREAMBLE_TITLE else ""
        if title == doc or (preamble and len(preamble) <= _TITLE_LINE and not _SENTENCE_MARK.search(preamble)):
            return f"{'' if title == doc else title} {preamble[:_OPENING]}".strip()
        return title

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

    def clauses_holding(self, phrase: str) -> list[Clause]:
        """The clauses writing a phrase of two characters or more as it is written (case aside), in index order,
        found through the pair index rather than by reading every clause."""
        phrase = phrase.lower()
        held = self._text_pairs.holding(phrase)
        if held is None:
            return []
        return [self.clauses[n] for n in sorted(held.tolist()) if phrase in self.texts[n]]

    def clauses_writing(self, word: str) -> int:
        """How many clauses write the word (lower-case match, as topic words are)."""
        return self.df(word.lower())

    def _token_weight(self, token: str) -> float:
        """Inverse document frequency of a word over the clauses; a word no clause uses weighs most."""
        df = max(self.df(t) for t in token.split("|")) if "|" in token else self.df(token)
        return math.log((len(self.texts) + 1) / (df + 0.5))

    def _df(self, token: str) -> int:
        return self._text_pairs.count(token)
