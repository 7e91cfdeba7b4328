"""Indexing's vectors keep their meaning when the embedding is made cheaper (issue 13, index throughput).

Chunk vectors are the model's normalized mean-pooled embedding (the plain `encode`); sentence vectors are the mean
of the chunk's token vectors over each sentence, as the first implementation computed them (kept here as
`reference_sentence_vectors`): a per-sentence selection over offsets from a second tokenizer run.
"""

from __future__ import annotations

import numpy as np
import pytest

from assistant import indexing
from assistant.chunking import Chunker, count_tokens
from assistant.documents import Document
from assistant.embedding import MiniLMEmbedding, _as_array, pack_vectors, packed_rows
from assistant.index_events import Embedded
from assistant.store import IndexStore
from assistant.text import sentence_spans

SENTENCES = [
    "Japan's chief negotiator said on Monday that the reciprocal tariff of 24% would stay until a deal is signed.",
    "Talks on automobile quotas resume on April 16.",
    "Rice imports were not on the table.",
    "The U.S. Trade Representative told reporters in Washington that a framework agreement could come before "
    "the G7 summit in June, while semiconductor export controls would be discussed separately by the two sides.",
    "Analysts in Tokyo expect the 10% baseline tariff to cover most of the 57 listed countries.",
]


def texts_of_mixed_lengths() -> list[str]:
    """Short and long texts in no particular order, so a batch pads (and a length sort moves them)."""
    texts = []
    for n in range(1, 14):
        texts.append(" ".join(SENTENCES[i % len(SENTENCES)] for i in range(n % 7 + 1)) + f" Round {n}.")
    return texts


def reference_sentence_vectors(model, texts: list[str], spans) -> list[str]:
    """The first implementation of the sentence vectors, verbatim in what it computes."""
    outputs = model.encode(texts, batch_size=32, output_value=None, convert_to_numpy=True, normalize_embeddings=True)
    offsets = model.tokenizer(texts, return_offsets_mapping=True, truncation=True,
                              max_length=model.max_seq_length)["offset_mapping"]
    packed = []
    for output, token_offsets, sentence_spans_ in zip(outputs, offsets, spans):
        tokens = _as_array(output["token_embeddings"])[: len(token_offsets)]
        chunk = _as_array(output["sentence_embedding"])
        starts = np.array([a for a, _ in token_offsets])
        ends = np.array([b for _, b in token_offsets])
        rows = []
        for a, b in sentence_spans_:
            inside = (ends > a) & (starts < b) & (ends > starts)
            rows.append(tokens[inside].mean(axis=0) if inside.any() else chunk)
        packed.append(pack_vectors(np.array(rows).reshape(-1, tokens.shape[1])))
    return packed


def assert_same_packed(got: list[str], expected: list[str]) -> None:
    """Packed int8 rows equal, up to one step of rounding (float sums in another order)."""
    assert len(got) == len(expected)
    for n, (a, b) in enumerate(zip(got, expected)):
        rows_a, rows_b = packed_rows(a).astype(int), packed_rows(b).astype(int)
        assert rows_a.shape == rows_b.shape, f"text {n}: {rows_a.shape} sentence rows against {rows_b.shape}"
        assert rows_a.size == 0 or np.abs(rows_a - rows_b).max() <= 1, f"text {n}: sentence vectors differ from the reference"


def test_vectors_equal_the_plain_encode_and_the_first_sentence_pooling(model):
    embedder = MiniLMEmbedding()
    texts = texts_of_mixed_lengths()
    spans = [sentence_spans(t) for t in texts]
    vectors, packed = embedder.encode_with_sentences(texts, spans)
    plain = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    assert np.allclose(np.array(vectors), plain, atol=1e-5)
    assert_same_packed(packed, reference_sentence_vectors(model, texts, spans))


def test_chunker_offsets_are_the_model_tokenizers(model):
    # The chunker's own word-piece offsets replace the embedder's second tokenizer run: they must be the same.
    text = " ".join(SENTENCES * 6)
    chunks = Chunker().chunk(Document(doc_id="t.txt", title="T", file_type="txt", text=text))
    assert len(chunks) > 2
    for chunk in chunks:
        expected = model.tokenizer(chunk.text, return_offsets_mapping=True, truncation=True,
                                   max_length=model.max_seq_length)["offset_mapping"]
        assert [tuple(o) for o in chunk.token_offsets] == [tuple(o) for o in expected]
        assert chunk.token_count == len(expected)


def test_given_offsets_give_the_same_vectors(model):
    embedder = MiniLMEmbedding()
    text = " ".join(SENTENCES * 6)
    chunks = Chunker().chunk(Document(doc_id="t.txt", title="T", file_type="txt", text=text))
    texts, spans = [c.text for c in chunks], [sentence_spans(c.text) for c in chunks]
    with_offsets = embedder.encode_with_sentences(texts, spans, [c.token_offsets for c in chunks])
    assert with_offsets == embedder.encode_with_sentences(texts, spans)


def test_indexing_embeds_each_group_longest_first_and_stores_the_same_vectors(make_indexer, write_corpus,
                                                                                model, monkeypatch):
    # Chunks of different lengths from several documents: the model gets them longest first (so a batch pads
    # little), progress is reported per slice, and each chunk still gets its own vectors.
    monkeypatch.setattr(indexing, "PROGRESS_BATCHES", 1)
    files = {}
    for n in range(6):
        body = " ".join(SENTENCES[(n + i) % len(SENTENCES)] for i in range(n * 3 + 1))
        files[f"doc-{n}.txt"] = f"Report {n}\n\n{body}"
    write_corpus(files)
    indexer = make_indexer(embed_batch_size=4)
    calls, events = [], []
    real = MiniLMEmbedding.encode_with_sentences

    def spy(self, texts, spans, offsets=None):
        calls.append(list(texts))
        return real(self, texts, spans, offsets)

    monkeypatch.setattr(MiniLMEmbedding, "encode_with_sentences", spy)  # a pydantic model: patched on the class
    indexer.run(on_event=events.append)
    counts = [count_tokens(t) for call in calls for t in call]
    assert counts == sorted(counts, reverse=True), "chunks were not embedded longest first"
    assert [e.chunks for e in events if isinstance(e, Embedded)] == [len(c) for c in calls]

    got = IndexStore(indexer.settings.index).chunks.get(include=["documents", "embeddings", "metadatas"])
    texts = got["documents"]
    assert len(texts) == sum(len(c) for c in calls) > 8
    plain = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    assert np.allclose(np.array(got["embeddings"]), plain, atol=1e-5)
    reference = reference_sentence_vectors(model, texts, [sentence_spans(t) for t in texts])
    assert_same_packed([m["sentence_vectors"] for m in got["metadatas"]], reference)


@pytest.mark.parametrize("spans", [[], [(0, 0)], [(3, 3), (0, 5)]])
def test_sentences_without_tokens_take_the_chunk_vector(model, spans):
    embedder = MiniLMEmbedding()
    text = "Talks open Monday."
    _, packed = embedder.encode_with_sentences([text], [spans])
    assert_same_packed(packed, reference_sentence_vectors(model, [text], [spans]))
