"""Terminal progress for long work: a tqdm bar on stderr, and optional one line per event."""

from __future__ import annotations

import sys

from tqdm import tqdm

from assistant.index_events import Committed, Embedded, IndexEvent, Planned, Read


class IndexProgress:
    """An `Indexer.run` event handler that drives a progress bar over the documents to embed."""

    def __init__(self, verbose: bool = False):
        self.verbose = verbose
        self.bar: tqdm | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()

    def __call__(self, event: IndexEvent) -> None:
        if isinstance(event, Planned) and event.documents:
            self.bar = tqdm(total=event.documents, unit="doc", desc="indexing", file=sys.stderr,
                            disable=None if not self.verbose else False, dynamic_ncols=True)
        elif isinstance(event, Committed) and self.bar is not None:
            self.bar.update(event.documents)
        if self.verbose and not isinstance(event, (Planned, Read, Embedded)):  # one line a document is enough
            print(f"{event.label}: {event.detail}", file=sys.stderr, flush=True)
