"""Soft word matching: "profit" near "earnings", "halting" near "suspending", without running the model.

Each word's vector is the mean of its word pieces' input embeddings in the packaged MiniLM model (the
table the transformer starts from), read once. Comparing a question's words with a sentence's words
this way costs microseconds, where encoding every candidate sentence would cost milliseconds each.
"""

from __future__ import annotations

import functools

import numpy as np


@functools.lru_cache(maxsize=1)
def _table() -> np.ndarray:
    from assistant.embedding import load_model

    weights = load_model()[0].auto_model.embeddings.word_embeddings.weight.detach().cpu().numpy()
    return weights / np.maximum(np.linalg.norm(weights, axis=1, keepdims=True), 1e-9)


@functools.lru_cache(maxsize=200_000)
def word_vector(word: str) -> np.ndarray:
    """Unit vector of a lower-case word (mean of its word pieces)."""
    from assistant.chunking import tokenizer

    ids = tokenizer().encode(word, add_special_tokens=False).ids or [100]  # [UNK]
    vector = _table()[ids].mean(axis=0)
    return vector / max(float(np.linalg.norm(vector)), 1e-9)


def soft_overlap(question_words: list[str], weights: list[float], sentence_words: list[str]) -> float:
    """Weighted mean, over the question's words, of the best cosine to any word of the sentence (0..1)."""
    if not question_words or not sentence_words:
        return 0.0
    q = _matrix(tuple(question_words))
    s = _matrix(tuple(dict.fromkeys(sentence_words)))
    best = np.clip((q @ s.T).max(axis=1), 0.0, 1.0)
    w = np.asarray(weights)
    return float((best * w).sum() / max(w.sum(), 1e-9))


@functools.lru_cache(maxsize=20_000)
def _matrix(words: tuple[str, ...]) -> np.ndarray:
    """The words' vectors as rows (cached: the same sentences come back for related questions)."""
    return np.stack([word_vector(w) for w in words])
