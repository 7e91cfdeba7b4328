"""The LLM factory: LLMSettings -> a LlamaIndex LLM, one `match` on the mode.

The OpenAI-compatible and Ollama clients are default dependencies; llama-cpp-python compiles C++ and is
an extra (`pip install -e '.[llamacpp]'`), so its import is optional and a missing one says what to install.
Nothing here opens a connection: the clients connect at the first question.

A base URL may carry credentials (http://user:secret@host/v1, ?key=...): `redact_url` is the one way it is
printed, and the HTTP clients' loggers get a filter that redacts the URLs they log.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from typing import TYPE_CHECKING

from assistant.errors import ConfigError
from assistant.settings import LLM_ENV, LLMSettings

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

OLLAMA_URL = "http://127.0.0.1:11434"
REDACTED = "***"
# A URL with a scheme, as it appears in a message ("... to http://user:pw@host/v1?key=abc; ...").
_URL_IN_TEXT = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s'\"<>]+", re.IGNORECASE)
# Loggers of the HTTP clients that write request URLs (openai at DEBUG, httpx at INFO).
_CLIENT_LOGGERS = ("httpx", "httpcore", "openai._base_client", "openai", "ollama", "llama_index.llms.openai_like")


def redact_url(url: str | None) -> str:
    """The URL as users and logs may see it: user info and every query value replaced by ***.

    "http://user:secret@host:8000/v1?key=abc&x" -> "http://***@host:8000/v1?key=***&***".
    """
    if not url:
        return url or ""
    try:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2]
    except ValueError:  # not parseable as a URL: show nothing of it that might be a secret
        return REDACTED
    netloc = f"{REDACTED}@{host}" if "@" in parts.netloc else parts.netloc
    # A name=value field keeps its name; a bare field ("?abc123") may be the secret itself.
    query = "&".join(f"{name}={REDACTED}" if sep and name else REDACTED
                     for name, sep, _ in (field.partition("=") for field in parts.query.split("&") if field))
    return urlunsplit((parts.scheme, netloc, parts.path, query, REDACTED if parts.fragment else ""))


def redact_urls(text: str) -> str:
    """`text` with each URL in it redacted (for exception messages and log lines that may quote one)."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group()), text or "")


class RedactURLs(logging.Filter):
    """Rewrites a log record whose message holds a URL with credentials or a query, so no handler sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is left to logging's own error handling
            return True
        redacted = redact_urls(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_REDACT_FILTER = RedactURLs()


def _guard_client_logs() -> None:
    """Install the redacting filter on the HTTP clients' loggers (once; a logger's filters see its own records)."""
    for name in _CLIENT_LOGGERS:
        logger = logging.getLogger(name)
        if _REDACT_FILTER not in logger.filters:
            logger.addFilter(_REDACT_FILTER)


def build_llm(settings: LLMSettings) -> "LLM | None":
    """The configured LLM, or None for mode "none" (the extractive answerer alone)."""
    if settings.mode != "none":
        _guard_client_logs()
    match settings.mode:
        case "none":
            return None
        case "openai":
            from llama_index.llms.openai_like import OpenAILike

            # One attempt per question: a retry would double the wait the timeout promises; the caller falls back.
            return OpenAILike(
                model=settings.model, api_base=settings.base_url.rstrip("/"),
                api_key=settings.api_key.get_secret_value(), is_chat_model=True, is_function_calling_model=False,
                context_window=settings.context_window, max_tokens=settings.max_tokens,
                temperature=settings.temperature, timeout=settings.timeout_s, max_retries=0,
            )
        case "ollama":
            from llama_index.llms.ollama import Ollama

            # context_window is given so the client does not ask the server for it when building its metadata.
            return Ollama(
                model=settings.model, base_url=(settings.base_url or OLLAMA_URL).rstrip("/"),
                request_timeout=settings.timeout_s, temperature=settings.temperature,
                context_window=settings.context_window, additional_kwargs={"num_predict": settings.max_tokens},
            )
        case "llamacpp":
            path = Path(settings.model_path).expanduser()
            if not path.is_file():
                raise ConfigError(f"{LLM_ENV}MODEL_PATH names no file: {path} (give the path of a .gguf model)")
            try:
                from llama_index.llms.llama_cpp import LlamaCPP
            except ImportError as exc:
                raise ConfigError(
                    f"{LLM_ENV}MODE=llamacpp needs the llamacpp extra: pip install -e '.[llamacpp]' ({exc})"
                ) from None
            # model_path is always given: without it LlamaCPP would download a default model.
            return LlamaCPP(
                model_path=str(path), temperature=settings.temperature, max_new_tokens=settings.max_tokens,
                context_window=settings.context_window, verbose=False,
            )
        case other:  # unreachable: LLMSettings.mode is a Literal
            raise ConfigError(f"unknown {LLM_ENV}MODE {other!r}")
