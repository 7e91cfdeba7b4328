"""Corpus -> chunks -> embeddings -> Chroma, incrementally: only new and changed documents are embedded.

A document is skipped when its fingerprint (file bytes, metadata sidecar, the readers' version, chunking
settings and model) matches the manifest. Files whose size, times and inode are those recorded when they were last hashed are
not even read (as git does): an update to one file of a large corpus then costs little more than that
file. `--full` hashes and re-embeds everything. Chunks of several documents are embedded together in
large batches (the model is the bottleneck) and each group of documents is committed as described in
`store.py`: chunks first, then the manifest; the versions they replace are deleted when the run ends.
A file that fails to load keeps its previous version.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from assistant.chunking import Chunk, Chunker
from assistant.text import sentence_spans
from assistant.documents import (READER_VERSION, Document, doc_id_for, escapes_corpus, file_fingerprint,
                                 load_document, os_reason, scan_corpus, sidecar_for)
from assistant.embedding import MODEL_NAME, MiniLMEmbedding
from assistant.errors import DocumentError
from assistant.index_events import Committed, Embedded, EventHandler, Planned, Read, Removed, Skipped
from assistant.settings import Settings
from assistant.store import DocRecord, IndexStore, chunk_id

# Chunks embedded and committed together; large enough to keep the model's batches full.
COMMIT_GROUP_CHUNKS = 256
# A group is embedded this many model batches at a time, each slice reported (`Embedded`), so a progress bar
# moves between two commits instead of jumping once a group.
PROGRESS_BATCHES = 2
# A file changed less than this before its stat was recorded is hashed again next run: file times are
# coarser than the clock, so a change in the same tick could otherwise keep the recorded stat.
RACY_SECONDS = 1.0



@dataclass
class IndexReport:
    """What a run changed; `to_dict` is what `assistant index --json` prints."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # {"path", "reason"}
    chunks_embedded: int = 0
    leftovers_removed: int = 0  # chunks of an interrupted earlier run, swept
    documents: int = 0
    chunks: int = 0
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 3 if self.skipped else 0

    def to_dict(self) -> dict:
        return asdict(self)

    def summary_lines(self) -> list[str]:
        lines = [
            f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}, skipped {len(self.skipped)}; "
            f"{self.chunks_embedded} chunks embedded in {self.seconds:.1f} s; "
            f"index holds {self.documents} documents, {self.chunks} chunks"
        ]
        if self.leftovers_removed:
            lines.append(f"repaired: removed {self.leftovers_removed} chunks left by an interrupted run")
        lines += [f"skipped {s['path']}: {s['reason']}" for s in self.skipped]
        return lines


@dataclass
class _Planned:
    """A file to (re)index, as `_plan` found it."""

    path: Path
    doc_id: str
    fingerprint: str
    content_hash: str
    stat: str
    stat_at: float


@dataclass
class _Pending:
    """A planned file, loaded and chunked, waiting for its group's commit."""

    planned: _Planned
    document: Document
    chunks: list[Chunk]
    is_new: bool


@dataclass
class FileStat:
    """What must match for a file to count as unchanged without reading it, and what else the plan needs."""

    key: str  # size, mtime, ctime and inode of the file and its sidecar, and the pipeline signature
    newest: float  # the latest of those file times (for the same-tick check)
    size: int  # of the file itself, for the size limit


def made_by_older_pipeline(records: Iterable[DocRecord], signature: str) -> int:
    """How many documents the index holds as another pipeline cut them (an older chunker, reader or model: the
    signature ends each record's stat key). They answer as they are until `assistant index` re-reads them."""
    return sum(not record.stat.endswith("|" + signature) for record in records)


def stat_file(path: Path, signature: str) -> FileStat:
    """The file's and its sidecar's stat. The ctime and inode catch an edit whose mtime was set back
    (`touch -d`, a copy keeping times)."""
    parts, newest, size = [], 0.0, 0
    for item in (path, sidecar_for(path)):
        try:
            st = item.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}")
        newest = max(newest, st.st_mtime, st.st_ctime)
        size = size or st.st_size  # the file comes first
    return FileStat("|".join([*parts, signature]), newest, size)


