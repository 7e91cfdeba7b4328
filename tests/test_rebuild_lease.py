"""One rebuild at a time: many `assistant index` processes started at the same moment, on a local index and on a
real Chroma server; exactly one builds, the others exit 4 with one line.

Regression (issue 9.4): the lease was a manifest record read, written and read back; of 20 simultaneous starts
two got through, and the index held 52 chunks against the manifest's 26.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from test_index_robustness import SEED, SMALL_CHUNKS, build_corpus

from assistant.errors import IndexBusyError
from assistant.settings import IndexSettings
from assistant.store import IndexStore

pytestmark = pytest.mark.slow

# Each start runs the real command in a process of its own, but waits at the lease's door (IndexStore.lease) until
# every start has reached it and the test creates the go file: the starts then ask for the lease within milliseconds
# of each other, which cold starts spread over seconds on a loaded machine do not do reliably. The starts are forked
# from one parent that imported the command and its libraries (Chroma, LlamaIndex) once: each child is still its own
# process (its pid, its Chroma client, its lease attempt, its exit code), without paying the imports again.
# chromadb is imported by name: the store imports it only when it opens a client, so without this line each child
# imported it (~470 modules, ~0.45 CPU-s a child: 7 of the 16-start test's 21 CPU-s, and 6 s of its wall time).
STARTER = """
import gc, os, pathlib, sys, time
import assistant.cli
import assistant.composition  # what `assistant index` imports before the lease
import chromadb  # what IndexStore imports when it opens its client, before the lease
from assistant.store import IndexStore

folder, count, args = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
door = IndexStore.lease

def at_the_door(self):
    (folder / f"ready-{os.getpid()}").touch()
    while not (folder / "go").exists():
        time.sleep(0.002)
    return door(self)

