"""Stand-in chunk vectors for scale benchmarks: hashed bag-of-words projections instead of MiniLM.

Embedding 150,000 chunks with MiniLM takes over an hour on two cores, so the scale benchmark indexes
with these instead: real text, real chunking, real Chroma collections and keyword index, only the
vectors are cheaper. Each word maps to a fixed random direction (seeded by the word), a text's vector is
the normalised sum, so texts sharing words lie near each other as with a real model and Chroma's HNSW
graph is built over vectors with some structure. Questions are still embedded by the real model.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from assistant.embedding import pack_vectors

DIMENSIONS = 384
_BUCKETS = 8192
_WORD = re.compile(r"[a-z0-9]+")
_DIRECTIONS = np.random.default_rng(12).standard_normal((_BUCKETS, DIMENSIONS)).astype(np.float32)


def _vector(text: str) -> np.ndarray:
    ids = [zlib.crc32(w.encode()) % _BUCKETS for w in _WORD.findall(text.lower())]
    vector = _DIRECTIONS[ids].sum(axis=0) if ids else _DIRECTIONS[0]
    return vector / max(float(np.linalg.norm(vector)), 1e-9)


class StandInEmbedder:
    """What `Indexer` asks of its embedder (`encode_with_sentences`), without the model."""

    embed_batch_size = 256

    def encode_with_sentences(self, texts: list[str], spans: list[list[tuple[int, int]]], offsets=None):
        vectors, packed = [], []
        for text, sentence_spans in zip(texts, spans):
            vectors.append(_vector(text).tolist())
            rows = np.array([_vector(text[a:b]) for a, b in sentence_spans] or [_vector(text)])
            packed.append(pack_vectors(rows))
        return vectors, packed
