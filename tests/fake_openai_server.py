"""A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions protocol, for the LLM tests.

The one fake of the suite: a remote LLM cannot run here. It answers `POST /v1/chat/completions`, as one JSON
object or as server-sent events when the request asks `"stream": true`, with a reply each test chooses:

    with FakeOpenAIServer() as server:
        server.reply = "Japan faces 24% [2]."                # a fixed text
        server.reply = lambda request: "..."                 # computed from the request (e.g. a passage number)
        server.fail(500)                                     # an HTTP error
        server.hang(5)                                       # no reply for 5 s (past the client's timeout)
        server.chunk_delay_s = 0.2                           # a pause between streamed deltas (a slow model)
        ... ASSISTANT_LLM_BASE_URL=server.url ...
        server.requests[0]["messages"]                       # what the assistant sent
        server.connections                                   # TCP connections accepted, requests or not
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Reply = str | Callable[[dict], str]


class FakeOpenAIServer:
    def __init__(self) -> None:
        self.reply: Reply = "Not found in the documents."
        self.status = 200
        self.delay_s = 0.0
        self.chunk_delay_s = 0.0
        self.requests: list[dict] = []
        self.connections = 0
        self._release = threading.Event()  # set on stop: a hanging handler returns at once
        owner = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request, client_address) -> bool:
                owner.connections += 1
                return True

        self._httpd = Server(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-openai", daemon=True)

    @property
    def url(self) -> str:
        """The API root to configure as ASSISTANT_LLM_BASE_URL."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def fail(self, status: int) -> None:
        self.status = status

    def hang(self, seconds: float) -> None:
        self.delay_s = seconds

    def user_message(self, index: int = -1) -> str:
        """The user message of a recorded request (the last by default)."""
        return next(m["content"] for m in self.requests[index]["messages"] if m["role"] == "user")

    def system_message(self, index: int = -1) -> str:
        return next(m["content"] for m in self.requests[index]["messages"] if m["role"] == "system")

    def start(self) -> "FakeOpenAIServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "FakeOpenAIServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _text_for(self, request: dict) -> str:
        return self.reply(request) if callable(self.reply) else self.reply


def _handler(server: FakeOpenAIServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: pytest shows failures, not access logs
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            request = json.loads(body or b"{}")
            server.requests.append(request)
            if server.delay_s and server._release.wait(server.delay_s):
                return  # stopped while hanging
            if server.status != 200:
                return self._json(server.status, {"error": {"message": "fake server error", "type": "server_error"}})
            text = server._text_for(request)
            if request.get("stream"):
                return self._stream(request, text)
            self._json(200, {
                "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                "model": request.get("model", "fake"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            })

        def _json(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout); nothing to tell it

        def _stream(self, request: dict, text: str) -> None:
            """Server-sent events: the text in word-sized deltas, then a stop chunk and [DONE]."""
            pieces = [w + " " for w in text.split(" ")]
            pieces[-1] = pieces[-1][:-1]
            base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                    "model": request.get("model", "fake")}
            events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                            "finish_reason": None}]}]
            events += [{**base, "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
                       for p in pieces]
            events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                for event in events:
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                    if server.chunk_delay_s and server._release.wait(server.chunk_delay_s):
                        return  # stopped mid-stream
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

    return Handler
