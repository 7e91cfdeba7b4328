"""Corpus -> index, incrementally: idempotent runs, edits, removals, bad files, metadata and the rebuild lease.

Everything runs on the real packaged MiniLM model and a real local Chroma folder in tmp_path.
"""

from __future__ import annotations

import json
import os
import pathlib
import socket
import subprocess
import sys
import time
import warnings

import pytest

from assistant.errors import DocumentError

from assistant import indexing
from assistant.errors import IndexBusyError
from assistant.indexing import RACY_SECONDS
from assistant.settings import ChunkingSettings
from assistant.store import IndexStore

SEED = "japan-us-tariff-talks.txt"


def article(topic: str, sentences: int = 12) -> str:
    """A few paragraphs of distinct prose about `topic`."""
    lines = [f"Negotiators discussed {topic} during round {n} of the talks, officials said on day {n}."
             for n in range(1, sentences + 1)]
    return "\n\n".join(" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3))


def chunks_of(store: IndexStore, doc_id: str) -> list[dict]:
    """The chunks Chroma holds for one document: text plus metadata, in chunk order."""
    got = store.chunks.get(where={"doc_id": doc_id}, include=["documents", "metadatas"])
    rows = [{"text": text, **meta} for text, meta in zip(got["documents"], got["metadatas"])]
    return sorted(rows, key=lambda r: (r["doc_version"], r["chunk_index"]))


def assert_store_matches_manifest(store: IndexStore) -> None:
    """Every chunk belongs to a committed version, and each document has exactly its recorded chunks."""
    manifest = store.documents()
    versions = store.chunk_versions()
    from_metadata: dict[str, int] = {}
    for meta in store.chunks.get(include=["metadatas"])["metadatas"]:
        from_metadata[meta["doc_version"]] = from_metadata.get(meta["doc_version"], 0) + 1
    assert versions == from_metadata, f"chunk_versions() {versions} disagrees with the chunks' metadata {from_metadata}"
    assert versions == {r.version: r.chunks for r in manifest.values()}, \
        f"stored chunk versions {versions} differ from the manifest's {[(r.version, r.chunks) for r in manifest.values()]}"
    for record in manifest.values():
        indexes = sorted(row["chunk_index"] for row in chunks_of(store, record.doc_id))
        assert indexes == list(range(record.chunks)), f"{record.doc_id}: chunk indexes {indexes} are not 0..{record.chunks - 1}"


# -- idempotence and incremental updates ----------------------------------------------------------

def test_second_run_embeds_nothing_and_reports_everything_unchanged(seed_corpus, write_corpus, make_indexer):
    write_corpus({"notes/seoul.md": "# Seoul talks\n\n" + article("Korean steel quotas")})
    first = make_indexer().run()
    assert first.added == [SEED, "notes/seoul.md"], f"both documents should be added, got {first.added}"
    assert first.chunks_embedded == first.chunks > 0, "the first run embeds every chunk"

    second = make_indexer().run()  # a fresh indexer and store on the same folder, as a second CLI call would be
    assert second.chunks_embedded == 0, f"the second run embedded {second.chunks_embedded} chunks, expected none"
    assert second.unchanged == [SEED, "notes/seoul.md"], f"both documents are unchanged, got {second.unchanged}"
    assert (second.added, second.updated, second.removed, second.skipped) == ([], [], [], []), \
        f"nothing should be added, updated, removed or skipped: {second.to_dict()}"
    assert (second.documents, second.chunks) == (first.documents, first.chunks), "the index must not grow"


def test_edit_add_and_delete_are_reported_and_applied_exactly(corpus_dir, write_corpus, make_indexer):
    write_corpus({"a.txt": article("rice import quotas"), "b.txt": article("auto parts"),
                  "c.txt": article("currency coordination")})
    make_indexer().run()

    new_a = article("semiconductor export controls", sentences=20)
    write_corpus({"a.txt": new_a, "d.txt": article("shipbuilding subsidies")})
    (corpus_dir / "c.txt").unlink()
    indexer = make_indexer()
    report = indexer.run()

    assert report.updated == ["a.txt"], f"only a.txt was edited, report says {report.updated}"
    assert report.added == ["d.txt"], f"only d.txt is new, report says {report.added}"
    assert report.removed == ["c.txt"], f"only c.txt was deleted, report says {report.removed}"
    assert report.unchanged == ["b.txt"], f"b.txt did not change, report says {report.unchanged}"

    store = indexer.store
    a_chunks = chunks_of(store, "a.txt")
    assert a_chunks and all(row["text"] == new_a[row["start"]:row["end"]] for row in a_chunks), \
        "a.txt's stored chunks must be slices of its new text only"
    assert not any("rice import quotas" in row["text"] for row in a_chunks), "a.txt's old text is still in the index"
    assert len({row["doc_version"] for row in a_chunks}) == 1, "a.txt must have exactly one version stored"
    assert chunks_of(store, "c.txt") == [], "the deleted document's chunks must be gone"
    assert set(store.documents()) == {"a.txt", "b.txt", "d.txt"}, "the manifest lists the current documents"
    embedded = sum(r.chunks for d, r in store.documents().items() if d in {"a.txt", "d.txt"})
    assert report.chunks_embedded == embedded, \
        f"only the edited and the new document should be embedded ({embedded}), got {report.chunks_embedded}"
    assert_store_matches_manifest(store)


def test_full_rebuild_re_embeds_everything_without_duplicates(seed_corpus, write_corpus, make_indexer):
    write_corpus({"b.txt": article("dairy tariffs")})
    first = make_indexer().run()
    indexer = make_indexer()
    before = indexer.store.documents()
    full = indexer.run(full=True)
    assert full.chunks_embedded == first.chunks, f"--full must re-embed all {first.chunks} chunks, did {full.chunks_embedded}"
    assert sorted(full.updated) == sorted([SEED, "b.txt"]), f"--full re-indexes every document, got {full.updated}"
    assert full.chunks == first.chunks == indexer.store.count_chunks(), "a full rebuild must leave no duplicate chunks"
    after = indexer.store.documents()
    assert all(after[d].version != before[d].version for d in before), "every document gets a new version"
    assert_store_matches_manifest(indexer.store)


def test_changed_chunk_settings_re_index_every_document(seed_corpus, make_indexer):
    make_indexer().run()
    report = make_indexer(chunking=ChunkingSettings(max_tokens=96, overlap_tokens=16)).run()
    assert report.updated == [SEED], f"a new chunk size must re-chunk the document, got {report.to_dict()}"
    assert all(row["token_count"] <= 96 for row in chunks_of(IndexStore(make_indexer().settings.index), SEED)), \
        "the re-indexed chunks must follow the new size"


def test_metadata_sidecar_title_change_re_indexes_with_the_new_title(seed_corpus, make_indexer):
    make_indexer().run()
    sidecar = seed_corpus / (SEED + ".meta.json")
    sidecar.write_text(json.dumps({"title": "Tokyo and Washington open tariff talks"}))
    indexer = make_indexer()
    report = indexer.run()
    assert report.updated == [SEED], f"a changed sidecar must re-index its document, got {report.to_dict()}"
    assert indexer.store.documents()[SEED].title == "Tokyo and Washington open tariff talks", "manifest title not updated"
    titles = {row["title"] for row in chunks_of(indexer.store, SEED)}
    assert titles == {"Tokyo and Washington open tariff talks"}, f"chunks must carry the new title, got {titles}"


def test_a_documents_own_title_reaches_the_manifest_and_its_chunks(write_corpus, make_pdf, make_indexer):
    pages = [["EU-MERCOSUR TRADE AGREEMENT: STATE OF PLAY", "The fifteenth round closed in Brasilia on Friday."]]
    write_corpus({"briefings/eu-mercosur-memo.pdf": make_pdf(pages, title="Microsoft Word - eu-mercosur-memo.docx")})
    indexer = make_indexer()
    indexer.run()
    title = indexer.store.documents()["briefings/eu-mercosur-memo.pdf"].title
    assert title == "EU-Mercosur Trade Agreement: State of Play", f"the PDF's heading, not its file name: {title!r}"
    assert {row["title"] for row in chunks_of(indexer.store, "briefings/eu-mercosur-memo.pdf")} == {title}


def test_new_document_readers_re_read_every_file_once(seed_corpus, make_indexer, monkeypatch):
    """An index built by older readers (file-name titles) is re-read on the next run, not kept for ever."""
    monkeypatch.setattr(indexing, "READER_VERSION", "titles-1")
    make_indexer().run()
    monkeypatch.undo()
    report = make_indexer().run()
    assert report.updated == [SEED], f"a new reader version re-reads the document, got {report.to_dict()}"
    assert make_indexer().run().unchanged == [SEED], "and only once"


def test_removing_every_file_empties_the_index(seed_corpus, make_indexer):
    make_indexer().run()
    for path in seed_corpus.iterdir():
        path.unlink()
    indexer = make_indexer()
    report = indexer.run()
    assert report.removed == [SEED], f"the seed should be reported removed, got {report.removed}"
    assert indexer.store.documents() == {} and indexer.store.count_chunks() == 0, "nothing may remain in the index"


def test_a_symlink_out_of_the_corpus_is_skipped_with_its_reason_and_exit_3(tmp_path, corpus_dir, index_dir):
    """Security (issue 9.2): `ln -s /etc/passwd corpus/x.txt; assistant index` indexed the server file and
    `ask` quoted it. A link resolving outside the corpus is skipped with a reason; one inside is indexed."""
    import json

    from click.testing import CliRunner

    from assistant.cli import main

    outside = tmp_path / "elsewhere" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text(article("lumber duties"))
    (corpus_dir / ".store").mkdir()  # hidden folders are not scanned: the file enters only through the link
    (corpus_dir / ".store" / "memo.txt").write_text(article("fisheries quota"))
    (corpus_dir / "stolen.txt").symlink_to(outside)
    (corpus_dir / "inside-link.txt").symlink_to(pathlib.Path(".store") / "memo.txt")

    result = CliRunner().invoke(main, ["index", "--corpus", str(corpus_dir), "--index", str(index_dir), "--json"])
    assert result.exit_code == 3, f"an escaping link must make the run exit 3: {result.output}"
    report = json.loads(result.output)
    reasons = {s["path"]: s["reason"] for s in report["skipped"]}
    assert "outside the corpus folder" in reasons.get("stolen.txt", ""), report
    assert report["added"] == ["inside-link.txt"], f"a link inside the corpus is indexed: {report}"


def test_load_document_refuses_a_link_out_of_the_corpus(tmp_path, corpus_dir):
    """Every reader path (index, --watch, uploads) goes through load_document: it refuses the escape too."""
    from assistant.documents import load_document

    outside = tmp_path / "passwd.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (corpus_dir / "x.txt").symlink_to(outside)
    with pytest.raises(DocumentError, match="outside the corpus"):
        load_document(corpus_dir / "x.txt", corpus_dir)


# -- bad input ------------------------------------------------------------------------------------

JAPANESE = "日本政府は四月十六日に米国との閣僚級の関税協議を開始すると発表した。赤沢大臣が首席交渉官を務める。"
WESTERN = "The minister called it a “first-mover advantage” worth €2.5 billion — a ‘fair’ deal… Café owners shrugged."
UTF16 = "Seoul’s trade minister – “talks next week” – 関税協議 on €24bn of steel."


@pytest.mark.slow
def test_cli_indexes_the_good_files_and_lists_each_bad_one_with_its_reason(
        seed_corpus, index_dir, write_corpus, make_pdf, run_cli, make_indexer):
    good_pdf = make_pdf([["Page one: the rate on Japanese cars is 24%."], ["Page two: a deal is due in July."]])
    write_corpus({
        "empty.txt": b"",
        "junk.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16,
        "broken.pdf": good_pdf[: len(good_pdf) // 2],
        "locked.pdf": make_pdf([["Secret position paper."]], user_password="secret"),
        "sjis.txt": JAPANESE.encode("shift_jis"),
        "cp1252.txt": WESTERN.encode("cp1252"),
        "utf16.txt": UTF16.encode("utf-16"),
        "table.xyz": b"rate,country\n24,Japan\n",
        "report.pdf": good_pdf,
        "seed-copy.txt": (seed_corpus / SEED).read_bytes(),
    })
    with open(seed_corpus / "huge.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: instant to write, and it must never be read

    result = run_cli("index", "--json", "--corpus", str(seed_corpus), "--index", str(index_dir))
    assert result.returncode == 3, f"skipped files mean exit 3, got {result.returncode}: {result.stderr[-2000:]}"
    report = json.loads(result.stdout)
    reasons = {s["path"]: s["reason"] for s in report["skipped"]}
    expected = {
        "empty.txt": "empty file",
        "junk.txt": "binary",
        "broken.pdf": "corrupt or unreadable PDF",
        "locked.pdf": "encrypted PDF",
        "table.xyz": "unsupported file type '.xyz'",
        "huge.txt": "file is 50.0 MB, over the 20 MB limit",
        "seed-copy.txt": f"same content as {SEED}",
    }
    assert set(reasons) == set(expected), f"skipped {sorted(reasons)}, expected {sorted(expected)}"
    for path, phrase in expected.items():
        assert phrase in reasons[path], f"{path}: reason {reasons[path]!r} should say {phrase!r}"
    assert sorted(report["added"]) == sorted([SEED, "sjis.txt", "cp1252.txt", "utf16.txt", "report.pdf"]), \
        f"the good files must be indexed, got {report['added']}"

    store = IndexStore(make_indexer().settings.index)
    for doc_id, original in [("sjis.txt", JAPANESE), ("cp1252.txt", WESTERN), ("utf16.txt", UTF16)]:
        text = " ".join(row["text"] for row in chunks_of(store, doc_id))
        assert text == original, f"{doc_id} must be indexed decoded correctly, got {text!r}"
    pages = {row["page"] for row in chunks_of(store, "report.pdf")}
    assert pages == {1, 2}, f"the PDF's chunks must carry their pages, got {pages}"

    # A previously indexed file that turns corrupt keeps its indexed version.
    indexed = store.documents()
    before = indexed["report.pdf"]
    (seed_corpus / "report.pdf").write_bytes(b"%PDF-1.7\n\x00 damaged in transit")
    indexer = make_indexer()
    again = indexer.run()
    kept = {s["path"]: s["reason"] for s in again.skipped}
    assert "previously indexed version is kept" in kept.get("report.pdf", ""), \
        f"the corrupt file's reason should say its old version is kept: {kept}"
    after = indexer.store.documents()
    assert after.get("report.pdf") == before, "the corrupt file's committed version must stay in the manifest"
    assert "24%" in " ".join(row["text"] for row in chunks_of(indexer.store, "report.pdf")), \
        "the old chunks of the now corrupt file must still be searchable"
    assert after == indexed, "nothing already in the index may be lost or changed"
    assert again.chunks_embedded == 0, "no good file changed, so nothing is embedded"


def test_a_file_over_the_size_limit_is_skipped_without_being_read(corpus_dir, write_corpus, make_indexer, monkeypatch):
    write_corpus({"small.txt": article("fisheries")})
    with open(corpus_dir / "big.txt", "wb") as f:
        f.truncate(3 * 1024 * 1024)
    reads: list[str] = []
    real_read_bytes = pathlib.Path.read_bytes

    def spying_read_bytes(self):
        reads.append(self.name)
        return real_read_bytes(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", spying_read_bytes)
    report = make_indexer(max_file_mb=2).run()
    assert report.skipped == [{"path": "big.txt", "reason": "file is 3.0 MB, over the 2 MB limit (ASSISTANT_MAX_FILE_MB)"}], \
        f"big.txt must be skipped for its size, got {report.skipped}"
    assert "big.txt" not in reads, "a file over the size limit must not be read at all"
    assert report.added == ["small.txt"], "the small file is still indexed"


def test_a_copy_added_later_is_the_one_called_a_duplicate(write_corpus, make_indexer):
    write_corpus({"z-original.txt": article("beef safeguards")})
    make_indexer().run()
    write_corpus({"a-copy.txt": article("beef safeguards")})
    report = make_indexer().run()
    assert report.skipped == [{"path": "a-copy.txt", "reason": "same content as z-original.txt"}], \
        f"the new copy, not the indexed original, must be skipped: {report.skipped}"
    assert report.unchanged == ["z-original.txt"], "the original stays indexed and unchanged"


# -- the rebuild lease ----------------------------------------------------------------------------

def test_a_second_concurrent_rebuild_is_refused_as_busy(seed_corpus, make_indexer):
    holder = make_indexer()
    with holder.store.lease(), pytest.raises(IndexBusyError, match="another rebuild holds the index"):
        make_indexer().run()
    report = make_indexer().run()
    assert report.added == [SEED], "once the lease is released a rebuild goes ahead"


@pytest.mark.slow
def test_cli_reports_a_busy_index_in_one_line_with_exit_code_4(seed_corpus, index_dir, make_indexer, run_cli):
    holder = make_indexer()
    with holder.store.lease():
        result = run_cli("index", "--corpus", str(seed_corpus), "--index", str(index_dir))
    assert result.returncode == 4, f"a busy index means exit 4, got {result.returncode}: {result.stderr[-1500:]}"
    assert result.stderr.strip().splitlines()[-1].startswith("error: another rebuild holds the index"), \
        f"the error should be one clear line: {result.stderr[-1500:]}"
    assert "Traceback" not in result.stderr, "a busy index is not a crash"


def test_a_lease_left_by_a_dead_process_is_taken_over(seed_corpus, make_indexer):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = make_indexer()
    stale.store._write_lease({"host": socket.gethostname(), "pid": dead.pid, "token": "killed-rebuild"})
    report = make_indexer().run()
    assert report.added == [SEED], "a rebuild must take over the lease of a dead process"
    leftover = stale.store.manifest.get(ids=["__lease__"])
    assert leftover["ids"] == [], "the lease must be released when the rebuild ends"


def test_an_expired_lease_from_another_host_is_taken_over(seed_corpus, make_indexer):
    import time

    stale = make_indexer()
    stale.store._write_lease({"host": "some-other-host", "pid": os.getpid(), "token": "old"})
    got = stale.store.manifest.get(ids=["__lease__"], include=["metadatas"])
    meta = dict(got["metadatas"][0], expires=time.time() - 1)
    stale.store.manifest.upsert(ids=["__lease__"], documents=[""], metadatas=[meta], embeddings=[[1.0]])
    assert make_indexer().run().added == [SEED], "an expired lease must not block a rebuild"


def test_a_live_lease_from_another_host_blocks_a_rebuild(seed_corpus, make_indexer):
    holder = make_indexer()
    holder.store._write_lease({"host": "some-other-host", "pid": 1, "token": "busy"})
    with pytest.raises(IndexBusyError, match="some-other-host"):
        make_indexer().run()


def test_a_local_reader_keeps_its_snapshot_while_another_process_rebuilds(seed_corpus, make_indexer):
    """Regression: readers reopened a local index mid-rebuild and crashed (segfault) or got "Error finding id"."""
    writer = make_indexer()
    writer.run()
    reader = IndexStore(writer.settings.index)
    assert reader.sync(), "the first sync of a reader reports the index"
    # Another live process (pid 1 always exists) holds the lease and has committed something new.
    writer.store._write_lease({"host": socket.gethostname(), "pid": 1, "token": "other-process"})
    writer.store.commit([])
    assert reader.sync() is False, "while another process rebuilds, a local reader must keep its snapshot"
    writer.store.manifest.delete(ids=["__lease__"])
    assert reader.sync() is True, "once the rebuild has ended the reader must catch up"
    assert reader.sync() is False, "and then report no further change"


# -- cheap incremental runs -----------------------------------------------------------------------

def _settled(write_corpus, files: dict[str, str]) -> None:
    """Write files and let their file times fall behind the clock, so the index may trust their stat."""
    write_corpus(files)
    time.sleep(RACY_SECONDS + 0.2)


def test_files_untouched_since_they_were_hashed_are_not_read_again(write_corpus, make_indexer, monkeypatch):
    _settled(write_corpus, {"a.txt": article("rice"), "b.txt": article("auto parts")})
    make_indexer().run()
    hashed: list[str] = []
    real = indexing.file_fingerprint
    monkeypatch.setattr(indexing, "file_fingerprint", lambda path: hashed.append(path.name) or real(path))
    write_corpus({"c.txt": article("fisheries")})
    report = make_indexer().run()
    assert report.added == ["c.txt"] and report.unchanged == ["a.txt", "b.txt"], report.to_dict()
    assert hashed == ["c.txt"], f"only the new file should be read and hashed, got {hashed}"


def test_a_same_size_edit_right_after_indexing_is_still_seen(corpus_dir, write_corpus, make_indexer):
    write_corpus({"a.txt": "The duty on beef is 38.5% this year."})
    make_indexer().run()
    (corpus_dir / "a.txt").write_text("The duty on pork is 12.5% this year.", encoding="utf-8")  # same size, same tick
    report = make_indexer().run()
    assert report.updated == ["a.txt"], f"an edit within the file clock's tick must not be missed: {report.to_dict()}"


def test_an_edit_whose_mtime_was_set_back_is_still_seen(corpus_dir, write_corpus, make_indexer):
    _settled(write_corpus, {"a.txt": "The duty on beef is 38.5% this year."})
    make_indexer().run()
    path = corpus_dir / "a.txt"
    before = path.stat()
    path.write_text("The duty on pork is 12.5% this year.", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size and mtime as when it was hashed
    report = make_indexer().run()
    assert report.updated == ["a.txt"], f"size and mtime alone must not decide a file is unchanged: {report.to_dict()}"
    assert "pork" in chunks_of(make_indexer().store, "a.txt")[0]["text"]


def test_a_run_that_fails_half_way_is_repaired_by_the_next(write_corpus, make_indexer, monkeypatch):
    write_corpus({"a.txt": article("rice"), "b.txt": article("auto parts")})
    broken = make_indexer()

    def failing_commit(records):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(broken.store, "commit", failing_commit)  # chunks written, manifest never updated
    with pytest.raises(RuntimeError):
        broken.run()
    monkeypatch.undo()
    report = make_indexer().run()
    assert report.leftovers_removed > 0, "the chunks the failed run wrote must be swept"
    assert report.added == ["a.txt", "b.txt"], report.to_dict()
    assert_store_matches_manifest(make_indexer().store)


# -- one bad path does not abort the run (review finding 6) ---------------------------------------

def _index_cli(corpus_dir, index_dir):
    from click.testing import CliRunner

    from assistant.cli import main

    result = CliRunner().invoke(
        main, ["index", "--corpus", str(corpus_dir), "--index", str(index_dir), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"the run must not end with a traceback: {result.exception!r}"
    return result, json.loads(result.stdout)


@pytest.mark.parametrize("fails_in", ["read", "stat"])
def test_an_unreadable_file_is_skipped_with_its_reason_and_the_rest_indexed(
        corpus_dir, index_dir, write_corpus, monkeypatch, fails_in):
    """Tests run as root, where chmod 000 does not stop reading, so the file system's refusal is simulated:
    `Path.read_bytes` (what file_fingerprint reads with) or `Path.stat` (stat_file) raises PermissionError
    for locked.txt, as it does for an unprivileged user on a mode-000 file."""
    write_corpus({"a.txt": article("rice"), "locked.txt": article("steel"), "b.txt": article("beef")})
    method = "read_bytes" if fails_in == "read" else "stat"
    real = getattr(pathlib.Path, method)

    def guarded(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, method, guarded)
    result, report = _index_cli(corpus_dir, index_dir)
    assert result.exit_code == 3, f"a skipped file makes the run exit 3: {result.output}"
    assert report["added"] == ["a.txt", "b.txt"], f"the readable files are indexed: {report}"
    assert report["skipped"] == [{"path": "locked.txt", "reason": "cannot read: permission denied"}], report


def test_an_unreadable_folder_is_listed_as_skipped_and_keeps_what_was_indexed_from_it(
        corpus_dir, index_dir, write_corpus, make_indexer, monkeypatch):
    """As root a mode-000 folder can still be listed, so `os.scandir` (what os.walk lists folders with) is
    made to raise PermissionError for one folder, as it does for an unprivileged user. os.walk used to drop
    such a folder silently, and its documents were then removed from the index as if deleted."""
    import os as os_module

    write_corpus({"a.txt": article("rice"), "private/memo.txt": article("steel")})
    first, report = _index_cli(corpus_dir, index_dir)
    assert first.exit_code == 0 and report["added"] == ["a.txt", "private/memo.txt"], report

    locked = str(corpus_dir / "private")
    real = os_module.scandir

    def guarded(path="."):
        if os_module.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", os_module.fspath(path))
        return real(path)

    monkeypatch.setattr(os_module, "scandir", guarded)
    write_corpus({"b.txt": article("beef")})
    result, report = _index_cli(corpus_dir, index_dir)
    assert result.exit_code == 3, f"an unreadable folder makes the run exit 3: {result.output}"
    assert report["added"] == ["b.txt"] and report["removed"] == [], f"nothing is removed: {report}"
    assert report["skipped"] == [{"path": "private/", "reason": "cannot read: permission denied "
                                  "(the documents indexed from it are kept)"}], report
    assert "private/memo.txt" in make_indexer().store.documents(), "the memo stays indexed"


def test_paths_longer_than_the_os_allows_are_skipped_and_the_rest_indexed(tmp_path, corpus_dir, index_dir,
                                                                          write_corpus):
    """A real failure, no simulation: folders nested past PATH_MAX (4096 bytes on Linux), made relative to
    open folder descriptors. A file whose full path is too long fails its stat (ENAMETOOLONG, which crashed
    the scan with a traceback), and a folder whose path is too long cannot be listed."""
    import errno
    import shutil

    write_corpus({"a.txt": article("rice")})
    fd = os.open(corpus_dir, os.O_RDONLY)
    names, length = [], len(str(corpus_dir))
    try:
        while length < 4000:  # down to a folder whose own path (4000 bytes) still fits in PATH_MAX
            name = f"{len(names):03d}" + "d" * min(247, 4000 - length - 4)
            os.mkdir(name, dir_fd=fd)
            deeper = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, length = deeper, length + 1 + len(name)
            names.append(name)
        long_name = "f" * 240 + ".txt"  # its full path is over 4096 bytes
        with os.fdopen(os.open(long_name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as handle:
            handle.write(article("steel"))
        os.mkdir("e" * 250, dir_fd=fd)  # a folder past the limit: os.walk cannot list it
        inner = os.open("e" * 250, os.O_RDONLY, dir_fd=fd)
        with os.fdopen(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=inner), "w") as handle:
            handle.write(article("beef"))
        os.close(inner)
    finally:
        os.close(fd)
    with pytest.raises(OSError) as too_long:
        os.stat(os.path.join(corpus_dir, *names, long_name))
    assert too_long.value.errno == errno.ENAMETOOLONG, "the test needs a system that limits path length"

    try:
        result, report = _index_cli(corpus_dir, index_dir)
    finally:
        shutil.rmtree(corpus_dir / names[0])  # fd-based: removes what pytest could not
    assert result.exit_code == 3, f"the paths too long make the run exit 3: {result.output}"
    assert report["added"] == ["a.txt"], f"the rest is indexed: {report}"
    skipped = {s["path"].rsplit("/", 2)[-2] if s["path"].endswith("/") else s["path"].rsplit("/", 1)[-1]: s["reason"]
               for s in report["skipped"]}
    reason = "path is longer than the operating system allows (File name too long)"
    assert skipped == {long_name: reason, "e" * 250: reason}, report["skipped"]


# -- encodings and readers through the index (review finding 14) ----------------------------------

def test_utf16_le_without_a_bom_is_indexed_with_the_right_text(corpus_dir, write_corpus, make_indexer):
    text = "Japan and the United States agreed a 15% tariff on autos, officials said on Tuesday.\n"
    write_corpus({"notes.txt": text.encode("utf-16-le")})
    indexer = make_indexer()
    report = indexer.run()
    assert report.added == ["notes.txt"] and report.skipped == [], report.to_dict()
    assert chunks_of(indexer.store, "notes.txt")[0]["text"] == text.strip(), "the decoded text is what is indexed"


def test_a_truncated_pdf_is_skipped_with_one_line_and_nothing_from_pypdf(
        corpus_dir, write_corpus, make_pdf, run_cli, caplog):
    """For a user pypdf's log records and warnings would reach stderr; in this process the logging plugin takes
    the records (caplog) and the warnings are recorded here, so all three places are checked."""
    whole = make_pdf([["Some text on a page."]])
    write_corpus({"cut.pdf": whole[: len(whole) // 2], "a.txt": "Tariff talks open on Monday."})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        done = run_cli("index", "--json")
    assert done.returncode == 3, done.stderr
    report = json.loads(done.stdout)
    assert [s["path"] for s in report["skipped"]] == ["cut.pdf"], report
    assert "corrupt or unreadable PDF" in report["skipped"][0]["reason"], report
    assert "EOF marker" not in done.stderr and "pypdf" not in done.stderr, f"pypdf leaked to stderr: {done.stderr}"
    logged = [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.name.startswith("pypdf")]
    assert not logged, f"pypdf logged: {logged}"
    warned = [str(w.message) for w in caught if "pypdf" in w.filename]
    assert not warned, f"pypdf warned: {warned}"


def test_an_index_written_when_the_file_type_was_called_kind_still_lists_its_documents(seed_corpus, make_indexer):
    """Manifests written before the rename carry `kind`: they read as `file_type`, without a rebuild."""
    make_indexer().run()
    store = IndexStore(make_indexer().settings.index)
    got = store.manifest.get(where={"record": "document"}, include=["documents", "metadatas", "embeddings"])
    legacy = []
    for text in got["documents"]:
        record = json.loads(text)
        record["kind"] = record.pop("file_type")
        legacy.append(json.dumps(record))
    store.manifest.upsert(ids=got["ids"], documents=legacy, metadatas=got["metadatas"], embeddings=got["embeddings"])
    reopened = IndexStore(make_indexer().settings.index)
    documents = reopened.documents()
    assert documents[SEED].file_type == "txt", f"the legacy record must read as file_type txt: {documents[SEED]}"
    # A reload reads the records of moved documents one by one: the same record must read there too.
    [record] = reopened.records([SEED])
    assert record.file_type == "txt", f"the legacy record must read as file_type txt in a reload: {record}"
