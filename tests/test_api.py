"""The web app's API on a real server: uvicorn on 127.0.0.1, the real index and model, gradio_client.

One server for the module (conftest's `server` and `client`), over a copy of the seed article in tmp; the index is
built in-process so the server shares the model the build loaded (a subprocess would load it a second time).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
import requests

from conftest import SEED_DOC, build_app, running  # tests/ is on sys.path (rootdir conftest, no package)

pytestmark = pytest.mark.slow

CONTRACT_KEYS = {"question", "answer", "abstained", "citations", "latency_ms"}
CITATION_KEYS = {"n", "doc_id", "title", "text", "start", "end", "page", "score", "date"}
KIWI_DOC = ("Kiwi trade note\n\nNew Zealand and Peru agreed on March 3 to cut the tariff on fresh kiwifruit to 7%.\n"
            "The agreement covers fresh kiwifruit only; dried fruit keeps its current duty.\n")


def ask(server, payload, **kwargs) -> requests.Response:
    return requests.post(f"{server.url}/api/ask", json=payload, timeout=60, **kwargs)


def test_ask_returns_the_answer_object_citing_the_seed_document(server):
    response = ask(server, {"question": "What is Japan's reciprocal rate?"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert set(data) == CONTRACT_KEYS, f"keys differ from the ask --json contract: {sorted(data)}"
    assert "24%" in data["answer"] and not data["abstained"], data["answer"]
    assert data["citations"], "an answer must cite a passage"
    assert set(data["citations"][0]) == CITATION_KEYS, sorted(data["citations"][0])
    assert data["citations"][0]["doc_id"] == SEED_DOC


def test_ask_takes_history_and_a_document_filter(server):
    follow_up = ask(server, {"question": "When will he meet Bessent?", "history": ["Who is Japan's chief negotiator?"]})
    assert follow_up.status_code == 200, follow_up.text
    assert set(follow_up.json()) == CONTRACT_KEYS
    filtered = ask(server, {"question": "What is Japan's reciprocal rate?", "documents": [SEED_DOC]})
    assert filtered.status_code == 200, filtered.text
    cited = {c["doc_id"] for c in filtered.json()["citations"]}
    assert cited <= {SEED_DOC}, f"the filter was ignored: cited {cited}"


@pytest.mark.parametrize("payload, fragment", [
    ({"question": "   "}, "empty"),
    ({"question": "why? " * 1000}, "characters long"),
    ({"history": []}, '"question" is required'),
    ({"question": "What is Japan's reciprocal rate?", "history": "not a list"}, '"history" must be a list'),
    ({"question": "What is Japan's reciprocal rate?", "documents": [3]}, '"documents" must be a list'),
    (["a", "list"], "JSON object"),
    ({"question": "What is Japan's reciprocal rate?", "until": 20250416}, '"since" and "until"'),
    # the seed document has no date in its sidecar, so a date range leaves nothing to answer from
    ({"question": "What is Japan's reciprocal rate?", "since": "2025-01-01"}, "no indexed document is dated"),
])
def test_bad_input_is_a_400_with_an_error_message(server, payload, fragment):
    response = ask(server, payload)
    assert response.status_code == 400, response.text
    assert set(response.json()) == {"error"} and fragment in response.json()["error"], response.json()


def test_a_body_that_is_not_json_is_a_400(server):
    response = requests.post(f"{server.url}/api/ask", data="question=hi", timeout=30)
    assert response.status_code == 400 and "JSON" in response.json()["error"], response.text


def test_health_counts_documents_and_chunks(server):
    response = requests.get(f"{server.url}/api/health", timeout=30)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data == server.assistant.health() and data["status"] == "ok", data
    assert data["documents"] >= 1 and data["chunks"] >= data["documents"], data


def test_gradio_client_ask_endpoint_returns_the_answer_object(client):
    data = client.predict("What is Japan's reciprocal rate?", api_name="/ask")
    assert isinstance(data, dict) and set(data) == CONTRACT_KEYS, data
    assert "24%" in data["answer"], data["answer"]
    assert data["citations"][0]["doc_id"] == SEED_DOC


def test_gradio_client_ask_endpoint_reports_an_empty_question(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="empty"):
        client.predict("  ", api_name="/ask")


def test_uploaded_document_is_answered_from_at_once(server, client, tmp_path):
    """Issue 10.10: the upload indexes it (no Rebuild press), the deletion drops it; each call returns once done."""
    from gradio_client import handle_file

    source = tmp_path / "kiwi trade note.txt"
    source.write_text(KIWI_DOC, encoding="utf-8")
    status = client.predict([handle_file(str(source))], api_name="/upload")[1]
    assert "Added **kiwi trade note.txt**" in status, status
    assert (server.corpus / "kiwi trade note.txt").is_file()

    data = ask(server, {"question": "What is the tariff on fresh kiwifruit?"}).json()
    assert "7%" in data["answer"], data["answer"]
    assert data["citations"][0]["doc_id"] == "kiwi trade note.txt", data["citations"]

    message = client.predict("kiwi trade note.txt", api_name="/delete")[0]
    assert message.startswith("Deleted kiwi trade note.txt"), message
    summary = client.predict(False, api_name="/rebuild")[0]
    assert "Rebuild finished" in summary and "index holds 1 documents" in summary, summary
    cited = {c["doc_id"] for c in ask(server, {"question": "What is the tariff on fresh kiwifruit?"}).json()["citations"]}
    assert "kiwi trade note.txt" not in cited, "a deleted document is still cited"


def test_evaluation_of_an_uploaded_suite_writes_a_report_and_shows_it(server, client, tmp_path):
    import json

    from gradio_client import handle_file

    suite = tmp_path / "mini.jsonl"
    items = [{"id": "rate", "question": "What is Japan's reciprocal rate?", "answers": ["24%"], "sources": [SEED_DOC]},
             {"id": "trap", "question": "What did Japan say about the 1930 World Cup?", "answers": ["nothing"]}]
    suite.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    status, summary, charts, failures, *_ = client.predict(handle_file(str(suite)), api_name="/evaluate")
    assert "Report written to" in status, status
    assert "overall accuracy" in summary and "<svg" in charts, summary
    assert [row[0] for row in failures["data"]] in (["trap"], []), failures
    reports = list((server.corpus.parent / "reports").glob("web-*/report.json"))
    assert len(reports) == 1, reports


def test_chat_keeps_answering_while_a_rebuild_runs(server):
    """Answers come from the committed index while a rebuild embeds a long document in the background."""
    paragraphs = [f"Section {i}. The delegation reviewed item {i} of the fisheries annex, covering quota {i * 7} "
                  f"tonnes and inspection rules for port {i}; officials noted further work on labelling." for i in range(200)]
    (server.corpus / "fisheries-annex.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    server.rebuilds.start_rebuild()
    answered_during = 0
    while server.rebuilds.rebuild_status().running:
        response = ask(server, {"question": "What is Japan's reciprocal rate?"})
        assert response.status_code == 200 and "24%" in response.json()["answer"], response.text
        answered_during += server.rebuilds.rebuild_status().running
    status = server.rebuilds.wait_rebuild(120)
    assert status.state == "done", status.error
    assert answered_during, "the rebuild ended before any question was answered during it"
    health = requests.get(f"{server.url}/api/health", timeout=30).json()
    assert health["documents"] == len(server.assistant.documents()) >= 2, health


def test_an_empty_index_is_a_503(tmp_path):
    parts = build_app(tmp_path / "empty", seed=False)
    with running(parts.app) as url:
        response = requests.post(f"{url}/api/ask", json={"question": "What is Japan's reciprocal rate?"}, timeout=60)
    assert response.status_code == 503, response.text
    assert "empty" in response.json()["error"], response.json()


def _raw_gradio_call(server, api_name: str, data: list) -> str:
    """POST /gradio_api/call/NAME as any HTTP client can, then read the event stream's result."""
    started = requests.post(f"{server.url}/gradio_api/call/{api_name}", json={"data": data}, timeout=30)
    assert started.status_code == 200, started.text
    event_id = started.json()["event_id"]
    return requests.get(f"{server.url}/gradio_api/call/{api_name}/{event_id}", timeout=60).text


