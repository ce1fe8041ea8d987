"""Whether both retrievers agree on a clause (kb.qa.decide.target.agreed): the evidence an English question's
part of the kind asked may stand on when its dictionary-guessed words are few in the clause."""

from kb.qa.decide.target import agreed
from kb.types import Clause, Hit

CLAUSE = Clause(doc="d", doc_title="某市若干措施", number=(1,), path=("一",), title="一", text="给予一次性2万元奖励。")


def test_both_retrievers_among_their_two_best() -> None:
    assert agreed(Hit(CLAUSE, 1.0, {"bm25": 1, "dense": 2}))
    assert not agreed(Hit(CLAUSE, 1.0, {"bm25": 1, "dense": 3}))
    assert not agreed(Hit(CLAUSE, 1.0, {"bm25": 1}))  # one retriever alone is no agreement
