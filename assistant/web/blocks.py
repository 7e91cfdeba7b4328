"""The Gradio blocks: a header (who is signed in) and the Chat, Documents and Evaluation pages, built once."""

from __future__ import annotations

import html

import gradio as gr

from assistant.web.chat import ChatPage, register_ask_api
from assistant.web.context import PageContext
from assistant.web.documents import DocumentsPage
from assistant.web.evaluation import EvaluationPage
from assistant.web.feedback import FeedbackReview
from assistant.web.viewer import DocumentViewer


def build_ui(app) -> gr.Blocks:
    """The Gradio blocks of an `App`. With `app.users`, only the `admin` role may change documents or run the
    evaluation; without, everyone on the (local) server may."""
    with gr.Blocks(title="Negotiation documents assistant", analytics_enabled=False) as demo:
        ctx = PageContext(app, demo)
        with gr.Row(elem_id="header"):
            gr.Markdown("## Negotiation documents assistant", elem_id="app-title")
            who = gr.Markdown(elem_id="signed-in")
            logout = gr.Button("Log out", link="/logout", size="sm", scale=0, visible=False)
        viewer = DocumentViewer(ctx)  # a panel on the right; citations and the Documents table open it
        with gr.Tabs():
            with gr.Tab("Chat"):
                chat = ChatPage(ctx)
            with gr.Tab("Documents"):
                documents = DocumentsPage(ctx, chat.docs_filter, chat.filter_choices)
            with gr.Tab("Evaluation"):
                evaluation = EvaluationPage(ctx)
                feedback = FeedbackReview(ctx)

        viewer.wire()
        chat.wire()
        documents.wire(viewer)
        evaluation.wire()
        feedback.wire()

        def on_load(request: gr.Request):
            users, name = app.users, getattr(request, "username", None)
            allowed = ctx.is_admin(request)
            signed_in = "" if users is None else f"Signed in as **{html.escape(name or '?')}** ({users.role(name)})."
            return (signed_in, gr.update(visible=users is not None), gr.update(visible=allowed),
                    gr.update(visible=not allowed), gr.update(visible=allowed), *documents.tables(),
                    *evaluation.latest())

        demo.load(on_load, outputs=[who, logout, documents.admin_box, documents.reader_note, evaluation.eval_box,
                                    *documents.table_outputs, *evaluation.report_outputs], api_visibility="private")
        register_ask_api(ctx)
    return demo
