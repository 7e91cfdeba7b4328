"""The index under stress, as real processes: killed half-way, read while rebuilt, offline, on a Chroma server, watching.

Where the process is the point (killed, run beside a reader, offline from a fresh interpreter, watching) a test
starts `python -m assistant` as a subprocess, and one starts `chroma run`; other CLI runs are in-process (`run_cli`).
Chunks are kept small (ASSISTANT_CHUNK_MAX_TOKENS) so "hundreds of chunks" embed in seconds on a CPU.
"""

from __future__ import annotations

import json
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.settings import IndexSettings
from assistant.store import IndexStore

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEED = "japan-us-tariff-talks.txt"
SMALL_CHUNKS = {"ASSISTANT_CHUNK_MAX_TOKENS": "48", "ASSISTANT_CHUNK_OVERLAP_TOKENS": "8",
                "ASSISTANT_EMBED_BATCH_SIZE": "8"}

COUNTRIES = ["Japan", "South Korea", "India", "Australia", "the United Kingdom", "Vietnam", "Mexico", "Canada"]
TOPICS = ["steel quotas", "rice imports", "auto tariffs", "chip export controls", "beef safeguards",
          "currency policy", "shipbuilding", "digital trade rules"]


def paragraphs(rng: random.Random, sentences: int) -> str:
    lines = [f"Officials from {rng.choice(COUNTRIES)} discussed {rng.choice(TOPICS)} on day {rng.randint(1, 28)} "
             f"and proposed a rate of {rng.randint(2, 40)}% for item {rng.randint(100, 999)}." for _ in range(sentences)]
    return "\n\n".join(" ".join(lines[i : i + 4]) for i in range(0, len(lines), 4))


def build_corpus(corpus: Path, notes: int = 40, big_sentences: int = 400, seed: int = 11) -> set[str]:
    """`notes` documents of a few paragraphs plus one big document (hundreds of small chunks); returns doc ids."""
    rng = random.Random(seed)
    corpus.mkdir(parents=True, exist_ok=True)
    names = set()
    for n in range(notes):
        name = f"{'a' if n < notes // 2 else 'z'}-note-{n:02d}.txt"
        (corpus / name).write_text(paragraphs(rng, 8), encoding="utf-8")
        names.add(name)
    (corpus / "m-big-report.txt").write_text(paragraphs(rng, big_sentences), encoding="utf-8")
    return names | {"m-big-report.txt"}


def start_cli(cli_env, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "assistant", *args], cwd=ROOT, env=cli_env(**(env or {})),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def line_reader(stream) -> queue.Queue:
    """Lines of a subprocess stream, read on a thread so a test can wait with a timeout."""
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def wait_for_line(lines: queue.Queue, needle: str, timeout: float, seen: list[str]) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.05, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            return None
        seen.append(line)
        if needle in line:
            return line
    return None


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def chunk_rows(store: IndexStore) -> list[dict]:
    got = store.chunks.get(include=["metadatas"])
    return got["metadatas"]


def local_store(index_dir: Path) -> IndexStore:
    return IndexStore(IndexSettings(index_dir=index_dir))


# -- killed half-way --------------------------------------------------------------------------------

