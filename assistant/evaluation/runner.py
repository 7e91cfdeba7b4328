"""Runs a suite through an assistant (anything with `ask(question, history) -> Answer`) and scores it.

The evaluation calls the same `ask` the CLI and the UI call, so what is measured is what users get.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Protocol

from tqdm import tqdm

from assistant.errors import AssistantError
from assistant.evaluation.scoring import ItemResult, failed_item, score_item, summarize, summarize_by_category
from assistant.evaluation.suite import SuiteItem
from assistant.answers import Answer


class Asker(Protocol):
    def ask(self, question: str, history: list[str] = ...) -> Answer: ...


@dataclass
class EvalRun:
    """Scored results of one system on one suite; `baseline` holds a second system's run on the same suite."""

    results: list[ItemResult]
    summary: dict
    by_category: dict[str, dict]
    baseline: EvalRun | None = None
    generated_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def failures(self) -> list[ItemResult]:
        return [r for r in self.results if not r.correct]


def run_suite(assistant: Asker, items: list[SuiteItem], progress: bool = True, baseline: Asker | None = None,
              on_item: Callable[[int, int], None] | None = None) -> EvalRun:
    """Ask every question (with its history), score the answers, and summarize; then the same for `baseline`.

    `on_item(done, total)` is called after each question (the web page's progress bar); `total` counts the
    baseline's questions too.

    One warm-up question is asked first and not timed, so p50/p95 describe a warm index and loaded model.
    An AssistantError on one question marks that item wrong (its message kept) and the run goes on; other
    exceptions are bugs and propagate.
    """
    total = len(items) * (2 if baseline is not None else 1)
    run = _run_one(assistant, items, progress, "system", on_item and (lambda n: on_item(n, total)))
    if baseline is not None:
        run.baseline = _run_one(baseline, items, progress, "baseline",
                                on_item and (lambda n: on_item(len(items) + n, total)))
    return run


def _run_one(assistant: Asker, items: list[SuiteItem], progress: bool, label: str,
             on_item: Callable[[int], None] | None = None) -> EvalRun:
    if items:
        assistant.ask(items[0].question, history=list(items[0].history))  # warm-up; a broken index fails here
    results = []
    for item in tqdm(items, desc=f"eval ({label})", unit="q", disable=not progress, leave=False, file=sys.stderr):
        start = time.perf_counter()
        try:
            answer = assistant.ask(item.question, history=list(item.history))
        except AssistantError as exc:
            results.append(failed_item(item, str(exc), (time.perf_counter() - start) * 1000))
        else:
            results.append(score_item(item, answer, (time.perf_counter() - start) * 1000))
        if on_item is not None:
            on_item(len(results))
    return EvalRun(results=results, summary=summarize(results), by_category=summarize_by_category(results))
