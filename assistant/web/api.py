"""The JSON API under /api (docs/contract.md, "The web app's API"): `POST /api/ask`, `GET /api/health`,
`GET /api/documents/{doc_id}`, `POST /api/feedback`, the caller's conversations under `/api/conversations`, and
the API's own docs at /api/docs; with login on, HTTP Basic on every /api/* path.

Errors are `{"error": "one line"}`. The bodies of /api/ask and /api/feedback are read as JSON whatever their
Content-Type, since `curl -d '{...}'` (docs/access.md) sends form encoding; `AskRequest` and `FeedbackRequest`
then check them (a bad body is a 400, never FastAPI's 422).
"""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter, FastAPI, Request, Security
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from collections.abc import Callable
from typing import Literal

from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, field_validator
from starlette.concurrency import run_in_threadpool

from assistant.chat_store import (ANONYMOUS, MAX_ANSWER_CHARS, MAX_CITATIONS, MAX_CORRECT_ANSWER_CHARS, MAX_HISTORY,
                                  MAX_QUESTION_CHARS)
from assistant.errors import (AssistantError, ConfigError, DocumentError, DocumentNotFoundError, IndexBusyError,
                              IndexMissingError, QuestionError, StoreError)
from assistant.login import CLIENT_ADDRESS, LockedOut, LoginGuard, basic_credentials

log = logging.getLogger(__name__)



class _Basic(HTTPBasic):
    """FastAPI's HTTP Basic, None instead of an error for a missing or malformed header: the API answers those
    with its own `{"error"}` 401."""

    async def __call__(self, request: Request) -> HTTPBasicCredentials | None:
        try:
            return await super().__call__(request)
        except HTTPException:
            return None


BASIC = _Basic(auto_error=False, realm="assistant", scheme_name="HTTPBasic",
               description="The name and password of a user of the users file (only when login is on).")


class AskRequest(BaseModel):
    """The body of `POST /api/ask`; everything but `question` optional."""

    model_config = ConfigDict(extra="ignore")

    question: StrictStr = Field(description="The question.", examples=["What is Japan's reciprocal rate?"])
    history: list[StrictStr] | None = Field(None, description="Earlier user questions of the conversation, oldest first.")
    documents: list[StrictStr] | None = Field(None, description="Answer only from these doc_ids.")
    since: StrictStr | None = Field(None, description="Only documents dated on or after this day (YYYY-MM-DD).")
    until: StrictStr | None = Field(None, description="Only documents dated on or before this day (YYYY-MM-DD).")

    @field_validator("history", "documents", mode="before")
    @classmethod
    def _empty_is_none(cls, value):
        return value or None  # an empty (or false-y) list means no history, every document


class FeedbackCitation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    doc_id: StrictStr = Field(max_length=1000)
    n: int | None = None
    title: StrictStr | None = Field(None, max_length=1000)
    text: StrictStr | None = Field(None, max_length=4000)
    start: int | None = None
    end: int | None = None
    page: int | None = None
    score: float | None = None
    date: StrictStr | None = Field(None, max_length=10)


class FeedbackRequest(BaseModel):
    """The body of `POST /api/feedback`: a thumbs up or down on an answer."""

    model_config = ConfigDict(extra="ignore")

    question: StrictStr = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="The question asked.")
    history: list[StrictStr] | None = Field(None, max_length=MAX_HISTORY,
                                            description="Earlier questions of the conversation, oldest first.")
    answer: StrictStr = Field(min_length=1, max_length=MAX_ANSWER_CHARS, description="The answer given.")
    rating: Literal["up", "down"] = Field(description='"up": right; "down": wrong.')
    correct_answer: StrictStr | None = Field(None, max_length=MAX_CORRECT_ANSWER_CHARS,
                                             description="The right answer, when the answer was wrong.")
    citations: list[FeedbackCitation] | None = Field(None, max_length=MAX_CITATIONS,
                                                     description="The answer's citations, as /api/ask gave them.")

    @field_validator("question", "answer")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("blank")
        return value

    @field_validator("history")
    @classmethod
    def _short_history(cls, value):
        if value and any(len(h) > MAX_QUESTION_CHARS for h in value):
            raise ValueError("too long")
        return value


