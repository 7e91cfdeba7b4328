"""The one place that wires the parts together: settings -> store -> indexer / assistant.

The CLI, the web app and the evaluation build their services here and get them passed in.
"""

from __future__ import annotations

from pathlib import Path

from assistant.indexing import Indexer
from assistant.settings import Settings, load_settings
from assistant.store import IndexStore


def build_indexer(corpus_dir: Path | None = None, index_dir: Path | None = None,
                  settings: Settings | None = None) -> Indexer:
    settings = settings or load_settings(corpus_dir, index_dir)
    return Indexer(settings, IndexStore(settings.index))
