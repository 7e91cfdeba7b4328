"""Conversations on the chat page: the "Chats" panel (recent chats of the signed-in user, rename, delete,
export as Markdown) and the conversation a page shows, remembered in the browser so that a reload shows it again.

Conversations are kept by `App.chats` (chat_store.py), always under the name of the user of the request
(`user_of`): with login off, the one anonymous user.
"""

from __future__ import annotations

import gradio as gr

from assistant.chat_store import ANONYMOUS, Conversation
from assistant.errors import AssistantError
from assistant.web.exports import write_export
from assistant.web.rendering import answer_markdown, render_answer, render_error, render_question

# The box's autofocus met a box still off: give it the focus once it is on, unless the user has gone elsewhere.
FOCUS_THE_BOX = """() => {
  const box = document.querySelector('#question textarea');
  if (box && (document.activeElement === document.body || document.activeElement === null)) box.focus();
}"""
THUMBS = {"up": "Like", "down": "Dislike"}  # a stored rating as the Chatbot's feedback value
CURRENT_KEY = "assistant-conversation"  # the browser's localStorage key of the conversation shown
# A long list of chats scrolls inside its box (a few lines on a phone, where the panel sits above the chat).
CSS = """
#chat-list .wrap {max-height: 45vh; overflow-y: auto; flex-wrap: nowrap; flex-direction: column;}
@media (max-width: 640px) {#chat-list .wrap {max-height: 7.5em;}}
"""


def user_of(request: gr.Request | None) -> str:
    """Whose conversations an event may touch: the signed-in user, or ANONYMOUS with login off."""
    return getattr(request, "username", None) or ANONYMOUS


def conversation_markdown(conversation: Conversation) -> str:
    """A conversation as Markdown: its title, then each question and its answer with the citations listed (as
    an answer's copy button gives it)."""
    lines = [f"# {conversation.title}", "", f"_Exported conversation, started {conversation.summary()['created']}._"]
    for turn in conversation.turns:
        lines += ["", f"## {turn.question}", ""]
        lines.append(answer_markdown(turn.answer) if turn.answered else f"_Error: {turn.record['error']}_")
    return "\n".join(lines) + "\n"


def chat_messages(conversation: Conversation | None) -> list[dict]:
    """The chat's messages of a stored conversation (the question escaped, the answer card rendered again)."""
    messages = []
    for turn in conversation.turns if conversation else []:
        reply = render_answer(turn.answer) if turn.answered else render_error(turn.record["error"])
        messages += [{"role": "user", "content": render_question(turn.question)}, {"role": "assistant", "content": reply}]
    return messages


def export_file(conversation: Conversation) -> str:
    """The conversation's Markdown in a file named after its title (exports.py: this process's own folder), for the
    download button."""
    return write_export(conversation.id, conversation.title, conversation_markdown(conversation))


def _turn_keys(conversation: Conversation | None) -> list:
    """(conversation id, turn number) of each question shown, in order: what a thumb on an answer refers to."""
    return [[conversation.id, t.n] for t in conversation.turns] if conversation else []


