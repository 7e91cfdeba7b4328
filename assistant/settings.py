"""Typed settings: one model per concern, every field described; environment variables override.

The corpus and index folders follow the contract in docs/contract.md (`ASSISTANT_CORPUS_DIR`,
`ASSISTANT_INDEX_DIR`, `ASSISTANT_CHROMA_URL`); everything else has a sensible default and an
`ASSISTANT_` variable of its own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

# all-MiniLM-L6-v2 reads at most 256 word pieces, [CLS] and [SEP] included.
MODEL_MAX_TOKENS = 256


def blank_is_unset(value):
    """A blank environment variable is an unset one (None); other values pass unchanged."""
    if isinstance(value, str):
        return value.strip() or None
    return value


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
    hnsw_ef_search: int = Field(
        500, ge=1, description="Neighbours Chroma's vector index explores per question. Chroma's default, 100, found "
        "98% of the 60 nearest chunks on the 1,500-article development index, and which ones it missed changed between "
        "processes, so an answer could change after a restart; 500 finds all but 2 in 10,000. Raised when the index "
        "is opened (never lowered).")
    embed_batch_size: int = Field(32, description="Chunks embedded per model call.")
    index_poll_s: float = Field(
        1.0, ge=0, description="How often the web app looks for a rebuild committed elsewhere (another app node on the "
        "same Chroma server, `assistant index`) and reloads its chunk table in the background, so its next question "
        "is answered from it; 0: only questions look for it.")
    device: Literal["auto", "cpu", "cuda", "mps"] = Field(
        "auto", description='Where the embedding model runs: "auto" takes a CUDA GPU when torch sees one, else Apple\'s '
        'MPS, else the CPU; "cuda" or "mps" insist on that accelerator (a ConfigError when torch has none); "cpu" '
        "never looks. The default install's torch is the CPU build (README, GPU).")

    @field_validator("device", mode="before")
    @classmethod
    def _device_any_case(cls, value):
        if isinstance(value, str):  # ASSISTANT_DEVICE=CUDA as well as cuda; blank is auto
            return value.strip().lower() or "auto"
        return value

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
    document_weight: float = Field(
        1.0, description="Weight of the whole-document ranking (BM25 over each document's full text and its best dense "
        "chunk, fused) added to each passage's own fused score; 0 ranks passages on their own.")
    document_keyword_weight: float = Field(
        3.0, description="Weight of BM25 over each document's full text within the whole-document ranking (its best "
        "dense chunk weighs dense_weight): an article that uses the question's words throughout is the story asked "
        "about more often than one whose single chunk reads alike.")
    story_weight: float = Field(
        1.0, description="Weight of the document that answered a conversation's earlier question, for a follow-up "
        "(\"And in Chile?\" is answered in the article that gave Zambia's figure, if it says); 0 ignores it.")
    date_weight: float = Field(
        1.0, description="Weight of the ranking by document date when the question asks about a month or a day: "
        "documents dated as the report of that time (in it or up to three months after; a day: within a week) rank "
        "higher; 0 ignores dates.")


class AnswerSettings(BaseSettings):
    """How the extractive answerer scores sentences and decides to abstain."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_ANSWER_", extra="ignore")

    scorer: Literal["fitted", "hand-set"] = Field(
        "fitted", description='"fitted": sentence weights and abstention threshold fitted by benchmarks/fit_answerer.py '
        '(assistant/data/answerer.json); "hand-set": the weights below, kept for comparison.')
    passages: int = Field(6, description="Top passages whose sentences compete to be the answer.")
    top_document_passages: int = Field(
        6, description="Further passages of the best-ranked document that compete too (read on in the right article); "
        "0 for none.")
    disagreement_margin: float = Field(
        0.1, description="A sentence from another dated document that gives a different value is reported beside the "
        "answer (newest first) when it matches the question's words and meaning within this much of the answer's.")
    close_second: float = Field(
        0.5, ge=0, description="A second sentence is quoted after the answer (\"Close second: ... [2]\") when the answerer "
        "scores it at least this share of the best one and both fit in max_words: the user sees the rival reading where "
        "the answerer can hardly tell two sentences apart. Above 1: never.")
    weight_sentence_terms: float = Field(0.45, description="Weight of the question's words found in the sentence (IDF-weighted share).")
    weight_context_terms: float = Field(0.10, description="Weight of the question's words found in the sentence and its neighbours.")
    weight_history_terms: float = Field(0.10, description="Weight of words borrowed from earlier turns found in the sentence.")
    weight_type: float = Field(0.10, description="Weight of the sentence holding a span of the asked type (date, rate, name...).")
    weight_dense: float = Field(0.30, description="Weight of the passage's MiniLM cosine similarity to the question.")
    min_confidence: float = Field(0.37, description="Below this sentence score the answerer abstains.")
    max_words: int = Field(60, description="Longest answer in words, markers excluded (the scoring rule's limit).")


