"""The Documents page: the indexed documents and the corpus files beside them; for administrators, uploads,
deletions and rebuilds with a progress bar."""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from assistant.corpus_files import Refused
from assistant.documents import SUPPORTED_SUFFIXES
from assistant.errors import AssistantError, DocumentError, IndexBusyError
from assistant.web import choices
from assistant.web.chat import FILTER_INFO
from assistant.web.context import PageContext
from assistant.web.progress import progress_bar, rebuild_progress
from assistant.web.uploads import discard_upload, received_upload
from assistant.web.viewer import DocumentViewer

log = logging.getLogger(__name__)

DOC_HEADERS = ["title", "document", "type", "chunks", "indexed at", "status"]
POLL_S = 0.25  # how often a running rebuild's progress bar is redrawn
PAGE_SIZE = 25  # documents a page of the list shows
NAMES_SHOWN = 3  # an upload's summary names up to this many added files, else counts them
REFUSALS_SHOWN = 10  # and names this many refused ones with why, then says how many more


def _when(iso: str) -> str:
    return iso.replace("T", " ").replace("+00:00", " UTC") if iso else ""


def document_rows(assistant, corpus, indexing: bool = False) -> list[list]:
    """The Documents table: indexed documents, plus corpus files the next rebuild will add or drop (`indexing`: the
    rebuild that does so is running or about to)."""
    files = set(corpus.files())
    rows = []
    for d in assistant.documents():
        status = "indexed" if d["doc_id"] in files else "deleted: leaving the index" if indexing else \
            "deleted: rebuild to remove"
        rows.append([d["title"], d["doc_id"], d["file_type"], d["chunks"], _when(d["indexed_at"]), status])
    indexed = {r[1] for r in rows}
    added = "being indexed" if indexing else "not indexed: rebuild to add"
    for doc_id in sorted(files - indexed):
        rows.append(["", doc_id, Path(doc_id).suffix.lstrip(".").lower(), None, "", added])
    return rows


def matching(rows: list[list], query: str) -> list[list]:
    """The rows whose title or file name (doc id) holds every word of `query`, any case."""
    words = (query or "").casefold().split()
    if not words:
        return rows
    return [row for row in rows if all(w in f"{row[0]}\n{row[1]}".casefold() for w in words)]


@dataclass(frozen=True)
class Listing:
    """One page of the documents list: its `rows`, the page shown (1-based, within range) of `pages`, and how
    many rows matched the search out of how many in all."""

    rows: list[list]
    page: int
    pages: int
    matched: int
    total: int
    query: str

    @property
    def label(self) -> str:
        found = (f"{self.matched:,} of {self.total:,} documents match “{_md(self.query.strip())}”"
                 if self.query.strip() else f"{self.total:,} document{'s' * (self.total != 1)}")
        return f"{found} · page {self.page} of {self.pages}"


