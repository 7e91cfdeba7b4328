"""HTML of answers for the chat: plain functions of an `Answer`, testable without a browser."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode

from assistant.answers import Answer, Citation

DOC_LINK_PREFIX = "open-doc?"  # a link to `#open-doc?doc=...&start=...&end=...[&page=...]` opens the viewer

CSS = """
.answer.abstained {border-left: 4px solid #d97706; padding-left: .6em;}
.answer .notfound {color: #b45309; font-weight: 600;}
.answer.error {border-left: 4px solid #dc2626; padding-left: .6em;}
.partial {opacity: .8; border-left: 4px solid #9ca3af; padding-left: .6em;}
.answer .sureness {color: var(--body-text-color-subdued); font-size: .9em; margin-top: .2em;}
.sources {margin-top: .5em; font-size: .92em;}
.sources .heading {font-weight: 600; margin-bottom: .2em;}
.citation {border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .35em .6em; margin: .35em 0;}
.citation .where {color: var(--body-text-color-subdued); font-size: .9em;}
.citation .passage {margin-top: .25em;}
.citation mark {background: #fde68a; color: #111; padding: 0 .1em;}
.charts {display: flex; flex-wrap: wrap; gap: 1.5em;}
"""


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


def _doc_link(c: Citation) -> str:
    """Attributes of a link that opens the cited document in the viewer at the quoted sentence (viewer.py). The
    reference rides in the link's fragment: the chat's HTML sanitizer drops data-* attributes, not an href."""
    ref = {"doc": c.doc_id, "start": c.start, "end": c.end} | ({"page": c.page} if c.page else {})
    return (f'href="#{DOC_LINK_PREFIX}{html.escape(urlencode(ref, quote_via=quote), quote=True)}" '
            f'title="Open {html.escape(c.title, quote=True)} at this sentence"')


def link_markers(body: str, citations: list[Citation]) -> str:
    """Answer HTML with each marker `[1]` (or `[1, 2]`) a link opening its citation's document in the viewer."""
    by_n = {c.n: c for c in citations}

    def link(n: str) -> str:
        c = by_n.get(int(n))
        return f'<a class="cite" {_doc_link(c)}>{n}</a>' if c else n

    def markers(match: re.Match) -> str:
        return "[" + re.sub(r"\d+", lambda m: link(m.group()), match.group(1)) + "]"

    return re.sub(r"\[(\d+(?:\s*,\s*\d+)*)\]", markers, body) if by_n else body


def render_citation(c: Citation) -> str:
    """A cited passage under its title (a link that opens the document in the viewer), date and file; the offsets
    and score stay in the JSON (issue 10.4: on the card they read as noise)."""
    where = f" · page {c.page}" if c.page else ""
    dated = f" · {html.escape(c.date)}" if c.date else ""
    return (f'<div class="citation"><div class="where"><a class="open-doc" {_doc_link(c)}><b>[{c.n}] '
            f'{html.escape(c.title)}</b></a>{dated} · {html.escape(c.doc_id)}{where}</div>'
            f'<div class="passage">{highlight(c.text, c.quote)}</div></div>')


def answer_markdown(answer: Answer) -> str:
    """The answer as Markdown with its citations listed: what the copy button of an answer puts on the clipboard."""
    lines = [answer.answer]
    lines += [f"_Note: {n}_" for n in answer.notes]
    if answer.citations:
        lines += ["", "Related passages:" if answer.abstained else "Sources:"]
        for c in answer.citations:
            where = ", ".join(filter(None, [c.date, c.doc_id, f"page {c.page}" if c.page else ""]))
            quote = re.sub(r"\s+", " ", c.quote or c.text).strip()
            lines.append(f"- [{c.n}] {c.title} ({where}): \u201c{quote}\u201d")
    return "\n".join(lines)


def _copy_text(text: str) -> str:
    """`text` as an HTML attribute value on one line (a blank line would end the message's HTML block)."""
    return html.escape(text, quote=True).replace("\n", "&#10;")


# The chat's copy button writes a message's content, our HTML, to the clipboard (Gradio's Chatbot has no hook
# for it); this wraps navigator.clipboard.writeText so that the `data-copy` of an answer (answer_markdown) or of a
# question (its text as typed) is written instead. Any other text goes through unchanged.
COPY_SCRIPT = """<script>
(() => {
  const clipboard = navigator.clipboard;
  if (!clipboard || clipboard.answerCopy) return;
  const write = clipboard.writeText.bind(clipboard);
  clipboard.writeText = (text) => {
    if (typeof text === "string" && /^<(div class="answer|span class="question")/.test(text) && text.includes("data-copy=")) {
      const node = new DOMParser().parseFromString(text, "text/html").querySelector("[data-copy]");
      if (node) text = node.getAttribute("data-copy");
    }
    return write(text);
  };
  clipboard.answerCopy = true;
})();
</script>"""


def render_question(question: str) -> str:
    """A question in the chat: escaped (the chat renders Markdown and HTML), with the text as typed for the copy
    button (COPY_SCRIPT), which would otherwise copy the escapes (`&amp;`)."""
    return f'<span class="question" data-copy="{_copy_text(question)}">{html.escape(question)}</span>'


def render_answer(answer: Answer) -> str:
    """One chat message: the answer with its markers, then the cited (or, on abstention, related) passages."""
    body = link_markers(_inline(answer.answer), answer.citations)
    if answer.abstained:  # one sentence: "Not found in the documents: they do not mention Brazil."
        reason = re.sub(r"^Not found in the documents[:.]?\s*", "", answer.answer)
        body = (f'<span class="notfound">Not found in the documents:</span> {_inline(reason)}' if reason
                else '<span class="notfound">Not found in the documents.</span>')
    notes = "".join(f'<div class="where">note: {html.escape(n)}</div>' for n in answer.notes)
    notes = _sureness(answer) + notes
    cards = "".join(render_citation(c) for c in answer.citations)
    heading = "Related passages" if answer.abstained else "Sources"
    sources = f'<div class="sources"><div class="heading">{heading}</div>{cards}</div>' if cards else ""
    kind = "answer abstained" if answer.abstained else "answer"
    return f'<div class="{kind}" data-copy="{_copy_text(answer_markdown(answer))}"><div>{body}</div>{notes}{sources}</div>'


def _sureness(answer: Answer) -> str:
    """How sure the answer is, in words, with the first cited document's title and date: trust at a glance."""
    if answer.abstained or not answer.sureness:
        return ""
    source = ""
    if answer.citations:
        c = answer.citations[0]
        source = f" · {html.escape(c.title)}" + (f", {html.escape(c.date)}" if c.date else "")
    return f'<div class="sureness">{html.escape(answer.sureness)}{source}</div>'


def render_partial(text: str) -> str:
    """An LLM reply still being written: plain text, marked as unchecked until its citations are checked."""
    note = '<span class="where">writing… citations are checked when done</span>'
    return f'<div class="partial">{_inline(text)} {note}</div>'


def render_error(message: str) -> str:
    return f'<div class="answer error">⚠ {html.escape(message)}</div>'
