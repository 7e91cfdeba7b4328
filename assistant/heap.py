"""Python's garbage collector around the web server's start: no full collections while it starts, its heap frozen after.

A full (generation-2) collection walks every object the process holds, with the interpreter's lock held. By the time
`assistant serve` has imported torch, transformers, Chroma and Gradio and built the page, that is about 530,000
objects: Python ran 8-9 full collections during the start (each walking the heap grown so far; together about a
second of CPU), and then one every so often while serving, each about 0.4 s of CPU (0.6-1.6 s wall on the busy
2-core machine) during which no request moved (docs/benchmarks.md, "Cold start and paced load").

`starting()` keeps the young generations' collections (most garbage, cycles included, dies young) but puts off full
ones; `started()` moves everything the start made into the permanent generation (`gc.freeze`: never walked again,
as none of it is garbage: modules, classes, the model, the page) and puts the thresholds back, so the full
collections that follow walk only what the server made since.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
from collections.abc import Iterator

_NO_FULL_COLLECTION = 1_000_000  # generation-1 collections before a full one: none while starting
_saved: list[tuple[int, int, int]] = []


def starting() -> None:
    """Put off full collections until `started()` (young generations are still collected)."""
    if not _saved:
        _saved.append(gc.get_threshold())
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, _NO_FULL_COLLECTION)


def started() -> None:
    """Freeze what the start made (`gc.freeze`) and collect as before `starting()` from now on."""
    gc.freeze()
    if _saved:
        gc.set_threshold(*_saved.pop())


@contextlib.contextmanager
def collecting() -> Iterator[None]:
    """Full collections as usual inside the block, between `starting()` and `started()`: for a long job during the
    start (building a missing index), whose garbage must not pile up."""
    if not _saved:
        yield
        return
    putting_off = gc.get_threshold()
    gc.set_threshold(*_saved[-1])
    try:
        yield
    finally:
        gc.set_threshold(*putting_off)


_exit_hook: list[bool] = []


def frozen_at_exit() -> None:
    """Freeze the heap when the process exits, before Python's last full collections: they would walk every object
    the command made (torch, the model, Chroma: 0.5-1.2 s of CPU for `assistant ask`) only to free memory the
    exit frees anyway. Registered once; atexit runs it after the handlers registered later (temporary folders,
    logging), and objects still go away by reference counting as modules are torn down."""
    if not _exit_hook:
        _exit_hook.append(True)
        atexit.register(gc.freeze)
