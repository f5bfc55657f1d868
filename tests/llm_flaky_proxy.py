"""A reverse proxy that answers the FIRST POST with 503, then forwards everything upstream.

Used only while recording the retry cassette: it runs as a separate process so vcrpy (which
patches this test process's HTTP clients) records the client's two requests, not the proxy's.
Usage: python tests/llm_flaky_proxy.py LISTEN_PORT UPSTREAM_BASE (e.g. http://127.0.0.1:8765)
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_failed = False


class Handler(BaseHTTPRequestHandler):
    upstream = ""

    def _forward(self, body: bytes | None) -> None:
        req = urllib.request.Request(self.upstream + self.path, data=body, method=self.command)
        req.add_header("Content-Type", self.headers.get("Content-Type", "application/json"))
        try:
            with urllib.request.urlopen(req, timeout=600) as resp:
                status, data, ctype = resp.status, resp.read(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            status, data, ctype = err.code, err.read(), err.headers.get("Content-Type", "")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._forward(None)

    def do_POST(self) -> None:
        global _failed
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if not _failed:
            _failed = True
            data = b'{"error": {"message": "flaky proxy: simulated overload", "type": "unavailable"}}'
            self.send_response(503)
            self.send_header("Content-Type", "application/json")
            self.send_header("retry-after-ms", "50")  # the OpenAI SDK honours it: fast replay
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self._forward(body)

    def log_message(self, format: str, *args: object) -> None:
        return


if __name__ == "__main__":
    Handler.upstream = sys.argv[2].rstrip("/")
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
