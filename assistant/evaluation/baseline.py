"""The naive pipeline every evaluation is judged against: LlamaIndex's plain dense retriever over the same
Chroma collection, answering with the first sentence of the top chunk. It never abstains and ignores history.
"""

from __future__ import annotations

import time

from assistant.text import sentence_spans
from assistant.models import Answer, Citation, Passage


class NaiveBaseline:
    """Same store and model as the assistant; none of its retrieval or answering logic."""

    def __init__(self, assistant, top_k: int = 10):
        from llama_index.core import VectorStoreIndex

        index = VectorStoreIndex.from_vector_store(assistant.store.vector_store(), embed_model=assistant.embedder)
        self.retriever = index.as_retriever(similarity_top_k=top_k)

    def ask(self, question: str, history=()) -> Answer:
        started = time.perf_counter()
        hits = self.retriever.retrieve(question)
        passages = [Passage(chunk_id=h.node.node_id, doc_id=h.node.metadata.get("doc_id", ""),
                            title=h.node.metadata.get("title", ""), text=h.node.get_content(),
                            start=int(h.node.metadata.get("start", 0)), end=int(h.node.metadata.get("end", 0)),
                            page=h.node.metadata.get("page"), score=float(h.score or 0.0)) for h in hits]
        if not passages:
            return Answer(question, "Not found in the documents.", True, latency_ms=0.0)
        top = passages[0]
        spans = sentence_spans(top.text) or [(0, len(top.text))]
        a, b = spans[0]
        citation = Citation(1, top.doc_id, top.title, top.text, top.start + a, top.start + b, top.page, top.score,
                            top.text[a:b])
        return Answer(question, f"{top.text[a:b]} [1]", False, [citation],
                      (time.perf_counter() - started) * 1000, retrieved=passages)