class Indexer:
    """Brings the index in line with the corpus folder."""

    def __init__(self, settings: Settings, store: IndexStore, embedder: MiniLMEmbedding | None = None):
        self.settings = settings
        self.store = store
        self.chunker = Chunker(settings.chunking)
        self._embedder = embedder

    @property
    def embedder(self) -> MiniLMEmbedding:
        if self._embedder is None:  # loaded only when something needs embedding
            self._embedder = MiniLMEmbedding(embed_batch_size=self.settings.index.embed_batch_size,
                                             device=self.settings.index.device)
        return self._embedder

    @property
    def pipeline_signature(self) -> str:
        return f"{MODEL_NAME}|{self.chunker.signature}|{READER_VERSION}"

    def run(self, full: bool = False, on_event: EventHandler | None = None) -> IndexReport:
        """One pass; `full` re-embeds every document (old chunks stay visible until replaced)."""
        emit = on_event or (lambda event: None)
        started = time.perf_counter()
        report = IndexReport()
        corpus = Path(self.settings.index.corpus_dir)
        with self.store.lease() as lease:
            manifest = self.store.documents()
            if lease.unclean or full:  # chunks are left over only when a run did not end cleanly
                report.leftovers_removed = self._sweep(manifest)
            unreadable: list[tuple[Path, str, bool]] = []
            paths = scan_corpus(corpus, unreadable)
            ids = {p: doc_id_for(p, corpus) for p in paths}
            present = set(ids.values())
            # A file or folder the scan could not read is skipped with its reason; what was indexed from it is
            # kept (as for a file that turns bad), not removed as if deleted.
            kept = self._skip_unreadable(unreadable, manifest, report, emit)
            report.removed = sorted(doc_id for doc_id in set(manifest) - present if not kept(doc_id))
            self.store.forget(report.removed)
            for doc_id in report.removed:
                del manifest[doc_id]
                emit(Removed(doc_id))

            stale: list[DocRecord] = []
            work = list(self._plan(ids, manifest, full, report, emit, stale))
            self.store.refresh(stale)
            emit(Planned(len(work)))
            replaced: list[str] = []
            for group in self._groups(work, manifest, report, emit):
                replaced += self._commit(group, manifest, report, emit)
                lease.renew()
                emit(Committed(tuple(p.document.doc_id for p in group)))
            # Replaced versions go at the end: a reader in another process keeps its pre-rebuild snapshot of a
            # local index until the rebuild ends (see IndexStore.sync), and that snapshot still uses them.
            self.store.delete_versions(replaced)
            if not work and not report.removed:
                self.store.commit([])  # still bump the generation, so readers notice a --full no-op cheaply
            report.documents = len(manifest)  # kept in step with every commit of this run
        report.chunks = self.store.count_chunks()
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def _sweep(self, manifest: dict[str, DocRecord]) -> int:
        """Delete chunks no manifest record names: leftovers of a run that was killed half-way."""
        committed = {r.version for r in manifest.values()}
        leftovers = {v: n for v, n in self.store.chunk_versions().items() if v not in committed}
        self.store.delete_versions(sorted(leftovers))
        return sum(leftovers.values())

    def _plan(self, ids, manifest, full, report, emit, stale) -> Iterator[_Planned]:
        """Yield the files to (re)index; record unchanged and skipped ones. Unchanged records whose stat was
        out of date are appended to `stale` with a fresh one."""
        limit = self.settings.index.max_file_mb * 1024 * 1024
        corpus = Path(self.settings.index.corpus_dir)
        # Files already indexed come first, so a new copy of an indexed file is the one called a duplicate.
        known = sorted(ids, key=lambda p: ids[p] not in manifest)
        owners: dict[str, str] = {}
        for path in known:
            doc_id = ids[path]
            record = manifest.get(doc_id)
            try:
                escape = escapes_corpus(path, corpus)
                if escape:
                    self._skip(report, emit, doc_id, escape)
                    continue
                stat_at = time.time()
                stat = stat_file(path, self.pipeline_signature)
            except (OSError, RuntimeError) as exc:  # permission denied, path too long, a symlink loop
                self._skip_unread(report, emit, doc_id, exc, doc_id in manifest)
                continue
            if stat.size > limit:
                self._skip(report, emit, doc_id, f"file is {stat.size / 1048576:.1f} MB, over the "
                           f"{self.settings.index.max_file_mb:g} MB limit (ASSISTANT_MAX_FILE_MB)")
                continue
            trusted = record and not full and record.stat == stat.key and stat.newest < record.stat_at - RACY_SECONDS
            if trusted and record.content_hash not in owners:  # untouched since it was hashed: not read again
                owners[record.content_hash] = doc_id
                report.unchanged.append(doc_id)
                continue
            try:
                content_hash, file_hash = file_fingerprint(path)
            except OSError as exc:
                self._skip_unread(report, emit, doc_id, exc, doc_id in manifest)
                continue
            if content_hash in owners:
                self._skip(report, emit, doc_id, f"same content as {owners[content_hash]}")
                continue
            owners[content_hash] = doc_id
            fingerprint = hashlib.sha256(f"{file_hash}|{self.pipeline_signature}".encode()).hexdigest()
            if record and record.fingerprint == fingerprint and not full:
                report.unchanged.append(doc_id)
                if record.stat != stat.key and stat.newest < stat_at - RACY_SECONDS:  # trusted from the next run
                    manifest[doc_id] = replace(record, stat=stat.key, stat_at=stat_at)
                    stale.append(manifest[doc_id])
                continue
            yield _Planned(path, doc_id, fingerprint, content_hash, stat.key, stat_at)

    def _skip_unread(self, report, emit, doc_id: str, exc: Exception, indexed: bool) -> None:
        reason = os_reason(exc) if isinstance(exc, OSError) else f"cannot read: {exc}"
        self._skip(report, emit, doc_id, reason + (" (the previously indexed version is kept)" if indexed else ""))

    def _skip_unreadable(self, unreadable, manifest, report, emit) -> Callable[[str], bool]:
        """Skip each path the corpus scan could not read; returns whether a doc id lies in one of them."""
        corpus = Path(self.settings.index.corpus_dir)
        exact, prefixes = set(), []
        for path, reason, folder in unreadable:
            try:
                doc_id = doc_id_for(path, corpus)
            except (ValueError, OSError):
                doc_id = path.as_posix()
            if folder:
                prefix = "" if doc_id in {".", ""} else doc_id.rstrip("/") + "/"
                prefixes.append(prefix)
                name = prefix or "./"
                kept = " (the documents indexed from it are kept)" if any(d.startswith(prefix) for d in manifest) else ""
            else:
                exact.add(doc_id)
                name = doc_id
                kept = " (the previously indexed version is kept)" if doc_id in manifest else ""
            self._skip(report, emit, name, f"{reason}{kept}")
        return lambda doc_id: doc_id in exact or any(doc_id.startswith(p) for p in prefixes)

    @staticmethod
    def _skip(report: IndexReport, emit: EventHandler, doc_id: str, reason: str) -> None:
        report.skipped.append({"path": doc_id, "reason": reason})
        emit(Skipped(doc_id, reason))

    def _groups(self, work, manifest, report, emit) -> Iterator[list[_Pending]]:
        """Load and chunk documents, yielding groups of about COMMIT_GROUP_CHUNKS chunks."""
        corpus = Path(self.settings.index.corpus_dir)
        group: list[_Pending] = []
        size = 0
        for planned in work:
            doc_id = planned.doc_id
            try:
                document = load_document(planned.path, corpus, max_file_mb=self.settings.index.max_file_mb)
            except DocumentError as exc:
                kept = " (the previously indexed version is kept)" if doc_id in manifest else ""
                self._skip(report, emit, doc_id, f"{exc}{kept}")
                continue
            except OSError as exc:
                self._skip_unread(report, emit, doc_id, exc, doc_id in manifest)
                continue
            chunks = self.chunker.chunk(document)
            group.append(_Pending(planned, document, chunks, doc_id not in manifest))
            emit(Read(doc_id, len(chunks)))
            size += len(chunks)
            if size >= COMMIT_GROUP_CHUNKS:
                yield group
                group, size = [], 0
        if group:
            yield group

    def _commit(self, group: list[_Pending], manifest: dict[str, DocRecord], report: IndexReport,
                emit: EventHandler) -> list[str]:
        """Embed, store and commit one group; returns the versions it replaced (to delete after the run)."""
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

        chunks = [c for p in group for c in p.chunks]
        vectors, sentences = self._embed(chunks, emit)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        nodes, records = [], []
        for pending in group:
            doc = pending.document
            version = f"{doc.doc_id}@{uuid.uuid4().hex[:12]}"
            for chunk in pending.chunks:
                metadata = {
                    "doc_id": doc.doc_id, "doc_version": version, "title": doc.title, "file_type": doc.file_type,
                    "start": chunk.start, "end": chunk.end, "chunk_index": chunk.index,
                    "token_count": chunk.token_count, "sentence_vectors": next(sentences),
                }
                if chunk.page is not None:
                    metadata["page"] = chunk.page
                nodes.append(TextNode(
                    id_=chunk_id(version, chunk.index), text=chunk.text, embedding=next(vectors), metadata=metadata,
                    start_char_idx=chunk.start, end_char_idx=chunk.end,
                    relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=doc.doc_id)},
                ))
            records.append(DocRecord(
                doc_id=doc.doc_id, version=version, fingerprint=pending.planned.fingerprint,
                content_hash=pending.planned.content_hash, title=doc.title, file_type=doc.file_type,
                chunks=len(pending.chunks), indexed_at=now, date=doc.date,
                stat=pending.planned.stat, stat_at=pending.planned.stat_at,
            ))
        self.store.vector_store().add(nodes)
        self.store.commit(records)
        old = [manifest[r.doc_id].version for r in records if r.doc_id in manifest]
        for pending, record in zip(group, records):
            manifest[record.doc_id] = record
            (report.added if pending.is_new else report.updated).append(record.doc_id)
        report.chunks_embedded += len(chunks)
        return old


    def _embed(self, chunks: list[Chunk], emit: EventHandler) -> tuple[Iterator[list[float]], Iterator[str]]:
        """Chunk vectors and packed sentence vectors of `chunks`, a few model batches at a time (`Embedded` after each).

        The group is embedded longest first, so each model batch holds chunks of about the same length: the
        model pads a batch to its longest text, and slices of documents in reading order padded about 10% more
        word pieces than the bare encode of the same chunks (which sorts them all by length).
        """
        order = sorted(range(len(chunks)), key=lambda i: -chunks[i].token_count)
        chunk_vectors: list = [None] * len(chunks)
        sentence_vectors: list = [None] * len(chunks)
        step = max(1, self.settings.index.embed_batch_size * PROGRESS_BATCHES)
        for at in range(0, len(order), step):
            part = [chunks[i] for i in order[at:at + step]]
            vectors, sentences = self.embedder.encode_with_sentences(
                [c.text for c in part], [sentence_spans(c.text) for c in part], [c.token_offsets for c in part])
            for i, vector, packed in zip(order[at:at + step], vectors, sentences):
                chunk_vectors[i], sentence_vectors[i] = vector, packed
            emit(Embedded(len(part)))
        return iter(chunk_vectors), iter(sentence_vectors)


def watch_corpus(indexer: Indexer, on_report: Callable[[IndexReport], None], progress_factory=None,
                 stop_event=None) -> None:
    """Re-run the indexer whenever files land in, change in or leave the corpus folder, until stopped."""
    from contextlib import nullcontext

    from watchfiles import watch

    corpus = Path(indexer.settings.index.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)

    def once():
        with (progress_factory() if progress_factory else nullcontext()) as progress:
            on_report(indexer.run(on_event=progress))

    once()
    for _changes in watch(corpus, stop_event=stop_event, debounce=800, recursive=True):
        once()
