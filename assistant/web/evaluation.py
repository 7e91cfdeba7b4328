"""The Evaluation page: the latest report (summary, charts, failures); for administrators, running the project's
suite or an uploaded one."""

from __future__ import annotations

import html

import gradio as gr

from assistant.errors import AssistantError
from assistant.evaluation.runs import run_evaluation
from assistant.evaluation.suite import project_suite
from assistant.web.context import PageContext
from assistant.web.uploads import discard_upload, received_upload

FAIL_HEADERS = ["id", "question", "answer", "abstained", "gold rank"]


def render_report(report: dict | None) -> tuple[str, str, list[list]]:
    """(summary table HTML, charts SVG HTML, failures rows) of a report.json object."""
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
    failures = [[i["id"], i["question"], i["answer"], i["abstained"], i["gold_rank"]]
                for i in report["items"] if not i["correct"]]
    return summary, f'<div class="charts">{charts}</div>', failures


class EvaluationPage:
    """Laid out where it is made (inside its tab); `wire` registers its events."""

    def __init__(self, ctx: PageContext):
        self.ctx = ctx
        with gr.Row() as self.eval_box:
            self.run_project = gr.Button("Run the project's suite", variant="primary")
            self.suite_file = gr.File(label="…or upload a suite (.jsonl)", file_types=[".jsonl"], elem_id="suite-file",
                                      height=120)
            self.run_uploaded = gr.Button("Run the uploaded suite")
        self.eval_status = gr.Markdown()
        with gr.Row():
            self.eval_summary = gr.HTML()
            self.eval_charts = gr.HTML()
        self.eval_failures = gr.Dataframe(headers=FAIL_HEADERS, interactive=False, wrap=True, label="Failures",
                                          column_widths=["10%", "35%", "41%", "8%", "6%"])
        self.report_outputs = [self.eval_summary, self.eval_charts, self.eval_failures]

    def latest(self) -> tuple[str, str, list[list]]:
        """New values of `report_outputs`: the latest report in the app's reports folder."""
        from assistant.evaluation import load_latest_report

        return render_report(load_latest_report(self.ctx.app.reports_dir))

    def wire(self) -> None:
        ctx, assistant, latest = self.ctx, self.ctx.app.assistant, self.latest

        def evaluate(suite_file, request: gr.Request, progress=gr.Progress(track_tqdm=True)):
            try:
                return evaluate_suite(suite_file, request)
            finally:
                if suite_file:
                    discard_upload(suite_file, ctx.upload_cache)

        def evaluate_suite(suite_file, request: gr.Request):
            ctx.require_admin(request)
            try:
                suite = received_upload(suite_file, ctx.upload_cache) if suite_file else project_suite()
                path, warnings = run_evaluation(assistant, suite, ctx.app.reports_dir, progress=True)
            except AssistantError as exc:
                return f"**Evaluation failed:** {exc}", *latest()
            lines = [f"Report written to `{path.parent}` (report.html, report.md, report.json)."]
            lines += [f"- warning: {w}" for w in warnings]
            return "\n".join(lines), *latest()

        def evaluate_project(request: gr.Request, progress=gr.Progress(track_tqdm=True)):
            return evaluate(None, request, progress)

        eval_outputs = [self.eval_status, *self.report_outputs]
        self.run_project.click(evaluate_project, outputs=eval_outputs, api_name="evaluate_project",
                               concurrency_id="evaluate", show_progress_on=self.eval_status)
        self.run_uploaded.click(evaluate, inputs=self.suite_file, outputs=eval_outputs, api_name="evaluate",
                                concurrency_id="evaluate", show_progress_on=self.eval_status)
