"""Corpus administration behind the web app: uploads and deletions (corpus_files.py), rebuilds (rebuilds.py),
evaluation runs (evaluation/runs.py), the upload cache (web/uploads.py)."""

from __future__ import annotations

import json
import pytest

from assistant.corpus_files import CorpusFiles, safe_file_name
from assistant.errors import DocumentError, IndexBusyError
from assistant.evaluation.runs import run_evaluation
from conftest import SEED_DOC  # tests/ is on sys.path (rootdir conftest, no package)


@pytest.fixture
def files_admin(corpus_dir):
    """The corpus files alone: they need the settings, not the index."""
    from assistant.settings import load_settings

    settings = load_settings(corpus_dir)
    settings.index.max_file_mb = 0.01  # 10 KB
    return CorpusFiles(settings.index)


@pytest.fixture
def app(seed_corpus, settings):
    from assistant.composition import build

    app = build(settings, create_index=True)
    app.indexer().run()
    return app


@pytest.fixture
def assistant(app):
    return app.assistant


@pytest.mark.parametrize("given, expected", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\notes.md", "notes.md"),
    ("/srv/briefings/Report 2025.pdf", "Report 2025.pdf"),
    (".hidden.txt", "hidden.txt"),
    ("a\x00b\x1f\u202ec.txt", "abc.txt"),
    ("Tokyo <draft>|v2.docx", "Tokyo _draft__v2.docx"),
    ("Résumé des négociations.HTML", "Résumé des négociations.HTML"),
])
def test_upload_names_are_sanitized_to_a_plain_file_name(given, expected):
    assert safe_file_name(given) == expected


@pytest.mark.parametrize("given, fragment", [
    ("malware.exe", "unsupported file type"),
    ("README", "unsupported file type"),
    ("..", "not a usable file name"),
    ("../.txt", "unsupported file type"),
    ("notes.txt.meta.json", "sidecars"),
    ("", "not a usable file name"),
])
def test_unusable_upload_names_are_refused_with_a_reason(given, fragment):
    with pytest.raises(DocumentError, match=fragment):
        safe_file_name(given)


def test_upload_lands_inside_the_corpus_and_never_overwrites(files_admin, corpus_dir, tmp_path):
    first, second = tmp_path / "a" / "note.txt", tmp_path / "b" / "note.txt"
    for path, text in ((first, "first note"), (second, "second note")):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    assert files_admin.add_file(first, "../../note.txt") == "note.txt"
    assert files_admin.add_file(second) == "note-2.txt", "a taken name must get a numeric suffix"
    assert (corpus_dir / "note.txt").read_text() == "first note", "the first upload was overwritten"
    assert sorted(p.name for p in corpus_dir.iterdir()) == ["note-2.txt", "note.txt"], "temporary files left behind"
    with pytest.raises(DocumentError, match="already in the corpus as note.txt"):
        files_admin.add_file(first, "copy.txt")


