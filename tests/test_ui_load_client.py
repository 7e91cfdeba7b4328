"""benchmarks/ui_load.py's browser-like session: the page's queue (join, then the event stream) gives the answer
that `POST /api/ask` gives, and the load counts it as an answer."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import ui_load  # noqa: E402

QUESTION = "What is Japan's reciprocal rate?"


def in_own_thread(function, *args, **kwargs):
    """Run `function` (which runs an asyncio loop of its own) in a thread: the browser tests' Playwright leaves a loop
    running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def test_a_browser_session_gets_the_answer_the_api_gives(server):
    import asyncio

    import httpx

    async def ask() -> dict:
        async with httpx.AsyncClient(timeout=60) as http:
            return await ui_load.BrowserSession(http, server.url, ui_load.ask_endpoint(server.url)).ask(QUESTION)

    through_queue = in_own_thread(asyncio.run, ask())
    through_api = requests.post(f"{server.url}/api/ask", json={"question": QUESTION}, timeout=60).json()
    assert through_queue["answer"] == through_api["answer"]
    assert through_queue["citations"] == through_api["citations"]


def test_browser_load_counts_answers_and_no_errors(server):
    latencies, errors = in_own_thread(ui_load.browser_load, server.url, [QUESTION, "When do the Japan-U.S. talks open?"],
                                      sessions=3, seconds=2.0)
    assert errors == []
    assert len(latencies) >= 3
