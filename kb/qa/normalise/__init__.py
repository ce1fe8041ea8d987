"""Stage 1, normalise: the question as the documents write their words (plain, simplified, typos fixed, everyday
words in the documents' words; English words read as the Chinese terms the documents write)."""
