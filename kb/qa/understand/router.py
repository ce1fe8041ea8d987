"""Which kind of answer a question wants: a classifier fit on labelled phrasings, not a cascade of rules.

The phrasings (`eval/router/*.jsonl`, written by two authors, Chinese and English, formal and colloquial) mask
names with {UNIT} {PLACE} {TOPIC} {YEAR} {NUM}; for fitting, each mask is filled with names from
`eval/router/fills.yaml`, several times over, so that the model learns the cue words and not the names. The model
is a logistic regression on character n-grams (scikit-learn): small, fit in a fraction of a second when first needed,
and it gives a probability per intent, so the caller can take the next intent when the best one cannot apply
(a duty list with no unit named).

Fitting needs scikit-learn (a second to import, a third to fit); answering does not: the fitted model is kept as
arrays (`CompiledModel`: the n-gram vocabulary, idf weights, coefficients) in a cache file named by the hash of
the phrasings, fills and scikit-learn's version, and a process that finds it predicts with numpy alone, giving
the same probabilities.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import numpy as np
import yaml

from kb.errors import ConfigError
from kb.settings import user_cache_dir
from kb.types import INTENTS, Intent

_MASK = re.compile(r"\{(UNIT2?|PLACE|TOPIC|YEAR|NUM)\}")
FILLS_PER_EXAMPLE = 3


@dataclass(frozen=True)
class Example:
    text: str
    intent: Intent


def load_examples(folder: Path) -> list[Example]:
    """Every labelled phrasing in `folder/*.jsonl`; a malformed line is a ConfigError naming the file."""
    examples: list[Example] = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if data["intent"] not in INTENTS:
                    raise ValueError(f"unknown intent {data['intent']!r}")
                examples.append(Example(str(data["text"]), data["intent"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{path}:{number}: not a labelled phrasing ({exc})") from exc
    if not examples:
        raise ConfigError(f"{folder}: no labelled phrasings (*.jsonl) to fit the question router on")
    return examples


def fill(text: str, fills: dict[str, Sequence[str]], rng: random.Random) -> str:
    return _MASK.sub(lambda m: rng.choice(fills["UNIT" if m.group(1) == "UNIT2" else m.group(1)]), text)


class IntentModel:
    """Character n-gram logistic regression over the six intents."""

    def __init__(self, examples: Sequence[Example], fills: dict[str, Sequence[str]], seed: int = 7) -> None:
        import warnings

        from sklearn.exceptions import ConvergenceWarning
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import SGDClassifier
        from sklearn.pipeline import make_pipeline

        rng = random.Random(seed)
        texts = [fill(e.text, fills, rng) for e in examples for _ in range(FILLS_PER_EXAMPLE)]
        labels = [e.intent for e in examples for _ in range(FILLS_PER_EXAMPLE)]
        self.pipeline = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, lowercase=True),
            # logistic loss by stochastic gradient: the same model as LogisticRegression, fit in a tenth of a second
            SGDClassifier(
                loss="log_loss", alpha=1e-5, max_iter=50, class_weight="balanced", random_state=seed
            ),
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.pipeline.fit(texts, labels)
        self.labels: tuple[Intent, ...] = tuple(self.pipeline.classes_)

    def ranked(self, question: str) -> list[tuple[Intent, float]]:
        """Intents with their probabilities, most likely first."""
        probabilities = self.pipeline.predict_proba([question])[0]
        pairs = zip((str(label) for label in self.labels), (float(p) for p in probabilities), strict=True)
        return sorted(pairs, key=lambda p: -p[1])  # type: ignore[arg-type]

    def predict(self, question: str) -> Intent:
        return self.ranked(question)[0][0]


class CompiledModel:
    """A fitted IntentModel as arrays: TF-IDF over character n-grams within words (scikit-learn's char_wb,
    lower-cased, sublinear tf, l2 norm) and the one-vs-rest logistic layer, computed with numpy."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        labels: Sequence[Intent],
        ngrams: tuple[int, int] = (1, 3),
    ) -> None:
        self.vocabulary, self.idf, self.coef, self.intercept = vocabulary, idf, coef, intercept
        self.labels, self.ngrams = tuple(labels), ngrams

    @classmethod
    def of(cls, model: IntentModel) -> CompiledModel:
        vectorizer, classifier = model.pipeline.steps[0][1], model.pipeline.steps[-1][1]
        vocabulary = {str(g): int(i) for g, i in vectorizer.vocabulary_.items()}
        return cls(
            vocabulary,
            np.asarray(vectorizer.idf_, dtype=np.float64),
            np.asarray(classifier.coef_, dtype=np.float64),
            np.asarray(classifier.intercept_, dtype=np.float64),
            model.labels,
            tuple(vectorizer.ngram_range),
        )

    def _grams(self, text: str) -> list[str]:
        low, high = self.ngrams
        grams: list[str] = []
        for word in text.lower().split():
            word = f" {word} "
            for n in range(low, high + 1):
                offset = 0
                grams.append(word[offset : offset + n])
                while offset + n < len(word):
                    offset += 1
                    grams.append(word[offset : offset + n])
                if offset == 0:  # a word shorter than n counted once
                    break
        return grams

    def ranked(self, question: str) -> list[tuple[Intent, float]]:
        counts = Counter(self.vocabulary[g] for g in self._grams(question) if g in self.vocabulary)
        if counts:
            columns = np.fromiter(counts.keys(), dtype=np.int64)
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[columns]
            values /= np.linalg.norm(values)
            decision = self.coef[:, columns] @ values + self.intercept
        else:
            decision = self.intercept.copy()
        probabilities = 1.0 / (1.0 + np.exp(-decision))
        total = probabilities.sum()
        probabilities = probabilities / total if total > 0 else np.full(len(self.labels), 1 / len(self.labels))
        pairs = zip(self.labels, (float(p) for p in probabilities), strict=True)
        return sorted(pairs, key=lambda p: -p[1])

    def predict(self, question: str) -> Intent:
        return self.ranked(question)[0][0]

    def save(self, path: Path) -> None:
        grams = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
        with temporary.open("wb") as out:
            np.savez(
                out,
                idf=self.idf,
                coef=self.coef,
                intercept=self.intercept,
                meta=np.array(json.dumps({"grams": grams, "labels": list(self.labels), "ngrams": self.ngrams})),
            )
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> CompiledModel:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            vocabulary = {g: i for i, g in enumerate(meta["grams"])}
            return cls(
                vocabulary,
                data["idf"],
                data["coef"],
                data["intercept"],
                meta["labels"],
                tuple(meta["ngrams"]),
            )


