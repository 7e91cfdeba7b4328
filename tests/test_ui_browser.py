"""The web chat in a real browser (Debian's chromium through Playwright) against a real server.

Waits on the page's own elements (the question box, a <mark>), never on "network idle": Gradio keeps a
connection open. Takes the picture the README shows into tmp_path; `make screenshot` sets SCREENSHOT_PATH to
refresh docs/screenshot-chat.png instead (no test run rewrites a tracked file).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from test_api import build_app, running  # tests/ is on sys.path (rootdir conftest, no package)

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
SCREENSHOT_ENV = "SCREENSHOT_PATH"  # where to save the chat picture; `make screenshot` names docs/screenshot-chat.png
TIMEOUT_MS = 60_000
MANGO_DOC = ("Mango briefing\n\nIndia and the United Arab Emirates agreed on June 9 to remove the import duty on "
             "Alphonso mangoes from 12% to zero.\nThe change applies from the next harvest season.\n")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, installed with apt once when missing and running as root; else skip with why."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip(f"{CHROMIUM} is missing and apt-get cannot run here (not root): install Debian's chromium")
    result = subprocess.run("apt-get update -qq && apt-get install -y -qq chromium", shell=True,
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not Path(CHROMIUM).exists():
        print(result.stderr[-2000:])
        pytest.skip(f"could not install chromium with apt-get (exit {result.returncode}); see the output above")
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """One server for the module over a copy of the seed article (index built in-process, shared model)."""
    parts = build_app(tmp_path_factory.mktemp("browser"))
    with running(parts.app) as url:
        yield url


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url)
    page.locator("#question textarea").wait_for()
    yield page
    page.close()


def ask(page, question: str, answers_before: int) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    page.locator(".answer").nth(answers_before).wait_for()


def test_chat_answers_with_the_quoted_sentence_highlighted(page, tmp_path):
    ask(page, "What is Japan's reciprocal rate?", 0)
    answer = page.locator(".answer").first
    assert "24%" in answer.inner_text(), answer.inner_text()
    mark = answer.locator(".citation mark").first
    assert "24%" in mark.inner_text(), f"the highlighted sentence is {mark.inner_text()!r}"
    assert "japan-us-tariff-talks.txt" in answer.locator(".citation .where").first.inner_text()
    screenshot = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path / "screenshot-chat.png")
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot))

    page.get_by_role("button", name="When will Akazawa meet Bessent?").click()  # an example question
    page.locator(".answer").nth(1).wait_for()
    page.get_by_role("button", name="New chat").click()
    page.wait_for_function("document.querySelectorAll('.answer').length === 0")


def test_the_copy_button_copies_the_answer_as_markdown_with_its_citations(browser, app_url):
    """Issue 10.1: the copy button of an answer put the card's raw HTML on the clipboard."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(app_url)
        page.locator("#question textarea").wait_for()
        ask(page, "What is Japan's reciprocal rate?", 0)
        page.locator(".answer").first.hover()
        buttons = page.get_by_role("button", name="Copy message")
        buttons.last.click()  # the answer's (the question has one too)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "<" not in copied and copied.startswith("**24%**"), copied
        assert "\nSources:\n- [1] " in copied and "japan-us-tariff-talks.txt" in copied, copied
    finally:
        context.close()


def test_abstention_is_marked_not_found(page):
    ask(page, "What did the Brazilian trade minister say about soybean quotas in Geneva?", 0)
    answer = page.locator(".answer").first
    assert "abstained" in (answer.get_attribute("class") or ""), answer.inner_html()
    assert "Not found in the documents" in answer.inner_text()


