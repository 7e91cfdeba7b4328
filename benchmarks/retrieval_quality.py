"""Retrieval quality on an evaluation suite: passage level (fusion weights) or document level (anchors).

Passage level: the suite's document-level hit@k is trivial on a one-document corpus, so a passage counts as
gold here when it holds an accepted answer (or every must_include string), normalized as the scoring rules
say. Prints a table of dense, keyword and fused rankings to choose the fusion weights from measurements.

Document level (the default when the suite's items name more than one source document): for the items
that name sources, the rank of the first passage or document from a gold source, as hit@1, hit@5 and
MRR@10, for the project's retriever and two simple anchors measured in the same run:
- project retriever: `build(settings).assistant.retriever.search(turn.query, times=reported_times(turn))`, as the
  answerer searches, turn = `chat.condense(question, history)`; the rank is that of the first gold passage, as
  the evaluation's gold_rank counts it;
- "bm25 articles": bm25s over each document's full text (read from the corpus folder with
  `documents.load_document`, tokenized with `text.terms`); the query is the history followed by the question;
- "dense+bm25 articles": reciprocal rank fusion (k=60) of that BM25 ranking and a dense document ranking,
  each document scored by its best chunk's cosine to the same query, computed exactly over every committed
  chunk vector of the project's Chroma collection (what the retriever's `dense` method approximates through
  the HNSW index, over all chunks instead of its first 30).
The last column is each method's hit@1 over the best anchor's.

An --index folder that already holds an index is only read: a temporary copy of it is opened, nothing is
indexed and the folder is not written (--update brings it up to date in place first). Without --index a
fresh temporary index is built (and removed at the end); a named folder without an index is built there.

    python benchmarks/retrieval_quality.py
    python benchmarks/retrieval_quality.py --dataset tests/eval/suite.jsonl --corpus corpus --index /tmp/bench-index
    python benchmarks/retrieval_quality.py --dataset tests/eval/reuters-dev/train.jsonl \\
        --corpus tests/data/reuters-dev/corpus --index /path/to/its/index
"""

from __future__ import annotations

import argparse
import atexit
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

RRF_K = 60
ANCHORS = ("bm25 articles", "dense+bm25 articles")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="tests/eval/suite.jsonl")
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--index", default=None, help="index folder (default: a fresh temporary one)")
    parser.add_argument("--level", choices=("auto", "passage", "document", "both"), default="auto",
                        help="passage: fusion-weight table; document: retriever against anchors; auto (default): "
                             "document when the suite names more than one source document, else passage")
    parser.add_argument("--update", action="store_true",
                        help="index the corpus into an existing --index folder first (it is otherwise only read)")
    args = parser.parse_args()

    from assistant.evaluation import load_suite
    from assistant.composition import build
    from assistant.settings import load_settings

    corpus = Path(args.corpus)
    items = load_suite(args.dataset)
    index, fresh = _index_folder(args.index, args.update)
    settings = load_settings(corpus, index)
    app = build(settings, create_index=fresh)
    if fresh:
        app.indexer().run()
    assistant = app.assistant

    level = args.level
    if level == "auto":
        level = "document" if len({s for i in items for s in i.sources}) > 1 else "passage"
    if level in ("document", "both"):
        document_level(assistant, items, corpus)
    if level in ("passage", "both"):
        passage_level(assistant.retriever, items)


def _index_folder(given: str | None, update: bool) -> tuple[Path, bool]:
    """(folder to open, whether to index the corpus into it first): a fresh temporary folder, the given
    folder, or a temporary copy of the given folder's index, which is then only read."""
    if given is None:
        return _temporary("retrieval-quality-"), True
    from assistant.settings import IndexSettings
    from assistant.store import IndexStore

    path = Path(given)
    if update or not IndexStore.is_built(IndexSettings(index_dir=path, chroma_url=None)):  # a local folder
        return path, True
    snapshot = _temporary("retrieval-quality-snapshot-") / "index"
    shutil.copytree(path, snapshot)
    print(f"reading a copy of {path} (not re-indexed; --update indexes it in place first)")
    return snapshot, False


