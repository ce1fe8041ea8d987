"""The pair index's texts that may hold a word of several pairs: exactly those holding every one of its pairs,
in text order (the lists are intersected by looking the shortest up in the others)."""

from __future__ import annotations

import random

from kb.qa.retrieve.targets import PairIndex


def test_a_word_of_several_pairs_is_held_by_the_texts_holding_all_of_them() -> None:
    rng = random.Random(5)
    alphabet = "的一是在不了有和人ab𠀀"  # few characters: most pairs in many texts, lists of every length
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(500)]
    index = PairIndex(texts)
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(2, 7))) for _ in range(400)]
    for word in [*words, "的的的的", "a𠀀a", "是是"]:
        pairs = {word[i : i + 2] for i in range(len(word) - 1)}
        held = index.holding(word)
        assert held is not None
        assert held.tolist() == [n for n, t in enumerate(texts) if all(p in t for p in pairs)], word


def test_a_word_with_a_pair_no_text_holds_is_held_by_none() -> None:
    index = PairIndex(["的一是", "在不了"])
    held = index.holding("的一不")
    assert held is not None and held.tolist() == []
    assert index.holding("一") is None  # one character: any text may hold it
