"""The question-answering engine, one straight line through the stage folders of kb/qa:
normalise → understand (one typed `Question`) → retrieve → decide (answer or abstain; which target; which places)
→ compose. The optional writer (kb.qa.write) words the composed answer afterwards, in kb.api.

Each kind of question is one short method below, which passes the `Question` along; what each stage does lives
in its folder (see kb/qa/README.md).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from kb.parse.outline import PREAMBLE_TITLE
from kb.qa.compose import amount, common, compound, duties, lead, mechanism, respectively, summary, yesno
from kb.qa.corpus import Corpus
from kb.qa.decide import effective, groups, places, when
from kb.qa.decide.evidence import Confidence, Evidence, Thresholds
from kb.qa.decide.in_text import InCharge
from kb.qa.decide.places import Places
from kb.qa.decide.quantity import QuantityKind, Unstated, asked_kind, kind_unstated, states
from kb.qa.decide.target import Targets, unstated
from kb.qa.normalise.question import Normaliser
from kb.qa.retrieve.hybrid import HybridRetriever, Mode, Scored
from kb.qa.retrieve.routed import Retrieval
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import Question, Registry, Scope, Slot, Understanding, slot_of
from kb.qa.understand.router import Router
from kb.qa.understand.subject import ROLE_ASKED, sentences
from kb.qa.understand.topic import TopicWords
from kb.qa.understand.units import UnitResolver
from kb.types import Answer, Hit

__all__ = ["Engine", "Thresholds"]

# answered once when the engine is built (Engine.warm); any corpus will do, the answers are thrown away
WARM_QUESTIONS = ("县林业局负责哪些工作？", "研发经费投入增长目标是多少？", "Who leads the research institute?")
# a question asking which places gave a unit the lead (交给商务局牵头, led by) rather than any part in a task
LEAD_ASKED = re.compile(r"牵头|主责|\blead|\bled\b", re.I)
# the roles a note or a working group gives, corrected like units' names (招集人 → 召集人)
ROLE_WORDS = ("牵头单位", "配合单位", "责任单位", "召集人", "副召集人", "组长", "副组长", "成员单位", "办公室主任")


class Engine:
    """Answers questions over one set of clauses; built once per index, reused for every question."""

    def __init__(
        self,
        corpus: Corpus,
        registry: Registry,
        retriever: HybridRetriever,
        thresholds: Thresholds | None = None,
        model: Router | None = None,
        resolver: UnitResolver | None = None,
    ) -> None:
        # `corpus`: the clauses and everything index-wide read of them (kb.qa.corpus); `model`: the intent
        # classifier; `resolver`: units however written, each place's apart
        self.corpus, self.registry, self.retriever = corpus, registry, retriever
        self.thresholds = thresholds or Thresholds()
        names = set(corpus.indexes.unit_names) | set(registry.spellings())
        names |= {g.name for g in corpus.groups} | set(ROLE_WORDS)
        written = lambda text: corpus.targets.used_in(text, None)  # noqa: E731 - whether some clause writes it
        self.normalise = Normaliser(names, written, corpus.vocabulary, corpus.everyday)
        named = NamedPlaces(corpus.doc_places.values())
        self.understanding = Understanding(registry, named, corpus.doc_places, model, resolver)
        self.topic = TopicWords(corpus, named)
        self.retrieval = Retrieval(corpus, retriever, self.topic)
        self.confidence = Confidence(corpus, self.topic, self.thresholds)
        self.targets = Targets(corpus, self.topic, self.confidence, self.thresholds)
        self.places = Places(corpus, self.topic, self.thresholds, self.retrieval)
        self.in_charge = InCharge(corpus, self.topic, resolver)
        # one compose method per slot (kb.qa.understand.question.SLOTS): a new kind of question is one more entry
        self._compose: dict[Slot, Callable[[Question, int], Answer]] = {
            "yesno": self._yes_or_no,
            "duties": self._duties,
            "mechanism": self._mechanism,
            "lead": self._who,
            "units": self._who,
            "places": self._which_places,
            "amount": self._how_much,
            "count": self._how_much,
            "ratio": self._how_much,
            "date": self._when,
            "summary": self._what,
        }

    # --- the line ---

    def ask(
        self,
        question: str,
        doc: str | None = None,
        department: str | None = None,
        mode: Mode = "hybrid",
        k: int = 5,
        place: str | None = None,
        context: str | None = None,
    ) -> Answer:
        """Answer one question; the Answer echoes the question as asked, the work is done on its normalised
        plain text. `doc`, `department` (a unit, canonical) and `place` (a filter naming one place's unit:
        市财政局（南充市）) restrict the documents; `context`: the earlier question a follow-up was read against."""
        q = self.understand(self.normalize(question), question, Scope(doc, department, place, mode), context)
        return replace(self.answer(q, k), question=question.strip())

    def normalize(self, question: str) -> str:
        """Stage 1: plain text, simplified, widths evened, one-character homophone typos corrected (林叶局 →
        林业局), everyday words in the documents' words (规上 → 规模以上)."""
        return self.normalise(question)

    def understand(
        self, text: str, asked: str | None = None, scope: Scope | None = None, context: str | None = None
    ) -> Question:
        """Stage 2: the normalised text as a `Question`."""
        return self.understanding(text, asked, True, scope, context)

    def retrieve(self, q: Question, k: int = 5) -> Scored:
        """Stage 3: the `k` best clauses for the question (the one path `ask`, `kb eval` and llama-index share)."""
        return self.retrieval(q, k)

    def search(self, question: str, mode: Mode = "hybrid", k: int = 10) -> Scored:
        """Retrieval alone, on the same path as `ask` (for evaluation of the retrieval modes, and llama-index)."""
        return self.retrieval(self.understand(self.normalize(question), scope=Scope(mode=mode)), k)

    def answer(self, q: Question, k: int = 5) -> Answer:
        """Stages 3–5 for an understood question: the compose method of the slot it asks to fill."""
        together = self._stated_together(q, k) if q.parts else None
        if together is not None:  # 城乡居民…分别增长6%、6.5%: one sentence answers every item
            return together
        if q.parts:  # 宁波和温州的…分别是多少: each item's own question, answered one after another
            answers = [self.answer(self._item(q, part.question), k) for part in q.parts]
            return compound.answer_compound(q, q.parts, answers)
        if q.ambiguous and not q.departments and q.slot not in ("yesno", "places"):
            return common.ask_back(q, self._with_places(q.ambiguous))
        return self._compose[q.slot](q, k)

    def warm(self) -> None:
        """Load now what the first question would load (jieba's dictionary, the typo indexes, OpenCC, CC-CEDICT,
        the first query embeddings) by answering one question of each language: the process's first question
        then costs what any question costs."""
        for question in WARM_QUESTIONS:
            self.ask(question)

    # --- one method per kind of question ---

    def _item(self, q: Question, text: str) -> Question:
        """An item of a compound question, or the open question behind a yes/no one, in the same scope."""
        scope = Scope(q.doc, q.unit_filter, q.place_filter, q.mode)
        return self.understanding(text, whole=False, scope=scope)

    def _stated_together(self, q: Question, k: int) -> Answer | None:
        """A question asking a number of items together (A和B分别增长多少) that the document answers in one sentence
        setting as many values (城乡居民人均可支配收入分别增长6%、6.5%): that sentence, its values in order; None
        otherwise (places joined are each their own documents' answer)."""
        forms = self.understanding.places.forms
        if q.slot not in ("amount", "count", "ratio") or any(p.item in forms for p in q.parts):
            return None
        whole = self.answer(replace(q, parts=()), k)
        # the items' own words (城镇, 农村) may be written as one (城乡居民…分别增长), or the whole found another
        # item: the clauses each item, asked alone, answers from may set them all
        alone = (self.answer(self._item(q, part.question), k) for part in q.parts)
        answers = itertools.chain([whole], alone)
        seen: set[str] = set()
        for found in answers:
            if found.abstained or not found.citations:
                continue
            for hit in found.citations[:1]:
                if hit.clause.id in seen:
                    continue
                seen.add(hit.clause.id)
                for _, sentence in sentences(hit.clause.text):
                    together = respectively.stated_together(sentence, [p.item for p in q.parts])
                    if together is not None:
                        cited = (hit, *(h for h in found.citations if h.clause.id != hit.clause.id))
                        return respectively.answer_together(q, q.text, together, cited)
        return None

    def _yes_or_no(self, q: Question, k: int) -> Answer:
        """Slot `yesno`: the open question behind the check answered, then judged yes or no
        (kb.qa.compose.yesno)."""
        assert q.check is not None
        open_question = q.check.open_question(q.text, q.language)
        of_units = self.understanding.places_of(q.check.units) if not q.places else set()
        if len(of_units) == 1 and q.place_filter is None:  # the unit checked is one place's: its documents answer
            q = replace(q, place_filter=next(iter(of_units)))
        found = self.answer(self._item(q, open_question), k)
        return yesno.answer(q, found)

    def _duties(self, q: Question, k: int) -> Answer:
        """Slot `duties`: what a unit is responsible for — its clauses, each place's unit of that name apart."""
        corpus, english = self.corpus, self.registry.english
        # the clauses of the documents in scope, in the index's order (not a pass over a province's clauses)
        docs = q.docs if q.doc is None else {q.doc} & (set(q.docs) if q.docs is not None else {q.doc})
        scope = corpus.clauses if docs is None else [corpus.clauses[n] for n in corpus.positions_of(docs)]
        scope = corpus.with_units_in_text(scope)  # 市人社局负责…: the running text's units' clauses are theirs
        in_text = corpus.indexes.in_text
        clauses, elsewhere = self.places.own_place_first(q, scope) if q.docs is None else (scope, ())
        of_places = self.places.unit_by_place(q, clauses)
        if len(of_places) > 1:  # one name, several places' units: each apart, never added together
            return places.answer_department_tasks_by_place(q, of_places, corpus.groups, english, in_text)
        found = duties.answer_department_tasks(q, clauses, corpus.groups, english, in_text)
        return places.with_elsewhere(found, q, elsewhere) if elsewhere else found

    def _mechanism(self, q: Question, k: int) -> Answer:
        """Slot `mechanism`: a working group's head, office, members or a unit's role in it; when the documents
        asked about set up no group, the question is answered for what their clauses say (its other slot)."""
        in_scope = groups.in_scope(q, self.corpus.groups)
        if in_scope:
            ranked = groups.ranked(self.corpus, self.topic, q, in_scope)
            return mechanism.answer_organization(q, ranked, self.corpus.by_id, self.registry.english)
        general = replace(q, intent="general")
        general = replace(general, slot=slot_of(general, q.text, None))
        return self._compose[general.slot](general, k)

    def _places_giving(self, q: Question) -> Answer:
        """Which places gave a kind of unit a task: every place's unit the name written fits, then the places whose
        clauses on the topic name one (as lead when asked who leads), each by name."""
        resolver = self.understanding.resolver
        written = [*q.written, *(w for w, _ in q.ambiguous)]
        units = {u for w in written for u in (resolver.fitting(w) if resolver else ())}
        units |= {*q.departments, *(c for _, candidates in q.ambiguous for c in candidates)}
        found = self.places.giving(q, units, lead=bool(LEAD_ASKED.search(q.text)))
        if not found:
            reason = (
                "No clause on this gives that unit the task."
                if q.language == "en"
                else f"没有找到把这项工作交给“{'、'.join(written)}”的条款。"
            )
            return common.refuse(replace(q, intent="general"), q.text, self.retrieval(q, 3).hits, reason)
        return self.places.listed(q, found)

    def _who(self, q: Question, k: int) -> Answer:
        """Slots `lead` and `units`: who leads (or takes part in) what the question names."""
        return self._lead(q, *self._retrieved(q, k))

    def _which_places(self, q: Question, k: int) -> Answer:
        """Slot `places`: the places whose documents hold the topic (哪些地方在试点沙盒监管), each cited; with one
        place or none, the question is answered as a who or a what question."""
        if q.departments or q.ambiguous:  # 哪些地方把…交给商务局牵头: the unit is a condition on the places
            return self._places_giving(q)
        scored, evidence = self._retrieved(q, k)
        if q.intent == "responsibility":
            placed = self.places.holding(q, evidence) if q.which_places else ()
            if len(placed) > 1:  # 哪些地方在试点沙盒监管 asks places, not who leads
                return self.places.listed(q, placed)
            return self._lead(q, scored, evidence)
        return self._stated_effective(q, scored, k) or self._summary(q, evidence)

    def _how_much(self, q: Question, k: int) -> Answer:
        """Slots `amount`, `count`, `ratio`: the number asked — a target part, each place's apart, or not
        stated."""
        if q.intent == "general":  # how many, how much, how long: answered by a number
            q = replace(q, intent="indicator")
        scored, evidence = self._retrieved(q, k)
        return self._stated_effective(q, scored, k) or self._number(q, scored, evidence, k)

    def _when(self, q: Question, k: int) -> Answer:
        """Slot `date`: when a document takes effect, from its own statement; a date or deadline, from the
        cited clause."""
        if q.intent == "indicator" or q.unit == "年" or asked_kind(q.asking) is not None:
            if q.intent == "general":
                q = replace(q, intent="indicator")
            scored, evidence = self._retrieved(q, k)
            found = self._stated_effective(q, scored, k) or self._number(q, scored, evidence, k)
            if found.intent != "out_of_scope" or not evidence.confident or q.unit != "年":
                return found
            # no target part holds the date: the time the best clauses state for their task (年内持续推进), or
            # what the best clause says and that it states no date
            timed = when.first_timed(evidence.hits[:3], self.corpus.children)
            if timed is not None:
                return amount.answer_time(q, *timed, scored.hits[:k])
            if evidence.hits[0].clause.path == (PREAMBLE_TITLE,):  # no task clause found: the refusal stands
                return found
            return amount.nothing_of_kind(q, evidence.hits, Unstated("完成时间或时限", "a date or deadline"))
        # when a document takes effect, asked in other words (施行日期): its own statement, else what is said
        scored, evidence = self._retrieved(q, k)
        return self._stated_effective(q, scored, k) or self._summary(q, evidence)

    def _what(self, q: Question, k: int) -> Answer:
        """Slot `summary`: what the documents say about the topic."""
        scored, evidence = self._retrieved(q, k)
        return self._stated_effective(q, scored, k) or self._summary(q, evidence)

    # --- what the slots' methods share ---

    def _retrieved(self, q: Question, k: int) -> tuple[Scored, Evidence]:
        """Stage 3 and the confidence of stage 4: the best clauses and whether they answer."""
        scored = self.retrieval(q, max(k, 10))
        return scored, Evidence(scored.hits[:k], self.confidence(q, scored))

    def _stated_effective(self, q: Question, scored: Scored, k: int) -> Answer | None:
        """什么时候开始施行, 有效期多久: the document's own statement, when asked and the best documents have one."""
        when = effective.asked(q.text)
        if when == "issued":  # 什么时候印发: the date under the issuer's name, of the best document stating one
            corpus = self.corpus
            for doc in dict.fromkeys(h.clause.doc for h in scored.hits[:3]):
                dated = effective.issued_on([corpus.clauses[n] for n in corpus.positions_of([doc])])
                if dated is not None:
                    return amount.answer_issued(q, *dated, scored.hits[:k])
            return None
        stated = self._effective(scored.hits[:3]) if when else None
        if when and stated is not None:
            return amount.answer_effective(q, stated, when, scored.hits[:k])
        return None

    def _lead(self, q: Question, scored: Scored, evidence: Evidence) -> Answer:
        """A note's units, each place's apart, or a sentence putting a unit in charge in its own words."""
        english = self.registry.english
        each = self.places.answering_each(q, scored) if evidence.confident and q.doc is None else None
        if each:
            return places.answer_responsibility_by_place(q, each, english, self.corpus.doc_places)
        role = ROLE_ASKED.search(q.text)  # 牵头抓总的是哪个部门: the sentence giving that role, note or not
        written = self.in_charge(q, evidence.hits, role.group(0)) if evidence.confident and role else None
        if written is None and evidence.confident and not lead.answering_clauses(q, evidence.hits):
            written = self.in_charge(q, evidence.hits)
        if written is not None:
            return lead.answer_responsibility_in_text(q, *written, evidence.hits, english)
        return lead.answer_responsibility(q, evidence, english)

    def _number(self, q: Question, scored: Scored, evidence: Evidence, k: int) -> Answer:
        """The number (or date) asked: a target part, each place's apart, or not stated."""
        if self.confidence.names_unknown_place(q) or (q.language == "en" and not evidence.confident):
            return common.refuse(q, q.text, scored.hits[:k])
        match, threshold, q, ask = self.targets.decide(q, scored, evidence.confident)
        others = self.places.targets_elsewhere(ask, q, match) if q.docs is None else []
        if others and match is not None and not q.asks_actual:
            matches = places.stating_the_value(q, [match, *others])
            return places.answer_indicator_by_place(q, matches, self.corpus.doc_places)
        answers = match is not None and match.share >= threshold
        missing = unstated(q, match.part) if match is not None and answers and not q.asks_actual else None
        if match is not None and missing is not None:  # the clause found states no value of what was asked
            return amount.not_stated(q, match, scored.hits[:k], missing)
        kind = asked_kind(q.asking)
        if not answers and kind is not None and self._states_none(q, evidence, kind):
            return amount.nothing_of_kind(q, evidence.hits, kind_unstated(kind))
        return amount.answer_indicator(q, match, scored.hits[:k], threshold)

    @staticmethod
    def _states_none(q: Question, evidence: Evidence, kind: QuantityKind) -> bool:
        """Whether the best clause, found with confidence and a task of its own (not the preamble), states no
        number of the kind asked: then the answer says so, quoting it."""
        if not evidence.confident or not evidence.hits or q.language != "zh":  # an English topic quotes nothing
            return False
        best = evidence.hits[0].clause
        return best.path != (PREAMBLE_TITLE,) and not states(kind, best.text)

    def _summary(self, q: Question, evidence: Evidence) -> Answer:
        """The best clauses, or each place's holding the topic when asked which."""
        placed = self.places.holding(q, evidence)
        if len(placed) > 1:  # each place by name
            return self.places.listed(q, placed)
        return summary.answer_general(q, evidence, self.corpus.children)

    def _effective(self, hits: Sequence[Hit]) -> effective.Statement | None:
        """The statement of when it takes effect of the best documents, in the order retrieval found them."""
        corpus = self.corpus
        for doc in dict.fromkeys(h.clause.doc for h in hits):
            found = effective.find([corpus.clauses[n] for n in corpus.positions_of([doc])])
            if found is not None:
                return found
        return None

    def _with_places(
        self, ambiguous: Sequence[tuple[str, tuple[str, ...]]]
    ) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
        """Each ambiguous mention with its candidates and the places whose documents name each."""
        resolver = self.understanding.resolver
        places_of = resolver.places if resolver else {}
        return [
            (written, [(c, tuple(sorted(places_of.get(c, ())))) for c in cands]) for written, cands in ambiguous
        ]