def test_upload_of_a_server_path_is_refused(server, tmp_path):
    """Security (issue 9.1): naming a server file in a raw API call copied it into the corpus; only files the
    server received in its upload cache may be added."""
    secret = tmp_path / "server-secret.md"
    secret.write_text("# Secret\n\nThe vault code is 8841-ZETA.\n", encoding="utf-8")
    stream = _raw_gradio_call(server, "upload", [[{"path": str(secret), "meta": {"_type": "gradio.FileData"}}]])
    assert "not uploaded by a user" in stream or "not a file uploaded to this server" in stream, stream
    assert not (server.corpus / "server-secret.md").exists(), "a server file was copied into the corpus"
    assert "8841" not in "".join(p.read_text(errors="ignore") for p in server.corpus.rglob("*") if p.is_file())


def test_evaluation_of_a_server_path_is_refused(server, tmp_path):
    """The suite upload of the Evaluation tab takes the same check: no server file is read as a suite."""
    suite = tmp_path / "elsewhere.jsonl"
    suite.write_text('{"id": "x", "question": "What is Japan\'s reciprocal rate?", "answers": ["24%"]}\n')
    stream = _raw_gradio_call(server, "evaluate", [{"path": str(suite), "meta": {"_type": "gradio.FileData"}}])
    assert "not uploaded by a user" in stream or "not a file uploaded to this server" in stream, stream
    assert not list((server.corpus.parent / "reports").glob("web-*/report.json")) or "Report written" not in stream


