"""The Evaluation page: the latest report (summary, its files to download, what changed since the previous run,
charts, failures with what was expected); for administrators, running the project's suite or an
uploaded one, with a progress bar."""

from __future__ import annotations

import html
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import gradio as gr

from assistant.errors import AssistantError
from assistant.evaluation.comparison import Comparison, change_direction, compare_reports
from assistant.evaluation.runs import run_evaluation
from assistant.evaluation.suite import project_suite
from assistant.web.context import PageContext
from assistant.web.progress import eval_progress
from assistant.web.uploads import discard_upload, received_upload

FAIL_HEADERS = ["id", "question", "expected", "answer given", "why wrong", "gold rank"]
REPORT_FILES = ("report.html", "report.md", "report.json")
POLL_S = 0.3  # how often a running evaluation's progress bar is redrawn

CSS = """
.comparison .better, .comparison .up {color: #15803d;}
.comparison .worse, .comparison .down {color: #b91c1c;}
.comparison ul {margin: .2em 0 .6em 1.2em;}
"""


def render_report(report: dict | None) -> tuple[str, str, list[list]]:
    """(summary table HTML, charts SVG HTML, failures rows) of a report.json object. A failure's expected answer
    and why it is wrong come from the report's `failures` (reports written before it existed show "")."""
    from assistant.evaluation.charts import bar_chart, histogram
    from assistant.evaluation.report import LABELS, fmt

    if not report:
        return "<p>No evaluation report yet: run the suite.</p>", "", []
    s = report["summary"]
    rows = "".join(f"<tr><td>{html.escape(LABELS.get(k, k))}</td><td>{fmt(k, v)}</td></tr>" for k, v in s.items())
    summary = (f"<p>Report of {html.escape(report.get('generated_at', '?'))}, {s.get('n')} questions.</p>"
               f"<table><thead><tr><th>metric</th><th>value</th></tr></thead><tbody>{rows}</tbody></table>")
    cats = sorted(report.get("by_category") or {})
    charts = histogram({"system": [i["latency_ms"] for i in report["items"]]}, "Latency per question")
    if cats:
        series = {"system": [report["by_category"][c].get("overall_accuracy") for c in cats]}
        charts = bar_chart(cats, series, "Overall accuracy by category") + charts
    why = {f.get("id"): f for f in report.get("failures") or [] if isinstance(f, dict)}
    failures = [[i["id"], i["question"], why.get(i["id"], {}).get("expected", ""),
                 ("(abstained) " if i["abstained"] else "") + i["answer"], why.get(i["id"], {}).get("why", ""),
                 i["gold_rank"]]
                for i in report["items"] if not i["correct"]]
    return summary, f'<div class="charts">{charts}</div>', failures


def render_comparison(comparison: Comparison | None) -> str:
    """What got better or worse since the previous run: the figures, then the questions that changed."""
    from assistant.evaluation.report import LABELS, fmt

    if comparison is None:
        return "<p>No earlier run to compare with.</p>"
    when = html.escape(comparison.previous_at)
    if not comparison.common:
        return f"<p>The previous run ({when}) asked other questions: nothing to compare.</p>"
    rows = []
    for key, before, now in comparison.metrics:
        direction = change_direction(key, before, now)
        mark = {1: '<span class="up">▲ better</span>', -1: '<span class="down">▼ worse</span>', 0: ""}[direction]
        rows.append(f"<tr><td>{html.escape(LABELS.get(key, key))}</td><td>{fmt(key, before)}</td>"
                    f"<td>{fmt(key, now)}</td><td>{mark}</td></tr>")
    parts = [f"<p><b>Since the previous run</b> ({when}), over the {comparison.common} questions both asked:</p>",
             "<table><thead><tr><th>metric</th><th>before</th><th>now</th><th></th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>"]
    for label, cls, items in (("now right", "better", comparison.better), ("now wrong", "worse", comparison.worse)):
        if items:
            lines = "".join(f"<li><b>{html.escape(i['id'])}</b>: {html.escape(i['question'])}</li>" for i in items)
            parts.append(f'<p class="{cls}"><b>{len(items)} {label}</b></p><ul class="{cls}">{lines}</ul>')
    if not comparison.better and not comparison.worse:
        parts.append("<p>Every question is scored as before.</p>")
    extra = [f"{n} new" for n in [comparison.only_now] if n] + [f"{n} no longer asked" for n in [comparison.only_before] if n]
    if extra:
        parts.append(f"<p>Questions {', '.join(extra)}.</p>")
    return f'<div class="comparison">{"".join(parts)}</div>'


