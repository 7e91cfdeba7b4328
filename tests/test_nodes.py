"""Many app nodes on one Chroma server (issue 12 item 4): a real `chroma run`, and app nodes (the web app on uvicorn,
in this process so they share the loaded model) each with its own index folder (keyword cache, conversations), all
reading one corpus folder, as docs/deploy.md lays them out. The timing figures are benchmarks/nodes.py's.
"""

from __future__ import annotations

import threading
import time
from contextlib import ExitStack

import pytest
import requests
from test_api import KIWI_DOC

from conftest import SEED_CORPUS, SEED_DOC, running

pytestmark = pytest.mark.slow

KIWI = "kiwi trade note.txt"
KIWI_QUESTION = "What is the tariff on fresh kiwifruit?"
DEADLINE_S = 5.0  # a rebuild through one node is answered from by the others within this long


def node_settings(corpus, root, name, chroma_url):
    from assistant.settings import LLMSettings, load_settings

    settings = load_settings(corpus, root / name)
    settings.index.chroma_url = chroma_url
    settings.llm = LLMSettings(mode="none")
    settings.evaluation.reports_dir = root / name / "reports"
    settings.evaluation.suites_dir = root / name / "eval"
    return settings


def start_node(stack: ExitStack, settings):
    """The web app of one node, served on a free port: (its App, its URL)."""
    from assistant.composition import build
    from assistant.web.server import create_app

    parts = build(settings)
    return parts, stack.enter_context(running(create_app(parts)))


def ask(url: str, question: str) -> requests.Response:
    return requests.post(f"{url}/api/ask", json={"question": question}, timeout=60)


def cites(response: requests.Response, doc_id: str) -> bool:
    return any(c["doc_id"] == doc_id for c in response.json()["citations"])


class Asker(threading.Thread):
    """Asks one node the kiwi question back to back until stopped; keeps (time answered, status, cites kiwi, text)."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.stop, self.results = url, threading.Event(), []

    def run(self):
        while not self.stop.is_set():
            try:
                response = ask(self.url, KIWI_QUESTION)
                ok = response.status_code == 200
                self.results.append((time.monotonic(), response.status_code, ok and cites(response, KIWI),
                                     "" if ok else response.text[:300]))
            except requests.RequestException as exc:
                self.results.append((time.monotonic(), None, False, repr(exc)))

    def answered_after(self, moment: float) -> int:
        return sum(1 for t, status, *_ in self.results if t > moment and status == 200)


def test_a_rebuild_through_one_node_is_answered_from_by_the_others_which_answer_throughout(chroma_server, tmp_path):
    from gradio_client import Client

    corpus = tmp_path / "corpus"  # one corpus folder for every node (shared storage in a deployment)
    corpus.mkdir(exist_ok=True)
    for name in (SEED_DOC, SEED_DOC + ".meta.json"):
        (corpus / name).write_bytes((SEED_CORPUS / name).read_bytes())
    nodes = {name: node_settings(corpus, tmp_path, name, chroma_server.url) for name in ("node-a", "node-b", "node-c")}
    from assistant.composition import build

    build(nodes["node-a"], create_index=True).indexer().run()

    with ExitStack() as stack:
        (_, url_a), (app_b, url_b) = start_node(stack, nodes["node-a"]), start_node(stack, nodes["node-b"])
        for url in (url_a, url_b):
            first = ask(url, KIWI_QUESTION)
            assert first.status_code == 200 and not cites(first, KIWI), first.text
        askers = [Asker(url_a), Asker(url_b)]
        for asker in askers:
            asker.start()
        client = Client(url_a, verbose=False, analytics_enabled=False)
        stack.callback(client.close)
        try:
            (corpus / KIWI).write_text(KIWI_DOC, encoding="utf-8")
            summary = client.predict(False, api_name="/rebuild")[0]
            done = time.monotonic()
            assert "Rebuild finished" in summary and f"Added: {KIWI}" in summary, summary

            # Node B answers from the new document within the deadline (its asker keeps asking; poll its answers).
            while not any(t > done and kiwi for t, _, kiwi, _ in askers[1].results):
                assert time.monotonic() - done < DEADLINE_S, \
                    f"node B did not answer from the document added through node A within {DEADLINE_S} s"
                time.sleep(0.05)
            # A node started later serves at once: its first question is answered, from the current index.
            _, url_c = start_node(stack, nodes["node-c"])
            first = ask(url_c, KIWI_QUESTION)
            assert first.status_code == 200 and cites(first, KIWI), first.text
            while min(a.answered_after(done) for a in askers) < 2:  # both keep answering after the rebuild
                assert time.monotonic() - done < 60, [len(a.results) for a in askers]
                time.sleep(0.05)
        finally:
            for asker in askers:
                asker.stop.set()
            for asker in askers:
                asker.join(60)
        for name, asker in zip(("A", "B"), askers):
            errors = [r for r in asker.results if r[1] != 200]
            assert not errors, f"node {name}: {len(errors)} of {len(asker.results)} questions failed: {errors[:3]}"
            assert asker.answered_after(done) >= 2, f"node {name} stopped answering after the rebuild"

        # An idle node catches up too: no question reaches B until A's next rebuild (the removal) is live on B.
        message = client.predict(KIWI, api_name="/delete")[0]
        assert message.startswith(f"Deleted {KIWI}"), message
        # The deletion takes the document out of the index at once (issue 10.10); the rebuild confirms it.
        summary = client.predict(False, api_name="/rebuild")[0]
        done = time.monotonic()
        assert "index holds 1 documents" in summary, summary
        generation = app_b.store.generation()
        while app_b.assistant.retriever.tables.latest().generation != generation:
            assert time.monotonic() - done < DEADLINE_S, \
                f"idle node B did not load node A's rebuild within {DEADLINE_S} s"
            time.sleep(0.05)
        after = ask(url_b, KIWI_QUESTION)
        assert after.status_code == 200 and not cites(after, KIWI), "node B still cites the removed document"