def test_an_llm_reply_is_shown_while_it_is_written_then_replaced_by_the_checked_answer(browser, tmp_path):
    """With an LLM configured (the tests' OpenAI-compatible server, streaming slowly), the chat shows the reply
    growing before its citations are checked, then the checked answer with its cited passage."""
    from fake_openai_server import FakeOpenAIServer

    from assistant.settings import LLMSettings

    with FakeOpenAIServer() as llm:
        llm.reply = "Japan hopes to cut the 24% reciprocal tariff rate announced on April 2 [1]."
        llm.chunk_delay_s = 0.4
        parts = build_app(tmp_path, llm=LLMSettings(mode="openai", base_url=llm.url, model="fake", timeout_s=60))
        with running(parts.app) as url:
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            page.locator("#question textarea").wait_for()
            ask_box = page.locator("#question textarea")
            ask_box.fill("What is Japan's reciprocal rate?")
            ask_box.press("Enter")
            partial = page.locator(".partial").first
            partial.wait_for()
            assert page.locator(".answer").count() == 0, "the checked answer came before the reply was written"
            assert "writing" in partial.inner_text()
            page.locator(".answer").first.wait_for()
            answer = page.locator(".answer").first
            assert "24%" in answer.inner_text() and "[1]" in answer.inner_text(), answer.inner_text()
            assert page.locator(".partial").count() == 0, "the partial reply must give way to the checked answer"
            assert "24%" in answer.locator(".citation mark").first.inner_text()
            assert llm.requests and llm.requests[0].get("stream") is True
            page.close()


def test_date_filter_reaches_the_answer(page):
    """The seed article has no date, so a date range leaves no document: the chat must say so in one line."""
    page.get_by_text("Only documents dated…").click()
    page.locator("#since input, #since textarea").first.fill("2030-01-01")
    ask(page, "What is Japan's reciprocal rate?", 0)
    answer = page.locator(".answer").first
    assert "error" in (answer.get_attribute("class") or ""), answer.inner_html()
    assert "no indexed document is dated" in answer.inner_text(), answer.inner_text()


def test_uploaded_document_answers_after_a_rebuild_from_the_documents_tab(page, tmp_path):
    source = tmp_path / "mango-briefing.txt"
    source.write_text(MANGO_DOC, encoding="utf-8")
    page.get_by_role("tab", name="Documents").click()
    page.locator("#upload input[type=file]").set_input_files(str(source))
    page.get_by_text("Added mango-briefing.txt").wait_for()
    page.get_by_role("button", name="Rebuild index").click()
    page.locator("#rebuild-summary").get_by_text("Rebuild finished").wait_for()
    assert "mango-briefing.txt" in page.locator("#rebuild-summary").inner_text()

    page.get_by_role("tab", name="Chat").click()
    ask(page, "What import duty on Alphonso mangoes did India and the UAE agree?", 0)
    answer = page.locator(".answer").first
    assert "mango-briefing.txt" in answer.locator(".citation .where").first.inner_text(), answer.inner_text()
    assert answer.locator(".citation mark").count() >= 1


def test_a_reload_keeps_the_conversation_and_a_thumbs_down_becomes_a_suite_line(page, tmp_path_factory):
    """Issue 10.8, 10.9: the chat is stored server-side and shown again after a reload; a thumbs down with the right
    answer is stored, and "Add to suite" on the Evaluation tab writes it to the feedback suite as an item."""
    import json

    question = "What is Japan's reciprocal rate?"
    ask(page, question, 0)
    page.reload()
    page.locator("#question textarea").wait_for()
    answer = page.locator(".answer").first
    answer.wait_for()
    assert "24%" in answer.inner_text(), "the conversation did not survive the reload"
    assert page.locator("#chat-list").get_by_text(question).count() >= 1, page.locator("#chat-list").inner_text()

    answer.hover()
    page.get_by_role("button", name="Dislike").last.click()
    page.locator("#right-answer-text textarea").fill("24 percent")
    page.locator("#right-answer-send").click()
    page.locator("#right-answer").wait_for(state="hidden")

    page.get_by_role("tab", name="Evaluation").click()
    page.get_by_text("Feedback from the chat").click()
    page.get_by_role("button", name="Refresh").click()
    page.wait_for_function("document.querySelector('#feedback-table').innerText.includes('24 percent')")
    page.locator("#feedback-pick input").click()
    page.get_by_role("option").first.click()
    expected = page.locator("#feedback-expected textarea")
    page.wait_for_function("document.querySelector('#feedback-expected textarea').value === '24 percent'")
    assert expected.input_value() == "24 percent"
    page.locator("#add-to-suite").click()
    page.locator("#feedback-status").get_by_text("Added feedback-").wait_for()

    [suite] = tmp_path_factory.getbasetemp().glob("browser[0-9]*/eval/feedback.jsonl")  # app_url's folder
    item = json.loads(suite.read_text(encoding="utf-8").splitlines()[-1])
    assert (item["question"], item["answers"], item["category"]) == (question, ["24 percent"], "feedback"), item
