"""The server: the JSON API and the Gradio blocks mounted at `/` on one FastAPI app, run by uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading

import gradio as gr
from fastapi import FastAPI

from assistant import heap
from assistant.login import LoginGuard, Sessions
from assistant.web import conversations, evaluation, phone, progress, viewer
from assistant.web.api import api_router, guard_api
from assistant.web.blocks import build_ui
from assistant.web.chat import NEWEST_ANSWER_SCRIPT
from assistant.web.exports import remove_exports
from assistant.web.rendering import COPY_SCRIPT, CSS
from assistant.web.uploads import sweeping_uploads

log = logging.getLogger(__name__)


def create_app(parts) -> FastAPI:
    """FastAPI app over a built `App` (`parts`): `/api/ask`, `/api/health`, and the Gradio blocks at `/` (login
    when the app has users; its access settings limit failed logins and the length of sessions)."""
    users, access = parts.users, parts.settings.access
    # The model's first run is slow (torch initialises lazily): done while the page is built (Python, under the
    # interpreter's lock), since torch's work leaves the lock and so runs on the other core.
    threading.Thread(target=_first_run, args=(parts.embedder,), name="model-first-run", daemon=True).start()
    guard = LoginGuard(users, access) if users else None
    app = FastAPI(title="Negotiation documents assistant", docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json")
    guard_api(app, guard)
    app.include_router(api_router(parts.assistant, login=guard is not None, chats=parts.chats))

    blocks = build_ui(parts)
    # Gradio checks that a file named in an API call was uploaded by a user (is in its upload cache) only for
    # blocks that "have launched"; mounted blocks never launch, so any server path named in a call was copied
    # into the cache and handed to us. Mark them launched, as Gradio's own reload does (`swap_blocks`).
    blocks.has_launched = True
    app.router.lifespan_context = sweeping_uploads(app.router.lifespan_context, blocks.GRADIO_CACHE)
    app.router.lifespan_context = watching_index(app.router.lifespan_context, parts)
    app.router.lifespan_context = removing_exports(app.router.lifespan_context)
    limit_mb = parts.settings.index.max_file_mb
    gr.mount_gradio_app(
        app, blocks, path="/", auth=guard.page_auth() if guard else None, ssr_mode=False,
        css=CSS + progress.CSS + evaluation.CSS + viewer.CSS + conversations.CSS + phone.CSS,
        head=COPY_SCRIPT + viewer.VIEWER_SCRIPT + NEWEST_ANSWER_SCRIPT,
        allowed_paths=[str(parts.reports_dir)],  # the Evaluation page offers the report files for download
        auth_message="Sign in with the name and password your administrator gave you.",
        max_file_size=int(limit_mb * 1024 * 1024), mcp_server=False, run_history=False, footer_links=["api"],
    )
    if users is not None:  # Gradio's page logins (its App.tokens), made to expire and end with their user
        gradio_app = next(r.app for r in app.routes if isinstance(getattr(r, "app", None), gr.routes.App))
        gradio_app.tokens = Sessions(users, access.session_hours * 3600)
    return app


def _first_run(embedder) -> None:
    try:
        embedder.encode(["What is the first question?"])
    except Exception as exc:  # noqa: BLE001 - only a head start; the first question meets any real problem
        log.debug("the model's first run failed (%s: %s)", type(exc).__name__, exc)


def watching_index(lifespan, parts):
    """Wrap an ASGI app's lifespan: while the server runs, the chunk table is loaded at once and kept current in the
    background (`LiveTable.watch`, every `index_poll_s` seconds), so a node serves its first question from a loaded
    table and picks up another node's rebuild without waiting for a question to notice it."""
    every_s = parts.settings.index.index_poll_s

    @contextlib.asynccontextmanager
    async def lifespan_watching(app):
        stop = parts.assistant.retriever.tables.watch(every_s) if every_s > 0 else None
        try:
            async with lifespan(app) as state:
                yield state
        finally:
            if stop is not None:
                await asyncio.to_thread(stop)

    return lifespan_watching


def removing_exports(lifespan):
    """Wrap an ASGI app's lifespan: the conversation exports this process wrote are removed when the server stops."""

    @contextlib.asynccontextmanager
    async def lifespan_removing(app):
        try:
            async with lifespan(app) as state:
                yield state
        finally:
            remove_exports()

    return lifespan_removing


def serve(parts, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Run the web chat and API of a built `App` with uvicorn until interrupted; login on when
    ASSISTANT_USERS_FILE is set. The objects made so far are frozen out of garbage collection (`heap.started`)."""
    import uvicorn

    users = parts.users
    app = create_app(parts)
    heap.started()  # what the start made is never garbage: full collections walk only what serving makes (heap.py)
    login = f"login required (users in {users.path})" if users else "login off"
    print(f"web chat on http://{host}:{port}  ({login}; API: POST /api/ask, GET /api/health)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
