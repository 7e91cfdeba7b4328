"""The index's storage: two Chroma collections, so everything the index keeps lives in one place.

`<prefix>_chunks` holds the chunk vectors, written through LlamaIndex's ChromaVectorStore so LlamaIndex
retrievers can read it. `<prefix>_documents` is the manifest: one record per committed document (its
content hash and the write version its chunks carry), a generation token that changes on every commit,
and the rebuild lease. Keeping the manifest inside Chroma (not in a side file) keeps it consistent with
the vectors also when Chroma is a server shared by several app instances.

Atomicity: chunks are written under a fresh version id first; the document becomes visible only when
its manifest record names that version; old versions are deleted after. Readers use only chunks whose
version the manifest names, so an interrupted rebuild never shows half a document. A reader in another
process sees a local index's new commits when the rebuild ends (see `sync`); on a server, at each commit.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlparse

from assistant.errors import ConfigError, IndexMissingError, StoreError
from assistant.lease import LEASE_SECONDS, FileGuard, ServerGuard, busy, holder_alive
from assistant.settings import IndexSettings

log = logging.getLogger(__name__)

_STATE_ID = "__state__"
_LEASE_ID = "__lease__"
_DOC_PREFIX = "doc:"
_DUMMY = [1.0]  # the manifest collection needs an embedding per record; it is never searched


def chunk_id(version: str, index: int) -> str:
    """A chunk's id: its document's write version and its index, so versions can be read from ids alone."""
    return f"{version}:{index}"


@dataclass
class DocRecord:
    """What the manifest knows of one committed document."""

    doc_id: str
    version: str  # write id carried by this document's chunks (metadata `doc_version`)
    fingerprint: str  # hash of file bytes, sidecar and chunking pipeline: unchanged means skip
    content_hash: str  # hash of the file bytes alone: equal hashes are duplicate files
    title: str
    file_type: str  # the reader that read it: txt, md, html, pdf, docx
    chunks: int
    indexed_at: str
    date: str = ""  # the document's own date (metadata sidecar), "" when unknown
    stat: str = ""  # size, mtime, ctime and inode of the file and its sidecar when last hashed (see indexing)
    stat_at: float = 0.0  # when that stat was taken (a file changed within the same clock tick is not trusted)


def _record(text: str) -> DocRecord:
    """A manifest record from its JSON; one written before `kind` was renamed `file_type` reads the same."""
    data = json.loads(text)
    if "kind" in data:
        data["file_type"] = data.pop("kind")
    return DocRecord(**data)


def _explore_enough(collection, ef_search: int) -> None:
    """Raise the vector index's search breadth to `ef_search` before its first query loads it (Chroma reads the
    setting when it loads the index): the same question then finds the same nearest chunks in every process. One
    write, the first time an index is opened; an index that explores more already is left alone."""
    hnsw = (getattr(collection, "configuration", None) or {}).get("hnsw") or {}
    if hnsw and hnsw.get("ef_search", _CHROMA_EF_SEARCH) < ef_search:
        try:
            collection.modify(configuration={"hnsw": {"ef_search": ef_search}})
        except Exception as exc:  # noqa: BLE001 - a server that refuses keeps its own setting; answers still come
            log.warning("could not raise the vector index's ef_search to %d (%s: %s)", ef_search, type(exc).__name__, exc)


_CHROMA_EF_SEARCH = 100  # Chroma's default


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


def _lost_connection(exc: BaseException) -> bool:
    """A failure to reach the server (refused, reset, timed out), as opposed to an error the server answered."""
    import httpx

    return isinstance(exc, (httpx.TransportError, ConnectionError))


class _Reachable:
    """A server collection whose calls turn a lost connection into one StoreError line.

    Without it a dead Chroma server surfaced as a raw httpx.ConnectError: a traceback and exit 1 from
    `assistant index`, a 500 text/plain from `/api/health` (issue 9.9). Nothing is cached about the failure:
    the next call tries the server again, so the app recovers by itself once the server is back. The LlamaIndex
    vector store takes this proxy as its collection too (it only calls the collection's methods).
    """

    def __init__(self, collection, where: str):
        self._collection, self._where = collection, where

    def __getattr__(self, name):
        value = getattr(self._collection, name)
        if not callable(value):
            return value

        def call(*args, **kwargs):
            with reachable(self._where):
                return value(*args, **kwargs)

        return call


@contextmanager
def reachable(where: str):
    """Raise StoreError, one line naming the server, when the block loses the connection to it."""
    try:
        yield
    except Exception as exc:
        if not _lost_connection(exc):
            raise
        raise StoreError(f"the vector store at {where} is unreachable ({type(exc).__name__}: {exc}); "
                         "check that the Chroma server is running") from exc


class IndexStore:
    """Opens the collections of one corpus, locally under index_dir or on a Chroma server."""

    @staticmethod
    def is_built(settings: IndexSettings) -> bool:
        """Whether there is an index to open: a local one has been written under index_dir (opening the store
        would create an empty one); a server's collections are made on demand, so a server always has one."""
        if settings.store_mode == "server":
            return True
        return (Path(settings.index_dir) / "chroma.sqlite3").is_file()  # the file Chroma's PersistentClient writes

    @classmethod
    def open_built(cls, settings: IndexSettings) -> "IndexStore":
        """The store of a built index; IndexMissingError, saying how to build one, when there is none."""
        if not cls.is_built(settings):
            raise IndexMissingError(
                f"no index in {settings.index_dir}: build it with `assistant index` (or `make run`)")
        return cls(settings)

    def __init__(self, settings: IndexSettings):
        self.settings = settings
        self._lock = threading.RLock()
        self._own_generations: set[str] = set()
        self._seen_generation: str | None = None
        self._open()

    # -- connection -------------------------------------------------------------------------
    def _open(self) -> None:
        import chromadb

        try:
            if self.settings.store_mode == "server":
                url = urlparse(self.settings.chroma_url or "")
                if url.scheme not in {"http", "https"} or not url.hostname:
                    raise ConfigError(f"ASSISTANT_CHROMA_URL must look like http://HOST:PORT, got {self.settings.chroma_url!r}")
                self.client = chromadb.HttpClient(
                    host=url.hostname,
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=_chroma_settings(),
                )
            else:
                Path(self.settings.index_dir).mkdir(parents=True, exist_ok=True)
                self.client = chromadb.PersistentClient(path=str(self.settings.index_dir), settings=_chroma_settings())
            prefix = self.settings.collection_prefix
            self.chunks = self.client.get_or_create_collection(
                f"{prefix}_chunks", metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
            self.manifest = self.client.get_or_create_collection(f"{prefix}_documents", embedding_function=None)
            _explore_enough(self.chunks, self.settings.hnsw_ef_search)
            if self.settings.store_mode == "server":
                self.chunks = _Reachable(self.chunks, self.location)
                self.manifest = _Reachable(self.manifest, self.location)
        except ConfigError:
            raise
        except Exception as exc:
            where = self.settings.chroma_url or self.settings.index_dir
            raise StoreError(f"cannot open the Chroma index at {where}: {type(exc).__name__}: {exc}") from exc

    @property
    def location(self) -> str:
        return self.settings.chroma_url or str(self.settings.index_dir)

    def vector_store(self):
        """The chunks collection as a LlamaIndex vector store (one per open client)."""
        from llama_index.vector_stores.chroma import ChromaVectorStore

        if getattr(self, "_vector_store", None) is None or self._vector_store._collection is not self.chunks:
            self._vector_store = ChromaVectorStore(chroma_collection=self.chunks)
        return self._vector_store

    @contextmanager
    def reading(self):
        """Hold while querying: a reopen (see `sync`) never closes the client under a running query."""
        with self._lock:
            yield

    def sync(self) -> bool:
        """True when another writer committed since the last call; reopens a local client if so.

        A local PersistentClient keeps its vector segments in memory and does not see another process's
        writes until reopened; a server has no such lag. Chroma's local files are not safe to reload while
        another process is writing them (readers that reopened mid-rebuild crashed with a segfault or got
        "Error finding id"), so while another process holds the rebuild lease a local reader keeps its
        current snapshot and returns False; it catches up once that rebuild ends.
        """
        generation = self.generation()
        if generation == self._seen_generation:
            return False
        first = self._seen_generation is None
        if not first and self.settings.store_mode == "local" and generation not in self._own_generations:
            if self._rebuild_elsewhere():
                return False
            with self._lock:
                self.client.close()
                self._open()
        self._seen_generation = generation
        return True

    def _rebuild_elsewhere(self) -> bool:
        """True while another process holds a live rebuild lease on this index."""
        got = self.manifest.get(ids=[_LEASE_ID], include=["metadatas"])
        if not got["ids"]:
            return False
        held = got["metadatas"][0]
        mine = held.get("host") == socket.gethostname() and int(held.get("pid", -1)) == os.getpid()
        return not mine and holder_alive(held)

    # -- manifest ---------------------------------------------------------------------------
    def generation(self) -> str:
        got = self.manifest.get(ids=[_STATE_ID], include=["metadatas"])
        return got["metadatas"][0]["generation"] if got["ids"] else ""

    def documents(self, page: int = 1000) -> dict[str, DocRecord]:
        """Every committed document's full record, by doc_id: the ids first, then the records a page at a time.

        One get() of every full record made Chroma hold about 380 MB more at 51,000 documents while it ran (a page
        at a time: about 100 MB, most of it the records themselves); a rebuild reads this at its start, so it raised
        the peak memory of the app node that runs the rebuild (issue 12). A record committed between two pages is
        read as it is then (a rebuild holds the lease, so no other writer commits during its read).
        """
        ids = self.manifest.get(where={"record": "document"}, include=[])["ids"]
        return {r.doc_id: r for r in self.records([i[len(_DOC_PREFIX):] for i in ids], page)}

    def document_versions(self, page: int = 1000) -> dict[str, str]:
        """doc_id -> committed version for every document, from the records' small metadata, a page at a time.

        A reader that keeps a table of the documents (the chunk table) needs the full record only of those whose
        version moved (`records`); one get() of every full record held about 390 MB at 51,000 documents.
        """
        ids = self.manifest.get(where={"record": "document"}, include=[])["ids"]
        versions = {}
        for at in range(0, len(ids), page):
            for meta in self.manifest.get(ids=ids[at:at + page], include=["metadatas"])["metadatas"]:
                versions[meta["doc_id"]] = meta["version"]
        return versions

    def records(self, doc_ids: list[str], page: int = 1000) -> list[DocRecord]:
        """The manifest records of these documents (those still there), read a page at a time."""
        found = []
        for at in range(0, len(doc_ids), page):
            got = self.manifest.get(ids=[_DOC_PREFIX + d for d in doc_ids[at:at + page]], include=["documents"])
            found += [_record(text) for text in got["documents"]]
        return found

    def commit(self, records: list[DocRecord]) -> None:
        """Make documents visible: upsert their manifest records and a new generation in one write."""
        token = uuid.uuid4().hex
        self._own_generations.add(token)
        self.manifest.upsert(
            ids=[_DOC_PREFIX + r.doc_id for r in records] + [_STATE_ID],
            documents=[json.dumps(asdict(r)) for r in records] + [""],
            metadatas=[{"record": "document", "doc_id": r.doc_id, "version": r.version} for r in records]
            + [{"record": "state", "generation": token}],
            embeddings=[_DUMMY] * (len(records) + 1),
        )

    def refresh(self, records: list[DocRecord]) -> None:
        """Rewrite manifest records whose version did not change (only their stat); readers need not notice."""
        if records:
            self.manifest.upsert(
                ids=[_DOC_PREFIX + r.doc_id for r in records], documents=[json.dumps(asdict(r)) for r in records],
                metadatas=[{"record": "document", "doc_id": r.doc_id, "version": r.version} for r in records],
                embeddings=[_DUMMY] * len(records),
            )

    def forget(self, doc_ids: list[str]) -> None:
        """Hide documents (manifest first), then drop their chunks."""
        if not doc_ids:
            return
        self.manifest.delete(ids=[_DOC_PREFIX + d for d in doc_ids])
        self._bump()
        self.chunks.delete(where={"doc_id": {"$in": list(doc_ids)}})

    def _bump(self) -> None:
        token = uuid.uuid4().hex
        self._own_generations.add(token)
        self.manifest.upsert(
            ids=[_STATE_ID], documents=[""], metadatas=[{"record": "state", "generation": token}], embeddings=[_DUMMY]
        )

    # -- chunks -----------------------------------------------------------------------------
    def chunk_versions(self) -> dict[str, int]:
        """Chunks per stored version, committed or not (used to sweep leftovers).

        Read from the ids alone (see `chunk_id`): reading every chunk's metadata took 2 s at 15,000 chunks,
        on every run, and this runs before every incremental update.
        """
        counts: dict[str, int] = {}
        offset, page = 0, 50000
        while True:
            got = self.chunks.get(include=[], limit=page, offset=offset)
            for chunk in got["ids"]:
                version = chunk.rpartition(":")[0]
                counts[version] = counts.get(version, 0) + 1
            if len(got["ids"]) < page:
                return counts
            offset += page

    def delete_versions(self, versions: list[str]) -> None:
        for i in range(0, len(versions), 500):
            self.chunks.delete(where={"doc_version": {"$in": versions[i : i + 500]}})

    def count_chunks(self) -> int:
        return self.chunks.count()

    # -- the rebuild lease --------------------------------------------------------------------
    @contextmanager
    def lease(self):
        """One rebuild at a time per index, across processes and hosts; a dead holder's lease is taken over.

        An atomic guard decides who rebuilds (see `assistant.lease`). The holder then writes the `__lease__`
        record, which readers of a local index check (`sync`) and which a run that ends by an exception, or is
        killed, leaves behind: `Lease.unclean` then tells the next holder that chunks may have been left to sweep.
        """
        owner = {"host": socket.gethostname(), "pid": os.getpid(), "token": uuid.uuid4().hex}
        server = self.settings.store_mode == "server"
        prefix = self.settings.collection_prefix
        guard = ServerGuard(self.client, prefix) if server else FileGuard(self.settings.index_dir)
        with reachable(self.location):
            guard.acquire(owner)
        try:
            got = self.manifest.get(ids=[_LEASE_ID], include=["metadatas"])
            held = got["metadatas"][0] if got["ids"] else None
            # The flock proves a record of this host dead; one of another host (an index folder on a shared
            # file system, where flock may not reach across hosts) is honoured until it expires.
            if not server and held and held.get("host") != socket.gethostname() and holder_alive(held):
                raise busy(held)
            self._write_lease(owner)
        except BaseException:
            self._let_go(guard)
            raise
        renewed = [time.monotonic()]

        def renew() -> None:
            """Call often during long work; writes only when a tenth of the lease has passed (a write costs ~40 ms)."""
            if time.monotonic() - renewed[0] > LEASE_SECONDS / 10:
                self._write_lease(owner)
                with reachable(self.location):
                    guard.renew(owner)
                renewed[0] = time.monotonic()

        try:
            yield Lease(unclean=held is not None, renew=renew)
        except BaseException:
            try:
                self._write_lease(owner, expires=0.0)  # left behind on purpose: the next run sweeps
            except StoreError:  # the server is gone: the run's own error is the one to report
                pass
            finally:
                self._let_go(guard)
            raise
        with reachable(self.location):
            try:
                self.manifest.delete(ids=[_LEASE_ID])
            finally:
                guard.release()

    def _let_go(self, guard) -> None:
        """Release the guard on the way out of a failure; a dead server must not hide the failure's own error."""
        try:
            with reachable(self.location):
                guard.release()
        except StoreError:
            pass

    def _write_lease(self, owner: dict, expires: float | None = None) -> None:
        meta = {"record": "lease", **owner, "expires": time.time() + LEASE_SECONDS if expires is None else expires}
        self.manifest.upsert(ids=[_LEASE_ID], documents=[""], metadatas=[meta], embeddings=[_DUMMY])


@dataclass
class Lease:
    """The rebuild lease as its holder sees it."""

    unclean: bool  # the previous rebuild did not end cleanly (killed or failed): sweep its leftovers
    renew: Callable[[], None]

