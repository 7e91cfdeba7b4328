"""The document viewer: a panel on the right that shows an indexed document's extracted text with its title,
date and page, scrolled to the highlighted sentence.

Opened from a citation of an answer (its marker `[1]` or its card's title) and from a row of the Documents
table. A citation's link carries its doc id and the quoted sentence's offsets in its fragment
(`#open-doc?doc=...&start=...&end=...&page=...`, see rendering.py); a click on one, caught by `VIEWER_SCRIPT`, hands them to a hidden
button whose event renders the document server-side through `Assistant.document`, the same call as
`GET /api/documents/{doc_id}`, so the page's own login covers it.
"""

from __future__ import annotations

import html
import json

import gradio as gr

from assistant.errors import AssistantError
from assistant.web.context import PageContext

# A document longer than this is shown as a window of this many characters around the quoted sentence.
MAX_SHOWN_CHARS = 200_000

CSS = """
#doc-viewer .doc-head {padding-bottom: .4em; border-bottom: 1px solid var(--border-color-primary); margin-bottom: .5em;}
#doc-viewer .doc-title {font-weight: 700; font-size: 1.1em;}
#doc-viewer .where {color: var(--body-text-color-subdued); font-size: .9em;}
#doc-viewer .doc-text {white-space: pre-wrap; line-height: 1.5; font-size: .95em; overflow-y: auto;
                       max-height: calc(100vh - 9em); padding-right: .4em;}
#doc-viewer mark {background: #fde68a; color: #111; padding: 0 .1em;}
#doc-viewer .doc-error {color: #b91c1c;}
.answer a.cite, .citation a.open-doc {cursor: pointer; color: var(--link-text-color); text-decoration: underline dotted;}
"""

# Hands a click on a citation's link (rendering.DOC_LINK_PREFIX; anywhere on the page: the chat renders them inside its messages) to the
# viewer's hidden button; the button's event reads `window.assistantDocRef`.
VIEWER_SCRIPT = """<script>
(() => {
  if (window.assistantViewer) return;
  window.assistantViewer = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#open-doc?"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const d = new URLSearchParams(link.getAttribute("href").slice("#open-doc?".length));
    window.assistantDocRef = JSON.stringify({doc_id: d.get("doc"), start: d.get("start"), end: d.get("end"),
                                             page: d.get("page")});
    const button = document.querySelector("#open-doc-button");
    if (button) button.click();
  }, true);
})();
</script>"""

# Runs when the viewer's HTML is drawn: scroll the document's text so that the highlighted sentence sits a third
# of the way down (the top when nothing is highlighted); the title, date and page above it stay in view.
SCROLL_TO_MARK = """
watch('value', () => {
  const box = element.querySelector('.doc-text');
  const mark = element.querySelector('mark');
  if (!box) return;
  const top = mark ? mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop : 0;
  box.scrollTop = Math.max(0, top - box.clientHeight / 3);
});
"""


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def render_document(doc: dict, start: int | None = None, end: int | None = None, page: int | None = None) -> str:
    """The viewer's HTML of an `Assistant.document` object, `text[start:end]` highlighted when those offsets lie
    in it; `page` (a PDF's, 1-based) is named beside the date."""
    text = doc["text"]
    quoted = start is not None and end is not None and 0 <= start < end <= len(text)
    a, b = (start, end) if quoted else (0, 0)
    shown_from, shown_to = 0, len(text)
    if len(text) > MAX_SHOWN_CHARS:  # a window around the quote, not megabytes of text in the page
        shown_from = max(0, min(a - MAX_SHOWN_CHARS // 2, len(text) - MAX_SHOWN_CHARS))
        shown_to = shown_from + MAX_SHOWN_CHARS
    body = html.escape(text[shown_from:a]) if quoted else html.escape(text[shown_from:shown_to])
    if quoted:
        body += f'<mark id="doc-quote">{html.escape(text[a:b])}</mark>{html.escape(text[b:shown_to])}'
    where = [doc.get("date") or "undated", doc["doc_id"]] + ([f"page {page}"] if page else [])
    note = ""
    if (shown_from, shown_to) != (0, len(text)):
        note = (f'<div class="where">A long document: showing characters {shown_from:,}–{shown_to:,} of '
                f'{len(text):,}.</div>')
    return (f'<div class="doc-head"><div class="doc-title">{html.escape(doc["title"] or doc["doc_id"])}</div>'
            f'<div class="where">{" · ".join(html.escape(w) for w in where)}</div>{note}</div>'
            f'<div class="doc-text">{body}</div>')


class DocumentViewer:
    """The panel and its hidden trigger, laid out where it is made (outside the tabs, so every page can open it);
    `open(doc_id)` is an event handler's return value that shows a document in it."""

    def __init__(self, ctx: PageContext):
        self.ctx = ctx
        with gr.Sidebar(label="Document", open=False, position="right", width="min(640px, 92vw)",
                        elem_id="doc-panel") as self.panel:
            self.html = gr.HTML("", elem_id="doc-viewer", js_on_load=SCROLL_TO_MARK)
        self.ref = gr.Textbox(visible="hidden", elem_id="doc-ref")
        self.trigger = gr.Button("Open document", visible="hidden", elem_id="open-doc-button")
        self.outputs = [self.html, self.panel]

    def open(self, doc_id: str, start=None, end=None, page=None) -> tuple:
        """Values of `outputs` that show `doc_id` (the sentence at `start`:`end` highlighted) in the open panel."""
        try:
            doc = self.ctx.app.assistant.document(doc_id)
        except AssistantError as exc:
            content = (f'<div class="doc-head"><div class="doc-title">{html.escape(doc_id)}</div></div>'
                       f'<p class="doc-error">{html.escape(str(exc))}</p>')
        else:
            content = render_document(doc, _int(start), _int(end), _int(page))
        return content, gr.Sidebar(open=True)

    def wire(self) -> None:
        def open_ref(ref: str):
            try:
                given = json.loads(ref or "{}")
            except ValueError:
                given = {}
            if not isinstance(given, dict) or not isinstance(given.get("doc_id"), str):
                return gr.skip(), gr.skip()
            return self.open(given["doc_id"], given.get("start"), given.get("end"), given.get("page"))

        self.trigger.click(open_ref, inputs=self.ref, outputs=self.outputs, js="() => window.assistantDocRef || ''",
                           api_visibility="private", queue=False, show_progress="hidden")