class FeedbackResponse(BaseModel):
    id: int


class ConversationSummary(BaseModel):
    id: str
    title: str
    created: str
    updated: str


class ConversationsResponse(BaseModel):
    conversations: list[ConversationSummary]


class CitationResponse(BaseModel):
    n: int
    doc_id: str
    title: str
    text: str
    start: int = Field(description="Offset of the quoted sentence in the document's extracted text.")
    end: int
    page: int | None
    score: float
    date: str | None


class AnswerResponse(BaseModel):
    """The `assistant ask --json` object."""

    question: str
    answer: str
    abstained: bool
    citations: list[CitationResponse]
    latency_ms: float


class HealthResponse(BaseModel):
    status: str
    documents: int
    chunks: int


class DocumentResponse(BaseModel):
    doc_id: str
    title: str
    date: str | None
    text: str = Field(description="The document's extracted text: citations' start and end are offsets into it.")


class ErrorResponse(BaseModel):
    error: str


class ApiError(Exception):
    """An error answered as `{"error": message}` with `status` and `headers`."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _bad_body(exc: ValidationError) -> str:
    """The one-line message of the first problem of an /api/ask body."""
    first = exc.errors()[0]
    name = first["loc"][0] if first["loc"] else None
    if name is None:
        return "the body must be a JSON object with a \"question\""
    if name == "question":
        return 'field "question" is required and must be a string'
    if name in ("history", "documents"):
        return f'field "{name}" must be a list of strings'
    return 'fields "since" and "until" must be dates like "2025-04-16"'


FEEDBACK_PROBLEMS = {
    "question": f'field "question" is required: a non-empty string of at most {MAX_QUESTION_CHARS:,} characters',
    "answer": f'field "answer" is required: a non-empty string of at most {MAX_ANSWER_CHARS:,} characters',
    "rating": 'field "rating" is required and must be "up" or "down"',
    "history": f'field "history" must be a list of at most {MAX_HISTORY} strings of at most {MAX_QUESTION_CHARS:,} '
               "characters",
    "correct_answer": f'field "correct_answer" must be a string of at most {MAX_CORRECT_ANSWER_CHARS:,} characters',
    "citations": f'field "citations" must be a list of at most {MAX_CITATIONS} citation objects, each with a "doc_id"',
}


async def feedback_request(request: Request) -> FeedbackRequest:
    return await _parsed_body(request, FeedbackRequest,
                              'the body must be JSON like {"question": "...", "answer": "...", "rating": "up"}',
                              _bad_feedback)


def _bad_feedback(exc: ValidationError) -> str:
    """The one-line message of the first problem of a /api/feedback body."""
    first = exc.errors()[0]
    name = first["loc"][0] if first["loc"] else None
    return FEEDBACK_PROBLEMS.get(name, 'the body must be a JSON object with "question", "answer" and "rating"')


async def _parsed_body(request: Request, model, not_json: str, problem: Callable[[ValidationError], str]):
    """The request body as `model`, or a 400 ApiError with one line: `not_json`, or `problem`'s reading of the
    first validation error (FastAPI's own 422 lists every error with its location)."""
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise ApiError(400, not_json) from None
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise ApiError(400, problem(exc)) from None


def user_of(request: Request) -> str:
    """The caller: the HTTP Basic user `guard_api` let in, or the anonymous user with login off."""
    return getattr(request.state, "user", None) or ANONYMOUS


async def ask_request(request: Request) -> AskRequest:
    return await _parsed_body(request, AskRequest,
                              'the body must be JSON like {"question": "What is Japan\'s reciprocal rate?"}', _bad_body)


def _status_of(exc: AssistantError) -> int:
    if isinstance(exc, QuestionError):
        return 400
    if isinstance(exc, DocumentNotFoundError):
        return 404
    if isinstance(exc, DocumentError):
        return 409
    if isinstance(exc, (IndexMissingError, StoreError, IndexBusyError)):
        return 503
    return 500 if isinstance(exc, ConfigError) else 400


def api_router(assistant, login: bool, chats=None) -> APIRouter:
    """`/api/ask`, `/api/health` and `/api/documents/{doc_id}` over `assistant`, `/api/feedback` and
    `/api/conversations` over `chats` (a ChatStore; None: no such routes); `login` declares HTTP Basic on them (in
    the OpenAPI schema; the check itself is `guard_api`'s, which covers every /api/* path)."""
    router = APIRouter(prefix="/api", dependencies=[Security(BASIC)] if login else [])
    ask_body = {"content": {"application/json": {"schema": AskRequest.model_json_schema()}}, "required": True}

    @router.post("/ask", responses={200: {"model": AnswerResponse}, 400: {"model": ErrorResponse},
                                    503: {"model": ErrorResponse}}, openapi_extra={"requestBody": ask_body})
    async def api_ask(request: Request):
        """Answer `{"question": str, "history": [str], "documents": [doc_id]}` with the `ask --json` object.

        Optional "since"/"until" (YYYY-MM-DD) limit the answer to documents dated in that range."""
        body = await ask_request(request)
        try:
            answer = await run_in_threadpool(assistant.ask, body.question, body.history or [], body.documents,
                                             body.since, body.until)
        except AssistantError as exc:
            return error(_status_of(exc), str(exc))
        except Exception as exc:
            log.exception("api/ask failed")
            return error(500, f"internal error ({type(exc).__name__}); see the server log")
        return answer.to_dict()

    @router.get("/health", responses={200: {"model": HealthResponse}, 503: {"model": ErrorResponse}})
    def api_health():
        """`{"status": "ok", "documents": int, "chunks": int}`; 503 with {"error"} when the index cannot be read."""
        try:
            return assistant.health()
        except AssistantError as exc:
            return error(503, str(exc))

    @router.get("/documents/{doc_id:path}", responses={200: {"model": DocumentResponse}, 404: {"model": ErrorResponse},
                                                     409: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
    def api_document(doc_id: str):
        """`{"doc_id", "title", "date", "text"}` of an indexed document (doc_id as citations give it, slashes
        and all); `text` is the extracted text citations' `start`/`end` point into. 404 for an unknown
        document, 409 when its file changed since it was indexed."""
        try:
            return assistant.document(doc_id)
        except AssistantError as exc:
            return error(_status_of(exc), str(exc))

    if chats is not None:
        conversation_routes(router, chats)
    unknown_paths(router)
    return router


def unknown_paths(router: APIRouter) -> None:
    """Every other /api/ path: a 404 (405 with Allow for a known path asked with another method) in the API's own
    `{"error"}` shape, not FastAPI's `{"detail"}` nor a page of the Gradio app mounted at `/`. Added last: routes
    match in order."""
    known = list(router.routes)

    @router.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
                      include_in_schema=False)
    def api_unknown(path: str, request: Request):
        allowed = sorted({m for r in known if r.path_regex.match(request.url.path) for m in r.methods or ()})
        if allowed:
            return error(405, f"{request.method} is not allowed on {request.url.path}: use {', '.join(allowed)}",
                         {"Allow": ", ".join(allowed)})
        return error(404, f"no such API path: {request.url.path} (see /api/docs)")


def conversation_routes(router: APIRouter, chats) -> None:
    """`POST /api/feedback` and the caller's own conversations (`GET /api/conversations`, `/api/conversations/{id}`,
    `/api/conversations/{id}/markdown`); another user's conversation is a 404, as a missing one."""
    from assistant.web.conversations import conversation_markdown

    feedback_body = {"content": {"application/json": {"schema": FeedbackRequest.model_json_schema()}}, "required": True}
    missing = "no such conversation"

    @router.post("/feedback", status_code=201, responses={201: {"model": FeedbackResponse},
                                                          400: {"model": ErrorResponse}},
                 openapi_extra={"requestBody": feedback_body})
    async def api_feedback(request: Request):
        """Store a thumbs up or down on an answer: `{"question": str, "history": [str], "answer": str, "rating":
        "up"|"down", "correct_answer": str}` (history, correct_answer and citations optional); 201 `{"id": int}`."""
        body = await feedback_request(request)
        feedback_id = await run_in_threadpool(
            chats.add_feedback, user_of(request), question=body.question, history=body.history or [],
            answer=body.answer, rating=body.rating, correct_answer=body.correct_answer or "",
            citations=[c.model_dump() for c in body.citations or []])
        return JSONResponse({"id": feedback_id}, status_code=201)

    @router.get("/conversations", responses={200: {"model": ConversationsResponse}})
    def api_conversations(request: Request):
        """The caller's conversations, most recently used first."""
        return {"conversations": [c.summary() for c in chats.conversations(user_of(request))]}

    @router.get("/conversations/{conversation_id}", responses={404: {"model": ErrorResponse}})
    def api_conversation(conversation_id: str, request: Request):
        """One of the caller's conversations with its questions and answers (`ask --json` objects)."""
        conversation = chats.conversation(user_of(request), conversation_id)
        return conversation.to_dict() if conversation else error(404, missing)

    @router.get("/conversations/{conversation_id}/markdown", response_class=PlainTextResponse,
                responses={404: {"model": ErrorResponse}})
    def api_conversation_markdown(conversation_id: str, request: Request):
        """One of the caller's conversations as Markdown, citations listed under each answer."""
        conversation = chats.conversation(user_of(request), conversation_id)
        if conversation is None:
            return error(404, missing)
        return PlainTextResponse(conversation_markdown(conversation), media_type="text/markdown; charset=utf-8")


async def _credentials(request: Request) -> tuple[str, str] | None:
    """(name, password) of the request's HTTP Basic header; None when missing or malformed."""
    given = await BASIC(request)
    if given is None and request.headers.get("authorization"):  # FastAPI reads ASCII only; curl sends UTF-8
        return basic_credentials(request.headers["authorization"])
    return (given.username, given.password) if given else None


class ApiLogin:
    """`guard_api`'s check as plain ASGI middleware. Starlette's `@app.middleware("http")` (BaseHTTPMiddleware) runs
    each request's app in a task of its own and relays its body through a stream: on every request, Gradio's queue
    and event streams included, that cost the server CPU for nothing (docs/benchmarks.md)."""

    def __init__(self, app, guard: LoginGuard | None):
        self.app, self.guard = app, guard

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        client = scope.get("client")
        CLIENT_ADDRESS.set(client[0] if client else "unknown")  # for the page's login too
        if self.guard is None or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        request = Request(scope)
        credentials = await _credentials(request)
        try:
            good = credentials is not None and await self.guard.check(*credentials, CLIENT_ADDRESS.get())
        except LockedOut as exc:
            return await error(429, str(exc), {"Retry-After": str(exc.retry_after)})(scope, receive, send)
        if not good:
            return await error(401, "login required: send HTTP Basic credentials of a user of the users file",
                               {"WWW-Authenticate": 'Basic realm="assistant"'})(scope, receive, send)
        request.state.user = credentials[0]  # whose feedback and conversations these are (kept in the scope)
        return await self.app(scope, receive, send)


def guard_api(app: FastAPI, guard: LoginGuard | None) -> None:
    """Note each request's client address (the page's login limits use it too) and, with login on, want HTTP
    Basic credentials of a user on every /api/ path: these routes, the API docs and the OpenAPI schema, and
    Gradio's own /api/{name}. A locked-out name or address gets a 429 with Retry-After; the password check
    runs off the event loop (`LoginGuard.check`)."""
    app.add_middleware(ApiLogin, guard=guard)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return error(exc.status, exc.message, exc.headers)
