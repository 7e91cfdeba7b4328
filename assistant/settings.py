"""Typed settings: one model per concern, every field described; environment variables override.

The corpus and index folders follow the contract in DESIGN.md (`ASSISTANT_CORPUS_DIR`,
`ASSISTANT_INDEX_DIR`, `ASSISTANT_CHROMA_URL`); everything else has a sensible default and an
`ASSISTANT_` variable of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

# all-MiniLM-L6-v2 reads at most 256 word pieces, [CLS] and [SEP] included.
MODEL_MAX_TOKENS = 256


class ChunkingSettings(BaseSettings):
    """How documents are cut into passages for embedding and citation."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_CHUNK_", extra="ignore")

    max_tokens: int = Field(
        180,
        description="Largest chunk in word pieces of the embedding model's tokenizer, special tokens included; "
        f"must fit the model's window of {MODEL_MAX_TOKENS}.",
    )
    overlap_tokens: int = Field(
        60, description="Word pieces of whole trailing sentences repeated at the start of the next chunk."
    )

    @model_validator(mode="after")
    def _check_sizes(self) -> "ChunkingSettings":
        if self.max_tokens > MODEL_MAX_TOKENS:
            raise ConfigError(
                f"chunk size ({self.max_tokens}) is larger than the embedding model's window ({MODEL_MAX_TOKENS})"
            )
        if self.max_tokens < 16:
            raise ConfigError(f"chunk size ({self.max_tokens}) is too small; use at least 16 word pieces")
        if not 0 <= self.overlap_tokens < self.max_tokens:
            raise ConfigError(
                f"chunk overlap ({self.overlap_tokens}) must be at least 0 and smaller than chunk size ({self.max_tokens})"
            )
        return self


class IndexSettings(BaseSettings):
    """Where documents come from and where the index lives."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="Folder of source documents (sub-folders allowed).")
    index_dir: Path = Field(Path("index"), description="Folder of the built index (Chroma files in local mode).")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server, e.g. http://127.0.0.1:8000; unset keeps vectors under index_dir."
    )
    collection_prefix: str = Field(
        "assistant", description="Prefix of the Chroma collection names, so several corpora can share a server."
    )
    max_file_mb: float = Field(20.0, description="Files larger than this are skipped with a message.")
    embed_batch_size: int = Field(32, description="Chunks embedded per model call.")

    @property
    def store_mode(self) -> Literal["local", "server"]:
        return "server" if self.chroma_url else "local"


class RetrievalSettings(BaseSettings):
    """How many passages each retriever returns and how they are fused."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_RETRIEVAL_", extra="ignore")

    top_k: int = Field(10, description="Passages returned after fusion.")
    candidates: int = Field(30, description="Passages each retriever (dense, keyword) proposes before fusion.")
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant; larger flattens the rank weights.")
    dense_weight: float = Field(1.0, description="Weight of the dense (MiniLM) ranking in the fusion.")
    keyword_weight: float = Field(1.0, description="Weight of the keyword (BM25) ranking in the fusion.")


class AnswerSettings(BaseSettings):
    """How the extractive answerer scores sentences and decides to abstain (calibrated on the eval suite)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_ANSWER_", extra="ignore")

    passages: int = Field(6, description="Top passages whose sentences compete to be the answer.")
    weight_sentence_terms: float = Field(0.45, description="Weight of the question's words found in the sentence (IDF-weighted share).")
    weight_context_terms: float = Field(0.15, description="Weight of the question's words found in the sentence and its neighbours.")
    weight_history_terms: float = Field(0.15, description="Weight of words borrowed from earlier turns found in the sentence.")
    weight_type: float = Field(0.15, description="Weight of the sentence holding a span of the asked type (date, rate, name...).")
    weight_dense: float = Field(0.10, description="Weight of the passage's MiniLM cosine similarity to the question.")
    min_confidence: float = Field(0.40, description="Below this sentence score the answerer abstains.")
    max_words: int = Field(60, description="Longest answer in words, markers excluded (the scoring rule's limit).")


class Settings(BaseSettings):
    """All settings of the assistant, grouped by concern."""

    model_config = SettingsConfigDict(extra="ignore")

    index: IndexSettings = Field(default_factory=IndexSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)


def load_settings(corpus_dir: Path | None = None, index_dir: Path | None = None) -> Settings:
    """Settings from the environment, with command-line folders taking precedence."""
    settings = Settings()
    if corpus_dir is not None:
        settings.index.corpus_dir = Path(corpus_dir)
    if index_dir is not None:
        settings.index.index_dir = Path(index_dir)
    return settings
