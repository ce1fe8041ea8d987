"""Which kind of answer a question wants: a classifier fit on labelled phrasings, not a cascade of rules.

The phrasings (`eval/router/*.jsonl`, written by two authors, Chinese and English, formal and colloquial) mask
names with {UNIT} {PLACE} {TOPIC} {YEAR} {NUM}; for fitting, each mask is filled with names from
`eval/router/fills.yaml`, several times over, so that the model learns the cue words and not the names. The model
is a logistic regression on character n-grams (scikit-learn): small, fit in a fraction of a second when first needed,
and it gives a probability per intent, so the caller can take the next intent when the best one cannot apply
(a duty list with no unit named).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from kb.errors import ConfigError
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


@cache
def intent_model(folder: Path) -> IntentModel:
    """The model fit on `folder` (eval/router), once per process."""
    try:
        fills = yaml.safe_load((folder / "fills.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{folder / 'fills.yaml'}: cannot read the router's fills ({exc})") from exc
    return IntentModel(load_examples(folder), {k: [str(v) for v in vs] for k, vs in fills.items()})
