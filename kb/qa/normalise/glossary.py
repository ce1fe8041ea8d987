"""English → Chinese terms of the corpus (corpus/glossary.yaml), so English questions reach Chinese clauses.

A term may name its several written forms joined by `|` (GDP: 地区生产总值|国内生产总值), as one topic word of
several forms (kb.qa.corpus.Corpus.token_weight); searches read each form (`searched`).

Measured on the English questions of eval/questions.jsonl: the multilingual embedders alone put the right clause
first for 39% (e5) to 56% (USE) of them; adding the glossed Chinese terms to the query lets BM25 and e5 match
the clause's own words.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kb.errors import ConfigError


class Glossary:
    """Whole-word, longest-first, case-insensitive lookup of English terms. A term is found however its words are
    joined (computing-power is computing power) and with its last word in the plural (implementation plans is
    implementation plan): the same term, not another word."""

    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = {_joined(k.lower()): v for k, v in terms.items()}
        # each written form of a term (the term, its plurals, its Latin plural: innovation consortia) → the term; a
        # form that is a term itself stays one
        self._forms = {
            form: term
            for term in self.terms
            for form in (*_plurals(term), *latin_plurals(term))
            if form not in self.terms
        }
        self._forms.update({term: term for term in self.terms})
        alternatives = sorted(self._forms, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(t) for t in alternatives) + r")(?![a-z0-9])")
            if alternatives
            else None
        )

    def _found(self, text: str) -> list[tuple[str, str]]:
        """(the form as written, its term) for each term found in text, in order."""
        if self._pattern is None:
            return []
        return [(m.group(1), self._forms[m.group(1)]) for m in self._pattern.finditer(_joined(text.lower()))]

    @classmethod
    def from_yaml(cls, path: str | Path) -> Glossary:
        path = Path(path)
        if not path.exists():
            return cls({})
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            return cls({str(k): str(v) for k, v in (data.get("terms") or {}).items()})
        except (yaml.YAMLError, AttributeError) as error:
            raise ConfigError(f"{path}: not a glossary ({error})") from error

    def translated(self, text: str, keep: frozenset[str] = frozenset()) -> list[str]:
        """The Chinese terms for the English words in a mixed Chinese question. An English word the documents
        themselves write (`keep`, lower-case: OPC, RCEP, GDP) stands as written, or as one of its terms where the
        glossary has it (gdp|地区生产总值|国内生产总值: one document writes 占GDP比重, another 地区生产总值增长)."""
        found: dict[str, None] = {}
        for word, key in self._found(text):
            term = self.terms[key]
            if word not in keep:
                found.setdefault(term, None)
            elif term.lower() not in (word, f"{word}s"):  # OPC: OPC says nothing more
                found.setdefault(f"{word}|{term}", None)
        return list(found)

    def chinese_terms(self, text: str) -> list[str]:
        """The Chinese terms for the English terms in text, in order, without repeats; a term the documents write
        in several ways is its ways joined by `|` (地区生产总值|国内生产总值), as a topic word of several forms."""
        return list(dict.fromkeys(self.terms[key] for _, key in self._found(text)))

    def matched(self, text: str) -> list[str]:
        """The English terms of the glossary found in text (lower-case, as written there), in order."""
        return list(dict.fromkeys(word for word, _ in self._found(text)))


def _joined(text: str) -> str:
    """English words joined by a hyphen written apart (computing-power → computing power), as terms are kept."""
    return re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)


def _plurals(term: str) -> list[str]:
    """A term's last word in the plural (policy → policies, tax → taxes, plan → plans)."""
    if not term[-1:].isalpha():
        return []
    if term.endswith("y") and term[-2:-1] not in "aeiou":
        return [term[:-1] + "ies"]
    if term.endswith(("s", "x", "z", "ch", "sh")):
        return [term + "es"]
    return [term + "s"]


def latin_plurals(term: str) -> list[str]:
    """The Latin plurals of an English term, by its last word: -um → -a and -ums (innovation consortium →
    innovation consortia, consortiums), which no -s is stripped from to find the singular (the plurals in -s are
    `_plurals`')."""
    head, _, last = term.rpartition(" ")
    if not last.isalpha() or len(last) < 4 or not last.endswith("um"):
        return []
    prefix = f"{head} " if head else ""
    return [prefix + last[:-2] + "a", prefix + last + "s"]


def searched(terms: list[str]) -> list[str]:
    """Glossary terms as a search reads them: each written form of a term of several (`|`) apart."""
    return [form for term in terms for form in term.split("|")]
