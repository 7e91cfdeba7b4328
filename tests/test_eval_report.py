"""run_suite and the three reports, driven by a tiny assistant of canned answers (no model, no index)."""

from __future__ import annotations

import json
import os
import re
from importlib.resources import files
from pathlib import Path

from assistant.errors import StoreError
from assistant.evaluation.report import load_latest_report, write_report
from assistant.evaluation.runner import run_suite
from assistant.evaluation.scoring import ITEM_KEYS, SUMMARY_KEYS
from assistant.evaluation.suite import parse_suite
from assistant.answers import Answer, Citation, Passage

DOC = "japan-us-tariff-talks.txt"
SUITE = "\n".join(json.dumps(d) for d in [
    {"id": "rate", "question": "What is Japan's reciprocal rate?", "answers": ["24%"], "sources": [DOC], "category": "rate"},
    {"id": "date", "question": "When do talks open?", "answers": ["April 16"], "sources": [DOC], "category": "date"},
    {"id": "follow", "question": "When will he meet Bessent?", "answers": ["April 17"], "sources": [DOC],
     "history": ["Who is Japan's chief negotiator?"], "category": "followup"},
    {"id": "china", "question": "What is China's reciprocal rate?", "answerable": False, "category": "unanswerable"},
])


class CannedAssistant:
    """Answers from a dict keyed by question; records every call so the test can see what the runner asked."""

    def __init__(self, replies: dict[str, tuple[str, bool]], fail_on: str | None = None):
        self.replies, self.fail_on, self.calls = replies, fail_on, []

    def ask(self, question: str, history: list[str] = ()) -> Answer:
        self.calls.append((question, list(history)))
        if question == self.fail_on and len(self.calls) > 1:
            raise StoreError("Chroma server at http://127.0.0.1:8000 did not answer")
        text, abstained = self.replies.get(question, ("The documents do not say.", True))
        passage = Passage(chunk_id="c0", doc_id=DOC, title="Talks", text=text, start=0, end=10)
        cite = Citation(n=1, doc_id=DOC, title="Talks", text=text, start=0, end=10, page=None, score=0.9)
        return Answer(question=question, answer=text, abstained=abstained, citations=[cite], retrieved=[passage])


SYSTEM = {
    "What is Japan's reciprocal rate?": ("Japan faces a 24 percent reciprocal tariff [1].", False),
    "When do talks open?": ("Talks open on April 15 [1].", False),  # wrong on purpose
    "When will he meet Bessent?": ("Akazawa meets Bessent on April 17 [1].", False),
}
BASELINE = {"What is Japan's reciprocal rate?": ("It is 24% [1].", False)}


def run(tmp_path, baseline=None, system=None):
    items = parse_suite(SUITE)
    result = run_suite(system or CannedAssistant(SYSTEM), items, progress=False, baseline=baseline)
    write_report(result, tmp_path)
    return result


def test_runner_warms_up_then_asks_every_question_with_its_history():
    assistant = CannedAssistant(SYSTEM)
    result = run_suite(assistant, parse_suite(SUITE), progress=False)
    assert len(assistant.calls) == 5, f"one warm-up plus four questions, got {assistant.calls}"
    assert ("When will he meet Bessent?", ["Who is Japan's chief negotiator?"]) in assistant.calls, "history passed"
    assert [r.correct for r in result.results] == [True, False, True, True], [r.correct for r in result.results]
    assert result.summary["overall_accuracy"] == 0.75, result.summary


def test_report_json_has_exactly_the_contract_keys(tmp_path):
    run(tmp_path)
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert list(data["summary"]) == list(SUMMARY_KEYS), f"summary keys: {list(data['summary'])}"
    assert all(list(it) == list(ITEM_KEYS) for it in data["items"]), f"item keys: {[list(i) for i in data['items']]}"
    assert [it["id"] for it in data["items"]] == ["rate", "date", "follow", "china"], "items in suite order"
    assert data["items"][1]["correct"] is False and data["items"][1]["gold_rank"] == 1, data["items"][1]
    assert data["summary"]["n"] == 4 and data["summary"]["abstention_accuracy"] == 1.0, data["summary"]


def test_baseline_sits_beside_the_contract_keys_without_changing_them(tmp_path):
    run(tmp_path, baseline=CannedAssistant(BASELINE))
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert list(data["summary"]) == list(SUMMARY_KEYS), "baseline must not leak into the summary"
    assert data["baseline"]["summary"]["overall_accuracy"] == 0.5, data["baseline"]["summary"]
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| metric | system | baseline |" in md, "summary table needs a baseline column"


def test_markdown_lists_every_failure_with_question_expected_got_and_gold_rank(tmp_path):
    run(tmp_path)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## Failures (1 of 4)" in md, md
    failure = md.split("### date", 1)[1]
    for needed in ("Question: When do talks open?", 'Expected: any of "April 16"', "Got: Talks open on April 15 [1].",
                   "Gold rank: 1"):
        assert needed in failure, f"{needed!r} missing from the failure entry:\n{failure}"
    assert "### rate" not in md, "correct items are not failures"
    assert "| date |" in md and "| followup |" in md, "per-category table lists each category"


def test_unmeasurable_metric_is_shown_as_a_dash(tmp_path):
    items = parse_suite(json.dumps({"id": "only", "question": "What is Japan's reciprocal rate?", "answers": ["24%"]}))
    write_report(run_suite(CannedAssistant(SYSTEM), items, progress=False), tmp_path)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| abstention accuracy | – |" in md, "no unanswerable items: abstention accuracy is unmeasured"
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["abstention_accuracy"] is None, "null in json"