def test_upload_over_the_size_limit_is_refused(files_admin, corpus_dir, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("x" * 20_000)
    with pytest.raises(DocumentError, match=r"over the 0.01 MB limit"):
        files_admin.add_file(big)
    assert not any(corpus_dir.iterdir())


def test_delete_removes_the_document_and_its_sidecar_only_inside_the_corpus(files_admin, write_corpus, tmp_path):
    corpus = write_corpus({"sub/brief.txt": "text", "sub/brief.txt.meta.json": '{"title": "Brief"}', "keep.md": "# k"})
    outside = tmp_path / "outside.txt"
    outside.write_text("must survive")
    assert files_admin.delete("sub/brief.txt") == ["sub/brief.txt", "sub/brief.txt.meta.json"]
    assert not (corpus / "sub" / "brief.txt.meta.json").exists()
    for bad, fragment in (("../outside.txt", "not inside the corpus"), (str(outside), "not inside the corpus"),
                          ("missing.txt", "no such document"), ("sub", "no such document")):
        with pytest.raises(DocumentError, match=fragment):
            files_admin.delete(bad)
    assert outside.read_text() == "must survive" and (corpus / "keep.md").is_file()


def test_rebuild_runs_in_the_background_one_at_a_time_and_reports_progress(app, assistant, write_corpus):
    write_corpus({"extra.md": "# Extra\n\nThe steel quota talks resume on May 5 in Geneva.\n", "notes.xyz": "?"})
    admin = app.rebuilds
    assert admin.start_rebuild().running
    with pytest.raises(IndexBusyError, match="already running"):
        admin.start_rebuild()
    status = admin.wait_rebuild(120)
    assert status.state == "done", status.error
    assert status.done == status.total == 2, f"progress {status.done}/{status.total} (extra.md, notes.xyz)"
    assert status.report.added == ["extra.md"], status.report
    assert any(e.startswith("skipped notes.xyz: unsupported file type") for e in status.events), status.events
    assert status.summary[0].startswith("added 1, updated 0, removed 0, unchanged 1, skipped 1"), status.summary
    assert admin.rebuild().state == "done", "a second rebuild may start once the first one ended"
    assert "extra.md" in {d["doc_id"] for d in assistant.documents()}


def test_rebuild_progress_moves_with_every_embedded_slice_not_only_at_commits(app, write_corpus):
    """Issue 10.2: the share done sat at 0% and then jumped, since it counted committed groups only."""
    from assistant.index_events import Committed
    from assistant.rebuilds import Rebuilds

    app.settings.index.embed_batch_size = 1  # slices of a few chunks; the six notes are one commit group
    write_corpus({f"note-{i}.md": f"# Note {i}\n\nThe quota for item {i} is {i * 7} tonnes of steel.\n" for i in range(6)})
    seen: list[tuple[str, float | None]] = []

    class Observed:  # the real indexer, its events followed by the status the page would draw at that moment
        def run(self, full=False, on_event=None):
            def observe(event):
                on_event(event)
                seen.append((event.label, rebuilds.rebuild_status().fraction))
            return app.indexer().run(full=full, on_event=observe)

    rebuilds = Rebuilds(Observed)
    status = rebuilds.rebuild(timeout=120)
    assert status.state == "done" and status.fraction == 1.0, status.error
    assert (status.read, status.chunks_embedded, status.done) == (6, status.chunks_read, 6), status
    shares = [f for _, f in seen if f is not None]
    assert shares == sorted(shares), f"the share done went back: {seen}"
    first_commit = next(i for i, (label, _) in enumerate(seen) if label == Committed.label)
    before_commit = {f for _, f in seen[:first_commit] if f is not None and 0 < f < 1}
    assert len(before_commit) >= 2, f"the bar must move before the first commit: {seen}"


def test_evaluation_writes_a_report_folder_and_warns_of_unknown_sources(assistant, tmp_path):
    from assistant.evaluation import load_latest_report
    from assistant.web.evaluation import render_report

    suite = tmp_path / "suite.jsonl"
    items = [{"id": "q1", "question": "What is Japan's reciprocal rate?", "answers": ["24%"], "sources": [SEED_DOC]},
             {"id": "q2", "question": "Who won the 1930 World Cup?", "answerable": False, "sources": ["nope.txt"]},
             {"id": "q3", "question": "What is Japan's reciprocal rate?", "answers": ["99%"]}]  # wrong on purpose
    suite.write_text("\n".join(json.dumps(i) for i in items) + "\n")
    path, warnings = run_evaluation(assistant, suite, tmp_path / "reports")
    assert path.parent.parent == tmp_path / "reports" and (path.parent / "report.html").is_file()
    assert warnings == ['line 2: item "q2" names source "nope.txt", which is not in the corpus'], warnings
    summary, charts, failures = render_report(load_latest_report(tmp_path / "reports"))
    assert "answer accuracy" in summary and "<svg" in charts, summary
    assert all(row[0] in {"q1", "q2", "q3"} for row in failures), failures
    wrong = next(row for row in failures if row[0] == "q3")
    assert wrong[2:5] == ['any of "99%"', wrong[3], "no accepted answer in the text"] and "24%" in wrong[3], \
        f"expected answer, given answer and why, side by side: {wrong}"


def test_only_files_inside_the_upload_cache_count_as_received(tmp_path):
    """Second guard behind Gradio's own check: a path outside the upload cache, or a link in the cache
    pointing out of it, is not an upload."""
    from assistant.web.uploads import received_upload

    cache, outside = tmp_path / "cache", tmp_path / "secret.txt"
    (cache / "abc").mkdir(parents=True)
    outside.write_text("secret")
    (cache / "abc" / "notes.txt").write_text("uploaded")
    (cache / "abc" / "link.txt").symlink_to(outside)
    assert received_upload(cache / "abc" / "notes.txt", cache) == (cache / "abc" / "notes.txt").resolve()
    for bad in (outside, cache / "abc" / "link.txt", cache / "abc" / ".." / ".." / "secret.txt", cache):
        with pytest.raises(DocumentError, match="not a file uploaded to this server"):
            received_upload(bad, cache)


def test_discarding_an_upload_never_touches_a_file_outside_the_upload_cache(tmp_path):
    """The upload handlers delete what they were handed; a server path named in an API call must survive."""
    from assistant.web.uploads import discard_upload

    cache, outside = tmp_path / "cache", tmp_path / "secret.txt"
    (cache / "abc").mkdir(parents=True)
    outside.write_text("secret")
    (cache / "abc" / "link.txt").symlink_to(outside)
    for path in (outside, cache / "abc" / "link.txt", cache / "abc" / ".." / ".." / "secret.txt", cache):
        discard_upload(path, cache)
    assert outside.read_text() == "secret" and cache.is_dir(), "a file outside the cache (or the cache) was deleted"
    (cache / "def").mkdir()
    (cache / "def" / "notes.txt").write_text("uploaded")
    discard_upload(cache / "def" / "notes.txt", cache)
    assert not (cache / "def").exists(), "the received file and its emptied folder are deleted"


def test_the_upload_cache_is_swept_again_while_the_server_runs(tmp_path):
    """Issue 9.13: files reach the cache without reaching a handler (an upload never submitted); a timer
    sweeps those over the age limit while the server runs, not only at start."""
    import asyncio
    import os
    import time
    from concurrent.futures import ThreadPoolExecutor
    from contextlib import asynccontextmanager

    from assistant.web.uploads import sweeping_uploads

    cache = tmp_path / "cache"
    (cache / "abc").mkdir(parents=True)

    @asynccontextmanager
    async def app_lifespan(app):
        yield {"started": True}

    async def serve_a_while():
        lifespan = sweeping_uploads(app_lifespan, cache, every_s=0.05, max_age_s=60)
        async with lifespan(None) as state:
            assert state == {"started": True}, "the app's own lifespan still runs"
            stale, recent = cache / "abc" / "stale.txt", cache / "abc" / "recent.txt"
            stale.write_text("never submitted")
            recent.write_text("just arrived")
            an_hour_ago = time.time() - 3600
            os.utime(stale, (an_hour_ago, an_hour_ago))
            deadline = time.monotonic() + 5
            while stale.exists() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            return stale.exists(), recent.exists()

    # On a thread of its own: once a browser test has run, the session's Playwright (conftest's `browser`) holds an
    # event loop on the main thread, where asyncio.run refuses to start another.
    with ThreadPoolExecutor(1) as thread:
        stale_left, recent_left = thread.submit(asyncio.run, serve_a_while()).result(timeout=60)
    assert not stale_left, "a file over the age limit survived the periodic sweep"
    assert recent_left, "a file under the age limit was swept"
