"""The composition root (assistant/composition.py) and the settings it reads: what is built, from where."""

from __future__ import annotations

import pytest

from assistant.errors import IndexMissingError
from assistant.settings import Settings, load_settings
from assistant.store import IndexStore


def test_a_local_index_counts_as_built_only_once_written(corpus_dir, index_dir):
    settings = load_settings(corpus_dir, index_dir)
    assert not IndexStore.is_built(settings.index), "no index folder yet"
    with pytest.raises(IndexMissingError, match="assistant index"):
        IndexStore.open_built(settings.index)
    assert not index_dir.exists(), "asking for a built index must not create an empty one"
    IndexStore(settings.index)  # opening the store writes the (empty) index
    assert IndexStore.is_built(settings.index)


def test_users_file_and_reports_folder_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("ASSISTANT_REPORTS_DIR", str(tmp_path / "out"))
    settings = Settings()
    assert settings.access.users_file == tmp_path / "users.json"
    assert settings.evaluation.reports_for(settings.index) == tmp_path / "out"


def test_blank_variables_leave_login_off_and_reports_beside_the_index(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_USERS_FILE", "  ")
    monkeypatch.setenv("ASSISTANT_REPORTS_DIR", "")
    settings = load_settings(tmp_path / "corpus", tmp_path / "index")
    assert settings.access.users_file is None, "a blank ASSISTANT_USERS_FILE means login off"
    assert settings.evaluation.reports_for(settings.index) == (tmp_path / "reports").resolve()


def test_an_index_cut_by_an_older_pipeline_is_reported_at_startup_until_re_indexed(corpus_dir, index_dir, monkeypatch):
    from assistant.composition import build_indexer, build_with_index

    (corpus_dir / "note.txt").write_text("Japan and the United States open tariff talks in Washington on Monday.\n")
    build_indexer(load_settings(corpus_dir, index_dir)).run()
    heard = []
    build_with_index(load_settings(corpus_dir, index_dir), lambda indexer: None, lambda *n: heard.append(n))
    assert heard == [], "an index made by the current pipeline is not reported"

    monkeypatch.setenv("ASSISTANT_CHUNK_MAX_TOKENS", "120")  # another chunking: the index was cut otherwise
    settings = load_settings(corpus_dir, index_dir)
    build_with_index(settings, lambda indexer: None, lambda *n: heard.append(n))
    assert heard == [(1, 1)]
    build_indexer(settings).run()  # `assistant index` re-reads it
    build_with_index(settings, lambda indexer: None, lambda *n: heard.append(n))
    assert heard == [(1, 1)], "nothing more to report once re-indexed"
