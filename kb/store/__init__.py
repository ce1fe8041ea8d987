"""The index: clause vectors and records in Chroma (`chroma.py`), a BM25 index over jieba tokens
(`lexical.py`), and the embedders that make the vectors (`embed.py`)."""

from kb.store.chroma import ClauseStore
from kb.store.embed import Embedder, make_embedder, register_embedder
from kb.store.lexical import LexicalIndex, Tokenizer

__all__ = ["ClauseStore", "Embedder", "LexicalIndex", "Tokenizer", "make_embedder", "register_embedder"]
