"""Stage 5, compose: the answer written from the decided evidence, one function per kind of answer, each citing
its clauses."""
