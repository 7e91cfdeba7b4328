"""Index rebuilds behind the web app: one at a time, in a background thread, with a status to poll.

The chat keeps answering meanwhile, from the chunk table it has, and sees the new documents as each group is
committed and the table reloaded in the background (`live_table.py`). A rebuild is reported done once the table
holds everything it committed (`after`, the retriever's refresh). The indexer comes from the app (`App.indexer`:
its own Chroma client and model, one of each per process).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.errors import AssistantError, IndexBusyError
from assistant.index_events import Committed, Embedded, IndexEvent, Planned, Read, Removed, Skipped

if TYPE_CHECKING:  # the indexer pulls in LlamaIndex only when a rebuild runs
    from assistant.indexing import Indexer, IndexReport


@dataclass
class RebuildStatus:
    """A snapshot of the current or last rebuild, for the progress bar and the summary."""

    state: str = "idle"  # idle | running | done | failed
    done: int = 0  # documents committed (or planned and then skipped) so far
    total: int = 0  # documents to (re)index, known once the plan is made
    planned: bool = False
    read: int = 0  # planned documents read and cut into chunks (ahead of the embedding by up to one group)
    failed: int = 0  # planned documents skipped when read
    chunks_read: int = 0  # chunks of the documents read
    chunks_embedded: int = 0
    started_at: float | None = None
    planned_at: float | None = None
    finished_at: float | None = None
    events: list[str] = field(default_factory=list)  # "skipped x: why", "removed y", as they happen
    summary: list[str] = field(default_factory=list)  # IndexReport.summary_lines() once done
    error: str | None = None
    report: IndexReport | None = None
    queued: bool = False  # another (incremental) rebuild starts when this one ends: files changed meanwhile

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def fraction(self) -> float | None:
        """Share of the planned work done, 0-1; None before the plan is made (the corpus is being scanned).

        Documents count as their chunks get embedded, not only at each group's commit, so the share moves with
        every slice the model embeds: the documents read times the share of their chunks embedded."""
        if not self.planned:
            return None
        if not self.total or self.state == "done":
            return 1.0
        embedded = self.read * self.chunks_embedded / self.chunks_read if self.chunks_read else 0.0
        return min(1.0, max(self.done, embedded + self.failed) / self.total)

    def eta_seconds(self, now: float | None = None) -> float | None:
        """Seconds left at the pace since the plan was made; None until there is a pace to go by."""
        fraction = self.fraction
        if not self.running or not fraction or fraction >= 1 or self.planned_at is None:
            return None
        elapsed = (time.time() if now is None else now) - self.planned_at
        return elapsed * (1 - fraction) / fraction if elapsed > 0 else None


class Rebuilds:
    """Starts, follows and reports rebuilds of one index; `indexer()` makes the indexer each rebuild runs, `after()`
    (optional) runs once it has, before the rebuild is reported done."""

    def __init__(self, indexer: Callable[[], Indexer], after: Callable[[], object] | None = None):
        self.indexer = indexer
        self.after = after
        self._rebuild_lock = threading.Lock()  # held while a rebuild runs: one at a time in this process
        self._status_lock = threading.Lock()
        self._status = RebuildStatus()
        self._thread: threading.Thread | None = None
        self._queue_lock = threading.Lock()
        self._queued: threading.Thread | None = None  # waits for the running rebuild, then starts the next one

    def start_rebuild(self, full: bool = False) -> RebuildStatus:
        """Start bringing the index in line with the corpus in the background; IndexBusyError if one runs."""
        if not self._rebuild_lock.acquire(blocking=False):
            raise IndexBusyError("a rebuild is already running; wait for it to finish")
        with self._status_lock:
            self._status = RebuildStatus(state="running", started_at=time.time())
        self._thread = threading.Thread(target=self._rebuild, args=(full,), name="rebuild", daemon=True)
        self._thread.start()
        return self.rebuild_status()

    def request_rebuild(self) -> RebuildStatus:
        """Bring the index in line with the corpus as soon as possible (an incremental rebuild), after an upload or
        a deletion: started now when none runs; else queued to start when the running one ends, since that one
        may have planned its work before the change. However many ask meanwhile, one rebuild is queued."""
        with self._queue_lock:
            try:
                return self.start_rebuild()
            except IndexBusyError:
                if self._queued is None:
                    self._queued = threading.Thread(target=self._start_queued, name="rebuild-queued", daemon=True)
                    self._queued.start()
                return self.rebuild_status()

    def _start_queued(self) -> None:
        while True:
            running = self._thread
            if running is not None:
                running.join()
            with self._queue_lock:
                try:
                    self.start_rebuild()
                except IndexBusyError:  # another started first (the Rebuild button, perhaps before the change)
                    pass
                else:
                    self._queued = None
                    return
            time.sleep(0.05)  # that one's thread is being set up: wait for it in turn

    def rebuild_status(self) -> RebuildStatus:
        with self._status_lock:
            return replace(self._status, events=list(self._status.events), summary=list(self._status.summary),
                           queued=self._queued is not None)

    def wait_rebuild(self, timeout: float | None = None) -> RebuildStatus:
        """Wait for the running rebuild and the one queued after it, if any (at most `timeout` seconds); return
        the status either way."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            busy = [t for t in (self._thread, self._queued) if t is not None and t.is_alive()]
            left = None if deadline is None else deadline - time.monotonic()
            if not busy or (left is not None and left <= 0):
                return self.rebuild_status()
            busy[0].join(left)

    def rebuild(self, full: bool = False, timeout: float | None = None) -> RebuildStatus:
        """Start a rebuild and wait for it."""
        self.start_rebuild(full)
        return self.wait_rebuild(timeout)

    def _rebuild(self, full: bool) -> None:
        try:
            report = self.indexer().run(full=full, on_event=self._on_event)
            if self.after is not None:
                self.after()
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

    def _on_event(self, event: IndexEvent) -> None:
        with self._status_lock:
            status = self._status
            if isinstance(event, Planned):
                status.total, status.planned, status.planned_at = event.documents, True, time.time()
            elif isinstance(event, Read):
                status.read += 1
                status.chunks_read += event.chunks
            elif isinstance(event, Embedded):
                status.chunks_embedded += event.chunks
            elif isinstance(event, Committed):
                status.done += event.documents
            elif isinstance(event, Skipped):
                status.events.append(f"skipped {event.path}: {event.reason}")
                if status.planned:  # a planned document that failed to load is done too
                    status.done += 1
                    status.failed += 1
            elif isinstance(event, Removed):
                status.events.append(f"removed {event.doc_id}")