class AccessSettings(BaseSettings):
    """Who may use the web app (the users file), how long a page login lasts and how failed logins are limited
    (docs/access.md)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    users_file: Path | None = Field(
        None, description="Users file of the web app (`assistant adduser` writes it); unset or empty: login off.")

    session_hours: float = Field(
        12.0, gt=0, description="Hours a page login lasts; then the user signs in again. Sessions also end when the "
        "user is removed from the users file or their password changes.")
    login_max_failures: int = Field(
        5, ge=1, description="Failed logins in a row for one user name before it is locked out for a while.")
    login_address_max_failures: int = Field(
        20, ge=1, description="Failed logins in a row from one client address (any user names) before it is locked "
        "out; higher than the per-user limit, as people behind one proxy or NAT share an address.")
    login_lockout_s: float = Field(
        60.0, gt=0, description="First lockout, in seconds; each further failure after a lockout doubles it.")
    login_max_lockout_s: float = Field(
        900.0, gt=0, description="Longest lockout in seconds; a name or address idle this long starts afresh.")

    @field_validator("users_file", mode="before")
    @classmethod
    def _unset_when_blank(cls, value):
        return blank_is_unset(value)


class EvaluationSettings(BaseSettings):
    """Where the web app writes the evaluation reports it runs (`assistant eval` has its own --report)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    reports_dir: Path | None = Field(
        None, description="Folder of the web app's evaluation reports; unset: `reports/` beside the index folder.")

    suites_dir: Path | None = Field(
        None, description="The project's evaluation folder, where the web app's \"Add to suite\" writes; unset: the "
        "folder of the project's suite (tests/eval).")
    feedback_suite: str = Field(
        "feedback.jsonl", description="File name, in the evaluation folder, of the suite that feedback turned into "
        "evaluation items is appended to (a bare .jsonl name: no folder).")

    @field_validator("reports_dir", "suites_dir", mode="before")
    @classmethod
    def _unset_when_blank(cls, value):
        return blank_is_unset(value)

    @field_validator("feedback_suite")
    @classmethod
    def _bare_jsonl_name(cls, value: str) -> str:
        value = value.strip()
        if not re.fullmatch(r"[\w][\w.-]{0,99}\.jsonl", value):
            raise ConfigError(f"ASSISTANT_FEEDBACK_SUITE={value!r} must be a file name ending in .jsonl, without a folder")
        return value

    def reports_for(self, index: IndexSettings) -> Path:
        """The reports folder: the setting, else `reports/` beside the index folder (git-ignored)."""
        return Path(self.reports_dir) if self.reports_dir else Path(index.index_dir).resolve().parent / "reports"

    def feedback_suite_path(self) -> Path:
        """The suite feedback is added to: `feedback_suite` inside the evaluation folder (never outside it)."""
        from assistant.evaluation.suite import project_suite  # here: the evaluation package reads settings

        folder = Path(self.suites_dir) if self.suites_dir else project_suite().parent
        return folder / self.feedback_suite


