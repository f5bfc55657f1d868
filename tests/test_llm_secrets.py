"""No credential may ever be committed inside a recorded cassette (ours or anyone's in the repo)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SECRET_HEADERS = {"authorization", "api-key", "openai-organization", "openai-project", "x-api-key"}
DROPPED_RESPONSE_HEADERS = {"x-request-id", "set-cookie"}
KEY_PATTERN = re.compile(r"(sk-[A-Za-z0-9_\-]{16,}|Bearer\s+\S+)")


def _cassettes() -> list[Path]:
    found = {p for p in ROOT.glob("**/cassettes/**/*.yaml") if ".venv" not in p.parts}
    return sorted(found)


def test_there_are_cassettes_to_scan() -> None:
    assert _cassettes(), "expected recorded cassettes under tests/cassettes"


def test_no_api_key_or_auth_header_in_any_cassette(fake_api_key: str) -> None:
    for path in _cassettes():
        text = path.read_text(encoding="utf-8")
        assert fake_api_key not in text, f"{path}: the test API key leaked"
        assert not KEY_PATTERN.search(text), f"{path}: something that looks like a key or bearer token"
        for interaction in (yaml.safe_load(text) or {}).get("interactions", []):
            sent = {h.lower() for h in interaction["request"].get("headers", {})}
            assert not sent & SECRET_HEADERS, f"{path}: secret request header {sent & SECRET_HEADERS}"
            got = {h.lower() for h in interaction["response"].get("headers", {})}
            assert not got & DROPPED_RESPONSE_HEADERS, (
                f"{path}: response header {got & DROPPED_RESPONSE_HEADERS}"
            )
