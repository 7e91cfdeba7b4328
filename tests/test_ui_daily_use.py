"""What daily users still hit after issue 10's first pass, in a real browser (Debian's chromium) against a real server:
document dropdowns of a large corpus, the failures table on a phone, thumbs after a reload, copying a question, and
conversation exports left in /tmp.

One module server over the seed article plus EXTRA notes (more than a dropdown offers at once), with an evaluation
report holding failures; waits on the page's own elements, never on network idle.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from conftest import SEED_CORPUS, SEED_DOC, build_app, free_port, running
from test_ui_browser import TIMEOUT_MS, ask, assert_card

pytestmark = pytest.mark.slow

FILTER, TO_DELETE = "Answer only from these documents", "Document to delete"  # the dropdowns' labels
EXTRA = 70  # notes beyond the seed article: more than choices.CHOICES_SHOWN


def note(i: int) -> str:
    return (f"Quota note {i}\n\nDelegation {i} reviewed a quota of {i * 7 + 3} tonnes of steel for port {i}. Officials "
            f"noted further work on labelling rules.\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from assistant.evaluation.runs import run_evaluation

    root = tmp_path_factory.mktemp("daily")
    parts = build_app(root)
    for i in range(EXTRA):
        (parts.corpus / f"quota-note-{i:03d}.txt").write_text(note(i), encoding="utf-8")
    parts.rebuilds.start_rebuild()
    assert parts.rebuilds.wait_rebuild(600).state == "done"
    suite = root / "suite.jsonl"
    suite.write_text(json.dumps({"id": "rate-wrong", "question": "What is Japan's reciprocal rate?",
                                 "answers": ["99% of the tariff schedule"]}) + "\n", encoding="utf-8")
    run_evaluation(parts.assistant, suite, root / "reports")
    with running(parts.app) as url:
        parts.url = url
        yield parts


@pytest.fixture
def context(browser):
    """A browser context of its own (its localStorage holds the conversation shown), clipboard allowed."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"],
                                  viewport={"width": 1280, "height": 860})
    yield context
    context.close()


def open_page(context, url: str):
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.locator("#question textarea").wait_for()
    return page


def options_offered(page, dropdown: str) -> list[str]:
    """The options the dropdown labelled `dropdown` lists once opened."""
    page.get_by_label(dropdown).click()
    page.get_by_role("option").first.wait_for()
    return page.get_by_role("option").all_inner_texts()


def type_key_by_key(page, field, text: str) -> None:
    """Type `text` into `field` a key at a time, each key once the server has answered the previous key's search.

    Gradio runs a key_up event "always_last": a key released while the previous key's search is still on the server is
    held back, and when that search ends Gradio sends the held-back search again with the first key's text, not the
    last one's. On a busy machine (server slower than the typing) the dropdown would then stay on the choices for
    "n"; waiting on each answer keeps what the test checks the same on any machine."""
    for key in text:
        with page.expect_response(lambda r: r.request.method == "POST" and "/gradio_api/" in r.url):
            field.press_sequentially(key)


def options_become(page, wanted: str, timeout: float = 30) -> None:
    """Wait until the open dropdown offers `wanted` among at most a few options (what was typed matches)."""
    deadline, shown = time.monotonic() + timeout, None
    while not (wanted in (shown := [t.strip() for t in page.get_by_role("option").all_inner_texts()]) and len(shown) <= 10):
        assert time.monotonic() < deadline, f"the dropdown offers {shown[:8]}… ({len(shown)}), not {wanted}"
        time.sleep(0.2)


def test_document_dropdowns_offer_a_few_documents_and_find_any_by_typing(server, context):
    """B.1: the chat's document filter and "Document to delete" listed every document (1,500 on the development set)."""
    page = open_page(context, server.url)
    offered = options_offered(page, FILTER)
    assert 10 <= len(offered) <= 50, f"{len(offered)} documents offered at once"
    type_key_by_key(page, page.locator("#docs-filter input"), "note 63")  # key by key, as people type
    options_become(page, "Quota note 63")  # not among the first 50
    page.get_by_role("option", name="Quota note 63").click()
    page.keyboard.press("Escape")
    ask(page, "What quota of steel did the delegation review?", 0)
    answer = page.locator(".answer").first
    assert "444 tonnes" in answer.inner_text(), answer.inner_text()  # 63 * 7 + 3: the filter reached the answer
    cited = {w.split(" · ")[-1] for w in answer.locator(".citation .where").all_inner_texts()}
    assert cited == {"quota-note-063.txt"}, cited

    page.get_by_role("tab", name="Documents").click()
    offered = options_offered(page, TO_DELETE)
    assert 10 <= len(offered) <= 50, f"{len(offered)} files offered at once"
    type_key_by_key(page, page.locator("#to-delete input"), "NOTE-069")
    options_become(page, "quota-note-069.txt")