def test_a_rebuild_killed_half_way_leaves_only_whole_documents_and_the_next_run_repairs(
        corpus_dir, index_dir, cli_env, run_cli):
    doc_ids = build_corpus(corpus_dir)  # ~360 chunks: a first commit group of ~280, then ~80 more
    args = ("index", "-v", "--corpus", str(corpus_dir), "--index", str(index_dir))
    process = start_cli(cli_env, *args, env=SMALL_CHUNKS)
    seen: list[str] = []
    try:
        committed = wait_for_line(line_reader(process.stderr), "committed:", timeout=240, seen=seen)
        assert committed, f"no commit seen before the process ended: {''.join(seen)[-2000:]}"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        stop(process)
    assert process.returncode == -signal.SIGKILL, "the rebuild should have been killed, not have finished"

    store = local_store(index_dir)
    manifest = store.documents()
    assert manifest, "the first committed group must be in the manifest after the kill"
    assert set(manifest) < doc_ids, "the kill should land half-way: some documents not yet committed"
    rows = chunk_rows(store)
    for doc_id, record in manifest.items():
        visible = [r for r in rows if r["doc_version"] == record.version]
        assert len(visible) == record.chunks, \
            f"{doc_id}: {len(visible)} chunks of its committed version stored, manifest says {record.chunks}"
        assert sorted(r["chunk_index"] for r in visible) == list(range(record.chunks)), f"{doc_id} is half-visible"
    committed_versions = {r.version for r in manifest.values()}
    for row in rows:
        if row["doc_version"] in committed_versions:
            assert manifest[row["doc_id"]].version == row["doc_version"], \
                f"chunk of {row['doc_id']} carries another document's committed version"
    committed_before = set(manifest)
    store.client.close()  # the repair runs in another process; reopen afterwards to see its writes

    result = run_cli("index", "--json", "--corpus", str(corpus_dir), "--index", str(index_dir), env=SMALL_CHUNKS)
    assert result.returncode == 0, f"the repair run must succeed (taking over the dead lease): {result.stderr[-2000:]}"
    report = json.loads(result.stdout)
    assert report["leftovers_removed"] >= 0 and report["skipped"] == [], f"unexpected report {report}"
    assert set(report["unchanged"]) == committed_before, "documents committed before the kill must not be redone"
    assert set(report["added"]) == doc_ids - committed_before, "the rest of the corpus must be added"

    store = local_store(index_dir)
    manifest = store.documents()
    assert set(manifest) == doc_ids, "every document must be present after the repair"
    assert store.chunk_versions() == {r.version: r.chunks for r in manifest.values()}, \
        "after the repair the stored chunk versions must be exactly the manifest's versions"


# -- readers during a rebuild -----------------------------------------------------------------------

def test_queries_keep_working_while_a_rebuild_runs(seed_corpus, index_dir, make_indexer, model, cli_env):
    """Regression: a reader that reopened a local index mid-rebuild crashed (segfault) or got "Error finding id"."""
    builder = make_indexer()
    builder.run()  # the seed is searchable before the rebuild starts
    # The reader below must be this process's only Chroma client of the folder, as in an app that did not build
    # the index itself; a second open client pins the in-process Chroma system, so a reopen would not reload.
    builder.store.client.close()
    doc_ids = build_corpus(seed_corpus, notes=20, big_sentences=400, seed=5)  # two commit groups
    question = model.encode(["Which rate did officials propose for steel quotas?"], normalize_embeddings=True).tolist()

    store = local_store(index_dir)
    process = start_cli(cli_env, "index", "--json", "--corpus", str(seed_corpus), "--index", str(index_dir),
                        env=SMALL_CHUNKS)
    errors, queries, manifest = [], 0, {}
    try:
        while process.poll() is None:
            try:
                # As the retriever does: take the manifest again only when sync() reports a new commit.
                if store.sync() or not manifest:
                    manifest = store.documents()
                versions = {r.version: r.doc_id for r in manifest.values()}
                with store.reading():
                    got = store.chunks.query(query_embeddings=question, n_results=5, include=["metadatas"],
                                             where={"doc_version": {"$in": sorted(versions)}})
                    plain = store.chunks.query(query_embeddings=question, n_results=5, include=["metadatas"])
                queries += 1
                metas = got["metadatas"][0]
                if not metas:
                    # Allowed only once the rebuild has deleted the versions this reader's snapshot names (the
                    # last step before it releases the lease); versions are never re-added, so check after.
                    still = store.chunks.get(where={"doc_version": {"$in": sorted(versions)}}, include=[], limit=1)
                    assert not still["ids"], "a filtered query found nothing though the snapshot's chunks are stored"
                for chunk, meta in zip(got["ids"][0], metas):
                    if meta is None:
                        # The rebuild deleted this chunk between Chroma's filter and its read of the metadata (the
                        # retriever asks for ids only and keeps those its table holds). Allowed for a chunk of this
                        # snapshot's committed versions that is gone now, never for one still stored.
                        assert chunk.rsplit(":", 1)[0] in versions, f"a result from an uncommitted version: {chunk}"
                        assert not store.chunks.get(ids=[chunk], include=[])["ids"], \
                            "a stored chunk came back without its metadata"
                        continue
                    assert versions.get(meta["doc_version"]) == meta["doc_id"], \
                        f"a result from an uncommitted version: {meta['doc_version']}"
                assert plain["ids"][0], "an unfiltered query must return passages too"
            except AssertionError:
                raise
            except Exception as exc:  # a reader must never fail because a writer is busy
                errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.2)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        stop(process)
    assert process.returncode == 0, f"the rebuild failed: {stderr[-2000:]}"
    assert not errors, f"{len(errors)} of {queries + len(errors)} queries failed during the rebuild: {errors[:3]}"
    assert queries >= 5, f"only {queries} queries ran during the rebuild"

    store.sync()  # may already have caught up inside the loop, once the lease was released
    assert set(store.documents()) == doc_ids | {SEED}, "after the rebuild a reader sees every document"
    versions = sorted(r.version for r in store.documents().values())
    got = store.chunks.query(query_embeddings=question, n_results=5, include=["metadatas"],
                             where={"doc_version": {"$in": versions}})
    assert {m["doc_id"] for m in got["metadatas"][0]} - {SEED}, "after the rebuild the new documents are searchable"


