"""The chunk table and its BM25 indexes saved per generation, so a restart loads them instead of reading Chroma.

Reading every chunk back from Chroma and tokenizing it takes about a minute at 150,000 chunks; loading the saved
table takes a second or two. A saved table is named by the manifest generation it was read at (`<folder>/<gen>/`),
so it is used only while the index is unchanged; a newer generation starts from the newest saved table as a base
and reads only the documents whose version moved (`chunk_table.build_table`). The folder is on the node's own
disk (`<index_dir>/keyword/<collection prefix>/`), also when Chroma is a server shared by several nodes.

A table is written into a temporary folder and renamed into place, with `meta.json` (file sizes included) written
last, so a killed save leaves no folder under a generation's name. A folder that cannot be read back whole (a
missing or truncated file, a format or tokenizer that changed) is removed and the table rebuilt from Chroma.
The large arrays are memory-mapped: sentence vectors and token ids are read only when a search or a reload needs
them, and a passage is made into a `Passage` when first read (`chunk_table.PassageColumns`). Older generations'
folders are removed after each save.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
import time
import uuid
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from assistant.chunk_table import (ChunkTable, DocumentInfo, PassageColumns, collector_paused, mapped_files,
                                   release_pages)
from assistant.settings import IndexSettings
from assistant.text import terms

log = logging.getLogger(__name__)

# Tables being read ahead of their first use (`KeywordCache.preload`): (folder, generation) -> the table, or None.
_preloads: dict[tuple[Path, str], Future] = {}
_preloads_lock = threading.Lock()

FORMAT = 1
_DIMENSIONS = 384
_TEMP_GRACE_SECONDS = 600.0  # another process's save in progress is left alone this long
_PROBE = "Officials said the 24% tariffs on automobiles were negotiated in Washington."


def cache_folder(settings: IndexSettings) -> Path:
    """Where this node keeps the saved tables of the index the settings name."""
    return Path(settings.index_dir) / "keyword" / settings.collection_prefix


def signature() -> str:
    """What the saved search terms depend on: this format, bm25s and PyStemmer, and how text.py makes terms (the
    functions `terms` runs, its word pattern and stopword list, and what it yields). The rest of text.py (sentence
    splitting, display helpers) does not change the table, so editing it does not make every node rebuild it."""
    import inspect
    from importlib.metadata import version

    import bm25s

    from assistant import text

    digest = hashlib.sha256(f"{FORMAT}|{bm25s.__version__}|{version('PyStemmer')}|{' '.join(terms(_PROBE))}|".encode())
    for part in (text._WORD.pattern, " ".join(sorted(text.stopwords())), repr(sorted(text.WIRE_WORDS.items())),
                 repr(text._BRITISH), repr(text._BRITISH_ENDINGS), repr(sorted(text._AMERICAN_WORDS.items())),
                 *(inspect.getsource(f) for f in (text.terms, text._terms, text.content_words, text.stem,
                                                  text.american, text._american_match))):
        digest.update(part.encode())
    return digest.hexdigest()[:20]


class CacheError(Exception):
    """A saved table that cannot be used."""


class KeywordCache:
    """Saved tables in one folder, one sub-folder per generation."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._signature = signature()

    # -- reading ----------------------------------------------------------------------------------
    def preload(self, generation: str) -> None:
        """Read the table saved for `generation` now, in the calling thread, for the next `load(generation)` of this
        folder (by any KeywordCache) to take instead of reading it again: a process starting up reads its table while
        the embedding model loads (`retrieval.warm_up`)."""
        key, future = (self.folder.resolve(), generation), Future()
        with _preloads_lock:
            _preloads[key] = future
        try:
            future.set_result(self._load(generation))
        except BaseException as exc:  # noqa: BLE001 - handed to the load that waits for it
            future.set_exception(exc)

    def load(self, generation: str) -> ChunkTable | None:
        """The table saved for `generation`, or None (nothing saved, or unusable: then it is removed)."""
        folder = self.folder.resolve()
        with _preloads_lock:  # every read-ahead of this folder is taken: one of another generation is not kept
            taken = {g: _preloads.pop((f, g)) for f, g in list(_preloads) if f == folder}
        if generation in taken:
            table = taken[generation].result()
            if table is not None:
                return table
            # It found nothing: a table saved since (another app of this process saving it) is read now.
        return self._load(generation)

    def _load(self, generation: str) -> ChunkTable | None:
        path = self.folder / generation
        if not generation or not (path / "meta.json").is_file():
            return None
        return self._read_or_drop(path)

    def newest(self) -> ChunkTable | None:
        """The most recently saved readable table of any generation, as a base for reading only what changed."""
        for path in sorted(self._generations(), key=_saved_at, reverse=True):
            table = self._read_or_drop(path)
            if table is not None:
                return table
        return None

    def _read_or_drop(self, path: Path) -> ChunkTable | None:
        try:
            with collector_paused():
                return _read(path, self._signature)
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with the files, Chroma still has the truth
            log.warning("keyword cache %s is unusable (%s: %s); it is removed and the table read from the index",
                        path, type(exc).__name__, exc)
            shutil.rmtree(path, ignore_errors=True)
            return None

    def _generations(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")]

    # -- writing ----------------------------------------------------------------------------------
    def save(self, table: ChunkTable) -> bool:
        """Save `table` under its generation (only a table read while the generation stood still), then remove
        the other generations' folders. False when it was not saved (not exact, or the disk refused)."""
        if not table.exact or not table.generation:
            return False
        final = self.folder / table.generation
        if not (final / "meta.json").is_file():
            temp = self.folder / f".{table.generation}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
            try:
                temp.mkdir(parents=True)
                _write(temp, table, self._signature)
                os.rename(temp, final)
            except BaseException as exc:
                shutil.rmtree(temp, ignore_errors=True)
                if not isinstance(exc, OSError):
                    raise
                if not (final / "meta.json").is_file():  # not another process saving the same generation first
                    log.warning("cannot save the keyword cache in %s: %s", self.folder, exc)
                    return False
        self._remove_others(keep=final.name)
        return True

    def _remove_others(self, keep: str) -> None:
        for path in self.folder.iterdir():
            if path.name == keep:
                continue
            if path.name.endswith(".tmp") and time.time() - _mtime(path) < _TEMP_GRACE_SECONDS:
                continue  # maybe another process's save in progress
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _saved_at(path: Path) -> float:
    return _mtime(path / "meta.json")


def _ends(arrays) -> np.ndarray:
    return np.cumsum([len(a) for a in arrays], dtype=np.int64)


_WRITE_BATCH_BYTES = 32 << 20  # rows written between two releases of the mapped pages they were read from


def _save_rows(path: Path, arrays: list, dtype, width: int | None = None) -> None:
    """`arrays` (None and empty ones skipped) concatenated into one .npy file, written a row at a time.

    np.save of one concatenation held a copy of every array (the sentence vectors: about 400 MB at 150,000
    chunks) while also mapping in every page of the previous saved table they are views of; here nothing is
    copied, and the mapped pages read are handed back every few tens of MB (`release_pages`), so a save after a
    reload does not raise the node's peak resident memory (issue 12).
    """
    dtype = np.dtype(dtype)
    present = [a for a in arrays if a is not None and len(a)]
    maps = mapped_files(present)
    rows = sum(len(a) for a in present)
    header = {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False,
              "shape": (rows, width) if width else (rows,)}
    with open(path, "wb") as f:
        np.lib.format.write_array_header_1_0(f, header)
        written = 0
        for a in present:
            a = np.ascontiguousarray(a, dtype=dtype)
            f.write(a.data)
            written += a.nbytes
            if written >= _WRITE_BATCH_BYTES:
                release_pages(maps)
                written = 0
    release_pages(maps)


def _write(folder: Path, table: ChunkTable, signature: str) -> None:
    names = sorted(table.documents)
    index = {d: i for i, d in enumerate(names)}
    passages = table.passages
    info = [[d, *(getattr(table.documents[d], f) for f in ("version", "title", "date", "chunks"))] for d in names]
    (folder / "documents.json").write_text(json.dumps(info), encoding="utf-8")
    columns = {"chunk_id": [p.chunk_id for p in passages], "doc": [index[p.doc_id] for p in passages],
               "title": [p.title for p in passages], "page": [p.page for p in passages]}
    (folder / "passages.json").write_text(json.dumps(columns), encoding="utf-8")
    with open(folder / "texts.txt", "wb") as f:  # a passage at a time: one joined copy was 120 MB at 150,000 chunks
        for p in passages:
            f.write(p.text.encode("utf-8", "surrogatepass"))
    np.save(folder / "text_ends.npy", np.cumsum([len(p.text) for p in passages], dtype=np.int64))
    np.save(folder / "offsets.npy", np.array([[p.start, p.end] for p in passages], dtype=np.int64).reshape(-1, 2))
    rows = table.sentence_rows
    _save_rows(folder / "sentences.npy", rows, np.int8, _DIMENSIONS)
    np.save(folder / "sentence_ends.npy", np.cumsum([0 if r is None else len(r) for r in rows], dtype=np.int64))
    np.save(folder / "has_sentences.npy", np.array([r is not None for r in rows], dtype=bool))
    _save_rows(folder / "tokens.npy", table.tokens, np.int32)
    np.save(folder / "token_ends.npy", _ends(table.tokens))
    (folder / "doc_ids.json").write_text(json.dumps(table.doc_ids), encoding="utf-8")
    _save_rows(folder / "doc_tokens.npy", table.doc_tokens, np.int32)
    np.save(folder / "doc_token_ends.npy", _ends(table.doc_tokens))
    vocab = [""] * len(table.vocab)
    for term, i in table.vocab.items():
        vocab[i] = term
    (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    for name, bm25 in (("bm25", table.bm25), ("doc_bm25", table.doc_bm25)):
        if bm25 is not None:
            bm25.save(folder / name, show_progress=False)
    files = {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*")) if p.is_file()}
    meta = {"format": FORMAT, "signature": signature, "generation": table.generation, "passages": len(passages),
            "documents": len(names), "doc_ids": len(table.doc_ids), "files": files,
            "bm25": table.bm25 is not None, "doc_bm25": table.doc_bm25 is not None}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def _split(flat: np.ndarray, ends: np.ndarray) -> list[np.ndarray]:
    """Consecutive pieces of `flat` ending at `ends`, as plain views (slicing a memmap itself costs 10x more)."""
    flat = flat.view(np.ndarray)
    starts = np.concatenate([[0], ends[:-1]]) if len(ends) else ends
    return [flat[a:b] for a, b in zip(starts.tolist(), ends.tolist())]


def _read(folder: Path, signature: str) -> ChunkTable:
    import bm25s

    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT or meta.get("signature") != signature:
        raise CacheError("saved by another version of the tokenizer or of this format")
    if meta.get("generation") != folder.name:
        raise CacheError(f"holds generation {meta.get('generation')!r}")
    for name, size in meta["files"].items():
        if (folder / name).stat().st_size != size:
            raise CacheError(f"{name} is {(folder / name).stat().st_size} bytes, {size} were written")
    info = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
    documents = {d: DocumentInfo(version, title, date, chunks) for d, version, title, date, chunks in info}
    names = [row[0] for row in info]
    columns = json.loads((folder / "passages.json").read_text(encoding="utf-8"))
    text = (folder / "texts.txt").read_bytes().decode("utf-8", "surrogatepass")
    text_ends = np.load(folder / "text_ends.npy").tolist()
    offsets = np.load(folder / "offsets.npy")
    n = meta["passages"]
    if not (len(columns["chunk_id"]) == len(text_ends) == n and offsets.shape == (n, 2)) or (
            n and text_ends[-1] != len(text)):
        raise CacheError("the passage columns disagree")
    texts, begin = [], 0
    for end in text_ends:
        texts.append(text[begin:end])
        begin = end
    del text
    # Each Passage is made when first read (PassageColumns): a restart makes only those its questions read.
    passages = PassageColumns(columns["chunk_id"], [names[doc] for doc in columns["doc"]], columns["title"], texts,
                              offsets, columns["page"], documents)
    sentences = np.load(folder / "sentences.npy", mmap_mode="r")
    present = np.load(folder / "has_sentences.npy")
    rows = [r if has else None for r, has in zip(_split(sentences, np.load(folder / "sentence_ends.npy")), present)]
    tokens = _split(np.load(folder / "tokens.npy", mmap_mode="r"), np.load(folder / "token_ends.npy"))
    doc_ids = json.loads((folder / "doc_ids.json").read_text(encoding="utf-8"))
    doc_tokens = _split(np.load(folder / "doc_tokens.npy", mmap_mode="r"), np.load(folder / "doc_token_ends.npy"))
    vocab = {term: i for i, term in enumerate(json.loads((folder / "vocab.json").read_text(encoding="utf-8")))}
    if not (len(rows) == len(tokens) == n and len(doc_tokens) == len(doc_ids) == meta["doc_ids"]):
        raise CacheError("the token or sentence arrays disagree with the passages")
    bm25 = bm25s.BM25.load(folder / "bm25", mmap=True, show_progress=False) if meta["bm25"] else None
    doc_bm25 = bm25s.BM25.load(folder / "doc_bm25", mmap=True, show_progress=False) if meta["doc_bm25"] else None
    if (bm25 is not None and bm25.scores["num_docs"] != n) or (
            doc_bm25 is not None and doc_bm25.scores["num_docs"] != len(doc_ids)):
        raise CacheError("a BM25 index disagrees with the passages")
    return ChunkTable(folder.name, True, documents, passages, rows, tokens, doc_ids, doc_tokens, vocab, bm25, doc_bm25)