def test_ask_with_an_unknown_document_is_a_400_naming_it(server):
    """Issue 9.15: an unknown document in "documents" answered 200 from nothing; it is a 400 that names it."""
    response = ask(server, {"question": "What is Japan's reciprocal rate?", "documents": ["no-such-memo.pdf"]})
    assert response.status_code == 400, response.text
    assert "no-such-memo.pdf" in response.json()["error"], response.json()


# -- GET /api/documents/{doc_id} (issue 10.6) --------------------------------------------------------------
OLIVE_DOC = ("Olive oil note\n\nThe committee met in Tunis.\n\n"
             "Tunisia and Chile agreed on May 9 to a quota of 30,000 tonnes of olive oil.\n")


def get_document(server, doc_id: str, **kwargs) -> requests.Response:
    return requests.get(f"{server.url}/api/documents/{doc_id}", timeout=60, **kwargs)


def test_a_cited_document_opens_at_the_quoted_sentence(server):
    """The text /api/documents returns is the one citations' offsets point into: text[start:end] is the quote."""
    question = "What is Japan's reciprocal rate?"
    citation = ask(server, {"question": question}).json()["citations"][0]
    response = get_document(server, citation["doc_id"])
    assert response.status_code == 200, response.text
    data = response.json()
    assert set(data) == {"doc_id", "title", "date", "text"}, sorted(data)
    assert (data["doc_id"], data["title"], data["date"]) == (citation["doc_id"], citation["title"], citation["date"])
    quote = server.assistant.ask(question).citations[0].quote
    assert data["text"][citation["start"]:citation["end"]] == quote, (citation["start"], citation["end"])
    assert quote in citation["text"] and "24%" in quote, quote


def test_a_document_in_a_subfolder_opens_by_its_doc_id_with_slashes(server):
    folder = server.corpus / "notes" / "2025"
    folder.mkdir(parents=True)
    (folder / "olive.txt").write_text(OLIVE_DOC, encoding="utf-8")
    server.rebuilds.start_rebuild()
    assert server.rebuilds.wait_rebuild(120).state == "done"
    try:
        citation = ask(server, {"question": "What olive oil quota did Tunisia and Chile agree?"}).json()["citations"][0]
        assert citation["doc_id"] == "notes/2025/olive.txt", citation
        data = get_document(server, "notes/2025/olive.txt").json()
        assert data["text"][citation["start"]:citation["end"]].startswith("Tunisia and Chile agreed"), data
        (folder / "olive.txt").write_text(OLIVE_DOC + "\nA later line.\n", encoding="utf-8")
        changed = get_document(server, "notes/2025/olive.txt")
        assert changed.status_code == 409 and "rebuild" in changed.json()["error"], changed.text
    finally:
        shutil.rmtree(server.corpus / "notes")
        server.rebuilds.start_rebuild()
        assert server.rebuilds.wait_rebuild(120).state == "done"