# -- offline ----------------------------------------------------------------------------------------

SITECUSTOMIZE = '''
"""Loaded by every Python process of the test: refuse and record any connection off this machine."""
import os, socket, traceback

_LOG = {log!r}
_real_connect, _real_connect_ex = socket.socket.connect, socket.socket.connect_ex
_real_create_connection, _real_getaddrinfo = socket.create_connection, socket.getaddrinfo
_LOCAL = {{"localhost", "127.0.0.1", "::1", "0.0.0.0", "", None}}


def _record(what):
    stack = "".join(traceback.format_stack(limit=8)[:-2]).replace("\\n", " | ")
    with open(_LOG, "a") as f:
        f.write(f"{{what}} || {{stack}}\\n")


def _is_local(host):
    return host in _LOCAL or (isinstance(host, str) and (host.startswith("127.") or host == "localhost"))


def _check(sock, address):
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _is_local(host):
        _record(f"connect {{address!r}}")
        raise ConnectionRefusedError(f"test forbids outbound connection to {{address!r}}")


def connect(self, address):
    _check(self, address)
    return _real_connect(self, address)


def connect_ex(self, address):
    _check(self, address)
    return _real_connect_ex(self, address)


def create_connection(address, *args, **kwargs):
    if not _is_local(address[0]):
        _record(f"create_connection {{address!r}}")
        raise ConnectionRefusedError(f"test forbids outbound connection to {{address!r}}")
    return _real_create_connection(address, *args, **kwargs)


def getaddrinfo(host, *args, **kwargs):
    if not _is_local(host if not isinstance(host, bytes) else host.decode()):
        _record(f"getaddrinfo {{host!r}}")
        raise socket.gaierror(socket.EAI_NONAME, f"test forbids resolving {{host!r}}")
    return _real_getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
socket.create_connection, socket.getaddrinfo = create_connection, getaddrinfo
with open(_LOG, "a") as f:
    f.write(f"guard loaded in pid {{os.getpid()}}\\n")
'''


# Drop the offline switches the tests set, so only the code's own defaults keep it offline.
NO_OFFLINE_SWITCHES = {"HF_HUB_OFFLINE": None, "TRANSFORMERS_OFFLINE": None, "ANONYMIZED_TELEMETRY": None,
                       "GRADIO_ANALYTICS_ENABLED": None}


def test_indexing_makes_no_outbound_connection(seed_corpus, index_dir, tmp_path, run_cli_process):
    guard = tmp_path / "guard"
    guard.mkdir()
    log = tmp_path / "connections.log"
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE.format(log=str(log)))
    env = {"PYTHONPATH": str(guard), **NO_OFFLINE_SWITCHES}

    result = run_cli_process("index", "--json", "--corpus", str(seed_corpus), "--index", str(index_dir), env=env)
    assert result.returncode == 0, f"indexing must work offline: {result.stderr[-2000:]}"
    assert json.loads(result.stdout)["added"] == [SEED], "the seed must be indexed"
    lines = log.read_text().splitlines()
    assert any(line.startswith("guard loaded") for line in lines), "the connection guard did not load"
    attempts = [line for line in lines if not line.startswith("guard loaded")]
    assert not attempts, "indexing tried to reach the network:\n" + "\n".join(attempts[:5])


