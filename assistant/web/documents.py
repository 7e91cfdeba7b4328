"""The Documents page: the indexed documents and the corpus files beside them; for administrators, uploads,
deletions and rebuilds with a progress bar."""

from __future__ import annotations

import contextlib
from pathlib import Path

import gradio as gr

from assistant.documents import SUPPORTED_SUFFIXES
from assistant.errors import AssistantError, IndexBusyError
from assistant.web.context import PageContext
from assistant.web.progress import rebuild_progress
from assistant.web.uploads import discard_upload, received_upload
from assistant.web.viewer import DocumentViewer

DOC_HEADERS = ["title", "document", "type", "chunks", "indexed at", "status"]
POLL_S = 0.25  # how often a running rebuild's progress bar is redrawn


def _when(iso: str) -> str:
    return iso.replace("T", " ").replace("+00:00", " UTC") if iso else ""


def document_rows(assistant, corpus) -> list[list]:
    """The Documents table: indexed documents, plus corpus files the next rebuild will add or drop."""
    files = set(corpus.files())
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


class DocumentsPage:
    """Laid out where it is made (inside its tab); `docs_filter` is the chat's document filter, whose choices
    follow the indexed documents."""

    def __init__(self, ctx: PageContext, docs_filter: gr.Dropdown):
        self.ctx, self.docs_filter = ctx, docs_filter
        self.docs_table = gr.Dataframe(headers=DOC_HEADERS, interactive=False, wrap=True, elem_id="documents",
                                       label="Documents (click one to read it)",
                                       column_widths=["32%", "24%", "7%", "7%", "15%", "15%"])
        self.reader_note = gr.Markdown("Ask an administrator to add, delete or re-index documents.", visible=False)
        with gr.Column() as self.admin_box:
            with gr.Row():
                self.files = gr.File(label=f"Add documents ({', '.join(sorted(SUPPORTED_SUFFIXES))})",
                                     file_count="multiple", file_types=sorted(SUPPORTED_SUFFIXES), elem_id="upload")
                with gr.Column():
                    self.to_delete = gr.Dropdown(label="Document to delete", choices=[], allow_custom_value=True)
                    self.delete_button = gr.Button("Delete", variant="stop")
            self.file_status = gr.Markdown()
            with gr.Row():
                self.rebuild_button = gr.Button("Rebuild index", variant="primary", elem_id="rebuild")
                self.full = gr.Checkbox(label="Re-embed every document (full rebuild)", value=False)
            self.rebuild_progress = gr.HTML(elem_id="rebuild-progress")
            self.rebuild_summary = gr.Markdown(elem_id="rebuild-summary")
        self.table_outputs = [self.docs_table, self.docs_filter, self.to_delete]

    def tables(self) -> tuple:
        """New values of `table_outputs`: the documents table, the chat's filter choices, the delete choices."""
        assistant, corpus = self.ctx.app.assistant, self.ctx.app.corpus
        choices = [(d["title"], d["doc_id"]) for d in assistant.documents()]
        return (document_rows(assistant, corpus), gr.update(choices=choices),
                gr.update(choices=corpus.files(), value=None))

    def wire(self, viewer: DocumentViewer) -> None:
        ctx, corpus, rebuilds, tables = self.ctx, self.ctx.app.corpus, self.ctx.app.rebuilds, self.tables

        def open_row(event: gr.SelectData):
            """A click on a row of the table shows its document in the viewer."""
            row = event.row_value or []
            return viewer.open(row[1]) if len(row) > 1 and row[1] else (gr.skip(), gr.skip())

        def upload(files, request: gr.Request):
            try:
                return add_uploads(files, request)
            finally:  # added or refused, the received copies leave the upload cache
                for path in files or []:
                    discard_upload(path, ctx.upload_cache)

        def add_uploads(files, request: gr.Request):
            ctx.require_admin(request)
            added, problems = [], []
            for path in files or []:
                try:
                    added.append(corpus.add_file(received_upload(path, ctx.upload_cache), name=Path(path).name))
                except AssistantError as exc:
                    problems.append(str(exc))
            lines = [f"Added **{d}**." for d in added] + [f"Not added: {p}" for p in problems]
            if added:
                lines.append("Press **Rebuild index** to answer from the new documents.")
            return None, "\n\n".join(lines) or "No file chosen.", *tables()

        def delete(doc_id, request: gr.Request):
            ctx.require_admin(request)
            if not doc_id:
                return "Nothing deleted.", *tables()
            try:
                removed = corpus.delete(doc_id)
                message = f"Deleted {', '.join(removed)}. Press **Rebuild index** to drop it from the answers."
            except AssistantError as exc:
                message = f"Not deleted: {exc}"
            return message, *tables()

        keep = [gr.skip()] * len(self.table_outputs)

        def rebuild(full, request: gr.Request):
            """Start a rebuild (or follow the one running) and redraw its progress bar until it ends; the button is
            off meanwhile. The API's outputs start with the summary and the tables, as before."""
            ctx.require_admin(request)
            with contextlib.suppress(IndexBusyError):  # one is running (started elsewhere): follow it
                rebuilds.start_rebuild(full=bool(full))
            while (status := rebuilds.rebuild_status()).running:
                yield "", *keep, rebuild_progress(status), gr.update(interactive=False)
                rebuilds.wait_rebuild(timeout=POLL_S)
            yield render_rebuild(status), *tables(), rebuild_progress(status), gr.update(interactive=True)

        outputs = self.table_outputs
        self.docs_table.select(open_row, outputs=viewer.outputs, api_visibility="private", queue=False,
                               show_progress="hidden")
        self.files.upload(upload, inputs=self.files, outputs=[self.files, self.file_status, *outputs],
                          api_name="upload")
        self.delete_button.click(delete, inputs=self.to_delete, outputs=[self.file_status, *outputs],
                                 api_name="delete",
                                 js="(d) => (d && confirm(`Delete ${d} from the corpus?`)) ? d : null")
        self.rebuild_button.click(rebuild, inputs=self.full, api_name="rebuild", concurrency_id="rebuild",
                                  outputs=[self.rebuild_summary, *outputs, self.rebuild_progress, self.rebuild_button],
                                  show_progress="hidden")
