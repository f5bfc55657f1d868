"""Every endpoint failure a user can cause becomes ONE actionable line (no SDK JSON dump)."""

from __future__ import annotations

import httpx2
import openai
import pytest

from agent.llm.client import Endpoint, open_endpoint, openai_client
from agent.llm.errors import FazhiLLMError
from agent.settings import Settings

URL = "http://llm.invalid/v1"


def _raise_from(status: int, message: str) -> FazhiLLMError:
    """Send one chat request to a fake endpoint answering ``status`` and translate what the SDK raises."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(status, json={"error": {"message": message, "type": "x"}})

    settings = Settings(base_url=URL, api_key="k", model="m", max_retries=0)
    client = openai.OpenAI(
        base_url=URL,
        api_key="k",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )
    with pytest.raises(FazhiLLMError) as info, open_endpoint(settings):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert "\n" not in str(info.value)
    return info.value


def test_wrong_key() -> None:
    assert "FAZHI_API_KEY" in str(_raise_from(401, "Incorrect API key provided"))


def test_unknown_model() -> None:
    assert "FAZHI_MODEL" in str(_raise_from(404, "The model `gpt-9` does not exist"))


def test_context_too_long() -> None:
    msg = str(_raise_from(400, "the request exceeds the available context size, try increasing it"))
    assert "context window" in msg and "FAZHI_CONTEXT_TOKENS" in msg


def test_other_bad_request_keeps_server_reason() -> None:
    assert "temperature must be" in str(_raise_from(400, "temperature must be >= 0"))


def test_server_error_after_retries() -> None:
    assert "HTTP 503" in str(_raise_from(503, "overloaded"))


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])  # loopback only, even under --block-network
def test_endpoint_down() -> None:
    """A real connection refused (port 9 on loopback has no listener): names the URL setting."""
    settings = Settings(base_url="http://127.0.0.1:9/v1", api_key="k", model="m", max_retries=0, timeout_s=5)
    with pytest.raises(FazhiLLMError) as info, open_endpoint(settings) as endpoint:
        openai_client(settings, endpoint).chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}]
        )
    assert "Cannot reach http://127.0.0.1:9/v1" in str(info.value)
    assert "FAZHI_BASE_URL" in str(info.value)


def test_configured_endpoint_used_as_is() -> None:
    settings = Settings(base_url="http://x/v1/", api_key=None, model=None)
    with open_endpoint(settings) as endpoint:
        assert endpoint == Endpoint("http://x/v1", "qwen2.5-coder-1.5b-instruct-q4_k_m", "sk-no-key-required")