def test_error_on_one_question_marks_it_wrong_and_the_run_goes_on(tmp_path):
    system = CannedAssistant(SYSTEM, fail_on="When do talks open?")
    result = run(tmp_path, system=system)
    assert result.summary["n"] == 4 and not result.results[1].correct, "the failing item counts as wrong"
    assert "Got: error: Chroma server" in (tmp_path / "report.md").read_text(encoding="utf-8"), "error shown"


def test_html_report_is_self_contained_and_draws_svg_charts(tmp_path):
    run(tmp_path, baseline=CannedAssistant(BASELINE))
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2, "accuracy-by-category chart and latency histogram"
    assert "Overall accuracy by category" in html and "Latency per question" in html, "chart titles"
    for external in ("<script", "<link", "src=", "@import", "url("):
        assert external not in html, f"report.html must not load anything: found {external!r}"
    # The only URL allowed is text of an error message inside a table cell, escaped; none here.
    assert not re.search(r"https?://", html), "no network addresses in the page"
    assert "When do talks open?" in html and "April 15" in html, "failures listed in the page too"


def test_load_latest_report_returns_the_newest_report_or_none(tmp_path):
    assert load_latest_report(tmp_path) is None, "no report yet"
    run(tmp_path / "older")
    run(tmp_path / "newer", baseline=CannedAssistant(BASELINE))
    os.utime(tmp_path / "older" / "report.json", (1_000_000, 1_000_000))  # file times can tie within a tick
    latest = load_latest_report(tmp_path)
    assert latest is not None and "baseline" in latest, "the newest of the sub-folders"
    (tmp_path / "broken").mkdir()
    assert load_latest_report(tmp_path / "broken") is None, "empty folder"


def test_report_json_says_what_each_failure_expected_and_why_it_is_wrong(tmp_path):
    """Issue 10.12: the web page shows the expected answer beside the given one; report.json carries it."""
    run(tmp_path)
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    failures = {f["id"]: f for f in data["failures"]}
    assert set(failures) == {i["id"] for i in data["items"] if not i["correct"]} == {"date"}, data["failures"]
    assert failures["date"]["expected"] == 'any of "April 16"', failures
    assert failures["date"]["why"] == "no accepted answer in the text" and "April 15" in failures["date"]["got"]


def test_comparison_with_the_previous_report_lists_what_got_better_and_worse(tmp_path):
    from assistant.evaluation.comparison import change_direction, compare_reports
    from assistant.evaluation.report import recent_reports

    run(tmp_path / "first")
    fixed = dict(SYSTEM, **{"When do talks open?": ("Talks open on April 16 [1].", False),
                            "When will he meet Bessent?": ("He meets nobody.", False)})
    run(tmp_path / "second", system=CannedAssistant(fixed))
    os.utime(tmp_path / "first" / "report.json", (1_000_000, 1_000_000))  # file times can tie within a tick
    (newest, current), (_, previous) = recent_reports(tmp_path, 2)
    assert newest == tmp_path / "second" / "report.json", "newest first"
    comparison = compare_reports(previous, current)
    assert [i["id"] for i in comparison.better] == ["date"] and [i["id"] for i in comparison.worse] == ["follow"]
    assert comparison.common == 4 and comparison.only_now == comparison.only_before == 0
    metrics = {key: (before, now) for key, before, now in comparison.metrics}
    assert metrics["overall_accuracy"] == (0.75, 0.75), metrics
    assert change_direction("answer_accuracy", 0.5, 0.75) == 1 and change_direction("mrr", 0.9, 0.8) == -1
    assert change_direction("p95_ms", 100.0, 60.0) == 1 and change_direction("p95_ms", 100.0, 110.0) == 0, \
        "latency wobbles from run to run: a small change is neither better nor worse"
    other = dict(previous, items=[dict(i, question=i["question"] + "?") for i in previous["items"]])
    assert compare_reports(other, current).common == 0, "a changed question is another item"


HOSTILE = "What about <b>tariffs</b> & \"quotas\" | levies?"


def test_html_report_escapes_markup_and_markdown_report_keeps_it_as_written(tmp_path):
    """The reports come from Jinja2 templates: autoescaping is on for HTML and off for Markdown."""
    items = parse_suite(json.dumps({"id": "x", "question": HOSTILE, "answers": ["<i>24%</i>"], "category": "a<b"}))
    write_report(run_suite(CannedAssistant({HOSTILE: ("It is <script>alert(1)</script> [1].", False)}), items,
                           progress=False), tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "answer text is escaped"
    assert "&lt;b&gt;tariffs&lt;/b&gt; &amp;" in html and "<td>a&lt;b</td>" in html, "question and category escaped"
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    question = "- Question: What about <b>tariffs</b> & \"quotas\" \\| levies?"
    assert question in md, f"markdown as written, pipe escaped:\n{md}"
    assert "| a<b |" in md and "&lt;" not in md and "&amp;" not in md, "no HTML entities in markdown"


def test_report_templates_ship_inside_the_package():
    """A non-editable install reads the templates from the package; pyproject's package-data must list them."""
    templates = files("assistant.evaluation") / "templates"
    assert (templates / "report.md").is_file() and (templates / "report.html").is_file(), "templates in the package"
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"evaluation/templates/*"' in pyproject, "package-data must ship the templates"
