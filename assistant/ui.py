"""The web chat: Gradio blocks for staff (Chat, Documents, Evaluation) and a JSON API, on one server.

The UI receives the built `App` (composition.py) and uses its services only — the `Assistant` (answers), the
`CorpusAdmin` (files, rebuilds), the optional `Users` and the reports folder — never Chroma or the model itself.
`create_app` mounts the blocks at `/` on a FastAPI app that also answers `POST /api/ask` and `GET /api/health`
(docs/contract.md, "The web app's API"); the Gradio API has the endpoint `ask` for `gradio_client`. `serve` runs it with uvicorn.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: nothing leaves the machine

import gradio as gr  # noqa: E402
from fastapi import Request  # noqa: E402  (module level: FastAPI resolves the endpoint's annotations here)

from assistant.admin import (CorpusAdmin, discard_upload, received_upload, run_evaluation,  # noqa: E402
                             sweeping_uploads)
from assistant.documents import SUPPORTED_SUFFIXES  # noqa: E402
from assistant.errors import (AssistantError, ConfigError, IndexBusyError, IndexMissingError,  # noqa: E402
                              QuestionError, StoreError)
from assistant.evaluation.suite import project_suite  # noqa: E402
from assistant.login import CLIENT_ADDRESS, LockedOut, LoginGuard, Sessions, basic_credentials  # noqa: E402
from assistant.models import Answer, Citation  # noqa: E402

log = logging.getLogger(__name__)

EXAMPLES = ["What is Japan's reciprocal rate?", "When do the Japan-U.S. talks open?", "When will he meet Bessent?"]
ANSWER_CONCURRENCY = 8  # answers computed at once (chat, Gradio API); more requests wait in the queue
DOC_HEADERS = ["title", "document", "type", "chunks", "indexed at", "status"]
FAIL_HEADERS = ["id", "question", "answer", "abstained", "gold rank"]
CSS = """
.answer.abstained {border-left: 4px solid #d97706; padding-left: .6em;}
.answer .notfound {color: #b45309; font-weight: 600;}
.answer.error {border-left: 4px solid #dc2626; padding-left: .6em;}
.partial {opacity: .8; border-left: 4px solid #9ca3af; padding-left: .6em;}
.sources {margin-top: .5em; font-size: .92em;}
.sources .heading {font-weight: 600; margin-bottom: .2em;}
.citation {border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .35em .6em; margin: .35em 0;}
.citation .where {color: var(--body-text-color-subdued); font-size: .9em;}
.citation .passage {margin-top: .25em;}
.citation mark {background: #fde68a; color: #111; padding: 0 .1em;}
.charts {display: flex; flex-wrap: wrap; gap: 1.5em;}
"""


# -- rendering (plain functions: testable without a browser) ---------------------------------------
def _text(text: str) -> str:
    """Escaped text with paragraph breaks as <br>: the chat renders messages as Markdown, where a raw blank
    line would end the HTML block and turn the rest into Markdown."""
    return re.sub(r"\s*\n\s*", lambda m: "<br>" if m.group().count("\n") > 1 else " ", html.escape(text))


def highlight(passage: str, quote: str) -> str:
    """The passage as HTML with the quoted sentence in <mark>; the quote alone when it cannot be located."""
    at = passage.find(quote) if quote else -1
    if at < 0:
        return f"<mark>{_text(quote)}</mark>" if quote else _text(passage)
    return _text(passage[:at]) + f"<mark>{_text(quote)}</mark>" + _text(passage[at + len(quote):])


def _inline(text: str) -> str:
    """Answer text to HTML: escaped, `**bold**` kept, line breaks kept (no blank lines: one HTML block)."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", _text(text))


def render_citation(c: Citation) -> str:
    where = f"page {c.page}" if c.page else f"characters {c.start:,}–{c.end:,}"
    dated = f" · {html.escape(c.date)}" if c.date else ""
    return (f'<div class="citation"><div class="where"><b>[{c.n}] {html.escape(c.title)}</b>{dated} · '
            f'{html.escape(c.doc_id)} · {where} · score {c.score:.3f}</div>'
            f'<div class="passage">{highlight(c.text, c.quote)}</div></div>')


def render_answer(answer: Answer) -> str:
    """One chat message: the answer with its markers, then the cited (or, on abstention, related) passages."""
    body = _inline(answer.answer)
    if answer.abstained:
        body = '<span class="notfound">Not found in the documents.</span> ' + _inline(
            re.sub(r"^Not found in the documents:?\s*", "", answer.answer))
    notes = "".join(f'<div class="where">note: {html.escape(n)}</div>' for n in answer.notes)
    cards = "".join(render_citation(c) for c in answer.citations)
    heading = "Related passages" if answer.abstained else "Sources"
    sources = f'<div class="sources"><div class="heading">{heading}</div>{cards}</div>' if cards else ""
    kind = "answer abstained" if answer.abstained else "answer"
    return f'<div class="{kind}"><div>{body}</div>{notes}{sources}</div>'


def render_partial(text: str) -> str:
    """An LLM reply still being written: plain text, marked as unchecked until its citations are checked."""
    note = '<span class="where">writing… citations are checked when done</span>'
    return f'<div class="partial">{_inline(text)} {note}</div>'


def render_error(message: str) -> str:
    return f'<div class="answer error">⚠ {html.escape(message)}</div>'


def _when(iso: str) -> str:
    return iso.replace("T", " ").replace("+00:00", " UTC") if iso else ""


def document_rows(assistant, admin: CorpusAdmin) -> list[list]:
    """The Documents table: indexed documents, plus corpus files the next rebuild will add or drop."""
    files = set(admin.files())
    rows = []
    for d in assistant.documents():
        status = "indexed" if d["doc_id"] in files else "deleted: rebuild to remove"
        rows.append([d["title"], d["doc_id"], d["kind"], d["chunks"], _when(d["indexed_at"]), status])
    indexed = {r[1] for r in rows}
    for doc_id in sorted(files - indexed):
        rows.append(["", doc_id, Path(doc_id).suffix.lstrip(".").lower(), None, "", "not indexed: rebuild to add"])
    return rows


def render_rebuild(status) -> str:
    if status.state == "failed":
        return f"**Rebuild failed:** {status.error}"
    if status.state != "done":
        return ""
    report = status.report
    lines = ["**Rebuild finished** — " + status.summary[0]]
    for label, names in (("Added", report.added), ("Updated", report.updated), ("Removed", report.removed)):
        if names:
            lines.append(f"- {label}: " + ", ".join(names))
    lines += [f"- {line}" for line in status.summary[1:]]
    return "\n".join(lines)


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


# -- the blocks -------------------------------------------------------------------------------------
def build_ui(app) -> gr.Blocks:
    """The Gradio blocks of an `App`, built once. With `app.users`, only the `admin` role may change documents or
    run the evaluation; without, everyone on the (local) server may."""
    from assistant.evaluation import load_latest_report

    assistant, admin, users, reports = app.assistant, app.admin, app.users, app.reports_dir

    def is_admin(request: gr.Request | None) -> bool:
        return users is None or users.is_admin(getattr(request, "username", None))

    def require_admin(request: gr.Request | None) -> None:
        if not is_admin(request):
            raise gr.Error("Only administrators may change the documents or run the evaluation.")

    def doc_choices() -> list[tuple[str, str]]:
        return [(d["title"], d["doc_id"]) for d in assistant.documents()]

    def tables():
        return (document_rows(assistant, admin), gr.update(choices=doc_choices()),
                gr.update(choices=admin.files(), value=None))

    # -- handlers --
    def chat_turn(question, messages, questions, documents, since, until):
        """Answer one chat turn; an LLM's reply is shown as it is written, then replaced by the checked answer."""
        question = (question or "").strip()
        if not question:
            yield gr.skip(), messages, messages, questions
            return
        asked = [*messages, {"role": "user", "content": html.escape(question)}]
        written = ""
        limits = dict(documents=list(documents or []) or None, since=(since or "").strip() or None,
                      until=(until or "").strip() or None)
        try:
            for event in assistant.ask_stream(question, history=list(questions), **limits):
                if isinstance(event, Answer):
                    reply, questions = render_answer(event), [*questions, question]
                else:
                    written += event
                    yield "", [*asked, {"role": "assistant", "content": render_partial(written)}], messages, questions
        except AssistantError as exc:
            reply = render_error(str(exc))
        messages = [*asked, {"role": "assistant", "content": reply}]
        yield "", messages, messages, questions

    def upload(files, request: gr.Request):
        try:
            return add_uploads(files, request)
        finally:  # added or refused, the received copies leave the upload cache
            for path in files or []:
                discard_upload(path, demo.GRADIO_CACHE)

    def add_uploads(files, request: gr.Request):
        require_admin(request)
        added, problems = [], []
        for path in files or []:
            try:
                added.append(admin.add_file(received_upload(path, demo.GRADIO_CACHE), name=Path(path).name))
            except AssistantError as exc:
                problems.append(str(exc))
        lines = [f"Added **{d}**." for d in added] + [f"Not added: {p}" for p in problems]
        if added:
            lines.append("Press **Rebuild index** to answer from the new documents.")
        return None, "\n\n".join(lines) or "No file chosen.", *tables()

    def delete(doc_id, request: gr.Request):
        require_admin(request)
        if not doc_id:
            return "Nothing deleted.", *tables()
        try:
            removed = admin.delete(doc_id)
            message = f"Deleted {', '.join(removed)}. Press **Rebuild index** to drop it from the answers."
        except AssistantError as exc:
            message = f"Not deleted: {exc}"
        return message, *tables()

    def rebuild(full, request: gr.Request, progress=gr.Progress()):
        require_admin(request)
        with contextlib.suppress(IndexBusyError):  # one is running (started elsewhere): follow it
            admin.start_rebuild(full=bool(full))
        while True:
            status = admin.wait_rebuild(timeout=0.25)
            if status.total:
                progress((status.done, status.total), desc="indexing", unit="documents")
            else:
                progress(None, desc="scanning the corpus")
            if not status.running:
                break
        return render_rebuild(status), *tables()

    def evaluate(suite_file, request: gr.Request, progress=gr.Progress(track_tqdm=True)):
        try:
            return evaluate_suite(suite_file, request)
        finally:
            if suite_file:
                discard_upload(suite_file, demo.GRADIO_CACHE)

    def evaluate_suite(suite_file, request: gr.Request):
        require_admin(request)
        try:
            suite = received_upload(suite_file, demo.GRADIO_CACHE) if suite_file else project_suite()
            path, warnings = run_evaluation(assistant, suite, reports, progress=True)
        except AssistantError as exc:
            return f"**Evaluation failed:** {exc}", *render_report(load_latest_report(reports))
        lines = [f"Report written to `{path.parent}` (report.html, report.md, report.json)."]
        lines += [f"- warning: {w}" for w in warnings]
        return "\n".join(lines), *render_report(load_latest_report(reports))

    def evaluate_project(request: gr.Request, progress=gr.Progress(track_tqdm=True)):
        return evaluate(None, request, progress)

    def on_load(request: gr.Request):
        name = getattr(request, "username", None)
        allowed = is_admin(request)
        who = "" if users is None else f"Signed in as **{html.escape(name or '?')}** ({users.role(name)})."
        return (who, gr.update(visible=users is not None), gr.update(visible=allowed),
                gr.update(visible=not allowed), gr.update(visible=allowed), *tables(),
                *render_report(load_latest_report(reports)))

    def ask_api(question: str) -> dict:
        """Answer one question from the indexed documents; returns the `assistant ask --json` object."""
        try:
            return assistant.ask(question).to_dict()
        except AssistantError as exc:
            raise gr.Error(str(exc)) from None

    # -- layout --
    with gr.Blocks(title="Negotiation documents assistant", analytics_enabled=False) as demo:
        with gr.Row():
            gr.Markdown("## Negotiation documents assistant")
            who = gr.Markdown()
            logout = gr.Button("Log out", link="/logout", size="sm", scale=0, visible=False)
        with gr.Tabs():
            with gr.Tab("Chat"):
                messages, questions = gr.State([]), gr.State([])
                with gr.Row():
                    with gr.Column(scale=4):
                        chatbot = gr.Chatbot(label="Conversation", height=560, buttons=["copy"],
                                             placeholder="Ask about the negotiation documents; answers cite their passages.")
                        with gr.Row():
                            box = gr.Textbox(placeholder="Ask a question…", show_label=False, scale=5,
                                             elem_id="question", autofocus=True, max_lines=4)
                            send = gr.Button("Send", variant="primary", scale=1)
                    with gr.Column(scale=2):
                        new_chat = gr.Button("New chat")
                        docs_filter = gr.Dropdown(label="Answer only from these documents", multiselect=True,
                                                  choices=[], info="Leave empty to search every document.")
                        with gr.Accordion("Only documents dated…", open=False):
                            since_box = gr.Textbox(label="From (YYYY-MM-DD)", placeholder="2025-04-01", max_lines=1,
                                                   elem_id="since")
                            until_box = gr.Textbox(label="To (YYYY-MM-DD)", placeholder="2025-04-30", max_lines=1,
                                                   elem_id="until")
                        gr.Markdown("**Try:**")
                        example_buttons = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]
            with gr.Tab("Documents"):
                docs_table = gr.Dataframe(headers=DOC_HEADERS, interactive=False, wrap=True, label="Documents",
                                          column_widths=["32%", "24%", "7%", "7%", "15%", "15%"])
                reader_note = gr.Markdown("Ask an administrator to add, delete or re-index documents.",
                                          visible=False)
                with gr.Column() as admin_box:
                    with gr.Row():
                        files = gr.File(label=f"Add documents ({', '.join(sorted(SUPPORTED_SUFFIXES))})",
                                        file_count="multiple", file_types=sorted(SUPPORTED_SUFFIXES), elem_id="upload")
                        with gr.Column():
                            to_delete = gr.Dropdown(label="Document to delete", choices=[], allow_custom_value=True)
                            delete_button = gr.Button("Delete", variant="stop")
                    file_status = gr.Markdown()
                    with gr.Row():
                        rebuild_button = gr.Button("Rebuild index", variant="primary")
                        full = gr.Checkbox(label="Re-embed every document (full rebuild)", value=False)
                    rebuild_summary = gr.Markdown(elem_id="rebuild-summary")
            with gr.Tab("Evaluation"):
                with gr.Row() as eval_box:
                    run_project = gr.Button("Run the project's suite", variant="primary")
                    suite_file = gr.File(label="…or upload a suite (.jsonl)", file_types=[".jsonl"], elem_id="suite-file",
                                         height=120)
                    run_uploaded = gr.Button("Run the uploaded suite")
                eval_status = gr.Markdown()
                with gr.Row():
                    eval_summary = gr.HTML()
                    eval_charts = gr.HTML()
                eval_failures = gr.Dataframe(headers=FAIL_HEADERS, interactive=False, wrap=True, label="Failures",
                                             column_widths=["10%", "35%", "41%", "8%", "6%"])

        # -- events --
        chat_io = dict(inputs=[box, messages, questions, docs_filter, since_box, until_box],
                       outputs=[box, chatbot, messages, questions],
                       concurrency_limit=ANSWER_CONCURRENCY, concurrency_id="answer", api_visibility="private")
        box.submit(chat_turn, **chat_io)
        send.click(chat_turn, **chat_io)
        for button, question in zip(example_buttons, EXAMPLES):
            button.click(lambda q=question: q, outputs=box, queue=False, api_visibility="private").then(chat_turn, **chat_io)
        new_chat.click(lambda: ("", [], [], []), outputs=[box, chatbot, messages, questions], queue=False,
                       api_visibility="private")
        chatbot.clear(lambda: ([], []), outputs=[messages, questions], queue=False, api_visibility="private")
        table_outputs = [docs_table, docs_filter, to_delete]
        files.upload(upload, inputs=files, outputs=[files, file_status, *table_outputs], api_name="upload")
        delete_button.click(delete, inputs=to_delete, outputs=[file_status, *table_outputs], api_name="delete",
                            js="(d) => (d && confirm(`Delete ${d} from the corpus?`)) ? d : null")
        rebuild_button.click(rebuild, inputs=full, outputs=[rebuild_summary, *table_outputs], api_name="rebuild",
                             concurrency_id="rebuild", show_progress_on=rebuild_summary)
        eval_outputs = [eval_status, eval_summary, eval_charts, eval_failures]
        run_project.click(evaluate_project, outputs=eval_outputs, api_name="evaluate_project",
                          concurrency_id="evaluate", show_progress_on=eval_status)
        run_uploaded.click(evaluate, inputs=suite_file, outputs=eval_outputs, api_name="evaluate",
                           concurrency_id="evaluate", show_progress_on=eval_status)
        demo.load(on_load, outputs=[who, logout, admin_box, reader_note, eval_box, *table_outputs,
                                    eval_summary, eval_charts, eval_failures], api_visibility="private")
        gr.api(ask_api, api_name="ask", concurrency_limit=ANSWER_CONCURRENCY, concurrency_id="answer")
    return demo


# -- the server -------------------------------------------------------------------------------------
def create_app(parts):
    """FastAPI app over a built `App` (`parts`): `/api/ask`, `/api/health`, and the Gradio blocks at `/` (login
    when the app has users; its access settings limit failed logins and the length of sessions)."""
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse
    from starlette.concurrency import run_in_threadpool

    assistant, users, access = parts.assistant, parts.users, parts.settings.access
    guard = LoginGuard(users, access) if users else None
    app = FastAPI(title="Negotiation documents assistant", docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json")

    def error(status: int, message: str, **headers) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status, headers=headers or None)

    @app.middleware("http")
    async def api_login(request: Request, call_next):
        """With login on, every /api/ route (the API docs and the OpenAPI schema included) wants the same
        credentials as the page (docs/contract.md), as HTTP Basic; a locked-out name or address gets a 429."""
        CLIENT_ADDRESS.set(request.client.host if request.client else "unknown")  # for the page's login too
        if guard is not None and request.url.path.startswith("/api/"):
            credentials = basic_credentials(request.headers.get("authorization", ""))
            try:
                good = credentials is not None and await guard.check(*credentials, CLIENT_ADDRESS.get())
            except LockedOut as exc:
                return error(429, str(exc), **{"Retry-After": str(exc.retry_after)})
            if not good:
                return error(401, "login required: send HTTP Basic credentials of a user of the users file",
                             **{"WWW-Authenticate": 'Basic realm="assistant"'})
        return await call_next(request)

    @app.post("/api/ask")
    async def api_ask(request: Request):
        """Answer `{"question": str, "history": [str], "documents": [doc_id]}` with the `ask --json` object.

        Optional "since"/"until" (YYYY-MM-DD) limit the answer to documents dated in that range."""
        try:
            body = await request.json()
        except ValueError:
            return error(400, 'the body must be JSON like {"question": "What is Japan\'s reciprocal rate?"}')
        if not isinstance(body, dict):
            return error(400, "the body must be a JSON object with a \"question\"")
        question, history, documents = body.get("question"), body.get("history") or [], body.get("documents")
        if not isinstance(question, str):
            return error(400, 'field "question" is required and must be a string')
        for name, value in (("history", history), ("documents", documents or [])):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return error(400, f'field "{name}" must be a list of strings')
        since, until = body.get("since"), body.get("until")
        if any(v is not None and not isinstance(v, str) for v in (since, until)):
            return error(400, 'fields "since" and "until" must be dates like "2025-04-16"')
        try:
            answer = await run_in_threadpool(assistant.ask, question, history, documents or None, since, until)
        except QuestionError as exc:
            return error(400, str(exc))
        except (IndexMissingError, StoreError, IndexBusyError) as exc:
            return error(503, str(exc))
        except ConfigError as exc:
            return error(500, str(exc))
        except AssistantError as exc:
            return error(400, str(exc))
        except Exception as exc:
            log.exception("api/ask failed")
            return error(500, f"internal error ({type(exc).__name__}); see the server log")
        return answer.to_dict()

    @app.get("/api/health")
    def api_health():
        """`{"status": "ok", "documents": int, "chunks": int}`; 503 with {"error"} when the index cannot be read."""
        try:
            return assistant.health()
        except AssistantError as exc:
            return error(503, str(exc))

    blocks = build_ui(parts)
    # Gradio checks that a file named in an API call was uploaded by a user (is in its upload cache) only for
    # blocks that "have launched"; mounted blocks never launch, so any server path named in a call was copied
    # into the cache and handed to us. Mark them launched, as Gradio's own reload does (`swap_blocks`).
    blocks.has_launched = True
    app.router.lifespan_context = sweeping_uploads(app.router.lifespan_context, blocks.GRADIO_CACHE)
    limit_mb = assistant.settings.index.max_file_mb
    gr.mount_gradio_app(
        app, blocks, path="/", auth=guard.page_auth() if guard else None, ssr_mode=False, css=CSS,
        auth_message="Sign in with the name and password your administrator gave you.",
        max_file_size=int(limit_mb * 1024 * 1024), mcp_server=False, run_history=False, footer_links=["api"],
    )
    if users is not None:  # Gradio's page logins (its App.tokens), made to expire and end with their user
        gradio_app = next(r.app for r in app.routes if isinstance(getattr(r, "app", None), gr.routes.App))
        gradio_app.tokens = Sessions(users, access.session_hours * 3600)
    return app


def serve(parts, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Run the web chat and API of a built `App` with uvicorn until interrupted; login on when
    ASSISTANT_USERS_FILE is set."""
    import uvicorn

    users = parts.users
    app = create_app(parts)
    login = f"login required (users in {users.path})" if users else "login off"
    print(f"web chat on http://{host}:{port}  ({login}; API: POST /api/ask, GET /api/health)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
