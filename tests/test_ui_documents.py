"""The Documents page (issue 10.10): an upload is read before it is added and indexed at once with one summary line;
a deleted document stops being cited at once; rebuilds asked for while one runs are queued; the list is searched
and paged. Real server, index and model (conftest's `server`), gradio_client; the queue and the list also without them."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest
import requests

from assistant.corpus_files import CorpusFiles, Refused
from assistant.rebuilds import Rebuilds
from assistant.web.documents import PAGE_SIZE, listing, upload_summary
from conftest import SEED_DOC  # tests/ is on sys.path (rootdir conftest, no package)
from test_api import KIWI_DOC

LIME_DOC = ("Lime memo\n\nMexico and Canada agreed on May 20 to lower the duty on Persian limes to 3%.\n"
            "The quota for the first year is 40,000 tonnes.\n")
MANGO_DOC = ("Mango briefing\n\nIndia and the United Arab Emirates agreed on June 9 to remove the import duty on "
             "Alphonso mangoes from 12% to zero.\nThe change applies from the next harvest season.\n")
NOT_A_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> broken beyond repair"
NOT_A_DOCX = b"PK\x03\x04 this is not really a zip archive"


# -- the corpus files and the rebuild queue, without the web app ---------------------------------------------------
@pytest.fixture
def files_admin(settings):
    return CorpusFiles(settings.index)


@pytest.mark.parametrize("name, content, reason", [
    ("broken.pdf", NOT_A_PDF, "corrupt or unreadable PDF"),
    ("memo.docx", NOT_A_DOCX, "corrupt or unreadable .docx"),
    ("scan.txt", b"\x00\x01\x02binary\x00\x00" * 20, "binary data, not text"),
    ("blank.md", b"   \n\n  ", "empty file"),
])
def test_a_file_the_indexer_could_not_read_is_refused_and_leaves_nothing_in_the_corpus(
        files_admin, corpus_dir, tmp_path, name, content, reason):
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(Refused) as refused:
        files_admin.add_file(source)
    assert refused.value.name == name and reason in refused.value.reason, refused.value
    assert not list(corpus_dir.iterdir()), "a refused upload (or its temporary copy) stayed in the corpus"


def test_a_readable_pdf_and_docx_are_added(files_admin, corpus_dir, tmp_path, make_pdf, make_docx):
    for name, content in (("minutes.pdf", make_pdf([["Minutes of the copper talks."]])),
                          ("brief.docx", make_docx(["Brief on the copper quota."]))):
        (tmp_path / name).write_bytes(content)
        assert files_admin.add_file(tmp_path / name) == name
    assert sorted(p.name for p in corpus_dir.iterdir()) == ["brief.docx", "minutes.pdf"]


class HeldIndexer:
    """Stands in for the indexer: each run waits until `release` is set, then counts itself."""

    def __init__(self):
        self.release, self.started, self.runs = threading.Event(), threading.Event(), 0

    def __call__(self):
        return self

    def run(self, full=False, on_event=None):
        self.started.set()
        assert self.release.wait(30), "the test never released the rebuild"
        self.runs += 1
        return _Report()


class _Report:
    added = updated = removed = ()

    def summary_lines(self):
        return ["added 0, updated 0, removed 0"]


def test_rebuilds_asked_for_while_one_runs_are_queued_as_one_that_follows_it():
    indexer = HeldIndexer()
    rebuilds = Rebuilds(indexer)
    assert rebuilds.request_rebuild().running and indexer.started.wait(10)
    for _ in range(3):  # three uploads while it runs: one rebuild follows
        status = rebuilds.request_rebuild()
        assert status.running and status.queued, status
    indexer.release.set()
    status = rebuilds.wait_rebuild(30)
    assert status.state == "done" and not status.queued, status
    assert indexer.runs == 2, "the queued rebuild must run once after the running one"
    rebuilds.request_rebuild()
    assert rebuilds.wait_rebuild(30).state == "done" and indexer.runs == 3, "with nothing running, a request starts a rebuild at once"


# -- the documents list ---------------------------------------------------------------------------------------------
def test_the_documents_list_is_searched_by_title_or_file_name_and_paged():
    rows = [[f"Briefing {i} on {'steel' if i % 3 else 'rice'}", f"folder/brief-{i:04d}.pdf", "pdf", 3, "", "indexed"]
            for i in range(1500)]
    first = listing(rows)
    assert len(first.rows) == PAGE_SIZE and first.pages == 60 and first.label == "1,500 documents · page 1 of 60"
    assert listing(rows, page=2).rows[0][1] == f"folder/brief-{PAGE_SIZE:04d}.pdf"
    assert listing(rows, page=999).page == 60 and listing(rows, page=0).page == 1, "pages outside the range clamp"
    rice = listing(rows, "RICE brief-00")  # every word, any case, in the title or the file name
    wanted = [f"folder/brief-{i:04d}.pdf" for i in range(0, 100, 3)]
    assert [r[1] for r in rice.rows + listing(rows, "RICE brief-00", page=2).rows] == wanted
    assert rice.label == "34 of 1,500 documents match “RICE brief-00” · page 1 of 2"
    assert listing(rows, "brief-1499.pdf").rows == [rows[1499]]
    assert listing(rows, "no such thing").rows == [] and listing(rows, "no such thing").pages == 1


def test_an_upload_of_many_files_is_summed_up_in_one_line():
    added = [f"note-{i:03d}.txt" for i in range(148)]
    refused = [("a.pdf", "corrupt or unreadable PDF (PdfReadError: EOF marker not found)"),
               ("b.docx", "corrupt or unreadable .docx (BadZipFile)")]
    assert upload_summary(added, refused) == ("Added 148 documents; 2 not added: a.pdf (corrupt or unreadable PDF), "
                                              "b.docx (corrupt or unreadable .docx).")
    many = upload_summary([], [(f"x{i}.exe", "unsupported file type '.exe' (supported: ...)") for i in range(150)])
    assert "\n" not in many and many.endswith("and 140 more.") and many.count("x1") < 20, many


# -- through the web app (conftest's `server` and `client`) ------------------------------------------------------------
def cited(server, question: str) -> set[str]:
    response = requests.post(f"{server.url}/api/ask", json={"question": question}, timeout=60)
    assert response.status_code == 200, response.text
    return {c["doc_id"] for c in response.json()["citations"]}


def test_an_upload_is_indexed_at_once_and_unreadable_files_are_named_in_its_one_line_summary(
        server, client, tmp_path):
    from gradio_client import handle_file

    sent = {"kiwi trade note.txt": KIWI_DOC.encode(), "broken.pdf": NOT_A_PDF, "memo.docx": NOT_A_DOCX}
    for name, content in sent.items():
        (tmp_path / name).write_bytes(content)
    result = client.predict([handle_file(str(tmp_path / n)) for n in sent], api_name="/upload")
    status = result[1]
    assert status == ("Added **kiwi trade note.txt**; 2 not added: broken.pdf (corrupt or unreadable PDF), "
                      "memo.docx (corrupt or unreadable .docx)."), status
    assert any("Rebuild finished" in str(r) and "Added: kiwi trade note.txt" in str(r) for r in result), result
    assert sorted(p.name for p in server.corpus.iterdir()) == sorted(
        [SEED_DOC, SEED_DOC + ".meta.json", "kiwi trade note.txt"]), "a refused file stayed in the corpus"
    # no Rebuild press: the upload's own rebuild has indexed it
    assert "kiwi trade note.txt" in cited(server, "What is the tariff on fresh kiwifruit?")

    message = client.predict("kiwi trade note.txt", api_name="/delete")[0]
    assert message.startswith("Deleted kiwi trade note.txt"), message
    assert "kiwi trade note.txt" not in cited(server, "What is the tariff on fresh kiwifruit?")
    assert "kiwi trade note.txt" not in {d["doc_id"] for d in server.assistant.documents()}


@contextmanager
def held_rebuilds(rebuilds):
    """Rebuilds whose runs wait for the gate this yields (then run the real indexer): a rebuild that is running, for
    as long as the test needs."""
    real, gate, started = rebuilds.indexer, threading.Event(), threading.Event()

    class Held:
        def run(self, full=False, on_event=None):
            started.set()
            assert gate.wait(60), "the test never opened the gate"
            return real().run(full=full, on_event=on_event)

    rebuilds.indexer = Held
    try:
        yield gate, started
    finally:
        gate.set()
        rebuilds.wait_rebuild(120)
        rebuilds.indexer = real


def first_output(job, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not job.outputs():
        assert time.monotonic() < deadline and not job.done(), f"no output from the job: {job.status()}"
        time.sleep(0.05)
    return job.outputs()[0]


def test_while_a_rebuild_runs_a_deleted_document_is_not_cited_and_an_upload_is_indexed_by_the_rebuild_queued_after_it(
        server, client, tmp_path):
    from gradio_client import handle_file

    (server.corpus / "mango briefing.txt").write_text(MANGO_DOC, encoding="utf-8")
    assert server.rebuilds.rebuild(timeout=120).state == "done"
    mango = "What import duty on Alphonso mangoes did India and the UAE agree?"
    assert "mango briefing.txt" in cited(server, mango)
    (tmp_path / "lime memo.txt").write_text(LIME_DOC, encoding="utf-8")

    with held_rebuilds(server.rebuilds) as (gate, started):
        server.rebuilds.start_rebuild()
        assert started.wait(30)
        deletion = client.submit("mango briefing.txt", api_name="/delete")
        upload = client.submit([handle_file(str(tmp_path / "lime memo.txt"))], api_name="/upload")
        assert first_output(deletion)[0].startswith("Deleted mango briefing.txt")
        assert first_output(upload)[1] == "Added **lime memo.txt**."
        status = server.rebuilds.rebuild_status()
        assert status.running and status.queued, "the upload and the deletion queue a rebuild behind the running one"
        assert "mango briefing.txt" not in cited(server, mango), "a deleted document was cited while a rebuild ran"
        gate.set()
        upload.result(timeout=120)
        deletion.result(timeout=120)

    assert not server.rebuilds.rebuild_status().queued
    assert "lime memo.txt" in cited(server, "What duty on Persian limes did Mexico and Canada agree?")
    indexed = {d["doc_id"] for d in server.assistant.documents()}
    assert "lime memo.txt" in indexed and "mango briefing.txt" not in indexed, indexed
