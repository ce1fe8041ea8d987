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

from kb.parse.outline import PREAMBLE_TITLE, addressee_line
from kb.qa.compose import (
    amount,
    common,
    compound,
    day,
    duties,
    issued,
    lead,
    mechanism,
    particulars,
    respectively,
    summary,
    yesno,
)
from kb.qa.corpus import Corpus
from kb.qa.decide import (
    dated,
    day_checked,
    effective,
    groups,
    issuers,
    leader,
    named,
    places,
    quoted,
    rules,
    statement,
    system,
    when,
)
from kb.qa.decide.evidence import Confidence, Evidence, Thresholds
from kb.qa.decide.in_text import InCharge
from kb.qa.decide.places import Places
from kb.qa.decide.quantity import QuantityKind, Unstated, asked_kind, kind_unstated, states
from kb.qa.decide.target import Targets, changes_in_words, naming_quantity, unstated, written_total
from kb.qa.indexes import clause_words
from kb.qa.normalise.question import Normaliser
from kb.qa.retrieve.hybrid import HybridRetriever, Mode, Scored
from kb.qa.retrieve.routed import Retrieval
from kb.qa.understand import document
from kb.qa.understand.intent import WHICH_PLACES_ASKED, posts_asked, units_put_in_charge
from kb.qa.understand.numbers import DocNumbers, addressed_reference, marked_reference
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import (
    ASKS_UNIT,
    Question,
    Registry,
    Scope,
    Slot,
    Understanding,
    asks_targets,
    asks_who_and_when,
    slot_of,
)
from kb.qa.understand.router import Router
from kb.qa.understand.subject import ROLE_ASKED, sentences
from kb.qa.understand.topic import TopicWords
from kb.qa.understand.units import UnitResolver
from kb.types import Answer, Clause, Hit

__all__ = ["Engine", "Thresholds"]

# answered once when the engine is built (Engine.warm); any corpus will do, the answers are thrown away
WARM_QUESTIONS = ("县林业局负责哪些工作？", "研发经费投入增长目标是多少？", "Who leads the research institute?")
# a question asking which places gave a unit the lead (交给商务局牵头, led by) rather than any part in a task
LEAD_ASKED = re.compile(r"牵头|主责|\blead|\bled\b", re.I)
# a choice between units for a task's lead (是发改委牵头还是财政厅牵头, 由A负责还是B负责): who leads is asked, whatever
# number names the task
LEAD_CHOICE = re.compile(r"(?:牵头|负责|主责|主抓)[^，,。？?]{0,3}还是|还是[^，,。？?]{1,15}(?:牵头|负责|主责|主抓)")
# any word of a question asking for a unit or its part (谁, 单位, 部门, 牵头, 负责, 管, who, department…): a question
# holding none asks for no unit
NAMES_A_UNIT = re.compile(
    r"谁|单位|部门|机构|机关|局|委|办|牵头|负责|主管|主抓|分管|管|抓|专班|小组|会议|政府|中心|"
    r"\bwho|\blead|\bled\b|responsib|in charge|department|bureau|agency|office|body|ministry|unit|government",
    re.I,
)
# a question asking for a number (多少, 几, 多大, how many): a value it states (不超过10人) is a condition, not asked
ASKS_A_NUMBER = re.compile(r"多少|几|多大|多长|多高|多久|多少钱|比例|\bhow (?:many|much|long|big)\b", re.I)
# the documents at most a question naming its document by its title is matched against (their titles read)
NAMED_AMONG = 400
# the slots a question asking who issued a document is read as (商务部有没有参与联合印发…: a yes/no; 哪些部门印发了…)
_ISSUER_SLOTS = ("yesno", "lead", "units", "summary", "mechanism")
# the slots a question asking a task's leader person may be read as (责任领导是谁: lead, or duties of a misread unit)
_LEADER_SLOTS = ("lead", "units", "duties", "summary")
# the roles a note or a working group gives, corrected like units' names (招集人 → 召集人)
ROLE_WORDS = ("牵头单位", "配合单位", "责任单位", "召集人", "副召集人", "组长", "副组长", "成员单位", "办公室主任")


