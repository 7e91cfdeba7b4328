"""The LLM factory: LLMSettings -> a LlamaIndex LLM, one `match` on the mode.

The OpenAI-compatible and Ollama clients are default dependencies; llama-cpp-python compiles C++ and is
an extra (`pip install -e '.[llamacpp]'`), so its import is optional and a missing one says what to install.
Nothing here opens a connection: the clients connect at the first question.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import ConfigError
from assistant.settings import LLM_ENV, LLMSettings

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

OLLAMA_URL = "http://127.0.0.1:11434"


def build_llm(settings: LLMSettings) -> "LLM | None":
    """The configured LLM, or None for mode "none" (the extractive answerer alone)."""
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
