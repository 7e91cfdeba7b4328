"""Question -> ranked passages: dense (MiniLM in Chroma, via LlamaIndex) and keyword (BM25) fused by RRF.

Only committed chunks are used: the retriever reads a table of the chunks whose version the manifest names
(`chunk_table.ChunkTable`, kept current by `live_table.LiveTable`: reloaded in the background when the
manifest's generation changes, saved per generation in the keyword cache for restarts). The BM25 index is built
from that same table, so it always matches the Chroma collection, also when Chroma is a server shared by several
app instances.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass

import numpy as np

from assistant.chunk_table import ChunkTable
from assistant.embedding import MiniLMEmbedding, unit_rows
from assistant.errors import IndexMissingError
from assistant.evidence import TimeRef, reports_on
from assistant.answers import Passage
from assistant.keyword_cache import KeywordCache, cache_folder
from assistant.live_table import LiveTable
from assistant.settings import RetrievalSettings
from assistant.store import IndexStore
from assistant.text import terms

log = logging.getLogger(__name__)
_DIMENSIONS = 384  # all-MiniLM-L6-v2

@dataclass
class SearchResult:
    passages: list[Passage]
    dense_similarity: dict[str, float]  # chunk_id -> cosine similarity, for passages the dense search found
    query_embedding: np.ndarray | None = None  # the question's unit vector


class Retriever:
    """Hybrid retrieval over one index; thread-safe, refreshes itself when the index changes."""

    def __init__(self, store: IndexStore, embedder: MiniLMEmbedding, settings: RetrievalSettings | None = None,
                 cache: KeywordCache | None = None):
        """`cache`: where tables are saved per generation; by default the node's folder beside the index."""
        self.store = store
        self.embedder = embedder
        self.settings = settings or RetrievalSettings()
        self.tables = LiveTable(store, cache or KeywordCache(cache_folder(store.settings)))
        self._used = threading.local()  # the table this thread's latest search read

    # -- the committed-chunk table ------------------------------------------------------------
    def table(self) -> ChunkTable:
        """The current table; a question never waits for a reload (see LiveTable.current)."""
        return self.tables.current()

    def refresh(self, timeout: float | None = None) -> ChunkTable:
        """The table brought up to the index's latest commit now (waits for the reload)."""
        return self.tables.refresh(timeout)

    def idf(self, term: str) -> float:
        """BM25-style IDF over the committed chunks of the table this thread's latest search used (no refresh)."""
        table = getattr(self._used, "table", None) or self.tables.latest() or self.table()
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
               query_embedding: list[float] | None = None, times: list[TimeRef] = (),
               story: str | None = None) -> "SearchResult":
        """Like `retrieve`, also returning each passage's dense similarity for the answerer's confidence.
        `times`: the months or days the question asks about; documents dated as their report rank higher.
        `story`: the document that answered the conversation's earlier question, whose passages rank higher."""
        table = self.table()
        self._used.table = table
        if not table.passages:
            raise IndexMissingError("the index is empty: add documents to the corpus folder and run `assistant index`")
        top_k = top_k or self.settings.top_k
        allowed = None
        if documents:
            allowed = np.zeros(len(table.passages), dtype=bool)
            for doc_id in set(documents):
                allowed[table.doc_positions.get(doc_id, [])] = True
        query_embedding = query_embedding or self.embed_query(query)
        dense = self.dense(query, table, documents, query_embedding)
        scores = self.keyword_scores(query, table)  # (once: the dated ranking reads the same scores)
        keyword = self.keyword(scores, allowed)
        dated = self._dated_keyword(scores, table, allowed, times)
        similarity = {table.passages[pos].chunk_id: sim for pos, sim in dense}
        by_document = self.document_scores(query, table, dense, documents) if self.settings.document_weight else {}
        story = story if not documents or story in documents else None
        fused = self._fuse(table, dense, keyword, top_k, by_document, times, story, dated)
        return SearchResult(fused, similarity,
                            np.asarray(query_embedding, dtype=np.float32))

    def document_scores(self, query: str, table: ChunkTable, dense, documents: list[str] | None) -> dict[str, float]:
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
            for rank, i in enumerate(_best(scores, self.settings.candidates), start=1):
                keyword_docs[table.doc_ids[i]] = rank
        for doc_id in set(best_dense) | set(keyword_docs):
            score = 0.0
            if doc_id in best_dense:
                score += self.settings.dense_weight / (k + best_dense[doc_id])
            if doc_id in keyword_docs:
                score += self.settings.document_keyword_weight / (k + keyword_docs[doc_id])
            out[doc_id] = score
        return out

    def dense(self, query: str, table: ChunkTable, documents: list[str] | None, embedding=None) -> list[tuple[int, float]]:
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

    @staticmethod
    def keyword_scores(query: str, table: ChunkTable) -> np.ndarray | None:
        """Every passage's BM25 score for the query; None when no query term is in the table."""
        query_terms = [t for t in terms(query) if t in table.doc_freq]
        if not query_terms or table.bm25 is None:
            return None
        return table.bm25.get_scores(query_terms)

    def keyword(self, scores: np.ndarray | None, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        """(table position, BM25 score) of the passages `allowed` (all when None), best first; zero scores are no
        match."""
        if scores is None:
            return []
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        return [(int(i), float(scores[i])) for i in _best(scores, self.settings.candidates)]

    def _dated_keyword(self, scores: np.ndarray | None, table: ChunkTable, allowed: np.ndarray | None,
                       times: list[TimeRef]) -> list[tuple[int, float]]:
        """The best keyword matches among documents dated as the report of an asked day or month, a ranking of their
        own: "the dollar's close in New York on March 24" is in one of a dozen stories alike, the one of March 24 or
        25, which the word match alone may leave out of the pool. None when every document is dated so (the
        keyword ranking again)."""
        asked = [ref for ref in times if ref.month]
        if scores is None or not asked or not self.settings.date_weight:
            return []
        fits: dict[str, bool] = {}  # (each date read once: many documents share one)
        dated = np.zeros(len(scores), dtype=bool)
        for doc_id, positions in table.doc_positions.items():
            date = table.documents[doc_id].date
            if date not in fits:
                fits[date] = all(reports_on(ref, date) for ref in asked)
            dated[positions] = fits[date]
        if allowed is not None:
            dated &= allowed
        if not dated.any() or (dated == (allowed if allowed is not None else True)).all():
            return []
        return [hit for hit in self.keyword(scores, dated)[:_DATED_CANDIDATES] if hit[1] > 0]

    def _fuse(self, table: ChunkTable, dense, keyword, top_k: int, by_document: dict[str, float],
              times: list[TimeRef] = (), story: str | None = None, dated=()) -> list[Passage]:
        """Weighted reciprocal rank fusion, plus the passage's document score; the passage score is the sum.
        `dated`: the keyword matches among documents dated as the asked day's or month's report, one more keyword
        ranking."""
        k = self.settings.rrf_k
        fused: dict[int, float] = {}
        for weight, hits in ((self.settings.dense_weight, dense), (self.settings.keyword_weight, keyword),
                             (self.settings.keyword_weight, dated)):
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
        self._by_date(table, fused, times)
        if story:  # the earlier answer's document
            self._first_rank(fused, table.doc_positions.get(story, []), self.settings.story_weight)
        ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:top_k]
        return [_passage(table, pos, score) for pos, score in ranked]

    def _by_date(self, table: ChunkTable, fused: dict[int, float], times: list[TimeRef]) -> None:
        """Passages of documents dated as a report of every asked month or day get the score of a first rank in
        one more ranking, when the pool also holds documents dated otherwise: "Japan's unemployment rate in
        December 1986" is in the report of January, not in the monthly story of another month that words it alike."""
        if not times or not self.settings.date_weight:
            return
        fits = {}
        for pos in fused:
            date = table.passages[pos].date
            if date not in fits:
                found = [reports_on(ref, date) for ref in times]
                fits[date] = None if None in found else all(found)
        if True in fits.values() and False in fits.values():
            self._first_rank(fused, [pos for pos in fused if fits[table.passages[pos].date]], self.settings.date_weight)

    def _first_rank(self, fused: dict[int, float], positions: list[int], weight: float) -> None:
        """The score of a first rank in one more ranking, `weight` times, for each passage at `positions` (which
        join the pool if they were not in it); none when the weight is 0."""
        if not weight:
            return
        for pos in positions:
            fused[pos] = fused.get(pos, 0.0) + weight / (self.settings.rrf_k + 1)

    def document_passages(self, doc_id: str) -> list[Passage]:
        """Every committed passage of one document, in order, from the table the latest search read; their score is
        0 (not ranked by a search)."""
        table = getattr(self._used, "table", None) or self.table()
        return [_passage(table, pos, 0.0) for pos in table.doc_positions.get(doc_id, [])]


