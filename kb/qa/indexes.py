"""The engine's indexes over the clauses: built from the clauses alone (no model, no setting), so that they can be
saved with the index and read back when it is opened again (kb.qa.saved) instead of built in every process.

What depends on settings — the unit registry, the glossary, the router, the thresholds — is not here: those are
read from their files whenever the engine is made, and a changed file never meets stale indexes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from kb.qa.clauses import ClauseChildren, SavedClauses
from kb.qa.retrieve.targets import PairIndex, TargetIndex, target_parts
from kb.qa.understand.subject import heading_unit, sentences, units_in_charge
from kb.types import Clause

# a clause may put a unit in charge in running text only if it writes one of these (read no others at 10,000 documents)
# a verb of taking charge, or a body of some level opening a sentence (省数据局构建…): a text that may put a unit in
# charge (kb.qa.understand.subject.units_in_charge)
_CHARGE_VERB = re.compile(
    r"会同|牵头|负责|联合|统筹|指导|组织|会商|(?:^|[。；;！？!?\n])\s*(?:国家|省|市|县|区|自治区|州|盟|镇|乡)"
)
TITLE_NAMED = 10  # characters of a document's title a question repeats to name it by its title
SEAM = 12  # a word of up to this many characters is found across the pieces' boundaries from their seams alone
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def clause_words(clause: Clause) -> str:
    """What of a clause a question's words can be found in: its title, outline path and text."""
    return clause.title + "".join(clause.path) + clause.text


@dataclass
class ClauseIndexes:
    """The clauses and what the engine finds in them without reading them all."""

    # in index order, each document's made when first read (kb.qa.clauses): a question reads a few documents'
    clauses: SavedClauses
    by_id: Mapping[str, Clause]
    children: Mapping[str, list[Clause]]  # a numbered clause's id → its sub-clauses (first parts), in order
    of_doc: dict[str, list[int]]  # a document → its clauses' positions: a question scoped to places reads only these
    titles: frozenset[str]  # every document's title
    # each run of TITLE_NAMED characters of a title (lower-cased) → the titles holding it: the titles a question
    # may name, without comparing it with every title of a province
    title_runs: dict[str, frozenset[str]]
    # each clause's words (clause_words), lower-cased as tokens are (OPC → opc); kept as strings, not packed
    # (PackedTexts): counting the clauses writing a one-character word reads every one of them
    texts: list[str]
    text_pairs: PairIndex  # how many clauses write a word, without reading them all
    # around each boundary of the pieces every clause's title, text and document title make end to end, the
    # SEAM - 1 characters before and after it (NUL between): with the pieces themselves, whether the documents
    # write a name at all (`writes`) — the 61 million characters end to end were 120 MB at 10,000 documents
    seams: str
    latin_words: frozenset[str]  # Latin words the documents write themselves (OPC, RCEP, AI)
    targets: TargetIndex  # every clause's sentence parts, searched through its pair index
    unit_names: frozenset[str]  # every unit a clause names, as canonical and as written
    # a clause with no note → the units its running text puts in charge, each with its sentence (市人社局负责…；
    # kb.qa.understand.subject.units_in_charge): the clause is theirs as a note's units' clause is
    in_text: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # every character the vocabulary writes, once each (in code point order): the speller's homophones are found
    # among them, and finding them in a province's vocabulary took 3-4 s of the first question's time
    characters: str = ""
    # a unit → the documents with a clause naming it (its note's units and leads, or its running text's): a unit's
    # duties asked of every place read only the places whose documents name it (Corpus.around_unit)
    unit_docs: dict[str, frozenset[str]] = field(default_factory=dict)
    # a document → its title: a question naming its document by title compares titles without making clauses
    doc_titles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, clauses: Sequence[Clause]) -> ClauseIndexes:
        clauses = SavedClauses(clauses)
        children: dict[str, list[int]] = {}
        for at, clause in enumerate(clauses):
            if len(clause.number) > 1 and clause.part == 1:
                parent = f"{clause.doc}:{'.'.join(str(n) for n in clause.number[:-1])}"
                children.setdefault(parent, []).append(at)
        of_doc: dict[str, list[int]] = {}
        for n, clause in enumerate(clauses):
            of_doc.setdefault(clause.doc, []).append(n)
        texts = [clause_words(c).lower() for c in clauses]
        vocabulary = _vocabulary(clauses)  # for building only: `writes` reads the pieces and their seams
        doc_titles = {c.doc: c.doc_title for c in clauses}
        titles = frozenset(doc_titles.values())
        runs: dict[str, set[str]] = {}
        for title in titles:
            lowered = title.lower()
            for i in range(len(lowered) - TITLE_NAMED + 1):
                runs.setdefault(lowered[i : i + TITLE_NAMED], set()).add(title)
        in_text: dict[str, tuple[tuple[str, str], ...]] = {}
        for clause in clauses:
            if clause.departments:
                continue
            found = units_in_charge(clause.text) if _CHARGE_VERB.search(clause.text) else []
            if heading_unit(clause.title):  # （二）省人社厅: the section is the body's measures
                found = [(clause.title, sentences(clause.text)[0][1].strip() if clause.text.strip() else ""), *found]
            if found:
                in_text[clause.id] = tuple(dict.fromkeys(found))
        return cls(
            clauses=clauses,
            by_id=clauses.by_id,
            children=ClauseChildren(clauses, children),
            of_doc=of_doc,
            titles=titles,
            title_runs={run: frozenset(held) for run, held in runs.items()},
            texts=texts,
            text_pairs=PairIndex(texts),
            seams=_seams(clauses, vocabulary),
            latin_words=frozenset(w.lower() for w in re.findall(r"[A-Za-z]{2,}", vocabulary)),
            targets=TargetIndex(target_parts(clauses), clauses),
            unit_names=frozenset(n for c in clauses for n in (*c.departments, *c.departments_raw))
            | {unit for found in in_text.values() for unit, _ in found},
            in_text=in_text,
            characters=distinct_characters(vocabulary),
            unit_docs=_unit_docs(clauses, in_text),
            doc_titles=doc_titles,
        )

    def writes(self, word: str) -> bool:
        """Whether the word stands in every clause's title, text and document title written end to end (what
        `word in vocabulary` gave, the whole string kept): in one piece, or across a boundary (the seams). A
        Chinese word is found through the pair index, then read in the few clauses holding its pairs; any other
        word (or one longer than SEAM) in the pieces joined again (half a second at 10,000 documents)."""
        if not _CJK_ONLY.fullmatch(word) or len(word) > SEAM:
            return word in _vocabulary(self.clauses)
        if word in self.seams or any(word in title for title in self.titles):
            return True
        held = self.text_pairs.holding(word)  # texts are lower-cased: a Chinese word is as written
        if held is None:  # one character: in some piece, or across a boundary (then in the seams)
            return any(word in c.title or word in c.text for c in self.clauses)
        return any(word in self.clauses[n].title or word in self.clauses[n].text for n in held.tolist())

    def titles_sharing(self, text: str) -> set[str]:
        """The titles with a run of TITLE_NAMED characters in common with the (lower-cased) text: the only ones
        whose longest common run with it can be that long."""
        found: set[str] = set()
        for i in range(len(text) - TITLE_NAMED + 1):
            found |= self.title_runs.get(text[i : i + TITLE_NAMED], frozenset())
        return found


