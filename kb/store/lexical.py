"""The lexical half of retrieval: BM25 (bm25s) over jieba tokens of each clause.

A run of Chinese characters is not a word, so the tokenizer is a configured component (`Tokenizer`):
jieba with the corpus's own vocabulary added — department names and aliases (`县科工信局`), programme
names quoted in the clauses (`揭榜挂帅`, `双进双转`) and clause titles — and with the words of a question
that carry no topic (由哪个单位牵头, 是多少, the, which…) removed. Search mode (`cut_for_search`) emits
a long word and its known parts, so `揭榜挂帅` matches a question that says `揭榜` too.

The token lists are saved as JSON under <index>/lexical/ with the store's generation and clause-set
hash, and the fitted BM25 arrays beside them (bm25s's own format, stamped with the same two), so that opening
an index reads arrays instead of re-fitting millions of tokens (at 1,000 documents: 8 s and 400 MB less). A
saved index that does not match the store is rebuilt from the store's clauses — re-cutting only the clauses
whose text is new, or that hold a word the vocabulary gained or lost since (jieba would cut them otherwise): an
ingest of one document into a province's index re-cuts that document, not 170,000 clauses.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

import bm25s
import jieba
import numpy as np

from kb.types import Clause

jieba.setLogLevel(logging.WARNING)

QUOTED = re.compile(r"[“\"]([^“”\"，。、；：,;:（）()]{2,10})[”\"]")
PUNCTUATION = re.compile(r"^[\W_]+$")


def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


CHINESE_STOPWORDS = _words(
    "的 了 是 在 和 与 及 或 等 由 对 把 被 为 有 吗 呢 吧 啊 么 哪 哪个 哪些 哪家 哪一个",
    "哪里 什么 谁 谁来 多少 是多少 几 几个 如何 怎么 怎样 怎么样 请问 一下 这个 那个 这些",
    "那些 其 之 所 要 会 能 可以 应该 主要 具体 相关 有关 单位 部门 牵头 负责 按 职责",
    "分工 分工负责 哪个单位 哪个部门 来 抓 管 归 参与 承担 做 干",
)
ENGLISH_STOPWORDS = _words(
    "a an the of to in on for and or by with at from as is are was were be been which who whom whose what",
    "how many much does do did that this these those it its which's who's what's responsible lead leads",
    "leading department departments unit units bureau's please tell me about",
)


class Tokenizer:
    """jieba in search mode with user words and stopwords; one jieba dictionary per process, loaded once."""

    _jieba: jieba.Tokenizer | None = None
    _lock = threading.Lock()

    def __init__(self, stopwords: Iterable[str] = CHINESE_STOPWORDS | ENGLISH_STOPWORDS) -> None:
        self.stopwords = frozenset(stopwords)

    @classmethod
    def _segmenter(cls) -> jieba.Tokenizer:
        if cls._jieba is None:
            # A copy of jieba's default dictionary (the engine reads the default itself, without our words, to
            # tell a word from a typo): the dictionary is read from disk once per process, not twice (0.7 s).
            jieba.dt.check_initialized()
            segmenter = jieba.Tokenizer()
            segmenter.FREQ, segmenter.total = dict(jieba.dt.FREQ), jieba.dt.total
            segmenter.initialized = True
            cls._jieba = segmenter
        return cls._jieba

    def add_words(self, words: Iterable[str]) -> dict[str, int]:
        """Make each word one token (jieba's own frequency suggestion is enough to keep it whole). Returns each
        word's frequency in the dictionary now, to save with the index (`add_frequencies` reads them back)."""
        with self._lock:
            segmenter = self._segmenter()
            kept: dict[str, int] = {}
            for word in words:
                word = word.strip()
                if len(word) >= 2 and word not in segmenter.FREQ:
                    segmenter.add_word(word)
                if len(word) >= 2 and segmenter.FREQ.get(word, 0) > 0:
                    kept[word] = segmenter.FREQ[word]
            return kept

    def add_frequencies(self, frequencies: Iterable[tuple[str, int]]) -> None:
        """What `add_words` did, from the frequencies it returned: jieba's suggestion segments each word against
        the whole dictionary (seconds for a province's words), a given frequency is a dict entry."""
        with self._lock:
            segmenter = self._segmenter()
            for word, frequency in frequencies:
                if word not in segmenter.FREQ and frequency > 0:
                    segmenter.add_word(word, frequency)

    def tokenize(self, text: str) -> list[str]:
        with self._lock:
            pieces = list(self._segmenter().cut_for_search(text))
        tokens = (piece.strip().lower() for piece in pieces)
        return [t for t in tokens if t and not PUNCTUATION.match(t) and t not in self.stopwords]


def corpus_words(clauses: Iterable[Clause], department_names: Iterable[str]) -> list[str]:
    """Vocabulary to add to jieba: department names (the registry's and those written in the clauses'
    notes), quoted programme names, clause titles."""
    words: dict[str, None] = dict.fromkeys(department_names)
    for clause in clauses:
        words.update(dict.fromkeys(clause.departments_raw))
        words.update(dict.fromkeys(QUOTED.findall(clause.text)))
        words.setdefault(clause.title, None)
    return [word for word in words if word]


def indexed_text(clause: Clause) -> str:
    """Title and outline labels are repeated so a match there weighs more than one in the body."""
    return "\n".join([clause.title, clause.title, *clause.path, *clause.path, clause.text])


class LexicalIndex:
    """BM25 over the clauses of the store, saved to and reloaded from <index>/lexical/."""

    FILE = "tokens.json"
    META = "meta.json"  # generation, clause set, words and ids: what opening reads besides the fitted arrays
    FITTED = "bm25"  # the fitted arrays, with a stamp naming the generation and clause set they were fit on

    def __init__(self, folder: Path, tokenizer: Tokenizer | None = None) -> None:
        self.folder = folder
        self.tokenizer = tokenizer or Tokenizer()
        self.ids: list[str] = []
        self.generation = -1
        self.clause_set = ""
        self._bm25: bm25s.BM25 | None = None
        self._position: dict[str, int] | None = None
        self.recut = 0  # clauses the last build cut (the others' tokens were reused)
        # the words' frequencies as loading found them, when the saved index lacks them (saved before they were
        # kept): `record_frequencies` adds them, and the next opening reads them instead of segmenting each word
        self._unsaved_frequencies: dict[str, int] | None = None

    def build(
        self,
        clauses: Sequence[Clause],
        department_names: Iterable[str],
        generation: int = 0,
        clause_set: str = "",
        previous: Saved | None = None,
    ) -> None:
        """Cut every clause and fit BM25 — reusing `previous` (the index saved before) for each clause whose
        indexed text is unchanged and holds no word the vocabulary gained or lost."""
        words = corpus_words(clauses, department_names)
        frequencies = self.tokenizer.add_words(words)
        texts = [indexed_text(clause) for clause in clauses]
        digests = [text_digest(text) for text in texts]
        kept = previous.reusable(words) if previous is not None else _Reuse({}, ())
        tokens = [
            kept.tokens(digest, text) or self.tokenizer.tokenize(text)
            for digest, text in zip(digests, texts, strict=True)
        ]
        self.recut = len(clauses) - kept.used
        self._fit([clause.id for clause in clauses], tokens)
        self.generation, self.clause_set = generation, clause_set
        self._save(words, tokens, digests, frequencies)

    def _fit(self, ids: list[str], tokens: list[list[str]]) -> None:
        self.ids, self._position = ids, None
        self._bm25 = None
        if ids:
            bm25 = bm25s.BM25()
            bm25.index(tokens, show_progress=False)
            self._bm25 = bm25

    def _save(
        self, words: list[str], tokens: list[list[str]], digests: list[str], frequencies: dict[str, int]
    ) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {
            "generation": self.generation,
            "clause_set": self.clause_set,
            "words": words,
            "ids": self.ids,
            "tokens": tokens,
            "digests": digests,  # of each clause's indexed text: what the next build may reuse
        }
        stamp = {"generation": self.generation, "clause_set": self.clause_set}
        if self._bm25 is not None:
            fitted, building = self.folder / self.FITTED, self.folder / (self.FITTED + ".tmp")
            shutil.rmtree(building, ignore_errors=True)
            self._bm25.save(str(building), show_progress=False)
            (building / "stamp.json").write_text(json.dumps(stamp), encoding="utf-8")
            shutil.rmtree(fitted, ignore_errors=True)
            building.rename(fitted)
        _write_whole(self.folder / self.FILE, data)
        # the words' jieba frequencies as the build gave them: opening adds them as they are (kept in order)
        meta = {**stamp, "words": words, "ids": self.ids, "frequencies": list(frequencies.items())}
        _write_whole(self.folder / self.META, meta)

    def load(self) -> bool:
        """Read the saved index; False when there is none (or it cannot be read, so it gets rebuilt)."""
        if self._load_fitted():
            return True
        try:
            data = json.loads((self.folder / self.FILE).read_text(encoding="utf-8"))
            words, ids, tokens = data["words"], data["ids"], data["tokens"]
            generation, clause_set = int(data["generation"]), str(data["clause_set"])
        except (OSError, ValueError, KeyError, TypeError):
            return False
        self.tokenizer.add_words(words)
        self._fit(ids, tokens)
        self.generation, self.clause_set = generation, clause_set
        return True

    def _load_fitted(self) -> bool:
        """The saved words, ids and fitted arrays, when the arrays' stamp names the saved generation."""
        try:
            meta = json.loads((self.folder / self.META).read_text(encoding="utf-8"))
            stamp = json.loads((self.folder / self.FITTED / "stamp.json").read_text(encoding="utf-8"))
            generation, clause_set = int(meta["generation"]), str(meta["clause_set"])
            if (int(stamp["generation"]), str(stamp["clause_set"])) != (generation, clause_set):
                return False
            words, ids = list(meta["words"]), list(meta["ids"])
            saved = meta.get("frequencies")  # none in an index saved before they were
            frequencies = None if saved is None else [(str(w), int(f)) for w, f in saved]
            # memory-mapped: a province's score matrix is read as questions touch it, not all at opening
            bm25 = bm25s.BM25.load(
                str(self.folder / self.FITTED), show_progress=False, verbosity=0, mmap=True
            )
        except (OSError, EOFError, ValueError, KeyError, TypeError):  # half-written or foreign: fit again
            return False
        if int(bm25.scores["num_docs"]) != len(ids):
            return False
        if frequencies is None:
            self._unsaved_frequencies = self.tokenizer.add_words(words)
        else:
            self.tokenizer.add_frequencies(frequencies)
        self.ids, self._bm25, self._position = ids, bm25, None
        self.generation, self.clause_set = generation, clause_set
        return True

    def frequencies_unsaved(self) -> bool:
        """Whether loading found no saved frequencies (`record_frequencies` saves them)."""
        return self._unsaved_frequencies is not None

    def record_frequencies(self) -> bool:
        """Add to the saved index the words' frequencies its loading found, when it was saved without them (2 s of
        every opening at 10,000 documents: jieba's suggestion segments each word against the whole dictionary).
        They are what a build saves: the frequencies `add_words` left, in the words' order. Only into the very
        index loaded (same generation and clause set); the caller holds the writer lock. Returns whether it
        wrote."""
        if self._unsaved_frequencies is None:
            return False
        try:
            meta = json.loads((self.folder / self.META).read_text(encoding="utf-8"))
            saved_state = (int(meta["generation"]), str(meta["clause_set"]))
        except (OSError, ValueError, KeyError, TypeError):
            return False
        if saved_state != (self.generation, self.clause_set) or "frequencies" in meta:
            return False
        _write_whole(
            self.folder / self.META, {**meta, "frequencies": list(self._unsaved_frequencies.items())}
        )
        self._unsaved_frequencies = None
        return True

    def saved(self) -> Saved | None:
        """The token lists saved by the last build, with their texts' digests (None when there are none, or they
        were saved before digests were)."""
        try:
            data = json.loads((self.folder / self.FILE).read_text(encoding="utf-8"))
            return Saved(list(data["words"]), list(data["digests"]), list(data["tokens"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def saved_is_current(self, generation: int, clause_set: str) -> bool:
        """Whether the saved index matches, read without loading it (nor jieba's dictionary)."""
        try:
            path = self.folder / self.META
            data = json.loads(
                (path if path.exists() else self.folder / self.FILE).read_text(encoding="utf-8")
            )
            return int(data["generation"]) == generation and str(data["clause_set"]) == clause_set
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def _positions(self) -> dict[str, int]:
        """Each clause id's position in the score vector, made at the first filtered search."""
        if self._position is None:
            self._position = {clause_id: n for n, clause_id in enumerate(self.ids)}
        return self._position

    def is_current(self, generation: int, clause_set: str) -> bool:
        return self.generation == generation and self.clause_set == clause_set

    def search(self, query: str, k: int, allowed_ids: Iterable[str] | None = None) -> list[tuple[str, float]]:
        """Up to k (clause id, BM25 score) pairs with a positive score, best first."""
        tokens = self.tokenizer.tokenize(query)
        if self._bm25 is None or not tokens or k <= 0:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float64)
        if allowed_ids is not None:  # the clauses of the places asked about: not a pass over every id
            kept = np.zeros(len(scores), dtype=bool)
            position = self._positions()
            kept[[position[i] for i in set(allowed_ids) if i in position]] = True
            scores = np.where(kept, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[i], float(scores[i])) for i in order if scores[i] > 0]


def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


# Beyond this many words gained or lost, look no further: cut every clause again. Checking a clause for a word
# costs about 0.2 µs, cutting it about 7 ms; even at this bound the checks cost a twentieth of the cutting.
REUSE_WORDS_AT_MOST = 2000


class Saved:
    """A build's words and each clause's tokens by the digest of its indexed text."""

    def __init__(self, words: list[str], digests: list[str], tokens: list[list[str]]) -> None:
        self.words = words
        self.by_digest = dict(zip(digests, tokens, strict=True))

    def reusable(self, words: Iterable[str]) -> _Reuse:
        """What a build with the vocabulary `words` may take from this one: a word gained or lost cuts the
        text holding it differently, so such texts are cut again (all of them past REUSE_WORDS_AT_MOST)."""
        changed = set(words) ^ set(self.words)
        if len(changed) > REUSE_WORDS_AT_MOST:
            return _Reuse({}, ())
        return _Reuse(self.by_digest, tuple(w for w in changed if len(w) >= 2))


class _Reuse:
    """Tokens taken from the saved build, counted."""

    def __init__(self, by_digest: dict[str, list[str]], changed: Sequence[str]) -> None:
        self.by_digest, self.changed, self.used = by_digest, changed, 0

    def tokens(self, digest: str, text: str) -> list[str] | None:
        found = self.by_digest.get(digest)
        if found is None or any(word in text for word in self.changed):
            return None
        self.used += 1
        return found


def _write_whole(path: Path, data: object) -> None:
    """Write JSON so that a reader never sees half a file."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)


class ClauseSource(Protocol):
    """What `LexicalIndex.sync` reads from the clause store."""

    def generation(self) -> int: ...

    def clause_set(self) -> str: ...

    def clauses(self) -> list[Clause]: ...


def sync_saved(lexical: LexicalIndex, store: ClauseSource, department_names: Iterable[str]) -> bool:
    """Make the saved lexical index match the store, loading nothing when it does (an ingest that changed
    nothing then costs no jieba start-up). True if rebuilt."""
    if lexical.saved_is_current(store.generation(), store.clause_set()):
        return False
    return sync(lexical, store, department_names)


def sync(lexical: LexicalIndex, store: ClauseSource, department_names: Iterable[str]) -> bool:
    """Make the lexical index match the store: keep it, reload it, or rebuild it. True if rebuilt."""
    generation, clause_set = store.generation(), store.clause_set()
    if lexical.is_current(generation, clause_set):
        return False
    if lexical.load() and lexical.is_current(generation, clause_set):
        return False
    lexical.build(store.clauses(), department_names, generation, clause_set, lexical.saved())
    return True
