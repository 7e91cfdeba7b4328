"""The naive pipeline every evaluation is judged against: what a LlamaIndex user gets in ten lines.

LlamaIndex's plain dense retriever (`VectorStoreIndex.from_vector_store` over the assistant's own Chroma
collection and MiniLM embedder) ranks the chunks; the answer is the top chunk's best-matching sentence,
the one whose MiniLM embedding has the highest cosine to the question, cut to the scoring rules' 60 words
and cited `[1]` with the sentence's offsets in the document. It never abstains and ignores history.
None of the assistant's retrieval (BM25, fusion, article ranking) or answering logic (question types,
evidence checks, abstention) is used; `retrieved` keeps the dense ranking so hit@k is measured for it.
"""

from __future__ import annotations

import time

import numpy as np

from assistant.errors import IndexMissingError
from assistant.evaluation.scoring import MAX_WORDS, word_count
from assistant.answers import Answer, Passage, cite
from assistant.text import flat, sentence_spans


def cut_to_words(text: str, limit: int = MAX_WORDS) -> str:
    """`text` cut after its `limit`-th word, words counted as `scoring.word_count` counts them; "…" marks a cut."""
    if word_count(text) <= limit:
        return text
    kept, words = [], 0
    for token in text.split():
        if word_count(token):
            if words == limit:
                break
            words += 1
        kept.append(token)
    return " ".join(kept) + " …"


_MAX_CACHED = 4096  # chunks whose sentence vectors one baseline keeps (a few MB)


class NaiveBaseline:
    """Same store and model as the assistant; none of its retrieval or answering logic."""

    def __init__(self, assistant, top_k: int = 10):
        from llama_index.core import VectorStoreIndex

        self.embedder = assistant.embedder
        self.store = assistant.store
        index = VectorStoreIndex.from_vector_store(assistant.store.vector_store(),
                                                  embed_model=self.embedder.as_llama_index())
        self.retriever = index.as_retriever(similarity_top_k=top_k)
        self._vectors: dict[str, np.ndarray] = {}  # a chunk's sentence vectors: suites ask many questions of one chunk

    def ask(self, question: str, history=()) -> Answer:
        started = time.perf_counter()
        hits = self.retriever.retrieve(question)
        dates = {doc_id: record.date for doc_id, record in self.store.documents().items()}  # from the manifest
        passages = [Passage(chunk_id=h.node.node_id, doc_id=h.node.metadata.get("doc_id", ""),
                            title=h.node.metadata.get("title", ""), text=h.node.get_content(),
                            start=int(h.node.metadata.get("start", 0)), end=int(h.node.metadata.get("end", 0)),
                            page=h.node.metadata.get("page"), score=float(h.score or 0.0),
                            date=dates.get(h.node.metadata.get("doc_id", ""), "") or "") for h in hits]
        if not passages:  # nothing to answer from is an error, as it is for the assistant, not an abstention
            raise IndexMissingError("the index is empty: add documents to the corpus folder and run `assistant index`")
        top = passages[0]
        a, b = self.best_sentence(question, top.text)
        citation = cite(1, top, (a, b))
        answer = f"{cut_to_words(flat(top.text[a:b]))} [1]"
        return Answer(question, answer, False, [citation], (time.perf_counter() - started) * 1000,
                      retrieved=passages)

    def best_sentence(self, question: str, text: str) -> tuple[int, int]:
        """(start, end) in `text` of the sentence whose MiniLM vector is closest (cosine) to the question's."""
        spans = sentence_spans(text) or [(0, len(text))]
        if len(spans) == 1:
            return spans[0]
        vectors = self._vectors.get(text)
        if vectors is None:
            vectors = np.asarray(self.embedder.get_text_embedding_batch([flat(text[a:b]) for a, b in spans]))
            if len(self._vectors) < _MAX_CACHED:
                self._vectors[text] = vectors
        query = np.asarray(self.embedder.get_query_embedding(question))
        return spans[int(np.argmax(vectors @ query))]  # unit vectors: the dot product is the cosine