IndexStore.lease = at_the_door
gc.collect()
gc.freeze()  # the imports, shared by every child: their exits' garbage collections do not walk them (each did, ~0.3 CPU-s)
sys.stdout.flush()
sys.stderr.flush()
children = {}
for n in range(count):
    pid = os.fork()
    if pid == 0:  # the child: stdout and stderr to files of its own, then the command (it ends by sys.exit)
        for fd, stream in ((1, "out"), (2, "err")):
            os.dup2(os.open(folder / f"{n}.{stream}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
        sys.argv = ["assistant", *args]
        assistant.cli.main()
        sys.exit(0)
    children[pid] = n
while children:
    pid, status = os.wait()
    (folder / f"{children.pop(pid)}.code").write_text(str(os.waitstatus_to_exitcode(status)))
"""


def start_together(tmp_path: Path, count: int, args: list[str], env: dict) -> list[subprocess.CompletedProcess]:
    """Start `count` `assistant ARGS` processes, release them at once, and return their outcomes."""
    folder = tmp_path / "starts"
    folder.mkdir()
    parent = subprocess.Popen([sys.executable, "-c", STARTER, str(folder), str(count), *args], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    ended = False
    try:
        deadline = time.monotonic() + 300
        while len(list(folder.glob("ready-*"))) < count:
            ended = list(folder.glob("*.code"))
            assert parent.poll() is None and not ended, \
                f"a start ended before the go signal: {parent.stderr.read() if parent.poll() is not None else ended}"
            assert time.monotonic() < deadline, "the starts did not get ready within 300 s"
            time.sleep(0.02)
        (folder / "go").touch()
        _, stderr = parent.communicate(timeout=300)
        assert parent.returncode == 0, f"the starts' parent failed: {stderr[-2000:]}"
        ended = True
        return [subprocess.CompletedProcess(["assistant", *args], int((folder / f"{n}.code").read_text()),
                                            (folder / f"{n}.out").read_text(), (folder / f"{n}.err").read_text())
                for n in range(count)]
    finally:
        if not ended:  # a failed test leaves no start behind: the parent's process group goes
            with contextlib.suppress(ProcessLookupError):
                os.killpg(parent.pid, signal.SIGKILL)
            parent.wait()


def check_exactly_one_built(outcomes: list[subprocess.CompletedProcess], doc_ids: set[str], store: IndexStore):
    built = [o for o in outcomes if o.returncode == 0]
    busy = [o for o in outcomes if o.returncode == 4]
    others = [o for o in outcomes if o.returncode not in (0, 4)]
    assert not others, f"a start failed otherwise (exit {others[0].returncode}): {others[0].stderr[-2000:]}"
    assert len(built) == 1, f"exactly one start must build, {len(built)} did"
    assert set(json.loads(built[0].stdout)["added"]) == doc_ids, "the one that ran indexes the whole corpus"
    for outcome in busy:
        lines = outcome.stderr.strip().splitlines()
        assert lines and lines[-1].startswith("error: another rebuild"), \
            f"a refused start says so in one line: {outcome.stderr[-1500:]}"
        assert "Traceback" not in outcome.stderr, "a busy index is not a crash"
    manifest = store.documents()
    assert set(manifest) == doc_ids, "every document is in the manifest"
    assert store.chunk_versions() == {r.version: r.chunks for r in manifest.values()}, \
        "the stored chunks must be exactly the manifest's: a second run wrote chunks of its own"


def test_of_many_simultaneous_starts_on_a_local_index_exactly_one_builds(corpus_dir, index_dir, tmp_path, cli_env):
    doc_ids = build_corpus(corpus_dir, notes=6, big_sentences=40)
    IndexStore(IndexSettings(index_dir=index_dir)).client.close()  # the folder exists: the race is for the lease
    args = ["index", "--json", "--corpus", str(corpus_dir), "--index", str(index_dir)]
    outcomes = start_together(tmp_path, 16, args, cli_env(**SMALL_CHUNKS))
    check_exactly_one_built(outcomes, doc_ids, IndexStore(IndexSettings(index_dir=index_dir)))


def test_of_many_simultaneous_starts_on_a_chroma_server_exactly_one_builds(corpus_dir, index_dir, tmp_path, cli_env,
                                                                          chroma_server):
    doc_ids = build_corpus(corpus_dir, notes=6, big_sentences=40)
    settings = IndexSettings(index_dir=index_dir, chroma_url=chroma_server.url)
    IndexStore(settings)  # the collections exist: the race is for the lease
    args = ["index", "--json", "--corpus", str(corpus_dir), "--index", str(index_dir)]
    outcomes = start_together(tmp_path, 8, args, cli_env(ASSISTANT_CHROMA_URL=chroma_server.url, **SMALL_CHUNKS))
    check_exactly_one_built(outcomes, doc_ids, IndexStore(settings))


def _lease_collections(store: IndexStore) -> dict[str, dict]:
    return {c.name: c.metadata for c in store.client.list_collections() if "_lease_" in c.name}


def test_on_a_chroma_server_a_dead_holders_lease_is_taken_over_and_its_leftovers_swept(seed_corpus, index_dir,
                                                                                      chroma_server, make_indexer):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    indexer = make_indexer(chroma_url=chroma_server.url)
    owner = {"host": socket.gethostname(), "pid": dead.pid, "token": "killed-rebuild"}
    indexer.store.client.create_collection("assistant_lease_000000001", embedding_function=None,
                                           metadata={**owner, "state": "held", "expires": time.time() + 600})
    indexer.store._write_lease(owner)  # what a rebuild killed half-way leaves in the manifest
    indexer.store.chunks.add(ids=["orphan:0"], embeddings=[[0.0] * 384], metadatas=[{"doc_version": "orphan"}])

    report = indexer.run()
    assert report.added == [SEED] and report.leftovers_removed == 1, f"take over and sweep: {report.to_dict()}"
    leases = _lease_collections(indexer.store)
    assert list(leases) == ["assistant_lease_000000002"], f"the next generation is the lease, older ones go: {leases}"
    assert leases["assistant_lease_000000002"]["state"] == "released", "a clean end releases the lease"
    assert indexer.run().added == [], "a released lease is taken again without waiting"


def test_on_a_chroma_server_a_live_holder_from_another_host_keeps_the_lease(seed_corpus, chroma_server, make_indexer):
    indexer = make_indexer(chroma_url=chroma_server.url)
    indexer.store.client.create_collection(
        "assistant_lease_000000007", embedding_function=None,
        metadata={"host": "some-other-host", "pid": 1, "token": "t", "state": "held", "expires": time.time() + 600})
    with pytest.raises(IndexBusyError, match="pid 1 on some-other-host"):
        indexer.run()
    assert list(_lease_collections(indexer.store)) == ["assistant_lease_000000007"], "a refused start leaves no trace"
