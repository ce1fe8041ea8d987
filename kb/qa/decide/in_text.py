"""Stage 4, decide: a sentence of the best clauses that puts a unit in charge in its own words (生态环境部会同有关
部门组建协调小组…, 由区经济发展局负责召集) when no department note answers who leads — the sentence holding most of
what the question asks."""

from __future__ import annotations

from collections.abc import Sequence

from kb.qa.corpus import Corpus
from kb.qa.understand.question import ASKS_UNIT, Question
from kb.qa.understand.subject import InText, Mention, in_charge, mentions_by_form, sentences
from kb.qa.understand.topic import TopicWords
from kb.qa.understand.units import UnitResolver
from kb.types import Hit


class InCharge:
    """Units put in charge by a sentence's grammar, over one corpus."""

    def __init__(self, corpus: Corpus, topic: TopicWords, resolver: UnitResolver | None) -> None:
        self.corpus, self.topic, self.resolver = corpus, topic, resolver

    def __call__(self, q: Question, hits: Sequence[Hit], role: str = "") -> tuple[Hit, InText] | None:
        """The sentence of the five best clauses that puts a unit in charge and holds most of what the question
        asks; with `role`, only a sentence writing that role (牵头抓总)."""
        if self.resolver is None or not ASKS_UNIT.search(q.asking):
            return None  # the sentence names a unit: an answer only to a question asking for one
        corpus = self.corpus
        asked = self.topic.of_focus(q)
        best: tuple[float, Hit, InText] | None = None
        for hit in hits[:5]:  # the sentence holding most of what is asked, of the five best clauses
            place = corpus.doc_places.get(hit.clause.doc)
            for _, sentence in sentences(hit.clause.text):
                mentions = [
                    Mention(m.span[0], m.span[1], m.candidates[0])
                    for m in self.resolver.find(sentence, (place,) if place else ())
                    if len(m.candidates) == 1
                ]
                mentions += mentions_by_form(sentence, mentions)  # 由区经济发展局负责召集: a unit no note names
                found = in_charge(sentence, mentions) if mentions and role in sentence else None
                if found is None:
                    continue
                covered = sum(corpus.token_weight(t) for t in asked if corpus.everyday.found(t, sentence.lower()))
                if (covered > 0 or role) and (best is None or covered > best[0]):
                    best = (covered, hit, found)
        return (best[1], best[2]) if best else None
