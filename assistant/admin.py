"""Administration behind the web app, free of Gradio: corpus files, index rebuilds, evaluation runs.

The UI calls these services only; each refusal is an AssistantError whose message is fit to show as is.

- `CorpusAdmin.add_file` copies an upload into the corpus folder under a sanitized name, never outside
  it and never over an existing file; `delete` removes a document and its `.meta.json` sidecar.
- `CorpusAdmin.start_rebuild` runs `assistant.indexer()` (the assistant's own Chroma client and model) in
  a background thread, one at a time; the chat keeps answering meanwhile and sees the new documents as
  each group is committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import re
import secrets
import shutil
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.documents import SIDECAR_SUFFIX, SUPPORTED_SUFFIXES, doc_id_for, scan_corpus, sidecar_for
from assistant.errors import AssistantError, DocumentError, IndexBusyError

if TYPE_CHECKING:  # the indexer pulls in LlamaIndex only when a rebuild runs
    from assistant.indexing import IndexReport

log = logging.getLogger(__name__)
_UNSAFE = re.compile(r"[^\w\-. ()+,&@]")  # \w is Unicode-aware: accented names survive
_MAX_NAME = 120


# -- corpus files -----------------------------------------------------------------------------------
def safe_file_name(name: str) -> str:
    """A file name that can only land directly inside the corpus folder, or DocumentError.

    Directories (either slash), `..`, control characters and leading dots (hidden files, which the indexer
    ignores) are stripped; characters outside a conservative set become "_".
    """
    original = name
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # control, format, unassigned
    name = name.replace("\\", "/").split("/")[-1]
    name = _UNSAFE.sub("_", name).strip().lstrip(".").strip()
    name = re.sub(r"\s+", " ", name)
    stem, suffix = os.path.splitext(name)
    if len(name) > _MAX_NAME:
        name = stem[: _MAX_NAME - len(suffix)].rstrip() + suffix
        stem = os.path.splitext(name)[0]
    if not stem.strip(" ._"):
        raise DocumentError(f"{original!r} is not a usable file name")
    if name.lower().endswith(SIDECAR_SUFFIX):
        raise DocumentError(f"{name}: metadata sidecars ({SIDECAR_SUFFIX}) cannot be uploaded as documents")
    if suffix.lower() not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{name}: unsupported file type '{suffix or 'none'}' "
                            f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    return name


def received_upload(path: str | Path, upload_root: str | Path) -> Path:
    """`path` if it is a regular file inside the web server's upload cache, else DocumentError.

    A Gradio API call names its files by server path, so without this check
    `{"path": "/some/server/file.md", "meta": {"_type": "gradio.FileData"}}` copied any server file into the
    corpus. Only files the server itself received (they land in its upload cache) are accepted; links are
    resolved first, so a link in the cache cannot point elsewhere.
    """
    given = Path(path)
    resolved, root = given.resolve(), Path(upload_root).resolve()
    if not resolved.is_relative_to(root) or resolved == root or not resolved.is_file():
        raise DocumentError(f"{given.name or 'file'}: not a file uploaded to this server; send the file itself")
    return resolved


# Files in the web server's upload cache older than this are swept when it starts and every 10 minutes after.
UPLOAD_MAX_AGE_S = 3600
UPLOAD_SWEEP_EVERY_S = 600


def _inside(path: Path, root: Path) -> bool:
    return path.is_relative_to(root) and path != root


def discard_upload(path: str | Path, upload_root: str | Path) -> None:
    """Delete a received file once its request is handled (copied into the corpus, or refused), and its
    folder when that is left empty. Only a file inside the upload cache is touched: a server path named in an
    API call is never deleted."""
    root = Path(upload_root).resolve()
    resolved = Path(path).resolve()
    if not _inside(resolved, root) or not resolved.is_file():
        return
    resolved.unlink(missing_ok=True)
    folder = resolved.parent
    while _inside(folder, root):  # Gradio keeps each upload in a folder of its own
        try:
            folder.rmdir()
        except OSError:  # not empty: another upload still uses it
            break
        folder = folder.parent


def sweep_upload_cache(upload_root: str | Path, max_age_s: float = UPLOAD_MAX_AGE_S) -> int:
    """Delete files in the upload cache not modified for `max_age_s` seconds, and folders left empty as long;
    return the number of files deleted. Catches what a crashed server or an upload never submitted left."""
    root = Path(upload_root)
    cutoff = time.time() - max_age_s
    removed = 0
    for folder, _, names in os.walk(root, topdown=False):
        try:  # a folder changed lately may hold an upload being written: only old ones go
            old_folder = Path(folder) != root and os.stat(folder).st_mtime < cutoff
        except OSError:
            continue
        for name in names:
            path = Path(folder, name)
            try:
                if path.lstat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:  # gone already, or not ours to delete
                continue
        if old_folder:
            with contextlib.suppress(OSError):  # not empty: something newer is inside
                os.rmdir(folder)
    return removed


def sweeping_uploads(lifespan, upload_root: str | Path, every_s: float = UPLOAD_SWEEP_EVERY_S,
                     max_age_s: float = UPLOAD_MAX_AGE_S):
    """Wrap an ASGI app's lifespan: sweep the upload cache when the server starts, then every `every_s` seconds.

    A timer, not only the upload handlers, because files reach the cache without reaching a handler: an
    upload never submitted, a file Gradio refuses by type, the empty temp file Gradio's File makes per file.
    """
    async def sweep() -> None:
        removed = await asyncio.to_thread(sweep_upload_cache, upload_root, max_age_s)
        if removed:
            log.info("removed %d files older than %g s from the upload cache %s", removed, max_age_s, upload_root)

    async def sweep_forever() -> None:
        while True:
            await asyncio.sleep(every_s)
            await sweep()

    @contextlib.asynccontextmanager
    async def lifespan_with_sweeps(app):
        await sweep()
        task = asyncio.create_task(sweep_forever())
        try:
            async with lifespan(app) as state:
                yield state
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan_with_sweeps


@dataclass
class RebuildStatus:
    """A snapshot of the current or last rebuild, for the progress bar and the summary."""

    state: str = "idle"  # idle | running | done | failed
    done: int = 0  # documents committed so far
    total: int = 0  # documents to (re)index, known once the plan is made
    planned: bool = False
    started_at: float | None = None
    finished_at: float | None = None
    events: list[str] = field(default_factory=list)  # "skipped x: why", "removed y", as they happen
    summary: list[str] = field(default_factory=list)  # IndexReport.summary_lines() once done
    error: str | None = None
    report: IndexReport | None = None

    @property
    def running(self) -> bool:
        return self.state == "running"


class CorpusAdmin:
    """Uploads, deletions and rebuilds for one assistant's corpus folder."""

    def __init__(self, assistant):
        self.assistant = assistant
        self.settings = assistant.settings
        self.corpus_dir = Path(self.settings.index.corpus_dir)
        self._files_lock = threading.Lock()
        self._rebuild_lock = threading.Lock()  # held while a rebuild runs: one at a time in this process
        self._status_lock = threading.Lock()
        self._status = RebuildStatus()
        self._thread: threading.Thread | None = None

    # -- files --------------------------------------------------------------------------------------
    def files(self) -> list[str]:
        """doc_ids of the documents in the corpus folder (indexed or not yet)."""
        return [doc_id_for(p, self.corpus_dir) for p in scan_corpus(self.corpus_dir)]

    def add_file(self, source: str | Path, name: str | None = None) -> str:
        """Copy `source` into the corpus as `name` (default: its own name); return the new doc_id.

        A name already taken gets a numeric suffix ("report-2.pdf"); the same bytes already in the corpus
        are refused, since the indexer would skip them as a duplicate anyway.
        """
        source = Path(source)
        name = safe_file_name(name or source.name)
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise DocumentError(f"{name}: cannot read the upload ({exc.strerror or exc})") from None
        limit = self.settings.index.max_file_mb
        if size > limit * 1024 * 1024:
            raise DocumentError(f"{name}: file is {size / 1048576:.1f} MB, over the {limit:g} MB limit "
                                "(ASSISTANT_MAX_FILE_MB)")
        if size == 0:
            raise DocumentError(f"{name}: the file is empty")
        self.corpus_dir.mkdir(parents=True, exist_ok=True)
        digest = _sha256(source)
        with self._files_lock:
            for existing in scan_corpus(self.corpus_dir):
                if existing.stat().st_size == size and _sha256(existing) == digest:
                    raise DocumentError(f"{name}: the same file is already in the corpus as "
                                        f"{doc_id_for(existing, self.corpus_dir)}")
            # Copied under a hidden name (the indexer ignores it), then linked into place: a rebuild never
            # reads half a file, and os.link refuses to replace an existing one.
            temp = self.corpus_dir / f".upload-{secrets.token_hex(6)}"
            shutil.copyfile(source, temp)
            try:
                stem, suffix = os.path.splitext(name)
                for n in range(1, 1000):
                    target = self.corpus_dir / (name if n == 1 else f"{stem}-{n}{suffix}")
                    if target.exists() or sidecar_for(target).exists():
                        continue
                    try:
                        os.link(temp, target)
                    except FileExistsError:
                        continue
                    return doc_id_for(target, self.corpus_dir)
                raise DocumentError(f"{name}: too many files with this name in the corpus")
            finally:
                temp.unlink(missing_ok=True)

    def delete(self, doc_id: str) -> list[str]:
        """Remove a document (and its metadata sidecar) from the corpus folder; return what was removed.

        The index forgets it at the next rebuild.
        """
        if not doc_id or "\x00" in doc_id:
            raise DocumentError("no document given to delete")
        root = self.corpus_dir.resolve()
        path = (root / doc_id).resolve()
        if root not in path.parents:
            raise DocumentError(f"{doc_id}: not inside the corpus folder")
        if path.name.endswith(SIDECAR_SUFFIX) or not path.is_file():
            raise DocumentError(f"{doc_id}: no such document in the corpus")
        removed = []
        with self._files_lock:
            for target in (path, sidecar_for(path)):
                if target.is_file():
                    target.unlink()
                    removed.append(target.relative_to(root).as_posix())
        return removed

    # -- rebuilds -----------------------------------------------------------------------------------
    def start_rebuild(self, full: bool = False) -> RebuildStatus:
        """Start bringing the index in line with the corpus in the background; IndexBusyError if one runs."""
        if not self._rebuild_lock.acquire(blocking=False):
            raise IndexBusyError("a rebuild is already running; wait for it to finish")
        with self._status_lock:
            self._status = RebuildStatus(state="running", started_at=time.time())
        self._thread = threading.Thread(target=self._rebuild, args=(full,), name="rebuild", daemon=True)
        self._thread.start()
        return self.rebuild_status()

    def rebuild_status(self) -> RebuildStatus:
        with self._status_lock:
            return replace(self._status, events=list(self._status.events), summary=list(self._status.summary))

    def wait_rebuild(self, timeout: float | None = None) -> RebuildStatus:
        """Wait for the running rebuild (at most `timeout` seconds); return the status either way."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.rebuild_status()

    def rebuild(self, full: bool = False, timeout: float | None = None) -> RebuildStatus:
        """Start a rebuild and wait for it."""
        self.start_rebuild(full)
        return self.wait_rebuild(timeout)

    def _rebuild(self, full: bool) -> None:
        try:
            report = self.assistant.indexer().run(full=full, on_event=self._on_event)
            with self._status_lock:
                self._status.report = report
                self._status.summary = report.summary_lines()
                self._status.state = "done"
        except AssistantError as exc:
            self._fail(str(exc))
        except Exception as exc:  # a bug, not a user's mistake: still end the rebuild and say what happened
            self._fail(f"rebuild failed: {type(exc).__name__}: {exc}")
        finally:
            with self._status_lock:
                self._status.finished_at = time.time()
            self._rebuild_lock.release()

    def _fail(self, message: str) -> None:
        with self._status_lock:
            self._status.state, self._status.error = "failed", message

    def _on_event(self, kind: str, data: dict) -> None:
        with self._status_lock:
            status = self._status
            if kind == "plan":
                status.total, status.planned = data["documents"], True
            elif kind == "committed":
                status.done += data["documents"]
            elif kind == "skipped":
                status.events.append(f"skipped {data['path']}: {data['reason']}")
                if status.planned:  # a planned document that failed to load is done too
                    status.done += 1
            elif kind == "removed":
                status.events.append(f"removed {data['doc_id']}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- evaluation -------------------------------------------------------------------------------------
def run_evaluation(assistant, suite: str | Path, reports_dir: str | Path, progress: bool = False) -> tuple[Path, list[str]]:
    """Run a suite through `assistant.ask` and write its reports into a fresh folder under `reports_dir`.

    Returns the report.json path and warnings (items naming sources the corpus lacks).
    """
    from assistant.evaluation import check_sources, load_suite, run_suite, write_report

    items = load_suite(suite)
    warnings = check_sources(items, [d["doc_id"] for d in assistant.documents()])
    run = run_suite(assistant, items, progress=progress)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    return write_report(run, Path(reports_dir) / f"web-{stamp}"), warnings
