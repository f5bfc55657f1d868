"""A fake OpenAI-compatible endpoint on 127.0.0.1 that misbehaves on purpose.

Tests point fazhi at it (``FAZHI_BASE_URL``) instead of mocking the client, so the real SDK, the
real LangChain model and the real error handling meet a real socket. ``FaultServer.fault`` picks
what the next requests get:

``reply``         a well-formed answer whose content is ``FaultServer.content`` (stream or not)
``bad_json``      HTTP 200 with a body that is not JSON
``empty_stream``  a stream that ends (``[DONE]``) before any content
``cut_stream``    a stream that stops mid-answer without ``[DONE]`` (the connection closes)
``status``        HTTP ``FaultServer.status`` with an OpenAI-style error body
``echo_key``      HTTP ``FaultServer.status`` whose message repeats the Authorization header it got
``no_embedding``  an embeddings answer with an empty ``data`` list
``hang``          nothing at all: the request is read and never answered (for a minute)
``huge``          an answer of ``FaultServer.huge_chars`` characters, whatever ``max_tokens`` asked
``cut_utf8``      a stream whose second event holds a character cut in half, then closes
``echo_reply``    a well-formed answer whose content is the Authorization header it got

``FaultServer.delay`` seconds pass before any answer (a slow model, to interrupt). Every
request's path and Authorization header are kept in ``FaultServer.seen``, its JSON body in
``FaultServer.bodies``. A stream carries a usage chunk only when ``FaultServer.stream_usage`` is
set and the request asked for one (``stream_options.include_usage``), as llama-server does.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FaultServer:
    def __init__(self) -> None:
        self.fault = "reply"
        self.content = "好的。"
        self.status = 500
        self.delay = 0.0
        self.huge_chars = 2_000_000
        self.stream_usage = False
        self.seen: list[tuple[str, str]] = []
        self.bodies: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # /v1/models
                self._send(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                server.seen.append((self.path, self.headers.get("Authorization", "")))
                server.bodies.append(body)
                time.sleep(server.delay)
                fault = server.fault
                if fault == "hang":
                    time.sleep(60)
                    return
                if fault == "status":
                    self._send(server.status, {"error": {"message": f"fake failure {server.status}", "type": "server_error"}})
                elif fault == "echo_key":
                    self._send(server.status, {"error": {"message": f"bad key {self.headers.get('Authorization', '')}",
                                                         "type": "auth"}})
                elif fault == "bad_json":
                    self._raw(200, b"<html>not json{", "application/json")
                elif self.path.endswith("/embeddings"):
                    data = [] if fault == "no_embedding" else [
                        {"object": "embedding", "index": i, "embedding": [0.1] * 8} for i, _ in enumerate(body.get("input", []))]
                    self._send(200, {"object": "list", "data": data, "model": "fake-embed"})
                elif body.get("stream"):
                    self._stream(fault, self._content(fault), bool((body.get("stream_options") or {}).get("include_usage")))
                else:  # "length": a reply cut at max_tokens, as an endpoint reports one
                    self._send(200, _completion(self._content(fault), "length" if fault == "length" else "stop"))

            def _content(self, fault: str) -> str:
                if fault == "huge":
                    return (server.content * (server.huge_chars // max(1, len(server.content)) + 1))[: server.huge_chars]
                if fault == "echo_reply":
                    return f"ok {self.headers.get('Authorization', '')}"
                return server.content

            def _stream(self, fault: str, content: str, include_usage: bool) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                if fault == "empty_stream":
                    pieces = []
                elif fault == "huge":
                    pieces = [content[start : start + 2000] for start in range(0, len(content), 2000)]
                elif fault in ("cut_stream", "cut_utf8"):
                    pieces = [content[:2]]
                else:
                    pieces = [content[:2], content[2:]]
                try:
                    for piece in pieces:
                        self.wfile.write(b"data: " + json.dumps(_chunk(piece), ensure_ascii=False).encode() + b"\n\n")
                        self.wfile.flush()
                except ConnectionError:  # the client stopped reading (fazhi does, past a reply's limit)
                    self.close_connection = True
                    return
                if fault == "cut_utf8":  # an event holding two bytes of a three-byte character, then the end
                    self.wfile.write(b'data: {"choices": [{"index": 0, "delta": {"content": "\xe6\xb3"}}]}\n\n')
                elif fault != "cut_stream":
                    self.wfile.write(b"data: " + json.dumps(_chunk("", "stop")).encode() + b"\n\n")
                    if include_usage and server.stream_usage:
                        self.wfile.write(b"data: " + json.dumps(_usage_chunk()).encode() + b"\n\n")
                    self.wfile.write(b"data: [DONE]\n\n")
                self.close_connection = True

            def _send(self, status: int, payload: dict) -> None:
                self._raw(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

            def _raw(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("retry-after-ms", "10")  # the SDK honours it: retries stay fast
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._http.server_address[1]}/v1"
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()


def _completion(content: str, finish: str = "stop") -> dict:
    return {"id": "fake", "object": "chat.completion", "created": 0, "model": "fake-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}


def _usage_chunk() -> dict:
    """The chunk with no choices that ends a stream asked for ``include_usage``."""
    return {"id": "fake", "object": "chat.completion.chunk", "created": 0, "model": "fake-model", "choices": [],
            "usage": {"prompt_tokens": 321, "completion_tokens": 12, "total_tokens": 333}}


def _chunk(content: str, finish: str | None = None) -> dict:
    return {"id": "fake", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
            "choices": [{"index": 0, "delta": {"content": content} if content else {}, "finish_reason": finish}]}
