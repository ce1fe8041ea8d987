"""Stage 4, decide: a sentence of the best clauses that puts a unit in charge in its own words (生态环境部会同有关
部门组建协调小组…, 由区经济发展局负责召集) when no department note answers who leads — the sentence holding most of
what the question asks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kb.parse.outline import ADDRESSED_UNITS
from kb.qa.corpus import Corpus
from kb.qa.decide.named import unit_at
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
        # a focus of asking words alone (…这个project，是哪个部门lead) holds nothing asked: the whole topic does
        asked = self.topic.of_focus(q) or self.topic(q)
        best: tuple[float, Hit, InText] | None = None
        for hit in hits[:5]:  # the sentence holding most of what is asked, of the five best clauses
            place = corpus.doc_places.get(hit.clause.doc)
            for number, (_, sentence) in enumerate(sentences(hit.clause.text)):
                if ADDRESSED_UNITS.match(sentence):
                    continue  # whom the document is sent to (…各成员单位,各有关单位:): nobody put in charge
                mentions = [
                    Mention(m.span[0], m.span[1], m.candidates[0])
                    for m in self.resolver.find(sentence, (place,) if place else ())
                    if len(m.candidates) == 1 and not another_level(sentence, m.span[0], m.candidates[0])
                ]
                mentions += mentions_by_form(sentence, mentions)  # 由区经济发展局负责召集: a unit no note names
                mentions += joined_by_form(sentence, mentions)  # 会同区财政局、人社局: 人社局 is several places'
                found = in_charge(sentence, mentions) if mentions and role in sentence else None
                if found is None:
                    continue
                # the clause's heading names the item the sentence right under it is about (4、兰州城市轨道交通项目 /
                # 由…负责,市建设局牵头,…): its words count for that first sentence, not for a later one on another
                # matter (部际联席会议不刻制印章。… 也可以由有关成员单位联合行文)
                about = f"{hit.clause.title} {sentence}".lower() if number == 0 else sentence.lower()
                covered = sum(corpus.token_weight(t) for t in asked if corpus.everyday.found(t, about))
                if (covered > 0 or role) and (best is None or covered > best[0]):
                    best = (covered, hit, found)
        return (best[1], best[2]) if best else None


_LEVEL_WORD = re.compile(r"[省市县区]")


def another_level(sentence: str, start: int, name: str) -> bool:
    """Whether a unit read from `start` leaves out the level word written right before it and names another level's
    unit (市财政局配合 read from 财政局 as 县财政局): the name as written, level and all, is read by its form instead."""
    return start > 0 and bool(_LEVEL_WORD.fullmatch(sentence[start - 1])) and not name.startswith(sentence[start - 1])


_JOINED = re.compile(r"会同|联合")
_SEPARATOR = re.compile(r"[、，,]|和|及|与")
_OPEN_KIND = re.compile(r"^(?:各|有关|相关|其他|其它)")


def joined_by_form(sentence: str, known: Sequence[Mention]) -> list[Mention]:
    """Units listed after 会同/联合 that no mention holds, read by their form and kept as written: 由区商务局会同区财政局、
    人社局等相关部门制定 works with 人社局 though the name, written without its level, fits several places' units.
    A kind of unit (有关部门) is no name."""
    at = {m.start: m for m in known}
    found: list[Mention] = []
    for joined in _JOINED.finditer(sentence):
        start = joined.end()
        while start < len(sentence):
            if start in at:
                end = at[start].end
            else:
                name = unit_at(sentence, start)
                end = start + len(name) if name else start
                if name is None or _OPEN_KIND.match(name) or any(m.start < end and start < m.end for m in known):
                    break
                found.append(Mention(start, end, name))
            separator = _SEPARATOR.match(sentence, end)
            if separator is None:
                break
            start = separator.end()
    return found