class ChatSettings(BaseSettings):
    """Where the web chat keeps conversations and feedback (one SQLite file)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    chats_db: Path | None = Field(
        None, description="SQLite file of the web chat's conversations and feedback; unset: chats.sqlite3 in the "
        "index folder.")

    @field_validator("chats_db", mode="before")
    @classmethod
    def _unset_when_blank(cls, value):
        return blank_is_unset(value)

    def db_for(self, index: IndexSettings) -> Path:
        return Path(self.chats_db) if self.chats_db else Path(index.index_dir) / "chats.sqlite3"


LLM_ENV = "ASSISTANT_LLM_"


class LLMSettings(BaseSettings):
    """An optional LLM that writes the answer from the retrieved passages; "none" keeps the offline extractive answerer.

    Checked when built: a backend without what it needs (a URL, a model, a GGUF file) is a ConfigError
    naming the variable to set, so a misconfigured LLM fails at start, not at the first question.
    """

    model_config = SettingsConfigDict(env_prefix=LLM_ENV, extra="ignore")

    mode: Literal["none", "openai", "ollama", "llamacpp"] = Field(
        "none",
        description='"none": no LLM, the extractive answerer (default, offline); "openai": any OpenAI-compatible '
        'chat-completions server (vLLM, llama.cpp server, LM Studio, OpenAI); "ollama": an Ollama server; '
        '"llamacpp": a local GGUF file run in-process by llama-cpp-python (extra `llamacpp`).',
    )
    base_url: str | None = Field(
        None,
        description='Server URL: for "openai" the API root ending in /v1 (e.g. http://127.0.0.1:8000/v1); for '
        '"ollama" the server (default http://127.0.0.1:11434). Unused by "none" and "llamacpp".',
    )
    api_key: SecretStr = Field(
        SecretStr("not-needed"), description='API key sent by "openai" mode; local servers ignore it. Never logged.'
    )
    model: str | None = Field(
        None, description='Model name as the server knows it (e.g. "qwen2.5:7b-instruct" for Ollama); required by '
        '"openai" and "ollama".'
    )
    model_path: Path | None = Field(None, description='Path of the GGUF model file for "llamacpp" mode.')
    timeout_s: float = Field(
        30.0, description="Seconds to wait for the LLM's reply before showing the extractive answer instead."
    )
    max_tokens: int = Field(256, description="Most tokens the LLM may generate for one answer.")
    temperature: float = Field(0.0, description="Sampling temperature; 0 keeps answers repeatable.")
    context_window: int = Field(
        4096, description="The model's context window in tokens (prompt plus answer); set to what the model supports."
    )
    passages: int = Field(6, description="Top retrieved passages given to the LLM, numbered [1]..[n].")

    def __init__(self, **values):
        # Raised here rather than in a validator, so the caller gets a ConfigError and not pydantic's wrapper.
        from pydantic import ValidationError

        try:
            super().__init__(**values)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "?"
            raise ConfigError(
                f"{LLM_ENV}{field.upper()}={first.get('input')!r} is invalid: {first['msg']}"
            ) from None
        self._check()

    def _check(self) -> None:
        if self.timeout_s <= 0:
            raise ConfigError(f"LLM timeout ({self.timeout_s:g} s) must be positive: set {LLM_ENV}TIMEOUT_S, e.g. 30")
        if self.max_tokens < 16:
            raise ConfigError(f"LLM max_tokens ({self.max_tokens}) is too small for a cited answer; "
                              f"set {LLM_ENV}MAX_TOKENS to at least 16")
        if not 0 <= self.temperature <= 2:
            raise ConfigError(f"LLM temperature ({self.temperature:g}) must be between 0 and 2 ({LLM_ENV}TEMPERATURE)")
        if self.context_window < self.max_tokens + 512:
            raise ConfigError(f"LLM context window ({self.context_window}) must exceed max_tokens ({self.max_tokens}) "
                              f"by at least 512 tokens for the passages; raise {LLM_ENV}CONTEXT_WINDOW")
        if self.passages < 1:
            raise ConfigError(f"LLM passages ({self.passages}) must be at least 1 ({LLM_ENV}PASSAGES)")
        needs = {"openai": ["base_url", "model"], "ollama": ["model"], "llamacpp": ["model_path"]}.get(self.mode, [])
        missing = [f"{LLM_ENV}{name.upper()}" for name in needs if not getattr(self, name)]
        if missing:
            raise ConfigError(f"{LLM_ENV}MODE={self.mode} needs {' and '.join(missing)} to be set")
        if self.mode in ("openai", "ollama") and self.base_url and not self.base_url.startswith(("http://", "https://")):
            from assistant.llm import redact_url  # here, not at the top: assistant.llm imports these settings

            raise ConfigError(f"{LLM_ENV}BASE_URL must look like http://HOST:PORT/v1, got {redact_url(self.base_url)!r}")


class Settings(BaseSettings):
    """All settings of the assistant, grouped by concern."""

    model_config = SettingsConfigDict(extra="ignore")

    index: IndexSettings = Field(default_factory=IndexSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    access: AccessSettings = Field(default_factory=AccessSettings)
    evaluation: EvaluationSettings = Field(default_factory=EvaluationSettings)
    chats: ChatSettings = Field(default_factory=ChatSettings)


def load_settings(corpus_dir: Path | None = None, index_dir: Path | None = None) -> Settings:
    """Settings from the environment, with command-line folders taking precedence."""
    settings = Settings()
    if corpus_dir is not None:
        settings.index.corpus_dir = Path(corpus_dir)
    if index_dir is not None:
        settings.index.index_dir = Path(index_dir)
    return settings
