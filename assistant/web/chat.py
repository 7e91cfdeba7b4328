"""The Chat page: a conversation with follow-ups, kept per user (web/conversations.py: the "Chats" panel, thumbs on
answers), a document and date filter, example questions; and the Gradio API's `ask` endpoint."""

from __future__ import annotations

import gradio as gr

from assistant.errors import AssistantError
from assistant.answers import Answer
from assistant.chat_store import answer_record
from assistant.web.choices import searchable
from assistant.web.context import PageContext
from assistant.web.conversations import ConversationPanel
from assistant.web.rendering import render_answer, render_error, render_partial, render_question

# Shown on a fresh chat, so each must stand alone: no "he" or "And …?" that leans on an earlier question.
EXAMPLES = ["What is Japan's reciprocal rate?", "When do the Japan-U.S. talks open?", "When will Akazawa meet Bessent?"]
FILTER_INFO = "Leave empty to search every document."
ANSWER_CONCURRENCY = 8  # answers computed at once (chat, Gradio API); more requests wait in the queue

# When a question is added to the conversation, scroll the chat so that it sits at the top with the start of its
# answer below it, and keep it there while the answer is drawn (it grows after it appears) until the reader scrolls:
# an answer is read from its first line, and an abstention's "Not found" line must not scroll away under its
# related passages.
NEWEST_ANSWER_SCRIPT = """<script>
(() => {
  if (window.assistantNewestAnswer) return;
  window.assistantNewestAnswer = true;
  let seen = 0, pinned = false;
  const release = (event) => { if (event.target.closest && event.target.closest("#chat")) pinned = false; };
  for (const name of ["wheel", "touchmove", "mousedown", "keydown"]) document.addEventListener(name, release, true);
  new MutationObserver(() => {
    const wrap = document.querySelector("#chat .bubble-wrap");
    const questions = wrap ? wrap.querySelectorAll(".message-row.user-row") : [];
    if (questions.length !== seen) pinned = questions.length > seen;  // a new question; fewer: a new chat
    seen = questions.length;
    if (!pinned || !wrap.clientHeight) return;  // nothing new, or the chat is on a hidden tab
    const question = questions[questions.length - 1];
    const offset = question.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 8;
    if (Math.abs(offset) > 1) wrap.scrollTop += offset;
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
</script>"""


