"""Evaluation runs the web app starts: a suite through the assistant, its reports in a fresh folder of their own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from assistant.evaluation.report import write_report
from assistant.evaluation.runner import run_suite
from assistant.evaluation.suite import check_sources, load_suite


def run_evaluation(assistant, suite: str | Path, reports_dir: str | Path, progress: bool = False,
                   on_item: Callable[[int, int], None] | None = None) -> tuple[Path, list[str]]:
    """Run a suite through `assistant.ask` and write its reports into a fresh folder under `reports_dir`;
    `on_item(done, total)` after each question.

    Returns the report.json path and warnings (items naming sources the corpus lacks).
    """
    items = load_suite(suite)
    warnings = check_sources(items, [d["doc_id"] for d in assistant.documents()])
    if on_item is not None:
        on_item(0, len(items))
    run = run_suite(assistant, items, progress=progress, on_item=on_item)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    return write_report(run, Path(reports_dir) / f"web-{stamp}"), warnings