@pytest.mark.parametrize("doc_id", ["no-such-memo.pdf", "../index/chroma.sqlite3", "../../../etc/passwd",
                                    "..%2F..%2Fetc%2Fpasswd", "%2E%2E/corpus/" + SEED_DOC, "/etc/passwd"])
def test_an_unknown_or_escaping_document_is_a_404(server, doc_id):
    """Sent as is (http.client: requests would resolve the dot segments before sending them)."""
    import http.client
    import json

    connection = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=60)
    try:
        connection.request("GET", f"/api/documents/{doc_id}")
        response = connection.getresponse()
        status, body = response.status, json.loads(response.read())
    finally:
        connection.close()
    assert status == 404 and set(body) == {"error"}, (status, body)


def test_an_indexed_document_whose_file_is_gone_is_a_404(server):
    (server.corpus / "gone.txt").write_text("Gone note\n\nThe rice quota was left at 77,000 tonnes.\n")
    server.rebuilds.start_rebuild()
    assert server.rebuilds.wait_rebuild(120).state == "done"
    (server.corpus / "gone.txt").unlink()
    try:
        response = get_document(server, "gone.txt")
        assert response.status_code == 404 and "no longer" in response.json()["error"], response.text
    finally:
        server.rebuilds.start_rebuild()
        assert server.rebuilds.wait_rebuild(120).state == "done"


def test_gradio_delete_endpoint_can_be_called_through_the_api(tmp_path):
    """Issue 9.11: the delete dropdown's choices were empty server-side, so a client naming a document got
    'value not in choices'; a fresh client (no upload in its session) can delete by doc_id."""
    from gradio_client import Client

    parts = build_app(tmp_path / "delete")
    (parts.corpus / "old-note.txt").write_text("Old note\n\nThe quota talks were postponed to June.\n")
    with running(parts.app) as url:
        client = Client(url, verbose=False, analytics_enabled=False)
        try:
            message = client.predict("old-note.txt", api_name="/delete")[0]
        finally:
            client.close()
    assert message.startswith("Deleted old-note.txt"), message
    assert not (parts.corpus / "old-note.txt").exists()


# -- the upload cache (issue 9.13) -------------------------------------------------------------------------
SIZE_LIMIT_MB = 0.05  # 52 KB: the seed article fits, a padded file does not


@pytest.fixture(scope="module")
def own_cache(tmp_path_factory):
    """An app whose Gradio upload cache is a folder of its own, holding a leftover from an earlier server
    (two hours old) and a fresh file from the start."""
    root = tmp_path_factory.mktemp("cache")
    cache = root / "gradio-cache"
    (cache / "old-upload").mkdir(parents=True)
    (cache / "fresh-upload").mkdir()
    old, fresh = cache / "old-upload" / "leftover.txt", cache / "fresh-upload" / "recent.txt"
    old.write_text("left by a server that crashed\n")
    fresh.write_text("received a minute ago\n")
    two_hours_ago = time.time() - 7200
    for path in (old, old.parent):
        os.utime(path, (two_hours_ago, two_hours_ago))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRADIO_TEMP_DIR", str(cache))
        mp.setenv("ASSISTANT_MAX_FILE_MB", str(SIZE_LIMIT_MB))
        parts = build_app(root / "app")
        with running(parts.app) as url:
            parts.url, parts.cache, parts.old, parts.fresh = url, cache, old, fresh
            yield parts


def _cached_files(parts) -> list[str]:
    return sorted(str(p.relative_to(parts.cache)) for p in parts.cache.rglob("*") if p.is_file())


def _upload_raw(url: str, name: str, content: bytes) -> str:
    """POST /gradio_api/upload as a browser does; the server path Gradio stored the file at."""
    response = requests.post(f"{url}/gradio_api/upload", files=[("files", (name, content))], timeout=30)
    assert response.status_code == 200, response.text
    return response.json()[0]


