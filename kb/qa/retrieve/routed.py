"""Stage 3, retrieve: the clauses an understood question is about — the one path `ask`, `kb eval` and the
llama-index retriever share. An English question is searched with its Chinese terms added; the clauses found are
reordered by how much of the topic each holds; a heading with no text of its own gives way to its items; a clause
the question names goes first."""

from __future__ import annotations

import re
from collections.abc import Sequence

import jieba

from kb.qa.corpus import Corpus, clause_words
from kb.qa.normalise.glossary import searched
from kb.qa.retrieve.hybrid import HybridRetriever, Scored
from kb.qa.understand.question import Question
from kb.qa.understand.topic import TopicWords
from kb.types import Hit

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]")
RANK_WEIGHT = 0.3  # how much the fused retrieval rank counts beside the topic's coverage (1st: 0.3, 2nd: 0.15…)


class Retrieval:
    """Retrieval for understood questions over one index."""

    def __init__(self, corpus: Corpus, retriever: HybridRetriever, topic: TopicWords) -> None:
        self.corpus, self.retriever, self.topic = corpus, retriever, topic

    def __call__(self, q: Question, k: int = 5) -> Scored:
        """The `k` best clauses for the question, within its scope (document, unit filter, documents)."""
        corpus, question = self.corpus, q.text
        if q.language == "en":
            terms = self.topic.english_terms(question) + _CJK_RUN.findall(question)
            lexical = " ".join(terms) or q.topic
            dense = f"{question} {' '.join(terms)}".strip()
            found = self.retriever.search(
                dense, lexical, k=k, mode=q.mode, doc=q.doc, department=q.unit_filter, docs=q.docs
            )
        else:
            translated = " ".join(  # English words in Chinese
                [
                    *searched(corpus.glossary.translated(question, corpus.latin_words)),
                    *(g[0] for g in self.topic.latin_translation(question).groups),
                ]
            )
            # the places named set apart, not glued to the next word (嘉陵县文旅产业 read as 嘉陵 / 县文旅 / 产业)
            lexical = f"{self.topic.places.apart(q.places, q.topic)} {translated}".strip()
            found = self.retriever.search(
                question, lexical, k=k, mode=q.mode, doc=q.doc, department=q.unit_filter, docs=q.docs
            )
        tokens = self.topic(q)
        found = self.by_coverage(tokens, self.without_bare_headings(found, tokens))
        if q.language == "zh":
            found = self.titles_first(question, found, self.retriever.allowed(q.doc, q.unit_filter, q.docs))
        return found

    def by_coverage(self, tokens: Sequence[str], scored: Scored) -> Scored:
        """The retrieved clauses reordered by how much of the topic each holds (rarity-weighted, its title's
        words counted again), the fused rank deciding between equals: near clauses of one document (人才评价 /
        人才安居保障) are told apart by the words the question names, which a fused rank of two retrievers that
        each half-agree does not do."""
        if not tokens or len(scored.hits) < 2:
            return scored

        def key(indexed: tuple[int, Hit]) -> tuple[float, int]:
            position, hit = indexed
            own = self.corpus.topic_coverage(tokens, [hit.clause])
            title = self.corpus.title_coverage(tokens, hit.clause)
            return (round(own + 0.5 * title + RANK_WEIGHT / (position + 1), 6), -position)

        ordered = sorted(enumerate(scored.hits), key=key, reverse=True)
        return Scored(tuple(h for _, h in ordered), scored.dense_top)

    def without_bare_headings(self, scored: Scored, tokens: Sequence[str] = ()) -> Scored:
        """A heading with no text of its own (`（二）重点任务`) is no evidence: its items stand in its place — those
        holding a word of the topic; the others after every clause retrieved for itself (a heading ranked first
        would otherwise push the clauses that hold the words asked below its four items)."""
        everyday = self.corpus.everyday
        hits: list[Hit] = []
        later: list[Hit] = []
        for hit in scored.hits:
            if hit.clause.text:
                hits.append(hit)
                continue
            for child in self.corpus.children.get(hit.clause.id, []):
                item = Hit(child, hit.score, hit.ranks)
                holds = not tokens or any(everyday.found(t, clause_words(child).lower()) for t in tokens)
                (hits if holds else later).append(item)
        kept: list[Hit] = []
        seen: set[str] = set()
        for h in [*hits, *later]:
            if h.clause.text and h.clause.id not in seen:
                seen.add(h.clause.id)
                kept.append(h)
        return Scored(tuple(kept), scored.dense_top)

    def titles_first(self, question: str, scored: Scored, allowed: set[str] | None = None) -> Scored:
        """A clause the question names exactly goes first, whatever the ranks: by a phrase it quotes
        (“千名农村实用人才培优工程”), or by the clause's title (`对接高能级创新体系的总体思路`); of the clauses
        the filters and the places named allow (`allowed`; None: every clause)."""
        corpus = self.corpus
        # a phrase the title of a document in scope quotes (“无废城市”, “未来星”) names that document, which
        # every clause of it is about: it picks no clause
        titles = (
            corpus.titles_of(None)
            if allowed is None
            else {corpus.by_id[cid].doc_title for cid in allowed if cid in corpus.by_id}
        )
        quoted = [
            q for q in _QUOTED.findall(question) if len(q) >= 2 and not any(q in title for title in titles)
        ]
        if quoted:
            # the clauses allowed, in the order of the index: those of their documents, not every clause's id
            scope = (
                corpus.clauses
                if allowed is None
                else [
                    corpus.clauses[n]
                    for n in corpus.positions_of({cid.rsplit(":", 1)[0] for cid in allowed})
                    if corpus.clauses[n].id in allowed
                ]
            )
            holders = [c for c in scope if all(q in c.title + c.text for q in quoted)]
            if holders:
                known = {h.clause.id: h for h in scored.hits}
                position = {h.clause.id: n for n, h in enumerate(scored.hits)}
                holders.sort(key=lambda c: position.get(c.id, len(position)))  # as retrieved, then as written
                first = [known.get(c.id) or Hit(c, 1.0) for c in holders]
                rest = [h for h in scored.hits if h.clause.id not in {c.id for c in holders}]
                return Scored((*first, *rest)[: max(len(scored.hits), len(first))], scored.dense_top)
        named = [h for h in scored.hits if len(h.clause.title) >= 4 and _names_title(question, h.clause.title)]
        if not named:
            return scored
        named.sort(key=lambda h: len(h.clause.title), reverse=True)
        rest = [h for h in scored.hits if h not in named]
        return Scored((*named, *rest), scored.dense_top)


def _names_title(question: str, title: str) -> bool:
    """Whether the question writes the title, whole or shortened as Chinese shortens a run of two-character words to
    their first characters (文化旅游产业 → 文旅产业, 科技创新平台 → 科创平台)."""
    return title in question or any(short in question for short in abbreviated(title))


def abbreviated(title: str) -> set[str]:
    """The title with each run of two or more two-character words (jieba's own dictionary) shortened to their first
    characters; only shortenings of four characters or more, too long to stand in a question by chance."""
    if not _CJK_RUN.fullmatch(title) or len(title) > 16:
        return set()
    words = jieba.lcut(title, HMM=False)
    found: set[str] = set()
    for start in range(len(words)):
        for end in range(start + 2, len(words) + 1):
            if any(len(w) != 2 for w in words[start:end]):
                break
            short = "".join([*words[:start], *(w[0] for w in words[start:end]), *words[end:]])
            if len(short) >= 4:
                found.add(short)
    return found
