"""The CI gate: the project's own suite, run through `assistant eval` exactly as staff run it.

The threshold is the current score rounded down (overall_accuracy 0.794 on 2026-11-25, 0.794 again with the
fitted answerer on 2026-11-26); raise it as the score rises, never lower it to let a regression through.
"""

from __future__ import annotations

import json

import pytest

MIN_OVERALL_ACCURACY = 0.78


@pytest.mark.slow
def test_project_suite_meets_the_accuracy_gate_and_beats_the_baseline(run_cli, seed_corpus, index_dir, tmp_path):
    report_dir = tmp_path / "report"
    # One run serves both checks: the score is read from report.json, and an unreachable --min-accuracy
    # shows that the command exits 1 below the bar.
    result = run_cli("eval", "--baseline", "--report", str(report_dir), "--min-accuracy", "1.0")
    assert (report_dir / "report.json").is_file(), result.stderr[-2000:]
    report = json.loads((report_dir / "report.json").read_text())
    summary = report["summary"]
    assert summary["overall_accuracy"] >= MIN_OVERALL_ACCURACY, f"accuracy fell: {summary} (failures in report.md)"
    assert result.returncode == 1, f"below --min-accuracy must exit 1: {result.stderr[-800:]}"
    assert summary["overall_accuracy"] > report["baseline"]["summary"]["overall_accuracy"], "must beat the naive baseline"
    assert (report_dir / "report.md").is_file() and (report_dir / "report.html").is_file()
    assert "building it" in result.stderr, "eval builds the missing index first"


def test_eval_reports_a_suite_error_with_its_line_number(run_cli, seed_corpus, tmp_path):
    suite = tmp_path / "bad.jsonl"
    suite.write_text('{"question": "What is Japan\'s reciprocal rate?", "answers": ["24%"]}\n{"answers": ["x"]}\n')
    result = run_cli("eval", "--dataset", str(suite))
    assert result.returncode == 2 and "line 2" in result.stderr and "Traceback" not in result.stderr, result.stderr


# The development suite's train split over wire copy (tests/eval/reuters-dev), on the session's index of its
# sources and distractors: overall accuracy 0.699 (hit@1 0.944) on 2026-11-26, 0.814 (hit@1 0.966) on
# 2026-11-27 with every fourth other article as a distractor (352); with every sixth (235, the index builds in
# 40 CPU-s instead of 57) 0.832 (hit@1 0.989) at commit 61816c6, 0.850 (hit@1 0.989) at commit db0ef72. Raise them
# as they rise.
MIN_REUTERS_TRAIN_ACCURACY = 0.84
MIN_REUTERS_TRAIN_HIT_AT_1 = 0.95


@pytest.mark.slow
def test_development_train_split_meets_its_gate(reuters_dev):
    from assistant.evaluation import load_suite, run_suite
    from conftest import REUTERS_TRAIN

    run = run_suite(reuters_dev, load_suite(REUTERS_TRAIN), progress=False)
    summary = run.summary
    assert summary["overall_accuracy"] >= MIN_REUTERS_TRAIN_ACCURACY, f"accuracy fell: {summary}"
    assert summary["hit_at_1"] >= MIN_REUTERS_TRAIN_HIT_AT_1, f"retrieval fell: {summary}"
