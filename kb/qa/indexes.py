"""The engine's indexes over the clauses: built from the clauses alone (no model, no setting), so that they can be
saved with the index and read back when it is opened again (kb.qa.saved) instead of built in every process.

What depends on settings — the unit registry, the glossary, the router, the thresholds — is not here: those are
read from their files whenever the engine is made, and a changed file never meets stale indexes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kb.qa.retrieve.targets import PairIndex, TargetIndex, target_parts
from kb.qa.understand.subject import units_in_charge
from kb.types import Clause

# a clause may put a unit in charge in running text only if it writes one of these (read no others at 10,000 documents)
_CHARGE_VERB = re.compile(r"会同|牵头|负责|联合|统筹|指导|组织|会商")
TITLE_NAMED = 10  # characters of a document's title a question repeats to name it by its title


def clause_words(clause: Clause) -> str:
    """What of a clause a question's words can be found in: its title, outline path and text."""
    return clause.title + "".join(clause.path) + clause.text


@dataclass
class ClauseIndexes:
    """The clauses and what the engine finds in them without reading them all."""

    clauses: list[Clause]
    by_id: dict[str, Clause]
    children: dict[str, list[Clause]]  # a numbered clause's id → its sub-clauses (first parts), in order
    of_doc: dict[str, list[int]]  # a document → its clauses' positions: a question scoped to places reads only these
    titles: frozenset[str]  # every document's title
    # each run of TITLE_NAMED characters of a title (lower-cased) → the titles holding it: the titles a question
    # may name, without comparing it with every title of a province
    title_runs: dict[str, frozenset[str]]
    # each clause's words (clause_words), lower-cased as tokens are (OPC → opc); kept as strings, not packed
    # (PackedTexts): counting the clauses writing a one-character word reads every one of them
    texts: list[str]
    text_pairs: PairIndex  # how many clauses write a word, without reading them all
    vocabulary: str  # every title and text, end to end: whether the documents write a name at all
    latin_words: frozenset[str]  # Latin words the documents write themselves (OPC, RCEP, AI)
    targets: TargetIndex  # every clause's sentence parts, searched through its pair index
    unit_names: frozenset[str]  # every unit a clause names, as canonical and as written
    # a clause with no note → the units its running text puts in charge, each with its sentence (市人社局负责…；
    # kb.qa.understand.subject.units_in_charge): the clause is theirs as a note's units' clause is
    in_text: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # every character the vocabulary writes, once each (in code point order): the speller's homophones are found
    # among them, and finding them in a province's vocabulary took 3-4 s of the first question's time
    characters: str = ""

    @classmethod
    def build(cls, clauses: Sequence[Clause]) -> ClauseIndexes:
        clauses = list(clauses)
        children: dict[str, list[Clause]] = {}
        for clause in clauses:
            if len(clause.number) > 1 and clause.part == 1:
                parent = f"{clause.doc}:{'.'.join(str(n) for n in clause.number[:-1])}"
                children.setdefault(parent, []).append(clause)
        of_doc: dict[str, list[int]] = {}
        for n, clause in enumerate(clauses):
            of_doc.setdefault(clause.doc, []).append(n)
        texts = [clause_words(c).lower() for c in clauses]
        vocabulary = "".join(c.title + c.text + c.doc_title for c in clauses)
        titles = frozenset(c.doc_title for c in clauses)
        runs: dict[str, set[str]] = {}
        for title in titles:
            lowered = title.lower()
            for i in range(len(lowered) - TITLE_NAMED + 1):
                runs.setdefault(lowered[i : i + TITLE_NAMED], set()).add(title)
        in_text: dict[str, tuple[tuple[str, str], ...]] = {}
        for clause in clauses:
            if not clause.departments and _CHARGE_VERB.search(clause.text):
                found = units_in_charge(clause.text)
                if found:
                    in_text[clause.id] = tuple(dict.fromkeys(found))
        return cls(
            clauses=clauses,
            by_id={c.id: c for c in clauses},
            children=children,
            of_doc=of_doc,
            titles=titles,
            title_runs={run: frozenset(held) for run, held in runs.items()},
            texts=texts,
            text_pairs=PairIndex(texts),
            vocabulary=vocabulary,
            latin_words=frozenset(w.lower() for w in re.findall(r"[A-Za-z]{2,}", vocabulary)),
            targets=TargetIndex(target_parts(clauses)),
            unit_names=frozenset(n for c in clauses for n in (*c.departments, *c.departments_raw))
            | {unit for found in in_text.values() for unit, _ in found},
            in_text=in_text,
            characters=distinct_characters(vocabulary),
        )

    def titles_sharing(self, text: str) -> set[str]:
        """The titles with a run of TITLE_NAMED characters in common with the (lower-cased) text: the only ones
        whose longest common run with it can be that long."""
        found: set[str] = set()
        for i in range(len(text) - TITLE_NAMED + 1):
            found |= self.title_runs.get(text[i : i + TITLE_NAMED], frozenset())
        return found


def distinct_characters(text: str) -> str:
    """Every character of the text once, in code point order (counted over the code points as one array: a set
    of a 60-million-character string makes a string object per character)."""
    if not text:
        return ""
    counts = np.bincount(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))
    return "".join(map(chr, np.flatnonzero(counts).tolist()))
