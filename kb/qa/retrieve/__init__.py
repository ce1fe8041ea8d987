"""Stage 3, retrieve: the clauses a question is about (BM25 + dense, fused), and the sentence part a target
question asks for."""
