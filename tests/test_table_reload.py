"""The chunk table behind retrieval (issue 12): reloaded in the background without holding up a question, saved
per generation so a restart reads no chunk back from Chroma, rebuilt from Chroma when the saved copy is damaged.
Real Chroma, the real model and real bm25s over a few small documents."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import numpy as np
import pytest

BASE = {
    "rice.txt": "Rice quota note\n\nJapan agreed to raise its rice import quota to 770,000 tonnes in April.",
    "steel.txt": "Steel note\n\nThe European Commission will hold steel safeguard consultations in Brussels on May 5.",
    "lng.txt": "LNG note\n\nKorea said it would buy more liquefied natural gas from Alaska from 2027 onwards.",
}
KIWI = "Kiwi note\n\nNew Zealand set the tariff on fresh kiwifruit at 7% for the season that starts in June."
KIWI_QUESTION = "What is the tariff on fresh kiwifruit?"
RICE_QUESTION = "What rice import quota did Japan agree?"


def make_app(settings):
    from assistant.composition import build

    return build(settings, create_index=True)


@pytest.fixture
def indexed(write_corpus, settings):
    """Settings over a built index of BASE (the indexer's own app, used only to build)."""
    write_corpus(BASE)
    make_app(settings).indexer().run()
    return settings


def cited(answer) -> set[str]:
    return {c.doc_id for c in answer.citations}


def saved_generations(settings) -> list[str]:
    from assistant.keyword_cache import cache_folder

    folder = cache_folder(settings.index)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


class CountingChunks:
    """The chunk collection, counting the reads that fetch chunk texts (what a cold table load does)."""

    def __init__(self, collection):
        self.collection, self.text_reads, self.versions_read = collection, 0, []

    def __getattr__(self, name):
        return getattr(self.collection, name)

    def get(self, *args, **kwargs):
        if "documents" in (kwargs.get("include") or []):
            self.text_reads += 1
            self.versions_read += (kwargs.get("where") or {}).get("doc_version", {}).get("$in", [])
            for chunk_id in kwargs.get("ids") or []:  # read by chunk id: "<version>:<index>"
                version = chunk_id.rpartition(":")[0]
                if version not in self.versions_read:
                    self.versions_read.append(version)
        return self.collection.get(*args, **kwargs)


def loaded_from_saved_files(app, settings) -> bool:
    """Whether the app's table is the one saved for the index's generation: its BM25 scores are mapped from there."""
    from assistant.keyword_cache import cache_folder

    data = app.assistant.retriever.tables.latest().bm25.scores["data"]
    folder = cache_folder(settings.index) / app.store.generation() / "bm25"
    return isinstance(data, np.memmap) and Path(data.filename).parent == folder


def restarted(settings):
    """A new app on the same index, as a restarted process builds it, with its chunk reads counted.

    A restarted process starts with no read-ahead of a saved table (`KeywordCache.preload`): this process's are
    dropped first. An earlier app's warm-up thread can register its read-ahead after that app's first question has
    loaded the table, and before the table is saved: it then holds "nothing saved" and stays, and the restarted
    app's first question took it and rebuilt the table on top of the newest saved one instead of mapping its own
    (seen once in a loaded run; every time with the warm-up's read-ahead held back 10 ms)."""
    from assistant import keyword_cache

    with keyword_cache._preloads_lock:
        keyword_cache._preloads.clear()
    app = make_app(settings)
    app.store.chunks = CountingChunks(app.store.chunks)
    return app


def test_a_question_during_a_reload_is_answered_from_the_previous_table(indexed, write_corpus, monkeypatch):
    import assistant.live_table as live_table

    app = make_app(indexed)
    assert "rice.txt" in cited(app.assistant.ask(RICE_QUESTION))
    release, started = threading.Event(), threading.Event()
    real_build = live_table.build_table

    def slow_build(store, previous=None):  # a reload that takes as long as the test wants
        started.set()
        assert release.wait(60), "the test never released the reload"
        return real_build(store, previous)

    monkeypatch.setattr(live_table, "build_table", slow_build)
    write_corpus({"kiwi.txt": KIWI})
    app.indexer().run()  # commits a new generation; the retriever notices at the next question

    answers: list = []
    asking = threading.Thread(target=lambda: answers.extend(
        [app.assistant.ask(RICE_QUESTION), app.assistant.ask(KIWI_QUESTION)]))
    asking.start()
    asking.join(60)
    try:
        assert not asking.is_alive(), "a question waited for the reload"
        assert started.is_set(), "the question did not start a reload of the changed index"
        rice, kiwi = answers
        assert not rice.abstained and "770,000" in rice.answer and "rice.txt" in cited(rice), rice.answer
        assert "kiwi.txt" not in cited(kiwi), "the new document was found before its table was swapped in"
    finally:
        release.set()
    app.assistant.retriever.refresh(60)
    kiwi = app.assistant.ask(KIWI_QUESTION)
    assert not kiwi.abstained and "7%" in kiwi.answer and "kiwi.txt" in cited(kiwi), kiwi.answer


def test_a_rebuild_through_the_app_is_answered_from_once_it_reports_done(indexed, write_corpus):
    app = make_app(indexed)
    app.assistant.ask(RICE_QUESTION)
    write_corpus({"kiwi.txt": KIWI})
    assert app.rebuilds.rebuild(timeout=120).state == "done"
    assert "kiwi.txt" in cited(app.assistant.ask(KIWI_QUESTION)), "done must mean searchable"


def test_a_restart_on_an_unchanged_index_reads_no_chunk_from_chroma(indexed):
    first = make_app(indexed)
    before = first.assistant.ask(RICE_QUESTION)
    first.assistant.retriever.refresh(60)  # and the table's save
    generation = first.store.generation()
    assert saved_generations(indexed) == [generation]

    again = restarted(indexed)
    after = again.assistant.ask(RICE_QUESTION)
    assert again.store.chunks.text_reads == 0, "the restart read chunk texts from Chroma instead of the saved table"
    assert loaded_from_saved_files(again, indexed), "the saved keyword index was not the one loaded"
    assert (after.answer, after.citations) == (before.answer, before.citations)


def test_a_restart_makes_only_the_passages_it_reads_and_they_are_those_read_from_chroma(indexed):
    import gc

    from assistant.answers import Passage
    from assistant.keyword_cache import KeywordCache, cache_folder

    first = make_app(indexed)
    first.assistant.ask(RICE_QUESTION)
    built = first.assistant.retriever.refresh(60)  # read from Chroma, and saved
    assert saved_generations(indexed) == [built.generation]

    def passages_made() -> int:
        return sum(type(o) is Passage for o in gc.get_objects())

    before = passages_made()
    loaded = KeywordCache(cache_folder(indexed.index)).load(built.generation)
    assert passages_made() == before, "loading the saved table made every passage before any was read"
    assert (loaded.position, loaded.doc_positions) == (built.position, built.doc_positions)
    assert loaded.passages[-1] == built.passages[-1] and loaded.passages[-1] is loaded.passages[-1]
    assert passages_made() == before + 1
    assert list(loaded.passages) == list(built.passages) and loaded.passages[:2] == built.passages[:2]


def test_a_restart_reads_the_saved_table_while_the_model_loads_and_its_first_question_takes_it(indexed, monkeypatch):
    from assistant import composition
    from assistant.keyword_cache import KeywordCache

    first = make_app(indexed)
    first.assistant.ask(RICE_QUESTION)
    first.assistant.retriever.refresh(60)  # and the table's save
    reads, real_read = [], KeywordCache._load
    monkeypatch.setattr(KeywordCache, "_load", lambda self, generation: reads.append(generation) or
                        real_read(self, generation))
    model_loading, real_embedder = [], composition.build_embedder

    def slow_embedder(settings):  # the model "loads" until the read-ahead has read the table
        deadline = time.monotonic() + 30
        while not reads and time.monotonic() < deadline:
            time.sleep(0.01)
        model_loading.append(list(reads))
        return real_embedder(settings)

    monkeypatch.setattr(composition, "build_embedder", slow_embedder)
    again = make_app(indexed)
    assert model_loading == [[first.store.generation()]], "the saved table is read while the model loads"
    assert "rice.txt" in cited(again.assistant.ask(RICE_QUESTION))
    assert reads == [first.store.generation()], "the first question takes the table read ahead, not a second read"
    assert loaded_from_saved_files(again, indexed)


@pytest.mark.parametrize("damage", ["truncated texts", "garbage tokens", "missing index file", "bad meta"])
def test_a_damaged_saved_table_is_rebuilt_from_chroma(indexed, damage):
    from assistant.keyword_cache import cache_folder

    first = make_app(indexed)
    before = first.assistant.ask(RICE_QUESTION)
    first.assistant.retriever.refresh(60)
    folder = cache_folder(indexed.index) / first.store.generation()
    if damage == "truncated texts":
        (folder / "texts.txt").write_bytes((folder / "texts.txt").read_bytes()[:40])
    elif damage == "garbage tokens":
        size = (folder / "tokens.npy").stat().st_size
        (folder / "tokens.npy").write_bytes(b"\x07" * size)
    elif damage == "missing index file":
        (folder / "bm25" / "data.csc.index.npy").unlink()
    else:
        (folder / "meta.json").write_text("{", encoding="utf-8")

    again = restarted(indexed)
    after = again.assistant.ask(RICE_QUESTION)
    assert again.store.chunks.text_reads > 0, "a damaged table must be read again from Chroma"
    assert not loaded_from_saved_files(again, indexed)
    assert (after.answer, after.citations) == (before.answer, before.citations)
    again.assistant.retriever.refresh(60)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["generation"] == folder.name, "the table is saved again, whole"
    assert restarted(indexed).assistant.retriever.table().passages, "and the new copy loads"


def test_a_restart_after_a_one_document_change_reads_only_that_document(indexed, write_corpus, make_indexer):
    first = make_app(indexed)
    first.assistant.ask(RICE_QUESTION)
    first.assistant.retriever.refresh(60)
    old_generation = first.store.generation()

    write_corpus({"rice.txt": BASE["rice.txt"].replace("770,000", "810,000")})
    report = make_indexer().run()  # another process's rebuild while the node is down
    assert report.updated == ["rice.txt"]

    again = restarted(indexed)
    answer = again.assistant.ask(RICE_QUESTION)
    assert "810,000" in answer.answer and "rice.txt" in cited(answer), answer.answer
    versions = again.store.documents()
    assert again.store.chunks.versions_read == [versions["rice.txt"].version], \
        "only the changed document is read from Chroma; the others come from the older saved table"
    again.assistant.retriever.refresh(60)
    assert saved_generations(indexed) == [again.store.generation()] != [old_generation], \
        "the older generation's table is removed once the new one is saved"


def test_a_leftover_temporary_folder_of_a_killed_save_is_ignored_and_removed(indexed):
    from assistant.keyword_cache import cache_folder

    folder = cache_folder(indexed.index)
    leftover = folder / ".deadbeef.123.abcd.tmp"
    leftover.mkdir(parents=True)
    (leftover / "texts.txt").write_text("half a save", encoding="utf-8")
    old = time.time() - 3600
    import os

    os.utime(leftover, (old, old))
    app = make_app(indexed)
    assert "rice.txt" in cited(app.assistant.ask(RICE_QUESTION))
    app.assistant.retriever.refresh(60)
    assert saved_generations(indexed) == [app.store.generation()]


def test_reloaded_rankings_equal_a_fresh_table_and_plain_bm25(indexed, write_corpus):
    """The table carried over from the previous one (token ids reused) ranks exactly as one read from scratch, and
    its keyword scores are bm25s's over the same words."""
    import bm25s

    from assistant.text import terms

    app = make_app(indexed)
    app.assistant.ask(RICE_QUESTION)
    write_corpus({"kiwi.txt": KIWI, "steel.txt": BASE["steel.txt"] + " Talks on steel resume in June."})
    (indexed.index.corpus_dir / "lng.txt").unlink()
    app.indexer().run()
    reloaded = app.assistant.retriever.refresh(60)

    from assistant.retrieval import Retriever

    class NoCache:
        def load(self, generation):
            return None

        def newest(self):
            return None

        def save(self, table):
            return False

    fresh = Retriever(app.store, app.embedder, indexed.retrieval, cache=NoCache())
    questions = [RICE_QUESTION, KIWI_QUESTION, "steel talks June", "When are the steel consultations in Brussels?"]
    for question in questions:
        got = [(p.chunk_id, p.score) for p in app.assistant.retriever.retrieve(question)]
        assert got == [(p.chunk_id, p.score) for p in fresh.retrieve(question)], question
    plain = bm25s.BM25()
    plain.index([terms(p.text) for p in reloaded.passages], show_progress=False)
    for question in questions:
        words = [t for t in terms(question) if t in reloaded.doc_freq]
        assert np.array_equal(reloaded.bm25.get_scores(words), plain.get_scores(words)), question
    counts: dict[str, int] = {}
    for p in reloaded.passages:
        for t in set(terms(p.text)):
            counts[t] = counts.get(t, 0) + 1
    assert reloaded.doc_freq == counts


def test_best_scores_are_a_stable_argsort_without_zeros():
    from assistant.retrieval import _best

    rng = np.random.default_rng(3)
    for size, k in [(5, 30), (200, 30), (1000, 10), (1000, 999)]:
        scores = rng.choice([0.0, 0.5, 1.0, 1.5, 2.0], size=size).astype(np.float32)
        expected = [i for i in np.argsort(-scores, kind="stable")[:k] if scores[i] > 0]
        assert _best(scores, k).tolist() == expected


def test_in_server_mode_each_node_keeps_its_own_saved_table(chroma_server, write_corpus, settings, tmp_path):
    from assistant.keyword_cache import cache_folder

    write_corpus(BASE)
    nodes = []
    for name in ("node-a", "node-b"):
        node = settings.model_copy(deep=True)
        node.index = node.index.model_copy(update={"chroma_url": chroma_server.url, "index_dir": tmp_path / name})
        nodes.append(node)
    make_app(nodes[0]).indexer().run()
    for node in nodes:
        app = make_app(node)
        assert "rice.txt" in cited(app.assistant.ask(RICE_QUESTION))
        app.assistant.retriever.refresh(60)
        assert (cache_folder(node.index) / app.store.generation() / "meta.json").is_file()
    again = restarted(nodes[1])
    assert "rice.txt" in cited(again.assistant.ask(RICE_QUESTION))
    assert again.store.chunks.text_reads == 0, "node B restarts from its own saved table"
    assert loaded_from_saved_files(again, nodes[1])


def test_the_keyword_index_scores_equal_bm25s_built_from_the_words():
    """The table's BM25 index is computed over token ids with whole-array operations; its scores must be bm25s's,
    bit for bit, also with empty documents and vocabulary entries no document holds any more."""
    import random

    import bm25s

    from assistant.chunk_table import _bm25

    rng = random.Random(5)
    words = [f"w{i}" for i in range(1500)]
    docs = [[rng.choice(words[: rng.randint(5, 1500)]) for _ in range(rng.randint(0, 120))] for _ in range(1500)]
    docs[3] = []
    vocab: dict[str, int] = {"gone": 0}
    ids = [np.array([vocab.setdefault(w, len(vocab)) for w in d], dtype=np.int32) for d in docs]
    ours, theirs = _bm25(ids, vocab), bm25s.BM25()
    theirs.index(docs, show_progress=False)
    for _ in range(200):
        query = [w for w in rng.sample(words, rng.randint(1, 6)) if w in theirs.vocab_dict]
        if query:
            assert np.array_equal(ours.get_scores(query), theirs.get_scores(query)), query


def test_the_keyword_scores_do_not_depend_on_the_slice_they_are_computed_in(monkeypatch):
    """The BM25 scores are computed a slice of entries at a time (to keep the reload's memory down): slices that
    cut terms and documents anywhere give the same arrays as one slice over everything."""
    import random

    from assistant import chunk_table

    rng = random.Random(11)
    vocab: dict[str, int] = {}
    ids = [np.array([vocab.setdefault(f"w{rng.randint(0, 300)}", len(vocab)) for _ in range(rng.randint(0, 60))],
                    dtype=np.int32) for _ in range(400)]
    whole = chunk_table._bm25(ids, vocab).scores
    monkeypatch.setattr(chunk_table, "_SCORE_SLICE", 97)
    sliced = chunk_table._bm25(ids, vocab).scores
    assert len(whole["data"]) > 97 * 10
    for name in ("data", "indices", "indptr"):
        assert whole[name].dtype == sliced[name].dtype and np.array_equal(whole[name], sliced[name]), name
    assert whole["data"].dtype == np.float32 and whole["indices"].dtype == np.int32


def test_saved_rows_are_the_concatenation_np_save_wrote(tmp_path, monkeypatch):
    """The save writes the sentence vectors and token ids a row at a time (no copy of them all): the files are
    byte for byte what np.save of the concatenation wrote, also with None and empty rows and with no rows."""
    from assistant import keyword_cache

    monkeypatch.setattr(keyword_cache, "_WRITE_BATCH_BYTES", 100)  # release the mapped pages often
    rng = np.random.default_rng(2)
    source = tmp_path / "source.npy"
    np.save(source, rng.integers(-127, 127, size=(50, 384), dtype=np.int8))
    mapped = np.load(source, mmap_mode="r").view(np.ndarray)
    rows = [mapped[0:3], None, mapped[3:3], rng.integers(-127, 127, size=(2, 384), dtype=np.int8), mapped[10:50]]
    keyword_cache._save_rows(tmp_path / "ours.npy", rows, np.int8, 384)
    np.save(tmp_path / "theirs.npy", np.concatenate([r for r in rows if r is not None]))
    assert (tmp_path / "ours.npy").read_bytes() == (tmp_path / "theirs.npy").read_bytes()
    tokens = [np.arange(5, dtype=np.int32), np.zeros(0, dtype=np.int32), np.arange(3, dtype=np.int32)]
    keyword_cache._save_rows(tmp_path / "tokens.npy", tokens, np.int32)
    assert np.array_equal(np.load(tmp_path / "tokens.npy"), np.concatenate(tokens))
    keyword_cache._save_rows(tmp_path / "none.npy", [], np.int8, 384)
    assert np.load(tmp_path / "none.npy").shape == (0, 384)


def _resident_file_kb() -> int:
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(status["RssFile"].split()[0])


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads Linux's /proc")
def test_released_pages_of_a_saved_table_no_longer_count_as_resident(tmp_path):
    """A reload and a save read every page of the previous saved table's mapped arrays once: `release_pages`
    hands them back (they stay readable, from the page cache), so they do not add to the node's memory."""
    from assistant.chunk_table import mapped_files, release_pages

    path = tmp_path / "big.npy"
    np.save(path, np.arange(16 << 20, dtype=np.int32))  # 64 MB
    pieces = np.split(np.load(path, mmap_mode="r").view(np.ndarray), 64)
    before = _resident_file_kb()
    assert sum(int(p.sum() % 7) for p in pieces) >= 0  # every page read
    assert _resident_file_kb() - before > 48_000
    maps = mapped_files(pieces + [np.zeros(3)])
    assert len(maps) == 1
    release_pages(maps)
    assert _resident_file_kb() - before < 16_000
    assert int(pieces[-1][-1]) == (16 << 20) - 1  # still readable


def test_the_manifest_is_read_in_pages_and_only_moved_records_in_full(indexed, write_corpus, make_indexer):
    from assistant.chunk_table import DocumentInfo, build_table
    from assistant.store import IndexStore

    store = IndexStore(indexed.index)
    records = store.documents()
    assert store.document_versions(page=1) == {d: r.version for d, r in records.items()} and len(records) > 1
    assert {r.doc_id: r for r in store.records(sorted(records), page=1)} == records
    assert store.records(["no-such.txt"]) == []

    table = build_table(store)
    write_corpus({"rice.txt": BASE["rice.txt"].replace("770,000", "810,000")})
    make_indexer().run()
    full_reads = []
    real_records = IndexStore.records
    store.records = lambda doc_ids, page=1000: full_reads.append(list(doc_ids)) or real_records(store, doc_ids, page)
    again = build_table(store, table)
    assert full_reads == [["rice.txt"]], "only the record whose version moved is read in full"
    assert again.documents == {d: DocumentInfo.of(r) for d, r in store.documents().items()}


def test_the_full_manifest_a_rebuild_starts_from_is_read_a_page_of_records_at_a_time(indexed):
    """A rebuild reads every full manifest record; one get() of all of them made Chroma hold about 380 MB more at
    51,000 documents, on the node that runs the rebuild (issue 12)."""
    from assistant.store import IndexStore

    store = IndexStore(indexed.index)
    whole = store.manifest.get(where={"record": "document"}, include=["documents"])["documents"]
    real_get, largest = store.manifest.get, []

    def get(*args, **kwargs):
        got = real_get(*args, **kwargs)
        if "documents" in (kwargs.get("include") or []):
            largest.append(len(got["ids"]))
        return got

    store.manifest = type("Spy", (), {"get": staticmethod(get)})()
    records = store.documents(page=2)
    assert sorted(records) == sorted(BASE) and len(whole) == len(BASE) == 3
    assert {d: r.version for d, r in records.items()} == store.document_versions()
    assert largest and max(largest) <= 2, f"full records read per get: {largest}"


def test_a_read_ahead_that_found_nothing_does_not_hide_a_table_saved_after_it(indexed, tmp_path):
    """Several apps in one process (the tests, the benchmarks): one app's read-ahead ran before another saved the
    table; the next load found "nothing saved" in that read-ahead and rebuilt the table from Chroma."""
    from assistant.keyword_cache import KeywordCache

    first = make_app(indexed)
    first.assistant.ask(RICE_QUESTION)
    built = first.assistant.retriever.refresh(60)
    folder = tmp_path / "keyword-cache"
    KeywordCache(folder).preload(built.generation)  # nothing saved there yet
    assert KeywordCache(folder).save(built)
    loaded = KeywordCache(folder).load(built.generation)
    assert loaded is not None, "a stale read-ahead that found nothing hid the saved table"
    assert list(loaded.passages) == list(built.passages)


def test_the_saved_tables_signature_follows_how_terms_are_made_not_the_rest_of_text_py(monkeypatch):
    """A saved table is thrown away when its signature differs: every node then reads the whole index again.
    Sentence splitting does not change the terms, so a change to it must not cost that."""
    import re

    from assistant import keyword_cache, text

    before = keyword_cache.signature()
    monkeypatch.setattr(text, "WIRE_ABBREVIATIONS", (*text.WIRE_ABBREVIATIONS, "op"))
    monkeypatch.setattr(text, "sentence_spans", lambda *args, **kwargs: [])
    assert keyword_cache.signature() == before, "sentence splitting does not shape the keyword table"
    monkeypatch.setattr(text, "_WORD", re.compile(r"[a-z]+"))
    assert keyword_cache.signature() != before, "another word pattern makes other terms"
    monkeypatch.undo()
    monkeypatch.setattr(text, "stopwords", lambda: frozenset({"the"}))
    assert keyword_cache.signature() != before, "another stopword list makes other terms"
