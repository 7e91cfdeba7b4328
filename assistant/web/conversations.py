"""Conversations on the chat page: the "Chats" panel (recent chats of the signed-in user, rename, delete,
export as Markdown) and the conversation a page shows, remembered in the browser so that a reload shows it again.

Conversations are kept by `App.chats` (chat_store.py), always under the name of the user of the request
(`user_of`): with login off, the one anonymous user.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import gradio as gr

from assistant.chat_store import ANONYMOUS, Conversation
from assistant.web.rendering import answer_markdown, render_answer, render_error

CURRENT_KEY = "assistant-conversation"  # the browser's localStorage key of the conversation shown


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
        messages += [{"role": "user", "content": html.escape(turn.question)}, {"role": "assistant", "content": reply}]
    return messages


def export_file(conversation: Conversation) -> str:
    """The conversation's Markdown in a temporary file named after its title, for the download button."""
    name = re.sub(r"[^\w.-]+", "-", conversation.title).strip("-.")[:60] or "conversation"
    base = Path(tempfile.gettempdir()) / "assistant-exports"
    base.mkdir(mode=0o700, exist_ok=True)
    folder = base / conversation.id
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(conversation_markdown(conversation), encoding="utf-8")
    return str(path)
