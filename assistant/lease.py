"""Who may rebuild: one rebuild at a time per index, across processes and hosts.

The lease used to be a manifest record read, written and read back; of 16 `assistant index` started at once,
four got through and stored their chunks side by side (issue 9.4). Each store mode now rests on one step that
something else makes atomic:

- A local index: an exclusive, non-blocking `flock` on `<index>/rebuild.lock`. The kernel grants it to one open
  file at a time and drops it when the holder dies, kill -9 included, so a dead holder needs no take-over.
- A Chroma server: creating a collection fails on the server when the name exists. The lease is the collection
  `<prefix>_lease_<n>` with the highest n; its metadata names the holder, when the lease expires (renewed during
  the run) and whether it was released. A start takes a released lease, or one whose holder is dead (expired, or
  its pid gone on this host), by creating n+1: of several that try, the server lets one create succeed. The
  winner then checks that no higher n exists (a start that read an old listing may recreate an n already deleted)
  and deletes the lower ones, which leaves the highest n untouched: a later creator always sees it.

The guards answer "who rebuilds" only; the `__lease__` record in the manifest (see `IndexStore.lease`) still tells
readers a rebuild runs and tells the next holder to sweep after a run that did not end cleanly.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import socket
import time
from pathlib import Path

from assistant.errors import IndexBusyError

LEASE_SECONDS = 600.0
LOCK_FILE = "rebuild.lock"


def busy(held: dict | None) -> IndexBusyError:
    """The one-line refusal, naming the holder when it is known."""
    who = f" (pid {held['pid']} on {held['host']})" if held and "pid" in held and "host" in held else ""
    return IndexBusyError(f"another rebuild holds the index{who}; try again when it ends")


def holder_alive(held: dict) -> bool:
    """Whether the holder a lease names may still run: not expired and, on this host, its process exists."""
    if held.get("expires", 0) < time.time():
        return False
    if held.get("host") == socket.gethostname():
        try:
            os.kill(int(held["pid"]), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
    return True


class FileGuard:
    """The lease of a local index: an flock on a file in the index folder, holder written into it for messages."""

    def __init__(self, index_dir: Path):
        self.path = Path(index_dir) / LOCK_FILE
        self._fd: int | None = None

    def acquire(self, owner: dict) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise busy(self._holder()) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"host": owner["host"], "pid": owner["pid"]}).encode(), 0)
        self._fd = fd

    def _holder(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8") or "null")
        except (OSError, ValueError):  # the holder may be between truncating and writing it
            return None

    def renew(self, owner: dict) -> None:
        """Nothing to do: the lock lasts as long as the holder's process."""

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor of the open file drops the flock
            self._fd = None


class ServerGuard:
    """The lease on a Chroma server: a generation-numbered collection, created only by the one that wins it."""

    def __init__(self, client, prefix: str):
        self.client = client
        self.prefix = prefix
        self._pattern = re.compile(re.escape(prefix) + r"_lease_(\d+)$")
        self._collection = None

    def _name(self, n: int) -> str:
        return f"{self.prefix}_lease_{n:09d}"

    def _leases(self) -> dict[int, dict]:
        """Every lease collection on the server: generation -> metadata."""
        found = {}
        for collection in self.client.list_collections():
            match = self._pattern.match(collection.name)
            if match:
                found[int(match[1])] = collection.metadata or {}
        return found

    def acquire(self, owner: dict) -> None:
        from chromadb.errors import ChromaError

        leases = self._leases()
        current = max(leases, default=0)
        held = leases.get(current)
        if held and held.get("state") != "released" and holder_alive(held):
            raise busy(held)
        mine = current + 1
        try:
            self._collection = self.client.create_collection(
                self._name(mine), metadata=_meta(owner, "held"), embedding_function=None, get_or_create=False)
        except ChromaError as exc:
            if "already exists" not in str(exc):
                raise
            raise IndexBusyError("another rebuild took the index at the same moment; try again when it ends") from None
        leases = self._leases()
        if max(leases, default=0) != mine:  # created from an old listing, after `mine` had been deleted
            self._delete(mine)
            self._collection = None
            raise IndexBusyError("another rebuild took the index at the same moment; try again when it ends")
        for older in sorted(n for n in leases if n < mine):
            self._delete(older)

    def _delete(self, n: int) -> None:
        from chromadb.errors import NotFoundError

        with contextlib.suppress(NotFoundError):  # another start deleted it first
            self.client.delete_collection(self._name(n))

    def renew(self, owner: dict) -> None:
        from chromadb.errors import NotFoundError

        try:
            self._collection.modify(metadata=_meta(owner, "held"))
        except NotFoundError:
            raise IndexBusyError("this rebuild's lease expired and another rebuild took the index over; "
                                 "its work so far is kept, run it again when the other ends") from None

    def release(self) -> None:
        from chromadb.errors import NotFoundError

        if self._collection is None:
            return
        with contextlib.suppress(NotFoundError):  # taken over after it expired: nothing left to release
            self._collection.modify(metadata={**(self._collection.metadata or {}), "state": "released"})
        self._collection = None


def _meta(owner: dict, state: str) -> dict:
    return {"host": owner["host"], "pid": owner["pid"], "token": owner["token"], "state": state,
            "expires": time.time() + LEASE_SECONDS}