def test_asking_makes_no_outbound_connection(seed_corpus, index_dir, tmp_path, run_cli_process, make_indexer):
    make_indexer().run()
    guard = tmp_path / "guard"
    guard.mkdir()
    log = tmp_path / "connections.log"
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE.format(log=str(log)))
    env = {"PYTHONPATH": str(guard), **NO_OFFLINE_SWITCHES}

    result = run_cli_process("ask", "When will Japan open ministerial-level talks?", "--json",
                             "--corpus", str(seed_corpus), "--index", str(index_dir), env=env)
    assert result.returncode == 0, f"asking must work offline: {result.stderr[-2000:]}"
    assert "answer" in json.loads(result.stdout), "ask --json must print the answer object"
    lines = log.read_text().splitlines()
    assert any(line.startswith("guard loaded") for line in lines), "the connection guard did not load"
    attempts = [line for line in lines if not line.startswith("guard loaded")]
    assert not attempts, "asking tried to reach the network:\n" + "\n".join(attempts[:5])


# -- a real Chroma server -----------------------------------------------------------------------------

def test_index_on_a_chroma_server_is_incremental_and_searchable(seed_corpus, index_dir, chroma_server, run_cli,
                                                              model):
    url = chroma_server.url
    env = {"ASSISTANT_CHROMA_URL": url}
    first = run_cli("index", "--json", "--corpus", str(seed_corpus), "--index", str(index_dir), env=env)
    assert first.returncode == 0, f"indexing into the server failed: {first.stderr[-2000:]}"
    report = json.loads(first.stdout)
    assert report["added"] == [SEED] and report["chunks"] > 0, f"the seed must be indexed on the server: {report}"
    assert not (index_dir / "chroma.sqlite3").exists(), "server mode must not write a local Chroma folder"

    second = run_cli("index", "--json", "--corpus", str(seed_corpus), "--index", str(index_dir), env=env)
    again = json.loads(second.stdout)
    assert second.returncode == 0 and again["chunks_embedded"] == 0, f"second run must embed nothing: {again}"
    assert again["unchanged"] == [SEED], "the seed is unchanged on the second run"

    store = IndexStore(IndexSettings(chroma_url=url, index_dir=index_dir))
    record = store.documents()[SEED]
    question = model.encode(["When will Japan open ministerial-level tariff talks?"], normalize_embeddings=True)
    got = store.chunks.query(query_embeddings=question.tolist(), n_results=3, include=["documents", "metadatas"],
                             where={"doc_version": record.version})
    assert "April 16" in " ".join(got["documents"][0]), "the server query must return the seed's passage"
    assert store.count_chunks() == record.chunks, "the server holds exactly the seed's chunks"


# -- watch mode -----------------------------------------------------------------------------------------

def _wait_until(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_watch_indexes_a_dropped_file_and_removes_a_deleted_one(seed_corpus, index_dir, cli_env):
    process = start_cli(cli_env, "index", "--watch", "--json", "--corpus", str(seed_corpus), "--index", str(index_dir))
    try:
        stdout = line_reader(process.stdout)
        seen: list[str] = []
        assert wait_for_line(stdout, '"added"', timeout=180, seen=seen), \
            f"the first pass of --watch printed no report: {seen} {process.stderr.read() if process.poll() else ''}"
        store = local_store(index_dir)

        def present() -> set[str]:
            store.sync()
            return set(store.documents())

        assert present() == {SEED}, "the first pass indexes the seed"
        (seed_corpus / "dropped.md").write_text("# Dropped brief\n\nIndia and the U.S. agreed on almond tariffs.")
        assert _wait_until(lambda: "dropped.md" in present()), "a file dropped into the corpus must get indexed"
        (seed_corpus / "dropped.md").unlink()
        assert _wait_until(lambda: "dropped.md" not in present()), "a deleted file must leave the index"
        assert process.poll() is None, "--watch must keep running"
    finally:
        stop(process)
