"""Suite-wide pytest config: recorded HTTP (pytest-recording/vcrpy) and the model endpoint fixture.

Cassettes are recorded from the REAL local model, never written by hand. Replay is the default
(pytest-recording's record mode is ``none``) and needs no server: requests are matched on method,
URL parts AND body, so a changed prompt fails loudly instead of replaying a stale answer.

Re-record every cassette (needs ``fazhi model install`` done; starts llama-server on a fixed port
so the recorded URLs replay unchanged)::

    scripts/record-cassettes          # = .venv/bin/pytest -m vcr --record-mode=rewrite

``record_mode`` must not be set in ``vcr_config``: pytest-recording lets it override the CLI flag.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import pytest

from agent.llm.client import Endpoint
from agent.settings import DEFAULT_LOCAL_MODEL, Settings
from eval.recording import RECORD_PORT, register_matchers
from eval.recording import vcr_config as recording_config

pytest_plugins = ["store_fixtures", "fault_fixtures"]

# The suite's expected help, tables and summaries are English whatever the machine's locale; a test
# of the Chinese interface asks for it (FAZHI_LANG=zh in the environment it runs the CLI with).
os.environ["FAZHI_LANG"] = "en"

FAKE_API_KEY = "sk-fazhi-test-DO-NOT-RECORD-0123456789"
"""Sent with every recorded request so the secret-scan test can prove it never reaches a cassette."""

@pytest.fixture(scope="session", autouse=True)
def no_user_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test reads the developer's own ``config.toml``: FAZHI_CONFIG names a file that does not
    exist (a test that wants one sets its own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FAZHI_CONFIG", str(tmp_path_factory.mktemp("no-config") / "config.toml"))
        yield


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    """The one recording config, shared with the eval runner (``eval/recording.py``)."""
    return recording_config()


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    """Every cassette is replayed with the matchers the eval runner uses (``eval/recording.py``)."""
    register_matchers(vcr)


@pytest.fixture(scope="session")
def recording(request: pytest.FixtureRequest) -> bool:
    """True under ``--record-mode=once|rewrite|...``: fixtures then start the real services."""
    return (request.config.getoption("--record-mode") or "none") != "none"


def _serving(port: int) -> bool:
    """A recording llama-server is already up on ``port`` (another recording run shares it)."""
    import httpx

    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="session")
def llm_endpoint(recording: bool) -> Iterator[Endpoint]:
    """The fixed local endpoint cassettes are recorded from; a real llama-server only when recording."""
    url = f"http://127.0.0.1:{RECORD_PORT}/v1"
    with contextlib.ExitStack() as stack:
        if recording and not _serving(RECORD_PORT):
            from agent.llm.local_server import local_server

            stack.enter_context(local_server(Settings(local_port=RECORD_PORT)))
        yield Endpoint(url, DEFAULT_LOCAL_MODEL, FAKE_API_KEY)


@pytest.fixture
def llm_settings(llm_endpoint: Endpoint) -> Settings:
    """Settings aimed at the recorded endpoint, explicit so the developer's environment can't leak in."""
    return Settings(
        base_url=llm_endpoint.base_url,
        api_key=FAKE_API_KEY,
        model=DEFAULT_LOCAL_MODEL,
        temperature=0.0,
        timeout_s=300.0,
        max_retries=2,
    )


@pytest.fixture(scope="session")
def fake_api_key() -> str:
    return FAKE_API_KEY