# places asked as what a clause lists (试点是哪些城市, 范围包括哪几个区), not as the places whose documents hold a topic
_PLACES_AS_CONTENT = re.compile(r"(?:是|为|在|包括|包含)(?:哪些|哪几个|哪几)")
OPENING_NAMES = 400  # characters of a document's opening (its first sentences: what it is for) read with its title


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
        self.normalise = Normaliser(names, corpus.written, corpus.characters, corpus.everyday)
        named = NamedPlaces(corpus.doc_places.values(), english=corpus.english_places)
        numbers = DocNumbers(corpus.doc_numbers)
        self.understanding = Understanding(registry, named, corpus.doc_places, model, resolver, numbers)
        self._bare_titles: dict[str, str] | None = None  # each document's title without spaces or 《》, when first asked
        self.topic = TopicWords(corpus, named)
        if resolver is not None:  # a body named in English by its work's words (Department of Raw Materials Industry)
            resolver.english_words = lambda text: [t.split("|") for t in self.topic.english_topic(text)]
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
            "number": self._doc_number,
            "addressees": self._doc_addressees,
            "marked": self._doc_marked,
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
        return self._in_named_document(self._quoted_document(self.understanding(text, asked, True, scope, context)))

    _QUOTED = re.compile(r"《(?P<title>[^《》]{6,80})》")

    def _quoted_document(self, q: Question) -> Question:
        """A document the question names by its title in 《》 (《2022年度巴州优化营商环境工作方案》要求…): that
        document's clauses answer, when exactly one document's title holds the quoted one (or is held by it)."""
        if q.doc is not None or not self._QUOTED.search(q.text):
            return q
        if self._bare_titles is None:  # read once, not for each question quoting a title
            self._bare_titles = {
                d: "".join(t.split()).replace("《", "").replace("》", "") for d, t in self.corpus.indexes.doc_titles.items()
            }
        bare = self._bare_titles
        docs = q.docs if q.docs is not None else bare.keys()
        for found in self._QUOTED.finditer(q.text):
            quoted = "".join(found["title"].split())
            holding = {
                d
                for d in docs
                if (title := bare.get(d, ""))
                and (quoted in title or (len(title) >= len(quoted) // 2 and title in quoted))
            }
            if len(holding) == 1:
                return replace(q, docs=frozenset(holding))
        return q

    def _in_named_document(self, q: Question) -> Question:
        """A unit's duties asked in a document the question names (四川流通体系方案里市监局负责哪些任务): that
        document's, and the unit's short name read among the units it names (发改委 → its 发展改革委, not the home
        county's 发改局, nor asked back between two national units when the document names one)."""
        if q.slot in ("lead", "units") and q.doc is None and q.language == "zh":
            return self._lead_in_named_document(q)
        if q.slot != "duties" or q.doc is not None or len(q.departments) + len(q.ambiguous) != 1:
            return q
        unit_docs, resolver = self.corpus.indexes.unit_docs, self.understanding.resolver
        written = q.written[0] if q.written else q.ambiguous[0][0]
        units = {*q.departments, *(c for _, cands in q.ambiguous for c in cands)}
        units |= set(resolver.fitting(written)) if resolver else set()
        docs = q.docs if q.docs is not None else {d for u in units for d in unit_docs.get(u, ())}
        if not docs or len(docs) > NAMED_AMONG:
            return q
        if (document.english_reference if q.language == "en" else document.reference)(q.text) is None:
            return q  # no reference to a document: no document's name is read
        forms = self.understanding.places.forms
        aside = [written, *(f for p in q.places for f in forms.get(p, (p,)))]
        titles = {d: self.corpus.doc_name(d) for d in docs}
        if q.language == "en":  # the reference's words as the documents write them, less the places' names
            phrase = document.english_reference(q.text)
            words = [
                w for w in (self.topic.english_topic(phrase) if phrase else []) if not set(w.split("|")) & set(aside)
            ]
            doc = document.titled(words, titles, self.corpus.token_weight, self.corpus.everyday.found)
        else:
            doc = document.named_document(q.text, titles, self.corpus.tokenize, self.corpus.token_weight, aside)
        if doc is None:
            return q
        q = replace(q, docs=frozenset({doc}))
        in_doc = [u for u in units if doc in unit_docs.get(u, ())]
        if q.department in in_doc or len(in_doc) != 1:
            return q
        return replace(q, department=in_doc[0], departments=(in_doc[0],), written=(written,), ambiguous=())

    def _lead_in_named_document(self, q: Question) -> Question:
        """Who leads a thing asked in a document the question names (广西全面对接大湾区的方案里…由哪个厅局牵头,
        工信部2018年关键业绩指标里…哪个司局牵头): that document's clauses answer — or say they name no unit —
        never another place's clause holding the same words. The units and places written in the reference are
        no title's words (工信部 is the issuer, not its title)."""
        phrase = document.reference(q.text)
        docs = q.docs if q.docs is not None else self.corpus.doc_places.keys()
        if phrase is None or len(docs) < 1:
            return q
        forms = self.understanding.places.forms
        aside = [*q.written, *q.departments, *(f for p in q.places for f in forms.get(p, (p,)))]
        # the names read only of the documents the reference may name: a title holding one of its words, or none
        # stored (named by its preamble's opening) — not of every document (each name may read a clause)
        words = [w for w in self.corpus.tokenize(phrase) if len(w) >= 2 and w not in aside]
        titles = {
            d: self.corpus.doc_name(d)
            for d in docs
            if (title := self.corpus.doc_title(d)) == d or any(w in title for w in words)
        }
        doc = document.named_document(q.text, titles, self.corpus.tokenize, self.corpus.token_weight, aside)
        return q if doc is None else replace(q, docs=frozenset({doc}))

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
        if not q.parts and q.slot in ("amount", "count", "ratio") and respectively.asked_respectively(q.text):
            return self._all_respectively(q, k)
        if q.parts and q.slot == "mechanism" and q.docs is not None and all(groups.is_kind(p.item) for p in q.parts):
            # 国务院层面的领导小组和部际联席会议，组长或召集人分别由谁担任: every body of those kinds of the place
            # named, each its own line
            each = groups.each_of_kinds(groups.in_scope(q, self.corpus.groups), [p.item for p in q.parts])
            if each:
                return mechanism.answer_each_role(q, each, self.corpus.by_id, self.registry.english)
        if q.parts:  # 宁波和温州的…分别是多少: each item's own question, answered one after another
            answers = [self.answer(self._item(q, part.question), k) for part in q.parts]
            return compound.answer_compound(q, q.parts, answers)
        if q.slot in ("lead", "units", "date") and q.check is None and asks_who_and_when(q.asking):
            # 那一条由谁负责、完成时限怎么写的: who is in charge and by when, both from the clause
            who = self._who(replace(q, intent="responsibility", slot="lead"), k)
            return compound.answer_two_slots(q, who, self._when(replace(q, slot="date"), k))
        if q.ambiguous and not q.departments and q.slot not in ("yesno", "places"):
            # a duties question keeps asking back: a unit of that name the place's notes never name has no tasks
            # to list, and answering with the topic's clauses answered unanswerable questions (省卫健委负责哪些任务)
            if q.slot == "duties" or not self._elsewhere_only(q):
                return common.ask_back(q, self._with_places(q.ambiguous))
            q = self._own_unit(q)
        issued_by = self._issued(q) if q.slot in _ISSUER_SLOTS else None
        if issued_by is not None:  # 商务部有没有参与联合印发…方案: the named document's own issuers
            return issued_by
        if q.slot in _LEADER_SLOTS and q.check is None and q.language == "zh" and leader.asks_leader(q.text):
            found = self._leader(q, k)  # 牵头负责领导是哪位: the person the item's own field names
            if found is not None:
                return found
        return self._compose[q.slot](q, k)

    def _leader(self, q: Question, k: int) -> Answer | None:
        """The leader of the task asked, from the best task clause's own field (牵头负责领导：束学龙), or that it is
        not stated where the document's other items write one and this item none; None when the document writes
        no leader fields (a heading may name the leader: 三、徐洪涛常务副区长牵头重点工作) or nothing is found."""
        _, evidence = self._retrieved(replace(q, intent="responsibility", slot="lead"), k)
        if not evidence.confident or not evidence.hits:
            return None
        corpus = self.corpus
        clause = next(
            (h.clause for h in evidence.hits[:3] if h.clause.path != (PREAMBLE_TITLE,) and h.clause.id not in corpus.children),
            None,
        )
        if clause is None:
            return None
        found = leader.field_of(clause)
        if found is not None:
            return lead.answer_leader(q, found, evidence.hits)
        siblings = [corpus.clauses[n] for n in corpus.positions_of([clause.doc])]
        if leader.fields_beside(clause, siblings):
            return lead.no_leader(q, clause, evidence.hits, self.registry.english)
        return None

    def _issued(self, q: Question) -> Answer | None:
        """Who issued the document a Chinese question names by its title (哪些部门联合印发了…, 商务部有没有参与联合
        印发…): its signature's organs, or whether the unit checked is one; None when the question asks no issuer
        or names no document."""
        if q.language != "zh" or not issuers.asks_issuer(q.text, q.language):
            return None
        corpus = self.corpus
        # the title first: a place the question names (北京 of 北京城市副中心…措施) does not narrow it (the document
        # asked for, when the asker chose one, does)
        titles = corpus.indexes.doc_titles if q.doc is None else {q.doc: corpus.doc_title(q.doc)}
        doc = issuers.document_named(q.text, titles)
        if doc is None:
            return None
        clauses = [corpus.clauses[n] for n in corpus.positions_of([doc])]
        title = corpus.doc_title(doc)
        signed = issuers.signed_by(clauses, title)
        # the unit checked as the question writes it first (said so in a no), then as the registry reads it
        units = (*q.check.written, *q.check.units) if q.check is not None and q.check.kind == "unit" else ()
        checked = (*issuers.unit_checked(q.text), *units) if q.slot == "yesno" else units
        if checked and signed is not None:  # an organ the question opens with as signed (北京市通州区人才工作局…)
            checked = (*(o for o in signed.organs if q.text.startswith(o)), *checked)
        first = clauses[0] if clauses else None
        name = issuers.issued_name(title)
        return issued.answer_issuers(q, name, signed, first, tuple(dict.fromkeys(checked)), self.registry.english)

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

    def _all_respectively(self, q: Question, k: int) -> Answer:
        """A number asked 分别 of one item (城乡居民人均可支配收入分别增长多少): when the clause answering it sets values
        分别 for what the item stands for (分别增长6%、6.5%), every value, else the one answer."""
        found = self._compose[q.slot](q, k)
        if found.abstained or not found.citations:
            return found
        hit = found.citations[0]
        topic = self.topic(q)
        for _, sentence in sentences(hit.clause.text):
            together = respectively.stated_all(sentence, topic)
            if together is not None and len(together.values) > 1:
                return respectively.answer_together(q, q.text, together, found.citations)
        return found

    def _yes_or_no(self, q: Question, k: int) -> Answer:
        """Slot `yesno`: the open question behind the check answered, then judged yes or no
        (kb.qa.compose.yesno)."""
        assert q.check is not None
        if q.intent == "organization" and q.org_field == "membership" and q.check.kind == "unit":
            # 成员单位里有国家发展改革委吗: checked against the body's member list, not a task's note
            return self._mechanism(q, k)
        check = q.check
        open_question = check.open_question(q.text, q.language)
        of_units = self._places_naming(check.units) if not q.places else set()
        if len(of_units) == 1 and q.place_filter is None:  # the unit checked is one place's: its documents answer
            q = replace(q, place_filter=next(iter(of_units)))
        if check.kind == "statement":  # judged on the sentence of the question's own best clauses writing it
            hits = self.retrieval(q, max(k, 10)).hits[:k]
            corpus = self.corpus
            stated = statement.find(check.statement, hits[:3], corpus.tokenize, corpus.token_weight, corpus.everyday.found)
            stated = stated or statement.holder_checked(check.statement, hits[:3])
            if stated is not None:
                return yesno.answer_statement(q, stated, hits)
        if check.kind in ("date", "period"):  # judged on the best clause's piece about the thing checked
            hits = self.retrieval(q, max(k, 10)).hits[:k]
            judged, cited = self._time_checked(q, check, hits)
            if judged is not None:
                return yesno.answer_day(q, judged, cited)
            if cited:
                return yesno.day_unstated(q, cited)
        found = self.answer(self._item(q, open_question), k)
        if check.kind == "statement":  # no clause states it: what the open question finds, said not to settle it
            return yesno.unsettled(q, found)
        if check.kind == "post":
            return yesno.answer_post(q, found)
        return yesno.answer(q, found)

    def _time_checked(
        self, q: Question, check: yesno.Check, hits: Sequence[Hit]
    ) -> tuple[tuple[bool, str] | None, Sequence[Hit]]:
        """A day checked, judged on the best clause; a period, on the first of the best document's clauses in the
        hits writing one (its meeting rules may follow the clause naming the body) — the document setting up the
        body the question names (网络市场监管部际联席会议), when it names one, not another body's rules. With the
        hits, the clause judged (or, when none writes one, the best document's) first."""
        if not hits:
            return None, hits
        if check.day is not None:
            return day_checked.checked(check.day, q.text, hits[0].clause.text), hits
        assert check.period is not None
        best, body = hits[0].clause.doc, None
        if groups.named_body(q.text) is not None and (in_scope := groups.in_scope(q, self.corpus.groups)):
            body = self.corpus.by_id.get(groups.ranked(self.corpus, self.topic, q, in_scope)[0].clause_id or "")
            best = body.doc if body is not None else best
        own = [h for h in hits if h.clause.doc == best]
        if not own and body is not None:
            own = [Hit(body, hits[0].score)]  # the body's own clause, which the hits missed
        for hit in own[:3]:
            judged = day_checked.period_checked(check.period, q.text, hit.clause.text)
            if judged is not None:
                return judged, [hit, *(h for h in hits if h is not hit)]
        return None, [*own, *(h for h in hits if h not in own)]

    def _places_naming(self, units: Sequence[str]) -> set[str | None]:
        """The places of the documents naming these units (None for a document of no known place: a county's
        report whose place was not read names 县教育局 as the plan does, and the unit is not one place's then);
        the registry's places of a unit no document names."""
        unit_docs, doc_places = self.corpus.indexes.unit_docs, self.corpus.doc_places
        named = [u for u in units if unit_docs.get(u)]
        found: set[str | None] = {doc_places.get(d) for u in named for d in unit_docs[u]}
        return found | self.understanding.places_of([u for u in units if u not in named])

    def _duties(self, q: Question, k: int) -> Answer:
        """Slot `duties`: what a unit is responsible for — its clauses, each place's unit of that name apart."""
        corpus, english = self.corpus, self.registry.english
        # the clauses of the documents in scope, in the index's order (not a pass over a province's clauses)
        docs = q.docs if q.doc is None else {q.doc} & (set(q.docs) if q.docs is not None else {q.doc})
        if docs is not None:
            scope: Sequence[Clause] = [corpus.clauses[n] for n in corpus.positions_of(docs)]
        elif q.department is not None and q.department in q.departments:
            # every place asked: of every clause, those of the places whose documents name the unit and of the
            # home places — all that sorting by place keeps (Corpus.around_unit), not a province's every clause
            scope = corpus.around_unit(q.department)
        else:
            scope = corpus.clauses
        scope = corpus.with_units_in_text(scope)  # 市人社局负责…: the running text's units' clauses are theirs
        in_text = corpus.indexes.in_text
        clauses, elsewhere = self.places.own_place_first(q, scope) if q.docs is None else (scope, ())
        of_places = self.places.unit_by_place(q, clauses)
        if len(of_places) > 1:  # one name, several places' units: each apart, never added together
            return places.answer_department_tasks_by_place(q, of_places, corpus.groups, english, in_text)
        # the working groups of the documents asked (苍南's measures: not another county's group the unit sits in)
        found = duties.answer_department_tasks(q, clauses, groups.in_scope(q, corpus.groups), english, in_text)
        return places.with_elsewhere(found, q, elsewhere) if elsewhere else found

    def _mechanism(self, q: Question, k: int) -> Answer:
        """Slot `mechanism`: a working group's head, office, members or a unit's role in it; when the documents
        asked about set up no group, the question is answered for what their clauses say (its other slot)."""
        in_scope = groups.in_scope(q, self.corpus.groups)
        absent = groups.named_but_absent(self.corpus, q, in_scope) if in_scope else None
        if absent is not None:  # 某某领导小组 where no document sets it up: not another body's answer
            return mechanism.refuse_absent(q, absent)
        who = groups.holder_asked(q) if in_scope else None
        if who is not None:  # 哪些领导小组由国务院副总理担任组长: every body giving that holder the role
            field = q.org_field if q.org_field not in (None, "other", "role", "name") else "head"
            held = groups.holding(in_scope, field, who)
            return mechanism.answer_holding(q, held, field, who, self.corpus.by_id)
        title = groups.title_asked(q) if in_scope else None
        if title is not None:  # 哪些文件里的机构设了总召集人，分别由谁担任: every body giving a role of that title
            held_by = groups.titled(in_scope, title)
            return mechanism.answer_titled(q, held_by, title, self.corpus.by_id, self.registry.english)
        # 依托哪个工作专班, 由谁会同有关部门组建: a sentence naming the body in the asked place answers where the
        # groups' fields do not (no group set up, the field not stated, or only the group's name asked)
        act = named.asked_act(q.text) if q.language == "zh" else None
        if in_scope and q.which_places:  # 哪些地方为…成立了领导小组，办公室分别设在哪里: each place's body
            several = groups.each_place(self.corpus, self.topic, q, in_scope)
            if len(several) > 1:
                return mechanism.answer_each(q, several, self.corpus.by_id, self.registry.english)
        if in_scope:
            ranked = groups.ranked(self.corpus, self.topic, q, in_scope)
            if q.org_field == "membership" and not q.department and (asked := groups.unit_asked(q)):
                # a unit no registry knows (another place's, a ministry): checked as the question writes it
                member = next((u for u in asked if mechanism.is_member(ranked[0], u)), asked[0])
                q = replace(q, department=member, departments=(member,))
            posts = posts_asked(q.text, q.language)
            if posts and not q.department:  # 组长和办公室主任分别是谁: each post of the body
                return mechanism.answer_posts(q, ranked, posts, self.corpus.by_id, self.registry.english)
            found = mechanism.answer_organization(q, ranked, self.corpus.by_id, self.registry.english)
            if act is None or not (found.abstained or q.org_field in (None, "name", "other")):
                return found
            said = self._named(q, act, k)
            if said is not None and not groups.said_of(self.corpus, q, ranked[0], said[0].hit.clause.doc):
                return found  # the body named is the best group: another document's sentence is not its post
            return mechanism.answer_named(q, *said, self.registry.english) if said else found
        said = self._named(q, act, k) if act is not None else None
        if said is not None:
            return mechanism.answer_named(q, *said, self.registry.english)
        general = replace(q, intent="general")
        general = replace(general, slot=slot_of(general, q.text, None))
        found = self._compose[general.slot](general, k)
        # a body's field checked (办公室是不是设在县水利局) where the documents asked set up no body: what they say,
        # said not to settle the check — never a summary read as an answer
        return yesno.unsettled(q, found) if q.check is not None else found

    def _places_giving(self, q: Question) -> Answer:
        """Which places gave a kind of unit a task: every place's unit the name written fits, then the places whose
        clauses on the topic name one (as lead when asked who leads), each by name."""
        resolver = self.understanding.resolver
        written = [*q.written, *(w for w, _ in q.ambiguous)]
        units = {u for w in written for u in (resolver.fitting(w) if resolver else ())}
        units |= {*q.departments, *(c for _, candidates in q.ambiguous for c in candidates)}
        found = self.places.giving(q, units, lead=bool(LEAD_ASKED.search(q.text)))
        hits = self.retrieval(q, 3).hits if not found else ()
        if not found and places.issuer_asked(q, hits):
            # 农业部2010年开展秋粮生产督导，派工作组去了哪些省区: the unit issued the document and does the act; the
            # places its act reaches are asked, with no unit as their condition
            return self._which_places(replace(q, department=None, departments=(), ambiguous=()), len(hits) or 3)
        if not found:
            reason = (
                "No clause on this gives that unit the task."
                if q.language == "en"
                else f"没有找到把这项工作交给“{'、'.join(written)}”的条款。"
            )
            return common.refuse(replace(q, intent="general"), q.text, hits, reason)
        return self.places.listed(q, found)

    def _who(self, q: Question, k: int) -> Answer:
        """Slots `lead` and `units`: who leads (or takes part in) what the question names."""
        if q.intent == "responsibility" and not q.departments and not NAMES_A_UNIT.search(q.text):
            # 六大模块具体都是哪些 asks for no unit, whatever the classifier read: what the documents say answers
            return self._what(replace(q, intent="general", slot="summary"), k)
        return self._lead(q, *self._retrieved(q, k))

    def _which_places(self, q: Question, k: int) -> Answer:
        """Slot `places`: the places whose documents hold the topic (哪些地方在试点沙盒监管), each cited; with one
        place or none, the question is answered as a who or a what question."""
        if q.departments or q.ambiguous:  # 哪些地方把…交给商务局牵头: the unit is a condition on the places
            return self._places_giving(q)
        rule = rules.asked_rule(q.text) if q.language == "zh" else None
        stating = rules.documents_stating(rule, self.corpus.clauses, q.docs) if rule is not None else []
        if stating:  # 哪些文件写明了“列第一位的单位为牵头单位”这样的规则: each document stating it, quoted
            hits = [Hit(clause, 0.0) for clause, _ in stating]
            said = {clause.id: rule_text for clause, rule_text in stating}
            return places.answer_places(q, hits, self.corpus.doc_places, self.corpus.children, said)
        # 哪些县区…明确由督查室或督查办负责: bodies no note names, put in charge in running text
        by_form = units_put_in_charge(q.text) if q.which_places and q.language == "zh" else []
        in_text = self.places.in_charge_in_text(q, by_form) if by_form else None
        if in_text is not None:
            return in_text
        if (
            q.intent == "responsibility"
            and q.which_places
            and not ASKS_UNIT.search(q.text)
            and not _PLACES_AS_CONTENT.search(q.text)
        ):
            # 哪些县、镇的应急预案引用了所属市的总体预案: the places whose documents hold it, no unit asked, whatever
            # the classifier read (not 试点是哪些城市 / 社区分别在哪些城市, where the places are what a clause would list)
            q = replace(q, intent="general")
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
        if q.departments and LEAD_CHOICE.search(q.asking) and not ASKS_A_NUMBER.search(q.asking):
            # 增长8%左右这个目标，是发改委牵头还是财政厅牵头: the number names the task, the units named are the
            # choices, who leads is asked
            return self._who(replace(q, intent="responsibility", slot="lead"), k)
        states_only = q.which_places and WHICH_PLACES_ASKED.search(q.text) and not ASKS_A_NUMBER.search(q.asking)
        act = named.asked_act(q.text) if q.language == "zh" else None
        asks_body = act is not None and act.asks == "object" and not ASKS_A_NUMBER.search(q.asking)
        if act is not None and (act.kind in named.PLACE_KINDS or asks_body):
            # 支持哪几个区先开展试点, 报送给哪里: the places or bodies the sentence names after the act, no number
            said = self._named(q, act, k)
            if said is not None:
                return mechanism.answer_named(q, *said, self.registry.english)
        if q.intent == "general":  # how many, how much, how long: answered by a number
            q = replace(q, intent="indicator")
        scored, evidence = self._retrieved(q, k)
        found = self._stated_effective(q, scored, k) or self._number(q, scored, evidence, k)
        if found.abstained and states_only:
            # 哪些地方规定人员规模一般不超过10人: the value is stated, no number asked — the places are
            return self._which_places(replace(q, intent="general", slot="places"), k)
        return found

    def _when(self, q: Question, k: int) -> Answer:
        """Slot `date`: when a document takes effect, from its own statement; a date or deadline, from the
        cited clause."""
        if q.intent == "indicator" or q.unit == "年" or asked_kind(q.asking) is not None:
            if q.intent in ("general", "responsibility"):  # a date asked of a task: its clauses' numbers answer
                q = replace(q, intent="indicator")
            scored, evidence = self._retrieved(q, k)
            effective_stated = self._stated_effective(q, scored, k)
            if effective_stated is not None:
                return effective_stated
            # a day asked (几月几号, 哪天开始): a day the best clauses' text sets for the action asked, before any
            # target part, whose year is no day
            on_day = self._day_stated(q, scored, k) if dated.ASKS_DAY.search(q.asking) else None
            if on_day is not None:
                return on_day
            found = self._number(q, scored, evidence, k)
            if found.intent != "out_of_scope" or q.unit != "年":
                return found
            if not evidence.confident:  # only a day the text sets for the action named answers then
                return self._day_stated(q, scored, k) or found
            # no target part holds the date: the time the best clauses state for their task (年内持续推进), or
            # what the best clause says and that it states no date
            timed = when.first_timed(evidence.hits[:3], self.corpus.children, self._covered(q))
            if timed is not None:
                return amount.answer_time(q, *timed, scored.hits[:k])
            on_day = self._day_stated(q, scored, k)
            if on_day is not None:
                return on_day
            # in which year was construction to start: a year the best clauses write before that act (2017年开工建设…)
            of_act = when.year_of_act(evidence.hits[:3], q.asking, self._covered(q))
            if of_act is not None:
                return amount.answer_year_of_act(q, *of_act, scored.hits[:k])
            if evidence.hits[0].clause.path == (PREAMBLE_TITLE,):  # no task clause found: the refusal stands
                return found
            return amount.nothing_of_kind(q, evidence.hits, Unstated("完成时间或时限", "a date or deadline"))
        # when a document takes effect, asked in other words (施行日期): its own statement, else what is said
        scored, evidence = self._retrieved(q, k)
        return self._stated_effective(q, scored, k) or self._summary(q, evidence)

    def _what(self, q: Question, k: int) -> Answer:
        """Slot `summary`: what the documents say about the topic; the targets a clause sets, when which targets
        are asked (提出了哪些目标)."""
        scored, evidence = self._retrieved(q, k)
        listed = summary.answer_targets(q, evidence) if asks_targets(q.asking) else None
        kind = system.asked_system(q.asking) if evidence.confident and q.language == "zh" else None
        # 实行的是什么负责制: the system the best clauses put in place, by name, before a list of clauses
        stated = system.stated_system(evidence.hits[:3], kind) if kind else None
        named_system = summary.answer_system(q, stated, evidence.hits) if stated else None
        return self._stated_effective(q, scored, k) or listed or named_system or self._summary(q, evidence)

    def _doc_number(self, q: Question, k: int) -> Answer:
        """Slot `number`: the 文号 of the document asked about — the one the question's scope leaves, else the
        document of the best clause."""
        scored = self.retrieval(q, max(k, 10))
        doc = self._asked_document(q, scored)
        if doc is None:
            return common.refuse(q, q.text)
        first = self.corpus.clauses[self.corpus.positions_of([doc])[0]]
        return particulars.answer_number(q, first, self.corpus.doc_numbers.get(doc), tuple(scored.hits[:k]))

    def _doc_addressees(self, q: Question, k: int) -> Answer:
        """Slot `addressees`: whom the document asked about is sent to — its addressee line, read from its first
        clause; a document whose title does not answer to the question's words is not the one asked about."""
        scored, doc = self._document_named(q, k, addressed_reference)
        if doc is None:
            return common.refuse(q, q.text)
        first = self.corpus.clauses[self.corpus.positions_of([doc])[0]]
        return particulars.answer_addressees(q, first, addressee_line(first.text), tuple(scored.hits[:k]))

    def _doc_marked(self, q: Question, k: int) -> Answer:
        """Slot `marked`: whether the document asked about marks units on its tasks at all — yes with a clause
        whose note names its units (one the question's words found first), no when none of its clauses has one."""
        scored, doc = self._document_named(q, k, marked_reference)
        if doc is None:
            return common.refuse(q, q.text)
        clauses = [self.corpus.clauses[n] for n in self.corpus.positions_of([doc])]
        found = tuple(h for h in scored.hits if h.clause.doc == doc)
        return particulars.answer_units_marked(q, clauses, found[:k])

    def _document_named(
        self, q: Question, k: int, reference: Callable[[str], str]
    ) -> tuple[Scored, str | None]:
        """The hits and the document a question about a document itself asks of: the one its scope leaves, else the
        best clause's when the words naming it (`reference` of the question) answer to its title or opening; None
        for the document when they do not."""
        scored = self.retrieval(q, max(k, 10))
        doc = self._asked_document(q, scored)
        scoped = q.docs is not None and len(q.docs) == 1  # the one document the question's scope leaves
        if doc is None or not (scoped or self._names_document(q, doc, reference(q.text))):
            return scored, None
        return scored, doc

    def _asked_document(self, q: Question, scored: Scored) -> str | None:
        """The document a question about a document itself asks of: the one its scope leaves, else the best
        clause's."""
        docs = sorted(q.docs) if q.docs is not None and len(q.docs) == 1 else []
        return docs[0] if docs else scored.hits[0].clause.doc if scored.hits else None

    def _names_document(self, q: Question, doc: str, phrase: str) -> bool:
        """Whether the words a question names a document by (`phrase`) are, most of them by rarity, that document's
        title's or its opening's (a title misread at ingestion: 发文机关国务院) — the places and units written set
        aside."""
        forms = self.understanding.places.forms
        aside = {*q.written, *(f for p in q.places for f in forms.get(p, (p,)))}
        if q.language == "en":
            words = [w for w in self.topic.english_topic(phrase) if not set(w.split("|")) & aside]
        else:
            words = [w for w in self.corpus.tokenize(phrase) if len(w) >= 2 and w not in aside]
        first = self.corpus.positions_of([doc])[:1]
        opening = self.corpus.clauses[first[0]].text[:OPENING_NAMES] if first else ""
        titles = {doc: f"{self.corpus.doc_name(doc)} {opening}"}
        return document.titled(words, titles, self.corpus.token_weight, self.corpus.everyday.found) == doc

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
            # 成长社区建设指引什么时候发布, where the plan says it is to be issued: not the plan's own date
            within = effective.to_be_issued(q.text, [h.clause for h in scored.hits[:3]])
            if within is not None:
                said = next(h for h in scored.hits if h.clause.id == within[0].id)
                hits = (said, *(h for h in scored.hits[:k] if h is not said))
                return amount.nothing_of_kind(q, hits, Unstated("发布时间", "when it is issued"))
            for doc in dict.fromkeys(h.clause.doc for h in scored.hits[:3]):
                dated = effective.issued_on([corpus.clauses[n] for n in corpus.positions_of([doc])])
                if dated is not None:
                    return amount.answer_issued(q, *dated, scored.hits[:k])
            return None
        stated = self._effective(scored.hits[:3]) if when else None
        if when and stated is not None:
            return amount.answer_effective(q, stated, when, scored.hits[:k])
        return None

    def _day_stated(self, q: Question, scored: Scored, k: int) -> Answer | None:
        """A deadline or start day the best clauses' running text sets for the action asked (于1月15日前将工作方案
        报…), of the form asked; None when no piece naming the action states one."""
        form = dated.asked_form(q.asking)
        corpus = self.corpus
        written = [t for t in self.topic(q) if corpus.targets.used_in(t, None)]  # not the asker's own words (那次)
        # the whole question's words, else those of its asking part: a long question's story (把主要指标和重点任务
        # 分解下达以后，…最迟要在什么时候完成细化分解) names what came before, not the action dated
        asked = [t for t in written if t in q.asking]
        for words in (written, asked) if 0 < len(asked) < len(written) else (written,):
            found = dated.stated_day(
                scored.hits[:3], words, corpus.token_weight, form, corpus.everyday.found, dated.asks_period(q.text)
            )
            if found is not None:
                break
        return day.answer_day(q, found, scored.hits[:k]) if found is not None else None

    def _lead(self, q: Question, scored: Scored, evidence: Evidence) -> Answer:
        """A note's units, each place's apart, or a sentence putting a unit in charge in its own words."""
        english = self.registry.english
        each = self.places.answering_each(q, scored) if evidence.confident and q.doc is None else None
        if each:
            return places.answer_responsibility_by_place(q, each, english, self.corpus.doc_places)
        role = ROLE_ASKED.search(q.text)  # 牵头抓总的是哪个部门: the sentence giving that role, note or not
        written = self.in_charge(q, evidence.hits, role.group(0)) if evidence.confident and role else None
        noted = lead.answering_clauses(q, evidence.hits)
        if written is None and evidence.confident and not noted:
            written = self.in_charge(q, evidence.hits)
        if written is not None:
            return lead.answer_responsibility_in_text(q, *written, evidence.hits, english)
        # 联席会议由哪个部门来建, 扶持资金由哪个部门统筹平衡: the sentence writing that act names who does it; the
        # lead of a clause not writing the act is another thing (智慧茶园谁来建: the noted clause builds it, its note
        # answers)
        act = named.asked_act(q.text) if q.language == "zh" and evidence.confident else None
        said = self._named(q, act, len(evidence.hits), scored) if act is not None else None
        if said is not None and act is not None and not any(act.verb in clause_words(h.clause) for h in noted):
            return mechanism.answer_named(q, *said, english)
        if evidence.confident and noted and not self.confidence.about(q, noted[0].clause):
            # the clause was found for its note or its document, not for what was asked: its units are another
            # task's (防汛抗旱 asked of a plan whose best noted clause is its GDP target)
            return common.refuse(q, q.text, evidence.hits, lead.NOT_ABOUT_ZH if q.language == "zh" else lead.NOT_ABOUT_EN)
        if evidence.confident and noted and self._unnoted_item_asked(q, evidence.hits, noted[0]):
            # the item asked is a clause of its own that names no unit (a table's row whose unit cell is empty),
            # found above the noted clause next to it: that neighbour's note is another item's
            reason = "The matching clauses name no responsible department." if q.language == "en" else "相关条款没有写明责任单位。"
            return common.refuse(q, q.text, evidence.hits, reason)
        if evidence.confident and not noted and q.language == "zh" and named.ASKS_WHERE_TO_GO.search(q.asking):
            label = named.labelled(evidence.hits, q.text)  # 政策咨询：市公共就业和人才服务中心人才服务部
            if label is not None:
                return mechanism.answer_named(q, label, evidence.hits, english)
        return lead.answer_responsibility(q, evidence, english)

    # how much more of the asked item an unnoted clause must write than the noted one below it to be what was asked
    _UNNOTED_BY = 1.5

    def _unnoted_item_asked(self, q: Question, hits: Sequence[Hit], noted: Hit) -> bool:
        """Whether the best clause names no unit and is the item asked rather than the noted clause found below it:
        a clause of the same document ranked above it, neither its heading nor its part, whose text writes the
        question's asking words (weighted by rarity) clearly more than the noted clause's does."""
        top = hits[0].clause if hits else None
        if top is None or top.departments or top.id == noted.clause.id or top.doc != noted.clause.doc:
            return False
        mine, theirs = top.number, noted.clause.number
        if mine[: len(theirs)] == theirs or theirs[: len(mine)] == mine or len(top.number) < 2:
            return False  # a heading over the noted clause, a part of it, or a document's preamble
        covered = self._covered(q)
        return covered(top.text) > self._UNNOTED_BY * max(covered(noted.clause.text), 1e-9)

    def _named(
        self, q: Question, act: named.Act, k: int, scored: Scored | None = None
    ) -> tuple[named.Named, Sequence[Hit]] | None:
        """The sentence of the best clauses naming the body the act asks for (kb.qa.decide.named), with the hits;
        `scored`: the question's clauses when the caller has already retrieved them (not searched again)."""
        hits = (self.retrieval(q, max(k, 10)) if scored is None else scored).hits[: max(k, 5)]
        found = named.named_in(act, hits, self._covered(q))
        return (found, hits) if found is not None else None

    def _covered(self, q: Question) -> Callable[[str], float]:
        """How much of the question's asking part (its topic words, weighted by rarity) a sentence writes."""
        corpus, asked = self.corpus, self.topic.of_focus(q)

        def covered(sentence: str) -> float:
            return sum(corpus.token_weight(t) for t in asked if corpus.everyday.found(t, sentence.lower()))

        return covered

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
        kind = asked_kind(q.asking)
        named_part = (
            naming_quantity(q, match, self.corpus.targets.parts_of(match.part.clause.id))
            if match is not None and answers
            else None
        )
        if named_part is not None:
            # 税收比重要求怎么变: the part writing the quantity named answers, not the clause's first percentage;
            # a change it sets in words (同步增长) answers a question asking no number (怎么变, 什么要求)
            if changes_in_words(named_part.part) and not ASKS_A_NUMBER.search(q.asking):
                return amount.answer_indicator(q, named_part, scored.hits[:k], threshold)
            if changes_in_words(named_part.part) and kind is not None:
                # 税收比重要达到多少 of 税收比重同步增长: the quantity named is set without a number
                return amount.not_stated(q, named_part, scored.hits[:k], kind_unstated(kind))
            match = named_part
        total = written_total(q, match, self.corpus.targets.parts_of(match.part.clause.id)) if match and answers else None
        if total is not None:  # 一共多少项: the clause's 共计108项, not its first item's 98项
            match = total
        if match is not None and answers and not q.asks_actual and kind is not None:
            other = self.targets.another_item(q, ask.tokens, match, scored)
            if other is not None and other.doc == match.part.clause.doc and not states(kind, other.text):
                # the best clause is about what was asked and states no value of it; the part found is another
                # item's (镇级配套支持 asked, (五)'s 500万元镇级投资基金 found)
                first = next(h for h in scored.hits if h.clause.id == other.id)
                rest = [h for h in scored.hits[:k] if h is not first]
                return amount.nothing_of_kind(q, (first, *rest), kind_unstated(kind))
        missing = unstated(q, match.part) if match is not None and answers and not q.asks_actual else None
        beside = self.targets.frequency_beside(ask, scored, match) if match is not None and missing is not None else None
        if beside is not None:  # 多久开一次: the rule stating how often, beside the clause naming the body
            match, missing = beside, unstated(q, beside.part)
        if match is not None and missing is not None:  # the clause found states no value of what was asked
            return amount.not_stated(q, match, scored.hits[:k], missing)
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
        """The best clauses, or each place's holding the topic when asked which; refused when they miss the term
        asked about (泰安 asked of 低空经济, its clauses holding 经济 and 发展)."""
        missing = self.confidence.term_missing(q, [h.clause for h in evidence.hits[:3]]) if evidence.confident else None
        if missing is not None:
            reason = f"找到的条款都没有写到“{missing}”。"
            return common.refuse(replace(q, intent="general"), q.text, evidence.hits, reason)
        placed = self.places.holding(q, evidence)
        if len(placed) > 1:  # each place by name
            return self.places.listed(q, placed)
        corpus = self.corpus
        # the sentence holding what was asked (地形地貌是什么特点: …呈“七山二地一水”的地表形态), quoted first; a long
        # question's story (我打算…做数据分析，想了解…公共数据开放…) is not what it asks: the asking part's words
        words = self.topic(q)
        asked = [t for t in words if corpus.everyday.found(t, q.asking.lower())] or words
        said = (
            quoted.best_sentence(evidence.hits[:3], asked, corpus.token_weight, corpus.everyday.found)
            if evidence.confident
            else None
        )
        return summary.answer_general(q, evidence, corpus.children, quoted=said)

    def _effective(self, hits: Sequence[Hit]) -> effective.Statement | None:
        """The statement of when it takes effect of the best documents, in the order retrieval found them."""
        corpus = self.corpus
        for doc in dict.fromkeys(h.clause.doc for h in hits):
            found = effective.find([corpus.clauses[n] for n in corpus.positions_of([doc])])
            if found is not None:
                return found
        return None

    def _elsewhere_only(self, q: Question) -> bool:
        """Whether the question names places none of whose documents name a unit its short name may mean (深圳工信局
        where only other places' 工信局 are known): the name is the named place's own unit, written in its text
        but in no note — asking which of the other places' units is meant would be asking about another place."""
        resolver = self.understanding.resolver
        if not q.places or resolver is None:
            return False
        named = set(q.places)
        return not any(resolver.places.get(c, frozenset()) & named for _, cands in q.ambiguous for c in cands)

    @staticmethod
    def _own_unit(q: Question) -> Question:
        """A question naming a unit of the place it names that no note of that place names (深圳工信局): the name
        is no word its documents must write (they write 市工业和信息化局), nor a unit whose tasks can be listed —
        asked for its duties, what the documents say of the topic answers."""
        written = [w for w, _ in q.ambiguous]

        def without(text: str) -> str:
            for name in written:
                text = text.replace(name, " ")
            return text

        q = replace(q, topic=without(q.topic), focus=without(q.focus) if q.focus else q.focus, ambiguous=())
        if q.slot == "duties":
            q = replace(q, intent="general")
            q = replace(q, slot=slot_of(q, q.text, None))
        return q

    def _with_places(
        self, ambiguous: Sequence[tuple[str, tuple[str, ...]]]
    ) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
        """Each ambiguous mention with its candidates and the places whose documents name each."""
        resolver = self.understanding.resolver
        places_of = resolver.places if resolver else {}
        return [
            (written, [(c, tuple(sorted(places_of.get(c, ())))) for c in cands]) for written, cands in ambiguous
        ]
