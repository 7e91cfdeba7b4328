"""Terminal progress for long work: a tqdm bar on stderr, and optional one line per event."""

from __future__ import annotations

import sys

from tqdm import tqdm


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

    def __call__(self, kind: str, data: dict) -> None:
        if kind == "plan" and data["documents"]:
            self.bar = tqdm(total=data["documents"], unit="doc", desc="indexing", file=sys.stderr,
                            disable=None if not self.verbose else False, dynamic_ncols=True)
        elif kind == "committed" and self.bar is not None:
            self.bar.update(data["documents"])
        if self.verbose and kind != "plan":
            detail = data.get("reason") or ", ".join(data.get("doc_ids", [])) or data.get("doc_id", "")
            print(f"{kind}: {detail}", file=sys.stderr, flush=True)