def _temporary(prefix: str) -> Path:
    """A temporary folder, removed when the script ends."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


# -- passage level ------------------------------------------------------------------------------------------
def passage_level(retriever, items) -> None:
    """Passage hit@1/hit@5/MRR@10 of dense, keyword and weighted RRF rankings (a passage is gold when it
    holds an accepted answer); the retriever's weights are restored afterwards."""
    from assistant.follow_ups import condense
    from assistant.evaluation import normalize

    items = [i for i in items if i.answerable]

    def gold(item, text: str) -> bool:
        t = normalize(text)
        return (not item.answers or any(normalize(a) in t for a in item.answers)) and all(
            normalize(m) in t for m in item.must_include)

    variants = {"dense only": (1.0, 0.0), "keyword only": (0.0, 1.0)}
    variants |= {f"RRF dense {d:g} : keyword {k:g}": (d, k) for d, k in [(1, 1), (1, 2), (2, 1), (1, 1.5)]}
    saved = retriever.settings.dense_weight, retriever.settings.keyword_weight
    rows = []
    try:
        for name, (dw, kw) in variants.items():
            retriever.settings.dense_weight, retriever.settings.keyword_weight = dw, kw
            hit1 = hit5 = rr = 0.0
            for item in items:
                turn = condense(item.question, list(item.history))
                passages = retriever.retrieve(turn.query, top_k=10)
                rank = next((r for r, p in enumerate(passages, 1) if gold(item, p.text)), None)
                hit1 += rank == 1
                hit5 += rank is not None and rank <= 5
                rr += 1 / rank if rank else 0
            n = len(items)
            rows.append((name, hit1 / n, hit5 / n, rr / n))
    finally:
        retriever.settings.dense_weight, retriever.settings.keyword_weight = saved
    print(f"\n{len(items)} answerable questions, {len(retriever.table().passages)} passages\n")
    print("| ranking | passage hit@1 | passage hit@5 | MRR@10 |")
    print("|---|---|---|---|")
    for name, h1, h5, mrr in rows:
        print(f"| {name} | {h1:.3f} | {h5:.3f} | {mrr:.3f} |")


# -- document level -----------------------------------------------------------------------------------------
def document_level(assistant, items, corpus: Path) -> None:
    """hit@1, hit@5, MRR@10 at the document level for the project's retriever and the two anchors."""
    from assistant.answering import reported_times
    from assistant.follow_ups import condense
    from assistant.evaluation.scoring import RANK_CUTOFF, is_gold

    items = [i for i in items if i.sources]
    if not items:
        print("\nno item of the suite names sources: nothing to rank at the document level")
        return
    started = time.perf_counter()
    doc_ids, texts = _corpus_texts(corpus)
    bm25 = _DocumentBM25(texts)
    dense = _DenseDocuments(assistant)
    retriever = assistant.retriever

    def first_gold(item, ranked_doc_ids) -> int | None:
        return next((r for r, d in enumerate(ranked_doc_ids[:RANK_CUTOFF], 1) if is_gold(d, item.sources)), None)

    ranks: dict[str, list[int | None]] = {"project retriever": [], ANCHORS[0]: [], ANCHORS[1]: []}
    for item in items:
        turn = condense(item.question, list(item.history))
        passages = retriever.search(turn.query, top_k=RANK_CUTOFF, times=reported_times(turn)).passages
        ranks["project retriever"].append(first_gold(item, [p.doc_id for p in passages]))

        query = " ".join([*item.history, item.question])
        keyword = [doc_ids[i] for i in bm25.rank(query)]
        by_vector = dense.rank(query)
        ranks[ANCHORS[0]].append(first_gold(item, keyword))
        ranks[ANCHORS[1]].append(first_gold(item, _rrf([keyword, by_vector])))

    rows = {name: _metrics(r) for name, r in ranks.items()}
    best = max(rows[a][0] for a in ANCHORS)
    print(f"\n{len(items)} questions naming sources ({sum(bool(i.history) for i in items)} with history), "
          f"{len(doc_ids)} corpus documents, {dense.size} indexed chunks; "
          f"{time.perf_counter() - started:.0f} s\n")
    print("| method | hit@1 | hit@5 | MRR@10 | n | hit@1 / best anchor |")
    print("|---|---|---|---|---|---|")
    for name, (h1, h5, mrr, n) in rows.items():
        ratio = f"{h1 / best:.2f}" if best else "n/a"
        print(f"| {name} | {h1:.3f} | {h5:.3f} | {mrr:.3f} | {n} | {ratio} |")


