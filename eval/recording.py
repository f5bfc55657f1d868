"""Recorded-HTTP settings shared by the eval runner (and usable by tests/conftest.py).

Cassettes are recorded from the REAL model and replayed offline. Requests are matched on method,
URL parts AND body, so a changed prompt, pipeline or model setting makes replay fail loudly
(``CannotOverwriteExistingCassetteException``) instead of replaying a stale answer. The one part of
a body the match ignores is the cap on the answer's length (``max_tokens``): it does not change
what the model says below it, and ``tests/test_llm_bounds.py`` checks that every recorded answer
is within the cap its request carries now. Secret request headers are never written; volatile
response headers are dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

RECORD_PORT = 8765
"""The embedded llama-server's port while recording; replayed requests must hit the very same URL."""
MATCH_ON = ["method", "scheme", "host", "port", "path", "query", "body"]
SECRET_REQUEST_HEADERS = ["authorization", "openai-organization", "openai-project", "api-key", "x-api-key"]
DROPPED_RESPONSE_HEADERS = {"x-request-id", "set-cookie"}


ANSWER_CAPS = ("max_tokens", "max_completion_tokens")
"""Request fields that cap the answer's length, which replay does not match on."""


def _uncapped(request: Any) -> object:
    """A request's body as matched: its JSON without the answer caps, or the bytes as they are."""
    body = request.body
    try:
        data = json.loads(body) if body else body
    except (ValueError, TypeError):
        return body
    if isinstance(data, dict):
        for key in ANSWER_CAPS:
            data.pop(key, None)
    return data


def body_matcher(recorded: Any, sent: Any) -> None:
    """vcrpy's ``body`` matcher, blind to ``ANSWER_CAPS``."""
    if _uncapped(recorded) != _uncapped(sent):
        raise AssertionError("the request bodies differ (answer caps aside)")


def register_matchers(recorder: Any) -> None:
    """Put ``body_matcher`` in the place of vcrpy's own ``body`` on ``recorder`` (a ``vcr.VCR``)."""
    recorder.register_matcher("body", body_matcher)


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
    register_matchers(recorder)
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