def test_an_old_file_in_the_upload_cache_is_swept_when_the_app_starts(own_cache):
    """Issue 9.13: files in the upload cache were never cleaned; those over an hour old go at start."""
    assert not own_cache.old.exists() and not own_cache.old.parent.exists(), "the two-hour-old leftover is still there"
    assert own_cache.fresh.exists(), "a file received a minute ago may belong to an upload in progress: kept"


def test_uploaded_documents_leave_the_upload_cache_once_added_or_refused(own_cache):
    """Issue 9.13: every upload stayed in Gradio's cache for good, whether it was added to the corpus or not."""
    before = _cached_files(own_cache)
    good = _upload_raw(own_cache.url, "tariff memo.txt", b"Tariff memo\n\nThe steel duty falls to 10% in May.\n")
    bad = _upload_raw(own_cache.url, "empty.txt", b"")
    assert Path(good).is_file() and Path(bad).is_file(), "Gradio stores what it receives in the cache"
    data = [[{"path": p, "meta": {"_type": "gradio.FileData"}} for p in (good, bad)]]
    stream = _raw_gradio_call(own_cache, "upload", data)
    assert "Added **tariff memo.txt**; 1 not added: empty.txt (the file is empty)." in stream, stream
    assert (own_cache.corpus / "tariff memo.txt").is_file(), "the good file reached the corpus"
    remaining = _cached_files(own_cache)
    assert not Path(good).exists() and not Path(bad).exists(), f"received files left in the cache: {remaining}"
    assert not Path(good).parent.exists() and not Path(bad).parent.exists(), "their folders are left empty: removed"
    # Gradio's File makes one empty temp file per file it hands over (its name is lost); the timed sweep takes them.
    left = [own_cache.cache / name for name in set(_cached_files(own_cache)) - set(before)]
    assert all(p.parent == own_cache.cache and p.stat().st_size == 0 for p in left), f"left behind: {left}"


def test_an_uploaded_suite_leaves_the_upload_cache_after_the_evaluation(own_cache):
    suite = _upload_raw(own_cache.url, "mini.jsonl",
                        b'{"id": "rate", "question": "What is Japan\'s reciprocal rate?", "answers": ["24%"]}\n')
    stream = _raw_gradio_call(own_cache, "evaluate", [{"path": suite, "meta": {"_type": "gradio.FileData"}}])
    assert "Report written to" in stream, stream
    assert not Path(suite).exists(), "the uploaded suite stayed in the upload cache"


def test_an_upload_over_the_size_limit_is_refused_before_it_is_stored(own_cache):
    before = _cached_files(own_cache)
    too_big = b"x" * int(SIZE_LIMIT_MB * 1024 * 1024 + 1024)
    response = requests.post(f"{own_cache.url}/gradio_api/upload", files=[("files", ("big.txt", too_big))], timeout=30)
    assert response.status_code == 413, (response.status_code, response.text[:200])
    assert _cached_files(own_cache) == before, "an oversized upload was kept in the cache"


# -- POST /api/feedback, GET /api/conversations (issue 10.8, 10.9) ------------------------------------------------
def test_feedback_is_stored_with_its_answer_and_citations(server):
    from assistant.chat_store import ANONYMOUS

    answer = ask(server, {"question": "What is Japan's reciprocal rate?"}).json()
    body = {"question": answer["question"], "history": ["Who negotiates for Japan?"], "answer": answer["answer"],
            "rating": "down", "correct_answer": "24 percent", "citations": answer["citations"]}
    response = requests.post(f"{server.url}/api/feedback", json=body, timeout=30)
    assert response.status_code == 201, response.text
    assert set(response.json()) == {"id"}
    [stored] = server.chats.feedback(response.json()["id"])
    assert (stored.user, stored.question, stored.history, stored.rating, stored.correct_answer) == \
        (ANONYMOUS, answer["question"], ["Who negotiates for Japan?"], "down", "24 percent")
    assert stored.answer == answer["answer"] and stored.citations[0]["doc_id"] == SEED_DOC
    plain = requests.post(f"{server.url}/api/feedback", timeout=30,
                          data='{"question": "q?", "answer": "a", "rating": "up"}')  # curl -d: form encoded
    assert plain.status_code == 201 and plain.json()["id"] > response.json()["id"], plain.text


