"""The committed chunks in memory with their keyword (BM25) indexes, built from Chroma or from an earlier table.

A new generation of the index usually changes a few documents. `build_table` reads from Chroma only the chunks
of documents whose version moved and tokenizes only those; every other document's passages, search terms (as
vocabulary ids) and sentence vectors are taken over from the previous table. The two BM25 indexes are then
rebuilt from the token ids: bm25s bakes the collection's IDF and average length into every stored score, so they
cannot be patched, but building them from ids costs a fraction of reading and tokenizing every chunk again.
"""

from __future__ import annotations

import gc
import math
import mmap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

import numpy as np

from assistant.answers import Passage
from assistant.embedding import packed_rows
from assistant.store import DocRecord, IndexStore, chunk_id
from assistant.text import terms

_CHUNKS_PER_READ = 1000  # chunks per Chroma read by id: small pages keep what Chroma holds per read small


@dataclass(frozen=True)
class DocumentInfo:
    """What the table keeps of a manifest record: enough to tell whether the document changed since."""

    version: str
    title: str
    date: str
    chunks: int

    @classmethod
    def of(cls, record: DocRecord) -> "DocumentInfo":
        return cls(record.version, record.title, record.date, record.chunks)


class PassageColumns(Sequence[Passage]):
    """A table's passages kept as columns, each made into a `Passage` when it is first read (then kept: a passage
    read twice is the same object). A saved table is loaded as these (`keyword_cache`): a restarted node makes only
    the passages its questions read instead of all of them before its first answer (about a third of a second of CPU
    at 150,000 chunks). `chunk_ids` and `doc_ids` are the columns `ChunkTable` indexes by."""

    def __init__(self, chunk_ids: list[str], doc_ids: list[str], titles: list[str], texts: list[str],
                 offsets: np.ndarray, pages: list, documents: dict[str, DocumentInfo]):
        """`offsets`: each passage's (start, end) in its document, one row each."""
        self.chunk_ids, self.doc_ids = chunk_ids, doc_ids
        self._titles, self._texts, self._offsets, self._pages, self._documents = titles, texts, offsets, pages, documents
        self._made: list[Passage | None] = [None] * len(chunk_ids)

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        made = self._made[i]
        if made is None:
            (start, end), doc_id = self._offsets[i].tolist(), self.doc_ids[i]
            made = self._made[i] = Passage(chunk_id=self.chunk_ids[i], doc_id=doc_id, title=self._titles[i],
                                           text=self._texts[i], start=start, end=end, page=self._pages[i],
                                           date=self._documents[doc_id].date)
        return made