def _metrics(ranks: list[int | None]) -> tuple[float, float, float, int]:
    n = len(ranks)
    return (sum(r == 1 for r in ranks) / n, sum(r is not None and r <= 5 for r in ranks) / n,
            sum(1 / r for r in ranks if r) / n, n)


def _corpus_texts(corpus: Path) -> tuple[list[str], list[str]]:
    """(doc_ids, full texts) of every readable document of the corpus folder, in doc_id order."""
    from assistant.documents import load_document, scan_corpus
    from assistant.errors import DocumentError

    doc_ids, texts = [], []
    for path in scan_corpus(corpus):
        try:
            document = load_document(path, corpus)
        except DocumentError:
            continue
        doc_ids.append(document.doc_id)
        texts.append(document.text)
    if not doc_ids:
        raise SystemExit(f"no readable documents in {corpus}")
    return doc_ids, texts


class _DocumentBM25:
    """bm25s over whole documents, tokenized with the project's `terms`."""

    def __init__(self, texts: list[str]):
        import bm25s

        from assistant.text import terms

        self.terms = terms
        tokens = [terms(t) for t in texts]
        self.vocabulary = {t for toks in tokens for t in toks}
        self.index = bm25s.BM25()
        self.index.index(tokens, show_progress=False)

    def rank(self, query: str) -> list[int]:
        """Document positions, best first; documents sharing no term with the query are left out."""
        query_terms = [t for t in self.terms(query) if t in self.vocabulary]
        if not query_terms:
            return []
        scores = self.index.get_scores(query_terms)
        return [int(i) for i in np.argsort(-scores, kind="stable") if scores[i] > 0]


class _DenseDocuments:
    """Documents ranked by their best chunk's cosine to the query, over every committed chunk vector."""

    def __init__(self, assistant):
        self.embedder = assistant.embedder
        store = assistant.store
        versions = sorted({r.version for r in store.documents().values()})
        got = store.chunks.get(where={"doc_version": {"$in": versions}}, include=["embeddings", "metadatas"])
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        self.vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        chunk_docs = [m["doc_id"] for m in got["metadatas"]]
        self.doc_ids = sorted(set(chunk_docs))
        position = {d: i for i, d in enumerate(self.doc_ids)}
        self.chunk_doc = np.array([position[d] for d in chunk_docs])
        self.size = len(chunk_docs)

    def rank(self, query: str) -> list[str]:
        q = np.asarray(self.embedder.get_query_embedding(query), dtype=np.float32)
        cosines = self.vectors @ (q / max(np.linalg.norm(q), 1e-12))
        best = np.full(len(self.doc_ids), -np.inf, dtype=np.float32)
        np.maximum.at(best, self.chunk_doc, cosines)
        return [self.doc_ids[i] for i in np.argsort(-best, kind="stable")]


def _rrf(rankings: list[list[str]], k: int = RRF_K) -> list[str]:
    """Reciprocal rank fusion: each document scores the sum of 1 / (k + rank) over the rankings holding it."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1 / (k + rank)
    return sorted(scores, key=lambda d: (-scores[d], d))


if __name__ == "__main__":
    main()