def _unit_docs(clauses: Sequence[Clause], in_text: Mapping[str, tuple[tuple[str, str], ...]]) -> dict[str, frozenset[str]]:
    """Each unit a clause names (its departments and leads, or the units its running text puts in charge) → the
    documents of those clauses."""
    docs: dict[str, set[str]] = {}
    for clause in clauses:
        for unit in {*clause.departments, *clause.leads, *(u for u, _ in in_text.get(clause.id, ()))}:
            docs.setdefault(unit, set()).add(clause.doc)
    return {unit: frozenset(found) for unit, found in docs.items()}


def _vocabulary(clauses: Sequence[Clause]) -> str:
    """Every clause's title, text and document title, end to end."""
    return "".join(c.title + c.text + c.doc_title for c in clauses)


def _seams(clauses: Sequence[Clause], vocabulary: str) -> str:
    """The vocabulary's characters around each boundary of its pieces: SEAM - 1 on each side (taken from the
    vocabulary itself, so a short piece lends its neighbours'), NUL between. A word of up to SEAM characters
    crossing a boundary lies whole in that boundary's window; a Chinese word never holds the NUL."""
    boundaries: dict[int, None] = {}
    at = 0
    for clause in clauses:
        for piece in (clause.title, clause.text, clause.doc_title):
            at += len(piece)
            boundaries[at] = None
    width = SEAM - 1
    return "\0".join(vocabulary[max(0, p - width) : p + width] for p in boundaries if 0 < p < len(vocabulary))


def distinct_characters(text: str) -> str:
    """Every character of the text once, in code point order (counted over the code points as one array: a set
    of a 60-million-character string makes a string object per character)."""
    if not text:
        return ""
    counts = np.bincount(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))
    return "".join(map(chr, np.flatnonzero(counts).tolist()))