def _passage(table: ChunkTable, pos: int, score: float) -> Passage:
    p, rows = table.passages[pos], table.sentence_rows[pos]
    return Passage(p.chunk_id, p.doc_id, p.title, p.text, p.start, p.end, p.page, round(score, 6), p.date,
                   None if rows is None else unit_rows(rows))


def warm_up(store: IndexStore) -> threading.Thread | None:
    """Start reading what a node's first question needs while the rest of it starts (the embedding model loads):
    the saved keyword table of the index's generation (`KeywordCache.preload`, taken by the first question's
    `LiveTable`) and Chroma's vector index (its first query loads the HNSW index: seconds at 150,000 chunks).
    Nothing when the index holds no chunk. Failures are left for the first question to meet and report."""

    def warm() -> None:
        try:
            if not store.chunks.count():
                return
            KeywordCache(cache_folder(store.settings)).preload(store.generation())
            probe = np.zeros(_DIMENSIONS, dtype=np.float32)
            probe[0] = 1.0
            with store.reading():
                store.chunks.query(query_embeddings=[probe.tolist()], n_results=1, include=[])
        except Exception as exc:  # noqa: BLE001 - only a head start
            log.debug("warming up the index failed (%s: %s)", type(exc).__name__, exc)

    thread = threading.Thread(target=warm, name="index-warm-up", daemon=True)
    thread.start()
    return thread


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest positive scores, best first, ties in position order: what a stable argsort of
    -scores gives once zero scores are dropped, without sorting a large collection whole."""
    scores = np.asarray(scores)
    positive = np.flatnonzero(scores > 0)
    if len(positive) > k:
        values = -scores[positive]
        positive = positive[values <= np.partition(values, k - 1)[k - 1]]  # the k best and all tied with the k-th
    return positive[np.argsort(-scores[positive], kind="stable")][:k]


_DATED_CANDIDATES = 3  # keyword matches from documents dated as the asked day or month (see _dated_keyword)
_CHUNKS_PER_DOCUMENT = 3  # chunks of a document that joins the pool through its whole-document rank
