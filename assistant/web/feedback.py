"""Feedback on the Evaluation page, for administrators: the thumbs given on answers, and "Add to suite", which turns
one an administrator has checked into an evaluation item of the feedback suite (a fixed file of the project's
evaluation folder, `App.feedback_suite`), so real questions become regression tests."""

from __future__ import annotations

import time

import gradio as gr

from assistant.chat_store import feedback_item, suggested_item
from assistant.errors import AssistantError
from assistant.evaluation.suite import append_item
from assistant.web.context import PageContext

HEADERS = ["id", "rating", "question", "answer", "right answer", "user", "when", "in suite"]
SHOWN = 200  # newest feedback listed


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


class FeedbackReview:
    """Laid out where it is made (the Evaluation tab); hidden, and given no feedback, unless the user is an admin."""

    def __init__(self, ctx: PageContext):
        self.ctx = ctx
        suite = ctx.app.feedback_suite
        with gr.Accordion("Feedback from the chat", open=False, visible=False, elem_id="feedback-review") as self.box:
            gr.Markdown(f"Thumbs given on answers, newest first. Pick one, check what the right answer is, and add it "
                        f"to the suite `{suite.name}` of the evaluation folder, so the question is asked on every "
                        f"run (`assistant eval --dataset {suite}`).")
            self.table = gr.Dataframe(headers=HEADERS, interactive=False, wrap=True, elem_id="feedback-table",
                                      column_widths=["5%", "6%", "22%", "30%", "14%", "8%", "9%", "6%"])
            with gr.Row():
                self.pick = gr.Dropdown(label="Feedback", choices=[], elem_id="feedback-pick", scale=2,
                                        allow_custom_value=True)  # its id, also when called as the API
                self.expected = gr.Textbox(label="Expected answer", max_lines=2, max_length=2000, scale=2,
                                           elem_id="feedback-expected")
                self.sources = gr.Textbox(label="Sources (doc ids, comma-separated)", max_lines=1, scale=2,
                                          elem_id="feedback-sources")
                self.answerable = gr.Checkbox(label="Answerable", value=True, scale=1, elem_id="feedback-answerable",
                                              info="Untick when the right response is \"Not found\".")
            with gr.Row():
                self.add = gr.Button("Add to suite", variant="primary", scale=0, elem_id="add-to-suite")
                self.refresh = gr.Button("Refresh", scale=0, size="sm")
            self.status = gr.Markdown(elem_id="feedback-status")
        self.outputs = [self.box, self.table, self.pick]

    def listing(self, request: gr.Request | None) -> tuple:
        """New values of `outputs`: for an admin the feedback table and choices; for anyone else, nothing."""
        if not self.ctx.is_admin(request):
            return gr.update(visible=False), [], gr.update(choices=[], value=None)
        rows, choices = [], []
        for f in self.ctx.app.chats.feedback(limit=SHOWN):
            thumb = "👍 up" if f.rating == "up" else "👎 down"
            rows.append([f.id, thumb, _short(f.question), _short(f.answer), _short(f.correct_answer), f.user,
                         time.strftime("%Y-%m-%d %H:%M", time.localtime(f.created)), f.suite_item or ""])
            choices.append((f"#{f.id} {thumb}: {_short(f.question, 80)}", f.id))
        return gr.update(visible=True), rows, gr.update(choices=choices, value=None)

    def wire(self) -> None:
        ctx, chats, listing = self.ctx, self.ctx.app.chats, self.listing

        def picked(feedback_id) -> list:
            try:
                return chats.feedback(int(feedback_id))
            except (TypeError, ValueError):
                return []

        def prefill(feedback_id, request: gr.Request):
            found = picked(feedback_id) if ctx.is_admin(request) else []
            if not found:
                return "", "", True
            suggested = suggested_item(found[0])
            return suggested["expected"], ", ".join(suggested["sources"]), suggested["answerable"]

        def add_to_suite(feedback_id, expected, answerable, sources, request: gr.Request):
            """Append the feedback, as checked, to the feedback suite (administrators only)."""
            if not ctx.is_admin(request):
                raise gr.Error("Only administrators may add feedback to the evaluation suite.")
            found = picked(feedback_id)
            if not found:
                return "Pick a feedback first.", *listing(request)
            feedback, path = found[0], ctx.app.feedback_suite
            try:
                item = feedback_item(feedback, expected or "", bool(answerable), (sources or "").split(","))
                path.parent.mkdir(parents=True, exist_ok=True)
                append_item(path, item)
            except (ValueError, AssistantError, OSError) as exc:
                return f"**Not added:** {exc}", *listing(request)
            chats.mark_added(feedback.id, item["id"])
            return f"Added **{item['id']}** to `{path.name}`.", *listing(request)

        self.pick.input(prefill, inputs=self.pick, outputs=[self.expected, self.sources, self.answerable],
                        queue=False, api_name="feedback_prefill", api_visibility="private")
        self.add.click(add_to_suite, inputs=[self.pick, self.expected, self.answerable, self.sources],
                       outputs=[self.status, *self.outputs], api_name="add_to_suite", concurrency_id="evaluate")
        self.refresh.click(listing, outputs=self.outputs, queue=False, api_name="feedback_refresh",
                           api_visibility="private")
        ctx.blocks.load(listing, outputs=self.outputs, api_name="feedback_listing", api_visibility="private")
