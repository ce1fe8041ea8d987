"""Stage 6 (optional), write: a language model words the composed answer, every sentence checked against the
cited clauses; and the llama-index retriever over the same pipeline."""
