"""A stand-in for llama-server, run as the local model's binary: what a chat's start and exit wait on.

Started the way fazhi starts llama-server (``--port N`` among its arguments), it answers ``/health``
with 503 for ``FAKE_LOAD_S`` seconds (the model loading), then 200, and writes the file
``FAKE_READY_FILE`` when it does; chat completions get ``FAKE_CONTENT`` (streamed or not). On
SIGTERM it goes on for ``FAKE_TERM_S`` seconds before it exits (a server that stops slowly); only
SIGKILL ends it at once. Its pid goes to ``FAKE_PID_FILE``. No model, no GPU, no network.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fault_server import _chunk, _completion  # noqa: E402


def main(argv: list[str]) -> None:
    port = int(argv[argv.index("--port") + 1])
    load_s = float(os.environ.get("FAKE_LOAD_S", "0"))
    term_s = float(os.environ.get("FAKE_TERM_S", "0"))
    content = os.environ.get("FAKE_CONTENT", "好的。")
    ready_file = os.environ.get("FAKE_READY_FILE")
    if pid_file := os.environ.get("FAKE_PID_FILE"):
        Path(pid_file).write_text(str(os.getpid()))
    started = time.monotonic()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            loaded = time.monotonic() - started >= load_s
            if loaded and ready_file and not Path(ready_file).exists():
                Path(ready_file).write_text("ready")
            self._send(200 if loaded else 503, {"status": "ok" if loaded else "loading model"})

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
            if not body.get("stream"):
                self._send(200, _completion(content))
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            for piece in (_chunk(content), _chunk("", "stop")):
                self.wfile.write(b"data: " + json.dumps(piece, ensure_ascii=False).encode() + b"\n\n")
            self.wfile.write(b"data: [DONE]\n\n")
            self.close_connection = True

        def _send(self, status: int, payload: dict) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Timer(term_s, lambda: os._exit(0)).start())
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
