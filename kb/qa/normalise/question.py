"""The question as every later stage reads it: plain text, simplified, widths evened, one-character homophone
typos corrected against the names and words the documents write, everyday words in the documents' words."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kb.qa.normalise.text import EverydayWords, normalize_question, plain_text
from kb.qa.normalise.typos import CorpusSpeller, HomophoneFixer


def dictionary_word(pair: str) -> bool:
    """Whether jieba's dictionary lists the pair as a word (哪个, 由于): written as meant, not a typo."""
    import jieba

    jieba.dt.check_initialized()  # its dictionary is loaded on first use
    return jieba.dt.FREQ.get(pair, 0) > 0


def likelihood(text: str) -> float:
    """Log-probability of the text's best segmentation by jieba's dictionary: how well it reads as Chinese."""
    import jieba

    jieba.dt.check_initialized()
    route: dict[int, tuple[float, int]] = {}
    jieba.dt.calc(text, jieba.dt.get_DAG(text), route)
    return route[0][0] if text else 0.0


class Normaliser:
    """Stage 1: a question as asked → its normalised text (a str; understanding makes the typed Question)."""

    def __init__(
        self,
        names: Iterable[str],
        written: Callable[[str], bool],
        characters: str,
        everyday: EverydayWords,
    ) -> None:
        """`names`: the units', groups' and roles' names the documents write (typos are corrected towards them);
        `written`: whether some clause writes a text; `characters`: every character the documents write (each once is enough)."""
        self.typos = HomophoneFixer("\n".join(sorted(names)), is_word=dictionary_word)
        self.speller = CorpusSpeller(written, characters, likelihood=likelihood)
        self.everyday = everyday

    def __call__(self, question: str) -> str:
        named = self.typos.fix(normalize_question(plain_text(question)))
        return self.everyday.apply(self.speller.fix(named))
