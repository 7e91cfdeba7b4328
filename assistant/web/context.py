"""What the pages of the web app share: the built `App`, the blocks they live in, and who may change things."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import gradio as gr

if TYPE_CHECKING:
    from assistant.composition import App


@dataclass
class PageContext:
    app: App
    blocks: gr.Blocks

    @property
    def upload_cache(self) -> str:
        """Gradio's upload cache of these blocks: where the files of uploads and API calls land."""
        return self.blocks.GRADIO_CACHE

    def is_admin(self, request: gr.Request | None) -> bool:
        """With users, only the `admin` role may change documents or run the evaluation; without, everyone on
        the (local) server may."""
        users = self.app.users
        return users is None or users.is_admin(getattr(request, "username", None))

    def require_admin(self, request: gr.Request | None) -> None:
        if not self.is_admin(request):
            raise gr.Error("Only administrators may change the documents or run the evaluation.")
