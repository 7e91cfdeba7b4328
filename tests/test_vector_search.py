"""The vector index explores enough neighbours that a question finds the same nearest chunks in every process.

Chroma's default search breadth (ef_search 100) found 98% of the 60 nearest chunks on the development index, and
which ones it missed varied between processes: an answer's "Close second" came and went after a restart."""

from __future__ import annotations

import chromadb
from chromadb.config import Settings

from assistant.settings import IndexSettings
from assistant.store import IndexStore


def _breadth(index_dir) -> int:
    client = chromadb.PersistentClient(path=str(index_dir), settings=Settings(anonymized_telemetry=False))
    return client.get_collection("assistant_chunks").configuration["hnsw"]["ef_search"]


def test_a_new_index_and_an_old_one_search_with_the_configured_breadth(tmp_path):
    settings = IndexSettings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    IndexStore(settings)
    assert _breadth(settings.index_dir) == 500, "a new index searches 500 neighbours deep"

    # An index built before the setting searches with Chroma's default until it is opened again.
    client = chromadb.PersistentClient(path=str(settings.index_dir), settings=Settings(anonymized_telemetry=False))
    client.get_collection("assistant_chunks").modify(configuration={"hnsw": {"ef_search": 100}})
    assert _breadth(settings.index_dir) == 100
    IndexStore(settings)
    assert _breadth(settings.index_dir) == 500, "opening an old index raises its search breadth"

    IndexStore(settings.model_copy(update={"hnsw_ef_search": 200}))
    assert _breadth(settings.index_dir) == 500, "never lowered: another node may want it deeper"