@dataclass
class ChunkTable:
    """Every committed chunk (sorted by document, then position) and the BM25 indexes over them.

    `passages` carry no sentence vectors: they stay packed (int8) in `sentence_rows` and are unpacked only for the
    passages a search returns, which keeps a large table's memory at a quarter.
    """

    generation: str  # the manifest generation the table was read at
    exact: bool  # the generation did not move while it was read: the table is that generation's, safe to save
    documents: dict[str, DocumentInfo]  # every committed document, by doc_id
    passages: Sequence[Passage]  # a list, or a saved table's `PassageColumns`
    sentence_rows: list[np.ndarray | None]  # each passage's packed sentence vectors (int8 rows), or None
    tokens: list[np.ndarray]  # each passage's search terms, as ids into `vocab`
    doc_ids: list[str]  # documents that have chunks, sorted: the rows of `doc_bm25`
    doc_tokens: list[np.ndarray]  # each of those documents' whole-text search terms, as ids into `vocab`
    vocab: dict[str, int]  # term -> id, shared by both indexes (terms no chunk holds any more may remain)
    bm25: object | None = None  # over passages
    doc_bm25: object | None = None  # over whole documents
    position: dict[str, int] = field(init=False)  # chunk_id -> index in `passages`
    doc_positions: dict[str, list[int]] = field(init=False)  # each document's chunks (positions), in order
    doc_freq: dict[str, int] = field(init=False)  # term -> chunks holding it

    def __post_init__(self):
        if isinstance(self.passages, PassageColumns):  # from the columns: no passage is made
            chunk_ids, doc_ids = self.passages.chunk_ids, self.passages.doc_ids
        else:
            chunk_ids, doc_ids = [p.chunk_id for p in self.passages], [p.doc_id for p in self.passages]
        self.position = {chunk_id: i for i, chunk_id in enumerate(chunk_ids)}
        self.doc_positions = {}
        for pos, doc_id in enumerate(doc_ids):
            self.doc_positions.setdefault(doc_id, []).append(pos)
        self.doc_freq = {}
        if self.bm25 is not None:  # bm25s keeps one score per (chunk, term) present: a column's length is its df
            counts = np.diff(np.asarray(self.bm25.scores["indptr"]))
            self.doc_freq = {t: int(counts[i]) for t, i in self.vocab.items() if i < len(counts) and counts[i]}

    @classmethod
    def empty(cls, generation: str = "") -> "ChunkTable":
        return cls(generation, True, {}, [], [], [], [], [], {})


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a table's objects are made: with a large table alive, the
    collections that hundreds of thousands of new objects set off scan it again and again (a third of a load's time).
    Nothing made here is cyclic garbage; the collector resumes as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def give_back_memory() -> None:
    """Return the heap pages freed so far to the system (glibc keeps them otherwise: at 150,000 chunks each reload
    left about 0.5 GB more resident, and the BM25 build's temporaries stayed resident into the next step).
    Nothing happens where there is no glibc."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def mapped_files(arrays) -> list[mmap.mmap]:
    """The file mappings `arrays` are views of (a saved table's memory-mapped arrays), each once."""
    maps, looked = {}, set()
    for array in arrays:
        parent = getattr(array, "base", None)
        if parent is None or id(parent) in looked:  # the rows of one file share their parent: looked at once
            continue
        looked.add(id(parent))
        base = parent
        while base is not None and not isinstance(base, np.memmap):
            base = getattr(base, "base", None)
        mapped = getattr(base, "_mmap", None)  # numpy's mmap.mmap behind the memmap
        if mapped is not None:
            maps[id(mapped)] = mapped
    return list(maps.values())


def release_pages(maps: list[mmap.mmap]) -> None:
    """Hand back the resident pages of these read-only file mappings (`mapped_files`).

    Reading a mapped file makes its pages part of the process's resident memory for as long as the mapping lives,
    although the page cache holds them anyway: after a reload or a save has read every token id or sentence vector
    of the previous saved table once, they would all count against the node's memory. Dropping them is safe for a
    read-only file mapping: a later read (a search) maps the page again from the page cache. Nothing happens where
    madvise is missing.
    """
    for mapped in maps:
        with suppress(AttributeError, OSError, ValueError):  # closed, or no madvise here
            mapped.madvise(mmap.MADV_DONTNEED)


def build_table(store: IndexStore, previous: ChunkTable | None = None) -> ChunkTable:
    """The committed chunks as the manifest names them now, reusing `previous` for every unchanged document."""
    with collector_paused():
        return _build_table(store, previous)


def _build_table(store: IndexStore, previous: ChunkTable | None) -> ChunkTable:
    generation = store.generation()
    documents = _documents(store, previous)
    kept = {d for d, info in documents.items() if previous is not None and previous.documents.get(d) == info
            and len(previous.doc_positions.get(d, ())) == info.chunks}
    fetched = _read_chunks(store, [documents[d].version for d in sorted(set(documents) - kept)], documents)
    vocab = dict(previous.vocab) if previous is not None else {}

    passages: list[Passage] = []
    rows: list[np.ndarray | None] = []
    tokens: list[np.ndarray] = []
    doc_ids: list[str] = []
    doc_tokens: list[np.ndarray] = []
    previous_doc_row = {d: i for i, d in enumerate(previous.doc_ids)} if previous is not None else {}
    for doc_id in sorted(documents):
        if doc_id in kept:
            positions = previous.doc_positions.get(doc_id, [])
            passages += [previous.passages[i] for i in positions]
            rows += [previous.sentence_rows[i] for i in positions]
            tokens += [previous.tokens[i] for i in positions]
            if doc_id in previous_doc_row:
                doc_ids.append(doc_id)
                doc_tokens.append(previous.doc_tokens[previous_doc_row[doc_id]])
            continue
        chunks = fetched.get(doc_id, [])
        if not chunks:
            continue
        passages += [p for p, _ in chunks]
        rows += [r for _, r in chunks]
        tokens += [_ids(terms(p.text), vocab) for p, _ in chunks]
        doc_ids.append(doc_id)
        doc_tokens.append(_ids(terms(_document_text([p for p, _ in chunks])), vocab))
    exact = store.generation() == generation
    bm25 = _bm25(tokens, vocab) if passages and vocab else None
    give_back_memory()  # the first build's temporaries, before the second makes its own
    doc_bm25 = _bm25(doc_tokens, vocab) if doc_ids and vocab else None
    release_pages(mapped_files(tokens + doc_tokens))  # the saved table's token ids, each read once above
    give_back_memory()
    return ChunkTable(generation, exact, documents, passages, rows, tokens, doc_ids, doc_tokens, vocab, bm25, doc_bm25)


def _documents(store: IndexStore, previous: ChunkTable | None) -> dict[str, DocumentInfo]:
    """Every committed document's DocumentInfo: the previous table's for those whose version did not move (a
    version is written once, with its title, date and chunk count), the manifest's full record for the others."""
    versions = store.document_versions()
    known = previous.documents if previous is not None else {}
    moved = [d for d, v in versions.items() if d not in known or known[d].version != v]
    documents = {d: known[d] for d in versions if d in known and known[d].version == versions[d]}
    for record in store.records(moved):
        if record.doc_id in versions:  # committed again since the versions were read: the record is newer
            documents[record.doc_id] = DocumentInfo.of(record)
    return documents


def _read_chunks(store: IndexStore, versions: list[str], documents: dict[str, DocumentInfo]
                 ) -> dict[str, list[tuple[Passage, np.ndarray | None]]]:
    """The stored chunks of `versions` as passages with their packed sentence vectors, by document, in order.

    Read by id (a chunk's id is its version and position, `store.chunk_id`; the manifest gives each version's chunk
    count): a `doc_version $in` filter made Chroma hold about 100 MB per 50,000 chunks of the collection while it
    ran, even for one document, on top of the reload's other memory (issue 12).
    """
    counts = {info.version: info.chunks for info in documents.values()}
    ids = [chunk_id(v, i) for v in versions for i in range(counts.get(v, 0))]
    found: dict[str, list[tuple[int, Passage, np.ndarray | None]]] = {}
    for at in range(0, len(ids), _CHUNKS_PER_READ):
        got = store.chunks.get(ids=ids[at:at + _CHUNKS_PER_READ], include=["documents", "metadatas"])
        for chunk_id_, text, m in zip(got["ids"], got["documents"], got["metadatas"]):
            doc_id = m["doc_id"]
            info = documents.get(doc_id)
            passage = Passage(chunk_id=chunk_id_, doc_id=doc_id, title=m.get("title", doc_id), text=text,
                              start=int(m["start"]), end=int(m["end"]), page=m.get("page"),
                              date=info.date if info else "")
            packed = m.get("sentence_vectors")
            rows = packed_rows(packed) if packed else None
            found.setdefault(doc_id, []).append((int(m["chunk_index"]), passage, rows))
    return {d: [(p, r) for _, p, r in sorted(chunks, key=lambda c: c[0])] for d, chunks in found.items()}


def _ids(words: list[str], vocab: dict[str, int]) -> np.ndarray:
    """`words` as vocabulary ids; a word not seen before gets the next id."""
    return np.fromiter((vocab.setdefault(w, len(vocab)) for w in words), dtype=np.int32, count=len(words))


_SCORE_SLICE = 1 << 20  # score entries computed at a time: the float64 temporaries stay a few MB


def _bm25(token_ids: list[np.ndarray], vocab: dict[str, int]):
    """bm25s's default index (Lucene BM25, k1 1.5, b 0.75, float32 scores) over documents given as vocabulary ids.

    The score matrix is computed the way bm25s computes it (`build_index_from_ids`: the same operations in the
    same precision, the same column layout), but over whole arrays: bm25s counts every document's terms in a
    Python loop, which at 150,000 chunks takes several seconds holding the interpreter lock while questions wait for
    it. The scores are bit-for-bit bm25s's own (tests/test_table_reload.py compares them).

    Memory: the term counts come from scipy's sparse conversions (duplicates summed row by row, then a counting
    transpose that leaves each term's documents in order, as bm25s stores them) over int32 ids and float32 counts,
    and the scores are computed a slice at a time into the counts' own array. Sorting 15 million (document, term)
    pairs as int64 keys instead, with float64 temporaries over all of them, made a reload at 150,000 chunks peak
    about a gigabyte above the node's resident memory (issue 12).
    """
    import bm25s
    from scipy.sparse import csr_matrix

    index = bm25s.BM25()
    n_docs, n_vocab = len(token_ids), len(vocab)
    lengths = np.fromiter((len(t) for t in token_ids), dtype=np.int64, count=n_docs)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    flat = np.concatenate(token_ids).astype(np.int32, copy=False) if n_docs else np.zeros(0, np.int32)
    counts = csr_matrix((np.ones(len(flat), dtype=np.float32), flat, indptr), shape=(n_docs, n_vocab))
    del flat
    counts.sum_duplicates()  # one entry per (document, term) present, holding the term's count
    by_term = counts.tocsc()  # each term's documents in ascending order: bm25s's CSC layout
    del counts
    rows, data = by_term.indices.astype(np.int32, copy=False), by_term.data  # data: the counts, then the scores
    term_ends = by_term.indptr.astype(np.int64)
    df = np.diff(term_ends)
    # bm25s: math.log per term, stored as float32 (one call per distinct document frequency here)
    values, which = np.unique(df, return_inverse=True)
    idf = np.array([math.log(1 + (n_docs - int(v) + 0.5) / (int(v) + 0.5)) if v else 0.0 for v in values],
                   dtype=np.float32)[which]
    # bm25s: tf / (k1 * ((1 - b) + b * len / avg_len) + tf) with a numpy float64 scalar per document and float32
    # term counts; `precision` is what numpy makes of that mix (float64 under NumPy 2's promotion rules). The length
    # term is the same per document, so it is computed once per document and read per entry.
    k1, b, average = index.k1, index.b, lengths.mean() if n_docs else 0.0
    precision = (np.float64(1.0) + np.zeros(1, dtype=np.float32)).dtype
    length_term = (k1 * ((1 - b) + b * lengths / average)).astype(precision) if n_docs else lengths.astype(precision)
    for a in range(0, len(data), _SCORE_SLICE):
        z = min(a + _SCORE_SLICE, len(data))
        cols = np.searchsorted(term_ends, np.arange(a, z), side="right") - 1
        tf = data[a:z]
        data[a:z] = (idf[cols] * (tf / (length_term[rows[a:z]] + tf))).astype(np.float32)
    index.scores = {"data": data, "indices": rows, "indptr": term_ends, "num_docs": n_docs}
    index.vocab_dict = dict(vocab)
    index.vocab_dict.setdefault("", n_vocab)  # as bm25s adds its empty token
    index.unique_token_ids_set = set(index.vocab_dict.values())
    index.nonoccurrence_array = None
    return index


def _document_text(chunks: list[Passage]) -> str:
    """A document's text rebuilt from its chunks (sorted by position), overlaps counted once."""
    parts, covered = [], 0
    for p in sorted(chunks, key=lambda p: p.start):
        if p.end > covered:
            parts.append(p.text[max(0, covered - p.start):])
            covered = p.end
    return " ".join(parts)
