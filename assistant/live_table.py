"""The chunk table questions read, kept current without making a question wait for a reload.

The first table is read when the first question needs it (from the keyword cache when it holds the index's
generation, else from Chroma). After that, a question that finds the index committed since (`IndexStore.sync`)
starts a reload in a background thread and is answered from the table it has; the new table replaces the old one
in a single assignment once it is complete, so every question reads one whole table. A reload reads only the
documents whose version moved (`chunk_table.build_table`), then saves the new table for the next restart.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable

from assistant.chunk_table import ChunkTable, build_table, give_back_memory
from assistant.keyword_cache import KeywordCache
from assistant.store import IndexStore

log = logging.getLogger(__name__)

RETRY_SECONDS = 2.0  # a failed reload (the store unreachable, say) is tried again by a question after this long
# While a reload runs, a question waiting for the interpreter lock gets it after this long instead of Python's 5 ms:
# a question gives the lock up and takes it back dozens of times (model, Chroma, numpy), and each time waited up to
# the switch interval behind the reload's Python code.
RELOAD_SWITCH_INTERVAL = 0.0005


class _QuickSwitching:
    """Lowers the interpreter's switch interval while any reload runs (reloads of several tables nest)."""

    _lock = threading.Lock()
    _running = 0
    _saved = 0.0

    def __enter__(self):
        with self._lock:
            if _QuickSwitching._running == 0:
                _QuickSwitching._saved = sys.getswitchinterval()
                sys.setswitchinterval(min(RELOAD_SWITCH_INTERVAL, _QuickSwitching._saved))
            _QuickSwitching._running += 1

    def __exit__(self, *exc):
        with self._lock:
            _QuickSwitching._running -= 1
            if _QuickSwitching._running == 0:
                sys.setswitchinterval(_QuickSwitching._saved)


class LiveTable:
    """One index's current `ChunkTable`; thread-safe."""

    def __init__(self, store: IndexStore, cache: KeywordCache | None = None):
        self.store = store
        self.cache = cache
        self._table: ChunkTable | None = None
        self._lock = threading.Lock()  # guards the fields below and the first load
        self._save_lock = threading.Lock()  # one save at a time, in the order tables went live
        self._stale = False  # the index committed since the current table was read
        self._worker: threading.Thread | None = None
        self._saver: threading.Thread | None = None  # the first table's save
        self._failed_at = float("-inf")
        self._error: BaseException | None = None

    def current(self) -> ChunkTable:
        """The table for a question. Waits only when there is none yet (the first question of the process), or when
        the current one is empty and a reload is under way (an empty table answers nothing)."""
        with self._lock:
            changed = self.store.sync()
            if self._table is None:
                return self._first()
            self._stale = self._stale or changed
            if self._stale and self._worker is None and time.monotonic() - self._failed_at > RETRY_SECONDS:
                self._start_reload()
            table, worker = self._table, self._worker
        if not table.passages and worker is not None:
            worker.join()
            return self._table
        return table

    def watch(self, every_s: float) -> Callable[[], None]:
        """Keep the table current without waiting for a question, for a long-running process (the web app): load the
        first table now, then look for a new generation every `every_s` seconds and reload in the background as a
        question would. With several app nodes on one Chroma server, a rebuild through one node is then picked up by
        the others even while no one asks them anything (otherwise an idle node's next question would be answered
        from its old table while it reloads). Returns a function that stops the watching."""
        stop = threading.Event()

        def look() -> None:
            while True:
                try:
                    self.current()
                except Exception as exc:  # noqa: BLE001 - the store may be down for a while: questions report it
                    log.debug("looking for a new index generation failed (%s: %s)", type(exc).__name__, exc)
                if stop.wait(every_s):
                    return

        thread = threading.Thread(target=look, name="index-generation-watch", daemon=True)
        thread.start()

        def stop_watching(timeout: float | None = 10) -> None:
            stop.set()
            thread.join(timeout)

        return stop_watching

    def latest(self) -> ChunkTable | None:
        """The current table as it is, without looking for changes (None before the first load)."""
        return self._table

    def refresh(self, timeout: float | None = None) -> ChunkTable:
        """Bring the table up to the index's current generation now, wait for its save, and return it: after an
        in-process rebuild, so the rebuild reports done once its documents are searchable. Raises what the reload
        raised."""
        with self._lock:
            if self._table is None:
                self.store.sync()
                self._first()
            self._stale = self.store.sync() or self._stale
            if self._stale and self._worker is None:
                self._start_reload()
            worker, saver = self._worker, self._saver
        for thread in (worker, saver):
            if thread is not None:
                thread.join(timeout)
        with self._lock:
            if self._stale and self._worker is None and self._error is not None:
                raise self._error
            return self._table

    # -- loading --------------------------------------------------------------------------------------------
    def _first(self) -> ChunkTable:
        """The first table (called holding the lock): the saved one of this generation, else read (reusing the
        newest saved table's unchanged documents) and saved in the background."""
        saved = self.cache.load(self.store.generation()) if self.cache is not None else None
        if saved is not None:
            self._table = saved
            return saved
        self._table = build_table(self.store, self.cache.newest() if self.cache is not None else None)
        # Not a daemon: a one-question process (`assistant ask`) finishes the save before it exits.
        self._saver = threading.Thread(target=self._save, args=(self._table,), name="keyword-cache-save")
        self._saver.start()
        return self._table

    def _start_reload(self) -> None:
        self._worker = threading.Thread(target=self._reload, name="chunk-table-reload", daemon=True)
        self._worker.start()

    def _reload(self) -> None:
        with _QuickSwitching():
            self._reload_until_current()

    def _reload_until_current(self) -> None:
        """Read new tables until one matches the last generation seen; each goes live as soon as it is complete."""
        while True:
            with self._lock:
                if not self._stale:
                    self._worker = None
                    return
                self._stale = False
                previous = self._table
            try:
                table = build_table(self.store, previous)
            except Exception as exc:  # noqa: BLE001 - questions go on with the table they have; retried later
                log.warning("reloading the chunk table failed (%s: %s); questions use the previous one",
                            type(exc).__name__, exc)
                with self._lock:
                    self._stale, self._failed_at, self._error, self._worker = True, time.monotonic(), exc, None
                return
            with self._lock:
                self._table, self._error = table, None
            previous = None
            self._save(table)
            give_back_memory()

    def _save(self, table: ChunkTable) -> None:
        if self.cache is None:
            return
        with self._save_lock:
            if self._table is not table:  # a newer table went live meanwhile: its own save will follow
                return
            try:
                self.cache.save(table)
            except Exception as exc:  # noqa: BLE001 - a cache that cannot be written costs the next restart time only
                log.warning("saving the keyword cache failed (%s: %s)", type(exc).__name__, exc)