Router = IntentModel | CompiledModel  # what answering needs of either: ranked(question), predict(question)


def _cache_file(folder: Path) -> Path:
    """Where the model fit on these phrasings is kept: named by their hash (and scikit-learn's version)."""
    digest = hashlib.sha256()
    for path in [*sorted(folder.glob("*.jsonl")), folder / "fills.yaml"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(f"{FILLS_PER_EXAMPLE}:{version('scikit-learn')}:1".encode())
    return user_cache_dir() / f"router-{digest.hexdigest()[:16]}.npz"


@cache
def intent_model(folder: Path) -> Router:
    """The model of `folder` (eval/router), once per process: read from its cache file, else fit and kept there
    (a cache that cannot be written or read only means fitting again)."""
    try:
        cached = _cache_file(folder)
    except OSError as exc:
        raise ConfigError(f"{folder}: cannot read the router's phrasings ({exc})") from exc
    try:
        return CompiledModel.load(cached)
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile):  # none yet, or damaged: fit again
        pass
    model = fit_intent_model(folder)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        CompiledModel.of(model).save(cached)
    except OSError:
        pass
    return model


def fit_intent_model(folder: Path) -> IntentModel:
    """The model fit with scikit-learn on `folder`'s phrasings and fills."""
    try:
        fills = yaml.safe_load((folder / "fills.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{folder / 'fills.yaml'}: cannot read the router's fills ({exc})") from exc
    return IntentModel(load_examples(folder), {k: [str(v) for v in vs] for k, vs in fills.items()})