@pytest.mark.parametrize("payload, fragment", [
    ({"answer": "a", "rating": "up"}, '"question" is required'),
    ({"question": "  ", "answer": "a", "rating": "up"}, '"question" is required'),
    ({"question": "q" * 2001, "answer": "a", "rating": "up"}, '"question" is required'),
    ({"question": "q", "rating": "up"}, '"answer" is required'),
    ({"question": "q", "answer": "a", "rating": "meh"}, '"rating"'),
    ({"question": "q", "answer": "a"}, '"rating"'),
    ({"question": "q", "answer": "a", "rating": "up", "history": "no"}, '"history" must be a list'),
    ({"question": "q", "answer": "a", "rating": "up", "history": ["h"] * 51}, '"history" must be a list'),
    ({"question": "q", "answer": "a", "rating": "up", "correct_answer": 24}, '"correct_answer"'),
    ({"question": "q", "answer": "a", "rating": "up", "citations": [{"n": 1}]}, '"citations"'),
    (["a", "list"], "JSON object"),
    ("not json", "must be JSON"),
])
def test_bad_feedback_is_a_400_with_one_line(server, payload, fragment):
    before = len(server.chats.feedback())
    if isinstance(payload, str):
        response = requests.post(f"{server.url}/api/feedback", data=payload, timeout=30)
    else:
        response = requests.post(f"{server.url}/api/feedback", json=payload, timeout=30)
    assert response.status_code == 400, response.text
    assert set(response.json()) == {"error"} and fragment in response.json()["error"], response.json()
    assert "\n" not in response.json()["error"]
    assert len(server.chats.feedback()) == before, "a refused body must store nothing"


def test_conversations_are_listed_read_and_exported(server):
    from assistant.chat_store import ANONYMOUS, answer_record

    answer = server.assistant.ask("What is Japan's reciprocal rate?")
    conversation_id, _ = server.chats.add_turn(ANONYMOUS, None, answer.question, answer_record(answer))
    listed = requests.get(f"{server.url}/api/conversations", timeout=30).json()["conversations"]
    assert listed[0]["id"] == conversation_id and listed[0]["title"] == answer.question, listed
    data = requests.get(f"{server.url}/api/conversations/{conversation_id}", timeout=30).json()
    assert data["turns"][0]["question"] == answer.question
    assert set(data["turns"][0]["answer"]) >= CONTRACT_KEYS and "24%" in data["turns"][0]["answer"]["answer"]
    markdown = requests.get(f"{server.url}/api/conversations/{conversation_id}/markdown", timeout=30)
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    assert "\nSources:\n- [1] " in markdown.text and SEED_DOC in markdown.text, markdown.text
    missing = requests.get(f"{server.url}/api/conversations/nope", timeout=30)
    assert missing.status_code == 404 and missing.json() == {"error": "no such conversation"}


@pytest.mark.parametrize("method, path", [("GET", "/api/no-such-thing"), ("POST", "/api/asks"),
                                          ("GET", "/api/conversations/x/y/z"), ("DELETE", "/api/")])
def test_an_unknown_api_path_is_a_404_in_the_apis_own_error_shape(server, method, path):
    """FastAPI (and the Gradio app mounted at /) answered these with {"detail": "Not Found"}."""
    response = requests.request(method, server.url + path, timeout=60)
    assert response.status_code == 404 and set(response.json()) == {"error"}, (response.status_code, response.text)
    assert path in response.json()["error"]


def test_a_known_api_path_asked_with_another_method_is_a_405_naming_the_one_to_use(server):
    response = requests.get(f"{server.url}/api/ask", timeout=60)
    assert response.status_code == 405 and response.headers["allow"] == "POST", (response.status_code, response.headers)
    assert set(response.json()) == {"error"} and "POST" in response.json()["error"], response.text
