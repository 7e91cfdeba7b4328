"""Evaluation: load a suite, ask every question through the same `Assistant.ask` users reach, score it by
the rules of docs/contract.md, and write report.json / report.md / report.html.

Typical use (what `assistant eval` does):

    items = load_suite("tests/eval/suite.jsonl")
    problems = check_sources(items, doc_ids)      # report these; don't score them silently
    run = run_suite(assistant, items)
    write_report(run, "reports/latest")
"""

from assistant.evaluation.report import load_latest_report, report_dict, write_report
from assistant.evaluation.runner import EvalRun, run_suite
from assistant.evaluation.scoring import (
    ITEM_KEYS,
    SUMMARY_KEYS,
    ItemResult,
    citation_correct,
    gold_rank,
    is_correct,
    normalize,
    summarize,
    summarize_by_category,
)
from assistant.evaluation.suite import SuiteItem, check_sources, load_suite, parse_suite

__all__ = [
    "EvalRun", "ITEM_KEYS", "ItemResult", "SUMMARY_KEYS", "SuiteItem", "check_sources", "citation_correct",
    "gold_rank", "is_correct", "load_latest_report", "load_suite", "normalize", "parse_suite", "report_dict",
    "run_suite", "summarize", "summarize_by_category", "write_report",
]