def listing(rows: list[list], query: str = "", page: int = 1, size: int = PAGE_SIZE) -> Listing:
    """Page `page` of the rows matching `query` (a page past the end shows the last one)."""
    found = matching(rows, query)
    pages = max(1, -(-len(found) // size))
    page = min(max(1, int(page or 1)), pages)
    return Listing(found[(page - 1) * size: page * size], page, pages, len(found), len(rows), query or "")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def _md(text: str) -> str:
    """`text` shown as is in Markdown (a file name may hold `*`, `_`, brackets)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def short_reason(reason: str) -> str:
    """The reason without a closing detail in parentheses: "corrupt or unreadable PDF (PdfReadError: ...)" ->
    "corrupt or unreadable PDF", for a summary line; the full reason is logged."""
    reason = reason.strip()
    if reason.endswith(")"):
        depth = 0
        for i in range(len(reason) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(reason[i], 0)
            if depth == 0:
                if reason[:i].strip():
                    return reason[:i].strip()
                break
    return reason


def upload_summary(added: list[str], refused: list[tuple[str, str]]) -> str:
    """One line for a whole upload: "Added 148 documents; 2 not added: a.pdf (corrupt or unreadable PDF), ...".
    `refused` holds (file name, why) pairs."""
    if not added and not refused:
        return "No file chosen."
    parts = []
    if added:
        shown = ", ".join(f"**{_md(d)}**" for d in added) if len(added) <= NAMES_SHOWN else f"{len(added):,} documents"
        parts.append(f"Added {shown}")
    if refused:
        named = ", ".join(f"{_md(name)} ({_md(short_reason(why))})" for name, why in refused[:REFUSALS_SHOWN])
        more = f" and {len(refused) - REFUSALS_SHOWN:,} more" if len(refused) > REFUSALS_SHOWN else ""
        count = "Not added" if not added else f"{len(refused):,} not added"
        parts.append(f"{count}: {named}{more}")
    return "; ".join(parts) + "."


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
    (`chat_filter_choices()`, a few at a time: choices.py) follow the indexed documents.

    The list shows one page of PAGE_SIZE rows of the documents matching the search box. The full list lives in the
    session (`rows`, read when the page loads and after each change), so searching and paging never go back to the
    index. An upload or a deletion starts the incremental rebuild at once (queued behind one that runs) and the
    handler draws its progress bar until the index holds the change."""

    def __init__(self, ctx: PageContext, docs_filter: gr.Dropdown, chat_filter_choices):
        self.ctx, self.docs_filter, self.chat_filter_choices = ctx, docs_filter, chat_filter_choices
        with gr.Row(equal_height=True):
            self.search = gr.Textbox(placeholder="Search titles and file names", show_label=False, scale=4,
                                     elem_id="documents-search", container=False)
            self.previous_page = gr.Button("◀ Previous", size="sm", scale=0, min_width=110, interactive=False,
                                           elem_id="documents-previous")
            self.page_label = gr.Markdown(elem_id="documents-page")
            self.next_page = gr.Button("Next ▶", size="sm", scale=0, min_width=110, interactive=False,
                                       elem_id="documents-next")
        self.docs_table = gr.Dataframe(headers=DOC_HEADERS, interactive=False, wrap=True, elem_id="documents",
                                       label="Documents (click one to read it)",
                                       column_widths=["32%", "24%", "7%", "7%", "15%", "15%"])
        self.rows = gr.State(None)  # every row of the list (document_rows), this session's copy
        self.view = gr.State({"query": "", "page": 1})  # the search and the page shown
        self.reader_note = gr.Markdown("Ask an administrator to add, delete or re-index documents.", visible=False)
        with gr.Column() as self.admin_box:
            with gr.Row():
                self.files = gr.File(label=f"Add documents ({', '.join(sorted(SUPPORTED_SUFFIXES))})",
                                     file_count="multiple", file_types=sorted(SUPPORTED_SUFFIXES), elem_id="upload")
                with gr.Column():
                    self.to_delete = gr.Dropdown(label="Document to delete", choices=[], allow_custom_value=True,
                                                 elem_id="to-delete")
                    self.delete_button = gr.Button("Delete", variant="stop")
            self.file_status = gr.Markdown(elem_id="file-status")
            with gr.Row():
                self.rebuild_button = gr.Button("Rebuild index", variant="primary", elem_id="rebuild")
                self.full = gr.Checkbox(label="Re-embed every document (full rebuild)", value=False)
            self.rebuild_progress = gr.HTML(elem_id="rebuild-progress")
            self.rebuild_summary = gr.Markdown(elem_id="rebuild-summary")
        self.listing_outputs = [self.docs_table, self.page_label, self.previous_page, self.next_page, self.view]
        self.table_outputs = [*self.listing_outputs, self.docs_filter, self.to_delete, self.rows]

    def all_rows(self, indexing: bool = False) -> list[list]:
        return document_rows(self.ctx.app.assistant, self.ctx.app.corpus, indexing)

    def shown(self, rows: list[list], view: dict | None) -> tuple:
        """New values of `listing_outputs`: the page of `rows` that `view` (query, page) asks for."""
        view = view or {}
        page = listing(rows, view.get("query", ""), view.get("page", 1))
        return (page.rows, page.label, gr.update(interactive=page.page > 1),
                gr.update(interactive=page.page < page.pages), {"query": page.query, "page": page.page})

    def tables(self, view: dict | None = None, indexing: bool = False) -> tuple:
        """New values of `table_outputs`: the documents list (the page `view` asks for), the chat's filter choices,
        the delete choices, the session's copy of the list."""
        rows = self.all_rows(indexing)
        return (*self.shown(rows, view), choices.update(self.chat_filter_choices(), info=FILTER_INFO),
                choices.update(self.ctx.app.corpus.files(), value=None), rows)

    def wire(self, viewer: DocumentViewer) -> None:
        ctx, corpus, rebuilds, tables = self.ctx, self.ctx.app.corpus, self.ctx.app.rebuilds, self.tables

        def open_row(event: gr.SelectData):
            """A click on a row of the table shows its document in the viewer."""
            row = event.row_value or []
            return viewer.open(row[1]) if len(row) > 1 and row[1] else (gr.skip(), gr.skip())

        def search(query, rows):
            return self.shown(rows if rows is not None else self.all_rows(), {"query": query or "", "page": 1})

        def turn(step: int):
            def to_page(rows, view):
                view = dict(view or {})
                view["page"] = int(view.get("page", 1)) + step
                return self.shown(rows if rows is not None else self.all_rows(), view)
            return to_page

        skip_tables = (gr.skip(),) * len(self.table_outputs)

        def follow(view):
            """Redraw the progress bar of the running rebuild (and of the one queued behind it) until the index holds
            every change; yields (tables, progress bar, summary, Rebuild button) and ends with the new tables."""
            while (status := rebuilds.rebuild_status()).running or status.queued:
                yield skip_tables, rebuild_progress(status), "", gr.update(interactive=False)
                rebuilds.wait_rebuild(timeout=POLL_S)
            yield tables(view), rebuild_progress(status), render_rebuild(status), gr.update(interactive=True)

        def upload(files, view, request: gr.Request):
            """Check each received file and add the readable ones to the corpus, then index them at once with a
            progress bar. The API's outputs start with the file box and the one-line summary, as before."""
            added, refused = [], []
            try:
                ctx.require_admin(request)
                files = list(files or [])
                for n, path in enumerate(files):
                    if len(files) > 1:
                        bar = progress_bar("Checking the uploaded files", n / len(files),
                                           [f"{n:,} of {len(files):,} files read"])
                        yield (gr.skip(), gr.skip(), *skip_tables, bar, gr.skip(), gr.update(interactive=False))
                    try:
                        added.append(corpus.add_file(received_upload(path, ctx.upload_cache), name=Path(path).name))
                    except Refused as exc:
                        refused.append((exc.name, exc.reason))
                    except DocumentError as exc:
                        refused.append((Path(path).name, str(exc)))
                    finally:  # added or refused, the received copy leaves the upload cache
                        discard_upload(path, ctx.upload_cache)
            finally:  # whatever happened (a reader's upload, an error), nothing stays in the upload cache
                for path in files or []:
                    discard_upload(path, ctx.upload_cache)
            for name, why in refused:
                log.info("upload of %s refused: %s", name, why)
            message = upload_summary(added, refused)
            if not added:
                busy = rebuilds.rebuild_status()  # the checking bar goes; a rebuild started elsewhere keeps the button off
                yield (None, message, *tables(view), "", gr.skip(), gr.update(interactive=not busy.running))
                return
            rebuilds.request_rebuild()
            yield (None, message, *tables(view, indexing=True), gr.skip(), "", gr.update(interactive=False))
            for table, bar, summary, button in follow(view):  # the last values hold everything, for the API
                yield (None, message, *table, bar, summary, button)

        def delete(doc_id, view, request: gr.Request):
            """Delete a document from the corpus and the index at once (the chat stops citing it even while another
            rebuild runs), then run the incremental rebuild that confirms it, with its progress bar."""
            ctx.require_admin(request)
            if not doc_id:
                yield ("Nothing deleted.", *tables(view), gr.skip(), gr.skip(), gr.skip())
                return
            try:
                removed = corpus.delete(doc_id)
            except AssistantError as exc:
                yield (f"Not deleted: {exc}", *tables(view), gr.skip(), gr.skip(), gr.skip())
                return
            forget_now(removed[0])
            rebuilds.request_rebuild()
            message = f"Deleted {', '.join(removed)}: no longer cited in answers."
            yield (message, *tables(view, indexing=True), gr.skip(), "", gr.update(interactive=False))
            for table, bar, summary, button in follow(view):
                yield (message, *table, bar, summary, button)

        def forget_now(doc_id: str) -> None:
            """Take a deleted document out of the index now, not only when the rebuild gets to it: a rebuild that is
            running keeps its plan, and the one queued behind it may start minutes later."""
            store, retriever = ctx.app.store, ctx.app.assistant.retriever
            try:
                if doc_id in store.documents():
                    store.forget([doc_id])
                    # the chunk table questions read, brought up to that commit before the page says it is done
                    (getattr(retriever, "refresh", None) or retriever.table)()
            except AssistantError as exc:  # the store is busy or gone: the rebuild will remove it
                log.warning("could not drop %s from the index at once: %s", doc_id, exc)

        def rebuild(full, view, request: gr.Request):
            """Start a rebuild (or follow the one running) and redraw its progress bar until it ends; the button is
            off meanwhile. The API's outputs start with the summary and the tables, as before."""
            ctx.require_admin(request)
            with contextlib.suppress(IndexBusyError):  # one is running (started elsewhere): follow it
                rebuilds.start_rebuild(full=bool(full))
            for table, bar, summary, button in follow(view):
                yield (summary, *table, bar, button)

        choices.searchable(self.to_delete, corpus.files)
        outputs, listing_outputs = self.table_outputs, self.listing_outputs
        rebuild_outputs = [self.rebuild_progress, self.rebuild_summary, self.rebuild_button]
        self.docs_table.select(open_row, outputs=viewer.outputs, api_visibility="private", queue=False,
                               show_progress="hidden")
        self.search.change(search, inputs=[self.search, self.rows], outputs=listing_outputs, api_visibility="private",
                           queue=False, show_progress="hidden")
        self.previous_page.click(turn(-1), inputs=[self.rows, self.view], outputs=listing_outputs,
                                 api_visibility="private", queue=False, show_progress="hidden")
        self.next_page.click(turn(1), inputs=[self.rows, self.view], outputs=listing_outputs,
                             api_visibility="private", queue=False, show_progress="hidden")
        # Uploads and deletions follow the rebuild they start until it is done (an API call returns once its change is
        # searchable), so they neither wait for nor block each other: no concurrency limit, a new one while pending.
        self.files.upload(upload, inputs=[self.files, self.view], api_name="upload", show_progress="hidden",
                          outputs=[self.files, self.file_status, *outputs, *rebuild_outputs],
                          concurrency_limit=None, trigger_mode="multiple")
        self.delete_button.click(delete, inputs=[self.to_delete, self.view], api_name="delete", show_progress="hidden",
                                 outputs=[self.file_status, *outputs, *rebuild_outputs],
                                 concurrency_limit=None, trigger_mode="multiple",
                                 js="(d, v) => [(d && confirm(`Delete ${d} from the corpus?`)) ? d : null, v]")
        self.rebuild_button.click(rebuild, inputs=[self.full, self.view], api_name="rebuild", concurrency_id="rebuild",
                                  outputs=[self.rebuild_summary, *outputs, self.rebuild_progress, self.rebuild_button],
                                  show_progress="hidden")