def test_on_a_phone_the_evaluation_failures_are_cards(server, browser):  # noqa: F811
    """B.2: the failures table squeezed six columns into a 390 px screen; each failure is now a card, as documents are."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server.url)
        page.locator("#question textarea").wait_for()
        page.get_by_role("tab", name="Evaluation").click()
        row = page.locator("#eval-failures .virtual-row").filter(has_text="rate-wrong").first
        row.wait_for()
        assert_card(row, ["Expected", "Answer given"])
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    finally:
        page.close()


def test_a_reloaded_conversation_shows_the_thumbs_given_and_a_new_chat_none(server, context):
    """B.3: after a reload the answers showed no thumbs, though the feedback was stored."""
    page = open_page(context, server.url)
    ask(page, "What is Japan's reciprocal rate?", 0)
    ask(page, "When do the Japan-U.S. talks open?", 1)
    page.locator(".answer").first.hover()
    page.get_by_role("button", name="Like", exact=True).first.click()
    page.get_by_role("button", name="Liked", exact=True).wait_for()
    wait_for(lambda: [f for f in server.chats.feedback() if f.rating == "up"])  # stored before the reload

    page.reload()
    page.locator("#question textarea").wait_for()
    page.locator(".answer").nth(1).wait_for()
    liked = page.get_by_role("button", name="Liked", exact=True)
    liked.wait_for()
    assert liked.count() == 1, "one answer was liked"
    assert page.get_by_role("button", name="Like", exact=True).count() == 1, "the other answer has no thumb"

    page.get_by_role("button", name="New chat").click()
    page.wait_for_function("document.querySelectorAll('.answer').length === 0")
    ask(page, "What is Japan's reciprocal rate?", 0)
    assert page.get_by_role("button", name="Liked", exact=True).count() == 0, \
        "a thumb of the chat shown before landed on the new chat's answer"


def test_the_copy_button_of_a_question_copies_the_question_as_typed(server, context):
    """B.5: the copy button of a question put its HTML escapes on the clipboard (`&amp;` for `&`)."""
    page = open_page(context, server.url)
    question = 'Tariffs & "quotas" <2025>: what is Japan\'s reciprocal rate?'
    ask(page, question, 0)
    page.locator(".message-row.user-row").first.hover()
    page.get_by_role("button", name="Copy message").first.click()
    assert page.evaluate("navigator.clipboard.readText()") == question


def test_conversation_exports_live_in_a_folder_of_the_servers_own_pruned_and_removed_at_exit(tmp_path, browser):  # noqa: F811
    """B.4: each export was written under /tmp/assistant-exports and never deleted."""
    corpus, temp = tmp_path / "corpus", tmp_path / "tmp"
    corpus.mkdir()
    temp.mkdir()
    for name in (SEED_DOC, SEED_DOC + ".meta.json"):
        (corpus / name).write_bytes((SEED_CORPUS / name).read_bytes())
    port = free_port()
    env = dict(os.environ, TMPDIR=str(temp), GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    server = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--corpus", str(corpus), "--index",
                               str(tmp_path / "index"), "--port", str(port)], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            try:
                if requests.get(f"{url}/api/health", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.3)
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        page.locator("#question textarea").wait_for()
        ask(page, "What is Japan's reciprocal rate?", 0)
        exports = wait_for(lambda: list(temp.glob("assistant-exports-*/*/*.md")))
        assert len(exports) == 1 and not (temp / "assistant-exports").exists(), exports
        page.get_by_text("This chat").click()
        with page.expect_download() as download:
            page.get_by_role("button", name="Export as Markdown").click()
        exported = Path(download.value.path()).read_text(encoding="utf-8")
        assert "## What is Japan's reciprocal rate?" in exported and "24%" in exported, exported
        folder = exports[0].parent.parent
        old = folder / "an-old-chat" / "old.md"
        old.parent.mkdir()
        old.write_text("# old\n", encoding="utf-8")
        os.utime(old, (time.time() - 2 * 3600,) * 2)
        ask(page, "When do the Japan-U.S. talks open?", 1)  # the chat's export is written again
        wait_for(lambda: not old.parent.exists())
        page.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    assert not folder.exists(), f"the export folder outlived its server: {list(folder.rglob('*'))}"


def wait_for(check, timeout: float = 30):
    """`check()`'s first truthy value, polled until `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
    return value