class EvaluationPage:
    """Laid out where it is made (inside its tab); `wire` registers its events."""

    def __init__(self, ctx: PageContext):
        self.ctx = ctx
        with gr.Row() as self.eval_box:
            self.run_project = gr.Button("Run the project's suite", variant="primary")
            self.suite_file = gr.File(label="…or upload a suite (.jsonl)", file_types=[".jsonl"], elem_id="suite-file",
                                      height=120)
            self.run_uploaded = gr.Button("Run the uploaded suite")
        self.eval_progress = gr.HTML(elem_id="eval-progress")
        self.eval_status = gr.Markdown(elem_id="eval-status")
        with gr.Row():
            self.eval_summary = gr.HTML(elem_id="eval-summary")
            with gr.Column():
                with gr.Row(elem_id="report-files"):
                    self.downloads = [gr.DownloadButton(f"Download {name}", size="sm", visible=False, variant="secondary")
                                      for name in REPORT_FILES]
                self.eval_comparison = gr.HTML(elem_id="eval-comparison")
        self.eval_charts = gr.HTML()
        self.eval_failures = gr.Dataframe(headers=FAIL_HEADERS, interactive=False, wrap=True, label="Failures",
                                          column_widths=["9%", "27%", "18%", "30%", "11%", "5%"],
                                          elem_id="eval-failures")
        self.report_outputs = [self.eval_summary, self.eval_charts, self.eval_failures, self.eval_comparison,
                               *self.downloads]

    def latest(self) -> tuple:
        """New values of `report_outputs`: the latest report in the app's reports folder, compared with the one
        before it, and its files."""
        from assistant.evaluation.report import recent_reports

        reports = recent_reports(self.ctx.app.reports_dir, 2)
        current = reports[0] if reports else None
        summary, charts, failures = render_report(current[1] if current else None)
        comparison = compare_reports(reports[1][1], reports[0][1]) if len(reports) == 2 else None
        files = [current[0].parent / name if current else None for name in REPORT_FILES]
        downloads = [gr.DownloadButton(value=str(f), visible=True) if f and f.is_file() else gr.DownloadButton(visible=False)
                     for f in files]
        return summary, charts, failures, render_comparison(comparison) if current else "", *downloads

    def wire(self) -> None:
        ctx, assistant, latest = self.ctx, self.ctx.app.assistant, self.latest
        buttons = [self.run_project, self.run_uploaded]
        keep = [gr.skip()] * len(self.report_outputs)

        def evaluate(suite_file, request: gr.Request):
            ctx.require_admin(request)
            try:
                yield from evaluate_suite(suite_file)
            finally:
                if suite_file:
                    discard_upload(suite_file, ctx.upload_cache)

        def evaluate_suite(suite_file):
            """Run the suite in a worker thread and redraw its progress bar until it ends; the buttons are off
            meanwhile."""
            # The buttons are off while the suite runs; the uploaded suite is cleared when done (its file is gone).
            off, on = [gr.update(interactive=False)] * 2 + [gr.skip()], [gr.update(interactive=True)] * 2 + [None]
            try:
                suite = received_upload(suite_file, ctx.upload_cache) if suite_file else project_suite()
            except AssistantError as exc:
                yield f"**Evaluation failed:** {exc}", *keep, "", *on
                return
            counts, started = {"done": 0, "total": 0}, time.monotonic()
            pool = ThreadPoolExecutor(1, thread_name_prefix="evaluation")
            job = pool.submit(run_evaluation, assistant, suite, ctx.app.reports_dir,
                              on_item=lambda done, total: counts.update(done=done, total=total))
            pool.shutdown(wait=False)  # the thread ends with the run, even if the page goes away
            while True:
                yield "", *keep, eval_progress(counts["done"], counts["total"], time.monotonic() - started), *off
                try:
                    path, warnings = job.result(timeout=POLL_S)
                    break
                except FutureTimeout:
                    continue
                except AssistantError as exc:
                    yield f"**Evaluation failed:** {exc}", *latest(), "", *on
                    return
            elapsed = time.monotonic() - started
            lines = [f"Report written to `{path.parent}`."]
            lines += [f"- warning: {w}" for w in warnings]
            yield ("\n".join(lines), *latest(), eval_progress(counts["done"], counts["total"], elapsed, running=False),
                   *on)

        def evaluate_project(request: gr.Request):
            yield from evaluate(None, request)

        # The API's outputs (`evaluate`, `evaluate_project`) start with the status and the report, as before.
        eval_outputs = [self.eval_status, *self.report_outputs, self.eval_progress, *buttons, self.suite_file]
        self.run_project.click(evaluate_project, outputs=eval_outputs, api_name="evaluate_project",
                               concurrency_id="evaluate", show_progress="hidden")
        self.run_uploaded.click(evaluate, inputs=self.suite_file, outputs=eval_outputs, api_name="evaluate",
                                concurrency_id="evaluate", show_progress="hidden")
