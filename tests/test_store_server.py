"""Server mode from the command line: ``--chroma-url``, moving a store onto a server, ``doctor``,
a bearer token for an authenticating proxy, and a server that does not answer.

These tests share the session's Chroma server and its default database, which only this module
writes (the store tests each get a database of their own)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from store_fixtures import copy_samples
from typer.testing import CliRunner

from agent.cli.main import app

runner = CliRunner()
TOKEN = "proxy-token-for-tests"


_UNSET = {name: None for name in ("FAZHI_CHROMA_URL", "FAZHI_CHROMA_TOKEN", "FAZHI_BASE_URL", "OPENAI_BASE_URL")}
"""The developer's own store and endpoint settings stay out of these tests."""


def _run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), catch_exceptions=False, env={**_UNSET, **(env or {})})


def _json(*args: str, env: dict[str, str] | None = None):
    result = _run(*args, "--json", env=env)
    return result.exit_code, json.loads(result.stdout)


def test_a_store_moves_onto_a_server_and_every_command_uses_it(tmp_path: Path, chroma_url: str) -> None:
    home = str(tmp_path / "home")
    assert _run("ingest", str(copy_samples(tmp_path / "in")), "--home", home).exit_code == 0
    local = _json("reports", "--home", home)[1]
    local_hits = _json("search", "执法记录仪配备情况", "-k", "5", "--home", home)[1]

    server = ("--chroma-url", chroma_url)
    code, moved = _json(*server, "store", "migrate", "--home", home)
    assert code == 0 and (moved["copied"], moved["reports"], moved["to"]) == (5, 5, chroma_url)
    assert _json(*server, "store", "migrate", "--home", home)[1]["copied"] == 0, "a second run resumes, copies nothing"

    other_home = str(tmp_path / "another-laptop")  # nothing local: the server is the store
    assert _json(*server, "reports", "--home", other_home)[1] == local
    hits = _json(*server, "search", "执法记录仪配备情况", "-k", "5", "--home", other_home)[1]
    assert [(h["report_id"], h["start"]) for h in hits] == [(h["report_id"], h["start"]) for h in local_hits]
    assert not (tmp_path / "another-laptop" / "store").exists(), "server mode needs no local store"
    code, refused = _json("search", "执法记录仪", "--home", other_home)
    assert code == 1 and refused["error"]["kind"] == "store", "without --chroma-url: no local store there"

    west = next(r for r in local if r["town"] == "西大沟镇")
    assert _run(*server, "remove", west["id"][:8], "--home", other_home).exit_code == 0
    assert len(_json("reports", "--home", home, env={"FAZHI_CHROMA_URL": chroma_url})[1]) == 4
    assert len(_json("reports", "--home", home)[1]) == 5, "the embedded store is left as it was"


def test_doctor_says_which_store_and_where(tmp_path: Path, chroma_url: str) -> None:
    home = tmp_path / "home"
    assert _json("doctor", "--home", str(home))[1]["store"] == {"mode": "embedded", "path": str(home / "store")}
    report = _json("--chroma-url", chroma_url, "doctor", "--home", str(home))[1]
    store = report["store"]
    assert (store["mode"], store["url"]) == ("server", chroma_url) and "path" not in store
    counts = {key: store[key] for key in ("reports", "chunks", "vectors", "missing_vectors", "orphan_vectors")}
    assert counts["missing_vectors"] == counts["orphan_vectors"] == 0 and counts["vectors"] == counts["chunks"]
    assert next(c for c in report["checks"] if c["name"] == "store")["ok"]
    assert report["store_dir"] == str(home / "store")

    down = _json("--chroma-url", "http://127.0.0.1:9", "doctor", "--home", str(home))[1]
    assert down["store"] == {"mode": "server", "url": "http://127.0.0.1:9"}
    check = next(c for c in down["checks"] if c["name"] == "store")
    assert not check["ok"] and "cannot be used" in check["detail"]


class _BearerProxy:
    """An authenticating proxy in front of the test server, as the README sets one up: a request
    without ``Authorization: Bearer TOKEN`` gets 401, the others are passed on. Once a request's
    path ends with ``dies_at``, the proxy plays a server that died: it hangs up on every request."""

    def __init__(self, upstream: str) -> None:
        self.seen: list[str | None] = []
        self.dies_at: str | None = None
        self.dead = False
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def relay(self) -> None:
                proxy.seen.append(self.headers.get("Authorization"))
                proxy.dead = proxy.dead or bool(proxy.dies_at and self.path.endswith(proxy.dies_at))
                if proxy.dead:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    self.answer(401, b'{"error": "Unauthorized", "message": "missing or wrong token"}')
                    return
                answer = httpx.request(self.command, upstream + self.path, content=body or None,
                                       headers={"Content-Type": "application/json"})
                self.answer(answer.status_code, answer.content)

            def answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = relay

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def proxy(chroma_url: str) -> Iterator[_BearerProxy]:
    running = _BearerProxy(chroma_url)
    yield running
    running.close()


def test_the_token_reaches_an_authenticating_proxy(tmp_path: Path, proxy: _BearerProxy) -> None:
    home = str(tmp_path / "home")
    code, listed = _json("--chroma-url", proxy.url, "reports", "--home", home, env={"FAZHI_CHROMA_TOKEN": TOKEN})
    assert code == 0 and isinstance(listed, list)
    assert proxy.seen and set(proxy.seen) == {f"Bearer {TOKEN}"}

    code, refused = _json("--chroma-url", proxy.url, "reports", "--home", home)
    assert code == 1 and refused["error"]["kind"] == "store"
    assert TOKEN not in json.dumps(refused)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9", "ftp://example.org", "http://127.0.0.1:9/some/path", "http://127.0.0.1:port"]
)
def test_a_server_that_cannot_be_used_is_one_line_and_a_store_error(tmp_path: Path, url: str) -> None:
    result = _run("--chroma-url", url, "reports", "--home", str(tmp_path), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["kind"] == "store"
    assert result.stderr.count("\n") == 1 and url in result.stderr


@pytest.mark.parametrize("dies_at", ["/upsert", "/query"])
def test_a_server_that_dies_midway_is_one_line_and_loses_nothing(
    tmp_path: Path, proxy: _BearerProxy, dies_at: str
) -> None:
    """The server answers the store's opening, then hangs up in the middle of an ingest (at its
    first vector upsert) or a search (at its dense query): a store error naming the server, and
    the reports stored before are all there, with nothing half-stored beside them."""
    home, env = str(tmp_path / "home"), {"FAZHI_CHROMA_TOKEN": TOKEN}
    samples = copy_samples(tmp_path / "samples")
    first, *rest = sorted(samples.iterdir())
    assert _run("--chroma-url", proxy.url, "ingest", str(first), "--home", home, env=env).exit_code == 0
    before = {row["id"] for row in _json("--chroma-url", proxy.url, "reports", "--home", home, env=env)[1]}

    proxy.dies_at = dies_at
    command = ["ingest", *map(str, rest)] if dies_at == "/upsert" else ["search", "执法记录仪"]
    result = _run("--chroma-url", proxy.url, *command, "--home", home, "--json", env=env)
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "store" and "stopped answering" in error["message"] and proxy.url in error["message"]
    assert result.stderr.count("\n") == 1

    proxy.dies_at, proxy.dead = None, False
    assert {row["id"] for row in _json("--chroma-url", proxy.url, "reports", "--home", home, env=env)[1]} == before
