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


def soft_overlaps(question_words: list[str], weights: list[float], sentences: list[list[str]]) -> np.ndarray:
    """For each sentence, the weighted mean over the question's words of the best cosine to any word of the
    sentence (0..1). One product of the question's words with all the sentences' words: the candidates of one
    question share most of their words, so each is looked up and compared once."""
    vocabulary: dict[str, int] = {}
    rows = [[vocabulary.setdefault(w, len(vocabulary)) for w in words] for words in sentences]
    if not question_words or not vocabulary:
        return np.zeros(len(sentences))
    words = np.stack([word_vector(w) for w in vocabulary])
    cosines = np.clip(_matrix(tuple(question_words)) @ words.T, 0.0, 1.0)
    has = np.zeros((len(sentences), len(vocabulary)), dtype=bool)  # which sentence has which word
    for i, row in enumerate(rows):
        has[i, row] = True
    best = np.where(has[:, None, :], cosines[None, :, :], 0.0).max(axis=2)  # sentence x question word
    w = np.asarray(weights)
    return best @ w / max(w.sum(), 1e-9)


@functools.lru_cache(maxsize=20_000)
def _matrix(words: tuple[str, ...]) -> np.ndarray:
    """The words' vectors as rows (cached: a conversation asks with the same words again)."""
    return np.stack([word_vector(w) for w in words])