class ChatPage:
    """Laid out where it is made (inside its tab); `wire` registers its events once every page exists."""

    def __init__(self, ctx: PageContext):
        self.ctx = ctx
        self.messages, self.questions = gr.State([]), gr.State([])
        # elem_ids for the phone layout (phone.py), which puts the examples between the conversation and the question box
        with gr.Row(elem_id="chat-page"):
            self.conversations = ConversationPanel(ctx)
            with gr.Column(scale=4, elem_id="chat-main"):
                # No floating label over the first message, and no scrolling to the bottom of a reply (where the
                # related passages are): NEWEST_ANSWER_SCRIPT keeps the newest question and its answer's start in view.
                self.chatbot = gr.Chatbot(label="Conversation", show_label=False, height=560, buttons=["copy"],
                                          autoscroll=False, elem_id="chat",
                                          placeholder="Ask about the negotiation documents; answers cite their passages.")
                with gr.Row(elem_id="ask-row"):
                    # Off until the page's load event has put back the chat shown before a reload (conversations.py):
                    # a question sent earlier would be wiped off the screen and answered without its history.
                    self.box = gr.Textbox(placeholder="Ask a question…", show_label=False, scale=5,
                                          elem_id="question", autofocus=True, max_lines=4, interactive=False)
                    self.send = gr.Button("Send", variant="primary", scale=1, elem_id="send", interactive=False)
                self.conversations.feedback_box()
            with gr.Column(scale=2, elem_id="chat-side"):
                self.new_chat = gr.Button("New chat", elem_id="new-chat")
                # a few documents at a time, found by typing (choices.py); a value not offered is checked by the
                # assistant, which names an unknown document
                self.docs_filter = gr.Dropdown(label="Answer only from these documents", multiselect=True,
                                               choices=[], info=FILTER_INFO, allow_custom_value=True,
                                               elem_id="docs-filter")
                with gr.Accordion("Only documents dated…", open=False):
                    self.since_box = gr.Textbox(label="From (YYYY-MM-DD)", placeholder="2025-04-01", max_lines=1,
                                                elem_id="since")
                    self.until_box = gr.Textbox(label="To (YYYY-MM-DD)", placeholder="2025-04-30", max_lines=1,
                                                elem_id="until")
                with gr.Column(elem_id="examples"):
                    gr.Markdown("**Try:**")
                    self.example_buttons = [gr.Button(q, size="sm", variant="secondary", interactive=False)
                                            for q in EXAMPLES]
        self.ask_controls = [self.box, self.send, *self.example_buttons]  # what sends a question

    def wire(self) -> None:
        assistant, panel = self.ctx.app.assistant, self.conversations
        keep = [gr.skip()] * (2 + len(panel.panel_outputs))  # the conversation's id, keys and panel, until saved

        def chat_turn(question, messages, questions, documents, since, until, current, keys, request: gr.Request):
            """Answer one chat turn: the question shows at once; an LLM's reply is shown as it is written, then
            replaced by the checked answer; the turn is saved in the user's conversation."""
            question = (question or "").strip()
            if not question:
                yield gr.skip(), messages, messages, questions, *keep
                return
            asked = [*messages, {"role": "user", "content": render_question(question)}]
            yield "", asked, messages, questions, *keep  # the question moves into the chat at once, as it is sent
            written = ""
            limits = dict(documents=list(documents or []) or None, since=(since or "").strip() or None,
                          until=(until or "").strip() or None)
            try:
                for event in assistant.ask_stream(question, history=list(questions), **limits):
                    if isinstance(event, Answer):
                        reply, questions, record = render_answer(event), [*questions, question], answer_record(event)
                    else:
                        written += event
                        yield ("", [*asked, {"role": "assistant", "content": render_partial(written)}], messages,
                               questions, *keep)
            except AssistantError as exc:
                reply, record = render_error(str(exc)), {"error": str(exc)}
            messages = [*asked, {"role": "assistant", "content": reply}]
            yield "", messages, messages, questions, *panel.saved(request, current, keys, question, record)

        box, chatbot, messages, questions = self.box, self.chatbot, self.messages, self.questions
        chat_io = dict(inputs=[box, messages, questions, self.docs_filter, self.since_box, self.until_box,
                               panel.current, panel.keys],
                       outputs=[box, chatbot, messages, questions, panel.current, panel.keys, *panel.panel_outputs],
                       concurrency_limit=ANSWER_CONCURRENCY, concurrency_id="answer", api_visibility="private")
        box.submit(chat_turn, **chat_io)
        self.send.click(chat_turn, **chat_io)
        for button, question in zip(self.example_buttons, EXAMPLES):
            button.click(lambda q=question: q, outputs=box, queue=False, api_visibility="private").then(chat_turn, **chat_io)
        def empty():
            """A fresh chat: no messages and no thumbs (a reopened chat's thumbs would land on the new answers)."""
            return gr.update(value=[], feedback_value=[])

        self.new_chat.click(lambda: ("", empty(), [], []), outputs=[box, chatbot, messages, questions], queue=False,
                            api_visibility="private")
        chatbot.clear(lambda: (empty(), [], []), outputs=[chatbot, messages, questions], queue=False,
                      api_visibility="private")
        panel.wire(self)
        searchable(self.docs_filter, self.filter_choices, FILTER_INFO)

    def filter_choices(self) -> list[tuple[str, str]]:
        """(title, doc id) of every indexed document: what the document filter can offer."""
        return [(d["title"], d["doc_id"]) for d in self.ctx.app.assistant.documents()]


def register_ask_api(ctx: PageContext) -> None:
    """The Gradio API's `ask` endpoint (for `gradio_client`), sharing the chat's answer queue."""
    assistant = ctx.app.assistant

    def ask_api(question: str) -> dict:
        """Answer one question from the indexed documents; returns the `assistant ask --json` object."""
        try:
            return assistant.ask(question).to_dict()
        except AssistantError as exc:
            raise gr.Error(str(exc)) from None

    gr.api(ask_api, api_name="ask", concurrency_limit=ANSWER_CONCURRENCY, concurrency_id="answer")
