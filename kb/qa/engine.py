"""The question-answering engine, one straight line through the stage folders of kb/qa:
normalise → understand (one typed `Question`) → retrieve → decide (answer or abstain; which target; which places)
→ compose. The optional writer (kb.qa.write) words the composed answer afterwards, in kb.api.

Each kind of question is one short method below, which passes the `Question` along; what each stage does lives
in its folder (see kb/qa/README.md).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace

from kb.qa.compose import amount, common, compound, duties, lead, mechanism, summary, yesno
from kb.qa.corpus import Corpus
from kb.qa.decide import effective, groups, places
from kb.qa.decide.evidence import Confidence, Evidence, Thresholds
from kb.qa.decide.in_text import InCharge
from kb.qa.decide.places import Places
from kb.qa.decide.quantity import asked_kind
from kb.qa.decide.target import Targets
from kb.qa.indexes import ClauseIndexes
from kb.qa.normalise.glossary import Glossary
from kb.qa.normalise.question import Normaliser
from kb.qa.normalise.text import EverydayWords
from kb.qa.retrieve.hybrid import HybridRetriever, Mode, Scored
from kb.qa.retrieve.routed import Retrieval
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import ASKS_WHO, Question, Registry, Scope, Understanding
from kb.qa.understand.router import Router
from kb.qa.understand.subject import ROLE_ASKED
from kb.qa.understand.topic import TopicWords
from kb.qa.understand.units import UnitResolver
from kb.types import Answer, Clause, Hit, WorkingGroup

__all__ = ["Engine", "Thresholds"]

# answered once when the engine is built (Engine.warm); any corpus will do, the answers are thrown away
WARM_QUESTIONS = ("县林业局负责哪些工作？", "研发经费投入增长目标是多少？", "Who leads the research institute?")
# the roles a note or a working group gives, corrected like units' names (招集人 → 召集人)
ROLE_WORDS = ("牵头单位", "配合单位", "责任单位", "召集人", "副召集人", "组长", "副组长", "成员单位", "办公室主任")


class Engine:
    """Answers questions over one set of clauses; built once per index, reused for every question."""

    def __init__(
        self,
        clauses: Sequence[Clause],
        groups: Sequence[WorkingGroup],
        registry: Registry,
        retriever: HybridRetriever,
        thresholds: Thresholds | None = None,
        glossary: Glossary | None = None,
        tokenize: Callable[[str], list[str]] | None = None,
        model: Router | None = None,
        resolver: UnitResolver | None = None,
        doc_places: Mapping[str, str | None] | None = None,
        home_places: Collection[str] = (),
        everyday: EverydayWords | None = None,
        indexes: ClauseIndexes | None = None,
    ) -> None:
        # `indexes`: the structures over the clauses read back with the index (kb.qa.saved), else built here
        corpus = Corpus(clauses, groups, glossary, tokenize, doc_places, home_places, everyday, indexes)
        self.corpus, self.registry, self.retriever = corpus, registry, retriever
        self.thresholds = thresholds or Thresholds()
        names = set(corpus.indexes.unit_names) | set(registry.spellings())
        names |= {g.name for g in groups} | set(ROLE_WORDS)
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
        """Stages 3–5 for an understood question: each kind of question by its own method."""
        if q.parts:  # 宁波和温州的…分别是多少: each item's own question, answered one after another
            answers = [self.answer(self._item(q, part.question), k) for part in q.parts]
            return compound.answer_compound(q, q.text, q.parts, answers)
        if q.slot == "yesno":  # 是县发改局牵头吗: the open question behind it, then yes or no
            return self._yes_or_no(q, k)
        if q.ambiguous and not q.departments:
            return common.ask_back(q, q.text, self._with_places(q.ambiguous))
        if q.intent == "department_tasks":
            return self._duties(q)
        in_scope = groups.in_scope(q, self.corpus.groups)
        if q.intent == "organization" and in_scope:
            ranked = groups.ranked(self.corpus, self.topic, q, in_scope)
            return mechanism.answer_organization(q, q.text, ranked, self.corpus.by_id, self.registry.english)
        if q.intent == "organization":  # the documents asked about set up no group: what their clauses say
            q = replace(q, intent="general")
        if q.intent == "general" and (asked_kind(q.asking) is not None or q.unit == "年"):
            q = replace(q, intent="indicator")  # how many, how much, how long, by when: answered by a number
        scored = self.retrieval(q, max(k, 10))
        evidence = Evidence(scored.hits[:k], self.confidence(q, scored))
        when = effective.asked(q.text) if q.intent in ("indicator", "general") else None
        stated = self._effective(scored.hits[:3]) if when else None
        if when and stated is not None:  # 什么时候开始施行, 有效期多久: the document's own statement
            return amount.answer_effective(q, q.text, stated, when, scored.hits[:k])
        if q.intent == "responsibility":
            return self._who(q, scored, evidence)
        if q.intent == "indicator":
            return self._how_much(q, scored, evidence, k)
        return self._what(q, evidence)

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

    def _yes_or_no(self, q: Question, k: int) -> Answer:
        """The open question behind the check answered, then judged yes or no (kb.qa.compose.yesno)."""
        assert q.check is not None
        open_question = q.check.open_question(q.text, q.language)
        of_units = self.understanding.places_of(q.check.units) if not q.places else set()
        if len(of_units) == 1:  # the unit checked is one place's: its documents answer for it
            open_question = f"{next(iter(of_units))}{open_question}"
        found = self.answer(self._item(q, open_question), k)
        return yesno.answer(q.text, q.check, found, q.language)

    def _duties(self, q: Question) -> Answer:
        """What a unit is responsible for: its clauses, each place's unit of that name apart."""
        corpus, english = self.corpus, self.registry.english
        # the clauses of the documents in scope, in the index's order (not a pass over a province's clauses)
        docs = q.docs if q.doc is None else {q.doc} & (set(q.docs) if q.docs is not None else {q.doc})
        scope = corpus.clauses if docs is None else [corpus.clauses[n] for n in corpus.positions_of(docs)]
        clauses, elsewhere = self.places.own_place_first(q, scope) if q.docs is None else (scope, ())
        of_places = self.places.unit_by_place(q, clauses)
        if len(of_places) > 1:  # one name, several places' units: each apart, never added together
            return places.answer_department_tasks_by_place(q, of_places, corpus.groups, english)
        found = duties.answer_department_tasks(q, q.text, clauses, corpus.groups, english)
        return places.with_elsewhere(found, q, elsewhere) if elsewhere else found

    def _who(self, q: Question, scored: Scored, evidence: Evidence) -> Answer:
        """Who leads (or takes part in) what the question names: a note's units, each place's apart, or a
        sentence putting a unit in charge in its own words."""
        english = self.registry.english
        if q.which_places and not ASKS_WHO.search(q.text):
            placed = self.places.holding(q, evidence)
            if len(placed) > 1:  # 哪些地方在试点沙盒监管 asks places, not who leads
                return summary.answer_general(
                    q, q.text, replace(evidence, hits=placed), self.corpus.children, len(placed)
                )
        each = self.places.answering_each(q, scored) if evidence.confident and q.doc is None else None
        if each:
            return places.answer_responsibility_by_place(q, each, english, self.corpus.doc_places)
        role = ROLE_ASKED.search(q.text)  # 牵头抓总的是哪个部门: the sentence giving that role, note or not
        written = self.in_charge(q, evidence.hits, role.group(0)) if evidence.confident and role else None
        if written is None and evidence.confident and not lead.answering_clauses(q, evidence.hits):
            written = self.in_charge(q, evidence.hits)
        if written is not None:
            return lead.answer_responsibility_in_text(q, q.text, *written, evidence.hits, english)
        return lead.answer_responsibility(q, q.text, evidence, english)

    def _how_much(self, q: Question, scored: Scored, evidence: Evidence, k: int) -> Answer:
        """The number (or date) asked: a target part, each place's apart, or not stated."""
        if self.confidence.names_unknown_place(q) or (q.language == "en" and not evidence.confident):
            return common.refuse(q, q.text, scored.hits[:k])
        match, threshold, q, ask = self.targets.decide(q, scored, evidence.confident)
        others = self.places.targets_elsewhere(ask, q, match) if q.docs is None else []
        if others and match is not None and not q.asks_actual:
            matches = places.stating_the_value(q, [match, *others])
            return places.answer_indicator_by_place(q, matches, self.corpus.doc_places)
        return amount.answer_indicator(q, q.text, match, scored.hits[:k], threshold, asks_date=q.unit == "年")

    def _what(self, q: Question, evidence: Evidence) -> Answer:
        """What the documents say: the best clauses, or each place's holding the topic when asked which."""
        placed = self.places.holding(q, evidence)
        if len(placed) > 1:
            evidence = replace(evidence, hits=placed)
            return summary.answer_general(q, q.text, evidence, self.corpus.children, len(placed))
        return summary.answer_general(q, q.text, evidence, self.corpus.children)

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
