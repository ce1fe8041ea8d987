"""Stage 4, decide: whether the evidence answers what was asked — confident or abstain, the number of the kind
asked or not stated, the document's own statement of when it takes effect, and which places hold the topic."""
