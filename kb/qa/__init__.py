"""Question answering, one stage per folder, in the order a question passes through them:
normalise → understand → retrieve → decide → compose → write (optional). See kb/qa/README.md."""
