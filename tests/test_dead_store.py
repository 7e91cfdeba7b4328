"""A Chroma server that dies: one clear line and exit 5 from the CLI, 503 JSON from the API, and recovery once the
server is back, without restarting the app. Against a real `chroma run`, killed (SIGKILL) and started again.

Regression (issue 9.9): a dead server gave a raw httpx.ConnectError traceback and exit 1 from `assistant index`,
and 500 text/plain from `/api/health` and `/api/ask`.
"""

from __future__ import annotations

import pytest
import requests
from conftest import SEED_CORPUS, SEED_DOC
from conftest import running
from test_index_robustness import SMALL_CHUNKS, build_corpus

pytestmark = pytest.mark.slow


def one_line_exit_5(returncode: int, stderr: str, what: str, url: str) -> None:
    assert returncode == 5, f"{what} against a dead vector store must exit 5, got {returncode}: {stderr[-2000:]}"
    assert "Traceback" not in stderr, f"{what}: a dead server is not a crash: {stderr[-2000:]}"
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and url in last, f"{what}: one line naming the server: {stderr[-2000:]}"


def test_index_exits_5_in_one_line_when_the_chroma_server_dies_mid_run(corpus_dir, index_dir, run_cli, chroma_server,
                                                                      monkeypatch):
    """`assistant index` in this process (run_cli): the server is killed right after the run's first commit, so the
    next group meets a dead server. (It ran as a subprocess killed on reading "committed:"; the process was not the
    point, and loading the model again cost ~10 s of CPU.)"""
    from assistant import indexing
    from assistant.store import IndexStore

    monkeypatch.setattr(indexing, "COMMIT_GROUP_CHUNKS", 16)  # commit groups of 16 chunks: a small corpus has several
    doc_ids = build_corpus(corpus_dir, notes=6, big_sentences=40)
    commits = []
    commit = IndexStore.commit

    def commit_then_die(store, records):
        commit(store, records)
        commits.append([r.doc_id for r in records])
        if len(commits) == 1:
            chroma_server.stop()

    monkeypatch.setattr(IndexStore, "commit", commit_then_die)
    env = {"ASSISTANT_CHROMA_URL": chroma_server.url, **SMALL_CHUNKS}
    result = run_cli("index", "-v", "--corpus", str(corpus_dir), "--index", str(index_dir), env=env)
    assert len(commits) == 1 and set(commits[0]) < doc_ids, f"the server must die mid-run, after one group: {commits}"
    one_line_exit_5(result.returncode, result.stderr, "index", chroma_server.url)
    last = result.stderr.strip().splitlines()[-1]
    assert "unreachable" in last, f"the line says the vector store is unreachable: {last}"

    asked = run_cli("ask", "When will Japan open talks?", "--corpus", str(corpus_dir), "--index", str(index_dir),
                    env={"ASSISTANT_CHROMA_URL": chroma_server.url})
    one_line_exit_5(asked.returncode, asked.stderr, "ask", chroma_server.url)


def test_the_api_answers_503_json_while_the_chroma_server_is_down_and_recovers_when_it_is_back(tmp_path, chroma_server):
    import shutil

    from assistant.composition import build
    from assistant.settings import LLMSettings, load_settings
    from assistant.web.server import create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name in (SEED_DOC, SEED_DOC + ".meta.json"):
        shutil.copyfile(SEED_CORPUS / name, corpus / name)
    settings = load_settings(corpus, tmp_path / "index")
    settings.index.chroma_url, settings.llm = chroma_server.url, LLMSettings(mode="none")
    settings.evaluation.reports_dir = tmp_path / "reports"
    parts = build(settings, create_index=True)
    parts.indexer().run()
    app = create_app(parts)
    question = {"question": "When will Japan open ministerial-level tariff talks?"}
    with running(app) as url:
        assert requests.get(f"{url}/api/health", timeout=30).json()["documents"] == 1, "healthy before the kill"

        chroma_server.stop()
        for response in (requests.get(f"{url}/api/health", timeout=30),
                         requests.post(f"{url}/api/ask", json=question, timeout=60)):
            assert response.status_code == 503, f"{response.url}: 503 while the server is down, got " \
                                                 f"{response.status_code}: {response.text[:500]}"
            error = response.json()["error"]
            assert "unreachable" in error and chroma_server.url in error and "\n" not in error, \
                f"one line saying the vector store is unreachable: {error!r}"

        chroma_server.start()
        health = requests.get(f"{url}/api/health", timeout=30)
        assert health.status_code == 200 and health.json()["documents"] == 1, \
            f"the app recovers by itself once the server is back: {health.status_code} {health.text[:500]}"
        answer = requests.post(f"{url}/api/ask", json=question, timeout=60)
        assert answer.status_code == 200 and answer.json()["citations"], f"asking works again: {answer.text[:500]}"
