"""Recorded-HTTP settings shared by the eval runner (and usable by tests/conftest.py).

Cassettes are recorded from the REAL model and replayed offline. Requests are matched on method,
URL parts AND body, so a changed prompt, pipeline or model setting makes replay fail loudly
(``CannotOverwriteExistingCassetteException``) instead of replaying a stale answer. Secret request
headers are never written; volatile response headers are dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

RECORD_PORT = 8765
"""The embedded llama-server's port while recording; replayed requests must hit the very same URL."""
MATCH_ON = ["method", "scheme", "host", "port", "path", "query", "body"]
SECRET_REQUEST_HEADERS = ["authorization", "openai-organization", "openai-project", "api-key", "x-api-key"]
DROPPED_RESPONSE_HEADERS = {"x-request-id", "set-cookie"}


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in DROPPED_RESPONSE_HEADERS:
            del headers[name]
    return response


def vcr_config() -> dict[str, Any]:
    """The vcrpy options every fazhi cassette is recorded and replayed with."""
    return {
        "match_on": list(MATCH_ON),
        "filter_headers": list(SECRET_REQUEST_HEADERS),
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
    }


@contextmanager
def cassette(path: Path, record: bool) -> Iterator[Any]:
    """Record into (a fresh) ``path`` or replay from it; replay never touches the network."""
    import vcr

    path.parent.mkdir(parents=True, exist_ok=True)
    if record and path.exists():
        path.unlink()
    recorder = vcr.VCR(**vcr_config())
    with recorder.use_cassette(str(path), record_mode="once" if record else "none") as cass:
        yield cass
    if record and not path.exists():  # a case that needed no model call still counts as recorded
        path.write_text("interactions: []\nversion: 1\n", encoding="utf-8")


def is_replay_mismatch(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) is vcrpy refusing a request the cassette lacks."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if type(current).__name__ == "CannotOverwriteExistingCassetteException":
            return True
        current = current.__cause__ or current.__context__
    return False