class ConversationPanel:
    """The "Chats" column of the chat page, the thumbs on answers and the "right answer" box; `wire(chat)` joins
    them to the chat page's components. The conversation shown is `current` (its id, kept in the browser's
    localStorage); `keys` maps each question shown to its stored turn."""

    def __init__(self, ctx):
        self.ctx, self.chats = ctx, ctx.app.chats
        self.current = gr.BrowserState(None, storage_key=CURRENT_KEY)
        self.keys = gr.State([])
        with gr.Column(scale=1, min_width=200, elem_id="chats"):
            self.chooser = gr.Radio(label="Recent chats", choices=[], elem_id="chat-list")
            with gr.Accordion("This chat", open=False):
                self.title = gr.Textbox(label="Title", max_lines=1, max_length=120, elem_id="chat-title")
                with gr.Row():
                    self.rename = gr.Button("Rename", size="sm", elem_id="chat-rename")
                    self.delete = gr.Button("Delete", size="sm", variant="stop", elem_id="chat-delete")
                self.export = gr.DownloadButton("Export as Markdown", size="sm", visible=False, elem_id="chat-export")
        self.panel_outputs = [self.chooser, self.title, self.export]

    def feedback_box(self) -> None:
        """Laid out under the question box: shown after a thumbs down, for the right answer."""
        self.feedback_id = gr.State(None)
        with gr.Row(visible=False, elem_id="right-answer") as self.correction_row:
            self.correction = gr.Textbox(placeholder="The right answer is … (optional)", show_label=False, scale=5,
                                         max_lines=3, max_length=2000, elem_id="right-answer-text")
            self.send_correction = gr.Button("Save", scale=1, size="sm", elem_id="right-answer-send")

    # -- values --------------------------------------------------------------------------------------------------
    def choices(self, user: str) -> list[tuple[str, str]]:
        """The user's chats as the list offers them: (title, id), the latest first."""
        return [(c.title, c.id) for c in self.chats.conversations(user)]

    def panel(self, user: str, conversation: Conversation | None) -> tuple:
        """New values of `panel_outputs`: the user's chats with `conversation` selected, its title, its export."""
        choices = self.choices(user)
        if conversation is None:
            return gr.update(choices=choices, value=None), "", gr.update(visible=False, value=None)
        return (gr.update(choices=choices, value=conversation.id), conversation.title,
                gr.update(visible=True, value=export_file(conversation)))

    def shown(self, user: str, conversation: Conversation | None) -> tuple:
        """Everything the chat shows of `conversation` (None: a fresh chat): messages (chatbot, with the thumbs the
        user gave, and state), the history, the current id, the turn keys, then `panel_outputs`."""
        messages = chat_messages(conversation)
        return (self.chatbot_shown(user, conversation, messages), messages, conversation.questions if conversation else [],
                conversation.id if conversation else None, _turn_keys(conversation), *self.panel(user, conversation))

    def chatbot_shown(self, user: str, conversation: Conversation | None, messages: list[dict]):
        """The chatbot's value with its thumbs: one entry per answer ("Like", "Dislike" or None), all None for a fresh
        chat, so that thumbs of the chat shown before never carry over to the answers of another."""
        ratings = self.chats.ratings(user, conversation.id) if conversation else {}
        thumbs = [THUMBS.get(ratings.get(t.n)) for t in conversation.turns] if conversation else []
        return gr.update(value=messages, feedback_value=thumbs)

    def saved(self, request, current, keys, question: str, record: dict) -> tuple:
        """Store a chat turn; (current id, keys, *panel_outputs) after it. A failing database does not stop the chat."""
        user = user_of(request)
        try:
            conversation_id, n = self.chats.add_turn(user, current, question, record)
            if conversation_id != current:
                keys = []  # a new conversation (or the old one was deleted elsewhere)
            return (conversation_id, [*keys, [conversation_id, n]],
                    *self.panel(user, self.chats.conversation(user, conversation_id)))
        except AssistantError as exc:
            gr.Warning(f"This chat could not be saved: {exc}")
            return (current, [*keys, None], *[gr.skip()] * len(self.panel_outputs))

    # -- events --------------------------------------------------------------------------------------------------
    def wire(self, chat) -> None:
        """Events of the panel, on the chat page's components (`chat`: the ChatPage)."""
        chats = self.chats
        shown_outputs = [chat.chatbot, chat.messages, chat.questions, self.current, self.keys, *self.panel_outputs]
        hidden = dict(queue=False, api_visibility="private")

        def open_conversation(conversation_id, request: gr.Request):
            """A chat picked in the list, or on page load the one shown before the reload: if it is (still) the
            user's; else a fresh chat."""
            user = user_of(request)
            return self.shown(user, chats.conversation(user, conversation_id))

        ready = [gr.update(interactive=True)] * len(chat.ask_controls)

        def restore(conversation_id, request: gr.Request):
            """On page load, the chat shown before the reload, if it is (still) the user's; then the question box and
            its buttons turn on (chat.py), so that no question is sent into a chat about to be replaced. A fresh page
            has no chat to restore and leaves the chat alone. A failing database still turns the box on."""
            user = user_of(request)
            skip = gr.skip()  # chatbot, messages, history, keys, title, export: as the page shows them
            try:
                conversation = chats.conversation(user, conversation_id)
                if conversation is not None:
                    return *self.shown(user, conversation), *ready
                listed = gr.update(choices=self.choices(user))
            except AssistantError as exc:
                gr.Warning(f"Your saved chats could not be read: {exc}")
                listed = skip
            return (skip, skip, skip, None if conversation_id else skip, skip, listed, skip, skip, *ready)

        def fresh(request: gr.Request):
            return None, [], *self.panel(user_of(request), None)

        def rename(current, title, request: gr.Request):
            user = user_of(request)
            if not current or not chats.rename(user, current, title):
                return [gr.skip()] * len(self.panel_outputs)
            return self.panel(user, chats.conversation(user, current))

        def delete(current, request: gr.Request):
            user = user_of(request)
            if current:
                chats.delete(user, current)
            return self.shown(user, None)

        # the page load's "open_conversation" stays callable (undocumented), so the tests can show that it opens only
        # the caller's chat
        loaded = self.ctx.blocks.load(restore, inputs=self.current, outputs=[*shown_outputs, *chat.ask_controls],
                                      api_name="open_conversation", api_visibility="undocumented")
        loaded.then(None, js=FOCUS_THE_BOX, queue=False, api_visibility="private")
        self.chooser.input(open_conversation, inputs=self.chooser, outputs=shown_outputs, api_name="chat_open",
                           **hidden)
        # Every event is named: an unnamed one takes its function's name, and "delete" is the Documents page's API.
        self.rename.click(rename, inputs=[self.current, self.title], outputs=self.panel_outputs,
                          api_name="chat_rename", **hidden)
        self.title.submit(rename, inputs=[self.current, self.title], outputs=self.panel_outputs,
                          api_name="chat_rename_by_enter", **hidden)
        self.delete.click(delete, inputs=self.current, outputs=shown_outputs, api_name="chat_delete", **hidden)
        chat.new_chat.click(fresh, outputs=[self.current, self.keys, *self.panel_outputs], api_name="chat_new",
                            **hidden)
        chat.chatbot.clear(fresh, outputs=[self.current, self.keys, *self.panel_outputs], api_name="chat_cleared",
                           **hidden)
        self._wire_feedback(chat)

    def _wire_feedback(self, chat) -> None:
        chats = self.chats

        def thumb(keys, data: gr.LikeData, request: gr.Request):
            """A thumb on an answer: stored with its question, the questions before it, the answer and its
            citations; a thumbs down opens the box for the right answer; the same thumb again withdraws it."""
            user, index = user_of(request), data.index if isinstance(data.index, int) else data.index[0]
            key = keys[index // 2] if 0 <= index // 2 < len(keys) else None
            conversation = chats.conversation(user, key[0]) if key else None
            turn = next((t for t in conversation.turns if t.n == key[1]), None) if conversation else None
            if turn is None or not turn.answered:
                return None, gr.update(visible=False), ""
            if data.liked not in (True, False):  # the thumb clicked again
                chats.withdraw(user, conversation.id, turn.n)
                return None, gr.update(visible=False), ""
            record = turn.record
            feedback_id = chats.add_feedback(
                user, question=turn.question, answer=record["answer"], abstained=record["abstained"],
                history=[t.question for t in conversation.turns if t.n < turn.n and t.answered],
                rating="up" if data.liked else "down", citations=record["citations"],
                conversation_id=conversation.id, turn=turn.n)
            gr.Info("Thanks: your feedback is noted.")
            return feedback_id, gr.update(visible=not data.liked), ""

        def correct(feedback_id, text, request: gr.Request):
            if feedback_id is not None and (text or "").strip():
                chats.correct(user_of(request), feedback_id, text)
                gr.Info("Thanks: the right answer is noted.")
            return gr.update(visible=False), ""

        chat.chatbot.like(thumb, inputs=self.keys, outputs=[self.feedback_id, self.correction_row, self.correction],
                          queue=False, api_name="chat_thumb", api_visibility="private")
        for name, event in (("chat_right_answer", self.send_correction.click),
                            ("chat_right_answer_by_enter", self.correction.submit)):
            event(correct, inputs=[self.feedback_id, self.correction], outputs=[self.correction_row, self.correction],
                  queue=False, api_name=name, api_visibility="private")
