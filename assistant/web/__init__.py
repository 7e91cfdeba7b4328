"""The web app: Gradio pages for staff (Chat, Documents, Evaluation) and a JSON API, on one server.

The pages receive the built `App` (composition.py) and use its services only — the `Assistant` (answers), the
corpus files, the rebuilds, the optional `Users`, the reports folder and the chat store — never Chroma or the
model itself.

- server.py      `create_app` mounts the blocks at `/` on a FastAPI app with the API; `serve` runs it (uvicorn)
- api.py         `POST /api/ask`, `GET /api/health`, `GET /api/documents/{doc_id}`, `POST /api/feedback`,
                 `GET /api/conversations` (docs/contract.md), HTTP Basic when login is on
- blocks.py      the Gradio blocks: header and pages; the Gradio API's `ask` endpoint (for `gradio_client`)
- chat.py, documents.py, evaluation.py   one module a page
- conversations.py   the chat page's Chats panel (each user's conversations, kept across reloads), thumbs on answers
- feedback.py    the Evaluation page's feedback review: "Add to suite" (administrators)
- viewer.py      the document panel that citations and the Documents table open
- rendering.py   HTML of answers and citations
- progress.py    the progress bars of rebuilds and evaluation runs
- uploads.py     Gradio's upload cache: what counts as a received file, deleting it once handled, sweeping it
"""

import os

from assistant.lean_imports import skip_gradio_stubs

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: nothing leaves the machine
skip_gradio_stubs()  # nor does Gradio rewrite its .pyi stubs on every start (lean_imports.py)
