"""Question -> ranked passages: dense (MiniLM in Chroma, via LlamaIndex) and keyword (BM25) fused by RRF.

Only committed chunks are used: the retriever keeps a table of the chunks whose version the manifest
names, reloaded when the manifest's generation changes (another process or a rebuild committed).
The BM25 index is built from that same table, so it always matches the Chroma collection, also when
Chroma is a server shared by several app instances.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from assistant.embedding import MiniLMEmbedding, unpack_vectors
from assistant.errors import IndexMissingError
from assistant.answers import Passage
from assistant.settings import RetrievalSettings
from assistant.store import IndexStore
from assistant.text import terms

@dataclass
class SearchResult:
    passages: list[Passage]
    dense_similarity: dict[str, float]  # chunk_id -> cosine similarity, for passages the dense search found
    query_embedding: np.ndarray | None = None  # the question's unit vector


@dataclass
class _Table:
    """The committed chunks in memory, with their BM25 index."""

    generation: str
    passages: list[Passage]
    position: dict[str, int]
    bm25: object | None
    doc_freq: dict[str, int]
    titles: dict[str, str]
    chunk_counts: dict[str, int]
    doc_ids: list[str]  # documents in the order of the whole-document BM25 index
    doc_positions: dict[str, list[int]]  # each document's chunks (table positions), in order
    doc_bm25: object | None


class Retriever:
    """Hybrid retrieval over one index; thread-safe, refreshes itself when the index changes."""

    def __init__(self, store: IndexStore, embedder: MiniLMEmbedding, settings: RetrievalSettings | None = None):
        self.store = store
        self.embedder = embedder
        self.settings = settings or RetrievalSettings()
        self._table: _Table | None = None
        self._lock = threading.Lock()

    # -- the committed-chunk table ------------------------------------------------------------
    def table(self) -> _Table:
        with self._lock:
            changed = self.store.sync()
            if self._table is None or changed:
                self._table = self._load()
            return self._table

    def _load(self) -> _Table:
        import bm25s

        records = self.store.documents()
        versions = {r.version for r in records.values()}
        passages: list[Passage] = []
        if versions:
            got = self.store.chunks.get(where={"doc_version": {"$in": sorted(versions)}},
                                        include=["documents", "metadatas"])
            rows = sorted(zip(got["ids"], got["documents"], got["metadatas"]),
                          key=lambda row: (row[2]["doc_id"], row[2]["chunk_index"]))
            dates = {d: r.date for d, r in records.items()}
            passages = [Passage(chunk_id=i, doc_id=m["doc_id"], title=m.get("title", m["doc_id"]), text=t,
                                start=int(m["start"]), end=int(m["end"]), page=m.get("page"),
                                date=dates.get(m["doc_id"], ""),
                                sentence_vectors=unpack_vectors(m["sentence_vectors"]) if m.get("sentence_vectors")
                                else None) for i, t, m in rows]
        tokens = [terms(p.text) for p in passages]
        bm25 = doc_bm25 = None
        doc_ids = sorted({p.doc_id for p in passages})
        if passages:
            bm25 = bm25s.BM25()
            bm25.index(tokens, show_progress=False)
            doc_bm25 = bm25s.BM25()
            doc_bm25.index([terms(text) for text in _document_texts(passages, doc_ids)], show_progress=False)
        doc_freq: dict[str, int] = {}
        for toks in tokens:
            for t in set(toks):
                doc_freq[t] = doc_freq.get(t, 0) + 1
        return _Table(
            generation=self.store.generation(), passages=passages,
            position={p.chunk_id: i for i, p in enumerate(passages)}, bm25=bm25, doc_freq=doc_freq,
            titles={d: r.title for d, r in records.items()}, chunk_counts={d: r.chunks for d, r in records.items()},
            doc_ids=doc_ids, doc_bm25=doc_bm25, doc_positions=_positions_by_document(passages),
        )

    def idf(self, term: str) -> float:
        """BM25-style IDF over the committed chunks of the table the latest search used (no refresh here)."""
        table = self._table or self.table()
        n = max(len(table.passages), 1)
        return float(np.log(1 + (n - table.doc_freq.get(term, 0) + 0.5) / (table.doc_freq.get(term, 0) + 0.5)))

    # -- search -------------------------------------------------------------------------------
    def embed_query(self, query: str) -> list[float]:
        return self.embedder.get_query_embedding(query)

    def retrieve(self, query: str, documents: list[str] | None = None, top_k: int | None = None,
                 query_embedding: list[float] | None = None) -> list[Passage]:
        """The top passages for `query`, optionally only from the listed doc_ids, best first."""
        return self.search(query, documents, top_k, query_embedding).passages

    def search(self, query: str, documents: list[str] | None = None, top_k: int | None = None,
               query_embedding: list[float] | None = None) -> "SearchResult":
        """Like `retrieve`, also returning each passage's dense similarity for the answerer's confidence."""
        table = self.table()
        if not table.passages:
            raise IndexMissingError("the index is empty: add documents to the corpus folder and run `assistant index`")
        top_k = top_k or self.settings.top_k
        allowed = None
        if documents:
            allowed = np.array([p.doc_id in set(documents) for p in table.passages])
        query_embedding = query_embedding or self.embed_query(query)
        dense = self.dense(query, table, documents, query_embedding)
        keyword = self.keyword(query, table, allowed)
        similarity = {table.passages[pos].chunk_id: sim for pos, sim in dense}
        by_document = self.document_scores(query, table, dense, documents) if self.settings.document_weight else {}
        return SearchResult(self._fuse(table, dense, keyword, top_k, by_document), similarity,
                            np.asarray(query_embedding, dtype=np.float32))

    def document_scores(self, query: str, table: _Table, dense, documents: list[str] | None) -> dict[str, float]:
        """Whole-document fused score: BM25 over each document's full text, and its best dense chunk.

        A news article's answer sentence often shares few words with the question while the article as a whole
        shares many; ranking articles first and passages within them follows how a reader searches.
        """
        k, out = self.settings.rrf_k, {}
        best_dense: dict[str, int] = {}
        for pos, _sim in dense:
            best_dense.setdefault(table.passages[pos].doc_id, len(best_dense) + 1)
        query_terms = [t for t in terms(query) if t in table.doc_freq]
        keyword_docs: dict[str, int] = {}
        if query_terms and table.doc_bm25 is not None:
            scores = table.doc_bm25.get_scores(query_terms)
            if documents:
                wanted = set(documents)
                scores = np.where([d in wanted for d in table.doc_ids], scores, 0.0)
            for rank, i in enumerate(np.argsort(-scores, kind="stable")[: self.settings.candidates], start=1):
                if scores[i] > 0:
                    keyword_docs[table.doc_ids[i]] = rank
        for doc_id in set(best_dense) | set(keyword_docs):
            score = 0.0
            if doc_id in best_dense:
                score += self.settings.dense_weight / (k + best_dense[doc_id])
            if doc_id in keyword_docs:
                score += self.settings.keyword_weight / (k + keyword_docs[doc_id])
            out[doc_id] = score
        return out

    def dense(self, query: str, table: _Table, documents: list[str] | None, embedding=None) -> list[tuple[int, float]]:
        """(table position, similarity), best first: the chunks nearest the question in Chroma.

        Chroma is asked directly for ids and distances only, not through LlamaIndex's vector store: that one
        fetches and parses every hit's stored node (text, metadata, sentence vectors) that the table already
        holds, which cost more than the search itself. The similarity is LlamaIndex's: exp(-cosine distance).
        """
        where = {"doc_id": {"$in": list(documents)}} if documents else None
        # Over-fetch: chunks of an unfinished rebuild may take places and are dropped below.
        wanted = min(self.settings.candidates * 2, max(len(table.passages) * 2, 1))
        vector = embedding if embedding is not None else self.embed_query(query)
        with self.store.reading():
            found = self.store.chunks.query(query_embeddings=[list(map(float, vector))], n_results=wanted,
                                            where=where, include=["distances"])
        hits = []
        for node_id, distance in zip(found["ids"][0], found["distances"][0]):
            if node_id in table.position:
                hits.append((table.position[node_id], math.exp(-float(distance))))
        return hits[: self.settings.candidates]

    def keyword(self, query: str, table: _Table, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        """(table position, BM25 score), best first; zero scores are no match."""
        query_terms = [t for t in terms(query) if t in table.doc_freq]
        if not query_terms or table.bm25 is None:
            return []
        scores = table.bm25.get_scores(query_terms)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[: self.settings.candidates]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]

    def _fuse(self, table: _Table, dense, keyword, top_k: int, by_document: dict[str, float]) -> list[Passage]:
        """Weighted reciprocal rank fusion, plus the passage's document score; the passage score is the sum."""
        k = self.settings.rrf_k
        fused: dict[int, float] = {}
        for weight, hits in ((self.settings.dense_weight, dense), (self.settings.keyword_weight, keyword)):
            for rank, (pos, _score) in enumerate(hits, start=1):
                fused[pos] = fused.get(pos, 0.0) + weight / (k + rank)
        # A document ranked high as a whole may have no chunk in either chunk list: its chunks join the pool.
        represented = {table.passages[pos].doc_id for pos in fused}
        for doc_id, _score in sorted(by_document.items(), key=lambda item: -item[1])[:top_k]:
            if doc_id not in represented:
                for pos in table.doc_positions.get(doc_id, [])[:_CHUNKS_PER_DOCUMENT]:
                    fused.setdefault(pos, 0.0)
        for pos in fused:
            fused[pos] += self.settings.document_weight * by_document.get(table.passages[pos].doc_id, 0.0)
        ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:top_k]
        out = []
        for pos, score in ranked:
            p = table.passages[pos]
            out.append(Passage(p.chunk_id, p.doc_id, p.title, p.text, p.start, p.end, p.page, round(score, 6), p.date,
                               p.sentence_vectors))
        return out


def _document_texts(passages: list[Passage], doc_ids: list[str]) -> list[str]:
    """Each document's text rebuilt from its chunks (sorted by position), overlaps counted once."""
    parts: dict[str, list[str]] = {d: [] for d in doc_ids}
    covered: dict[str, int] = {}
    for p in sorted(passages, key=lambda p: (p.doc_id, p.start)):
        seen = covered.get(p.doc_id, 0)
        if p.end > seen:
            parts[p.doc_id].append(p.text[max(0, seen - p.start):])
            covered[p.doc_id] = p.end
    return [" ".join(parts[d]) for d in doc_ids]


_CHUNKS_PER_DOCUMENT = 3  # chunks of a document that joins the pool through its whole-document rank


def _positions_by_document(passages: list[Passage]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for pos, p in enumerate(passages):
        out.setdefault(p.doc_id, []).append(pos)
    return out
