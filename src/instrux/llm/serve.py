"""A tiny OpenAI-compatible server over a local backend (``instrux llm serve``).

Standard library only (``http.server``), one request at a time per backend (the backend
holds a lock): enough to share one model between processes on one machine and to test
:class:`~instrux.llm.http.HttpBackend` against a real server. It answers
``POST /v1/chat/completions`` (the user messages joined are the prompt, used as is: the same
prompt text the local backends get; ``response_format`` with a JSON schema constrains the
output) and ``GET /v1/models``. Bind it to 127.0.0.1: there is no authentication.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from instrux.llm.backend import Backend

__all__ = ["make_server", "serve_in_thread"]

MAX_BODY = 1 << 20


def make_server(backend: Backend, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A server for ``backend`` (port 0: any free port; see ``server.server_address``)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._send(200, {"object": "list", "data": [{"id": backend.model,
                                                              "object": "model"}]})  # fmt: skip
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(404, {"error": {"message": f"no route {self.path}"}})
                return
            try:
                length = int(self.headers.get("Content-Length", "0"))
                if length > MAX_BODY:
                    raise ValueError("request body too large")
                body = json.loads(self.rfile.read(length))
                self._send(200, complete(backend, body))
            except (ValueError, KeyError, TypeError) as err:
                self._send(400, {"error": {"message": str(err), "type": "invalid_request"}})

        def _send(self, status: int, data: dict[str, Any]) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet: no request lines on stderr

    return ThreadingHTTPServer((host, port), Handler)


def complete(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    """One chat completion as the OpenAI API shapes it."""
    messages = body["messages"]
    prompt = "\n".join(str(m["content"]) for m in messages if m.get("role") == "user")
    schema = _schema(body.get("response_format"))
    generation = backend.generate(prompt, max_new_tokens=int(body.get("max_tokens") or 128),
                                  json_schema=schema)  # fmt: skip
    return {
        "id": f"chatcmpl-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": backend.model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": generation.text},
            "finish_reason": "length" if generation.stopped == "budget" else "stop",
        }],
        "usage": {
            "prompt_tokens": generation.prompt_tokens,
            "completion_tokens": generation.completion_tokens,
            "total_tokens": generation.prompt_tokens + generation.completion_tokens,
        },
    }  # fmt: skip


def _schema(response_format: Any) -> dict[str, Any] | None:
    if not isinstance(response_format, dict) or response_format.get("type") != "json_schema":
        return None
    schema = response_format["json_schema"]["schema"]
    if not isinstance(schema, dict):
        raise ValueError("response_format.json_schema.schema must be an object")
    return schema


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """Start ``server`` in a daemon thread (tests; ``server.shutdown()`` stops it)."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread
