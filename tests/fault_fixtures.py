"""Running fazhi as a real process against the fake endpoint (``fault_server``): the server and a
home with the samples as fixtures, and the command line and environment of such a process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_server import FaultServer
from store_fixtures import ROOT, SAMPLES

from store.store import ReportStore

KEY = "sk-test-secret-0123456789"
QUESTION = "陶家镇如何推进依法行政？"  # answered by the model from passages: one streamed call


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    fake = FaultServer()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A FAZHI_HOME holding the five samples (read-only use)."""
    home = tmp_path_factory.mktemp("fault-home")
    ReportStore(home / "store").ingest([SAMPLES])
    return home


def fazhi_env(home: Path, server: FaultServer, **env: str) -> dict[str, str]:
    """The environment of a fazhi process that talks to ``server`` with the key ``KEY``."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "OPENAI_"))}
    environment.update({"FAZHI_HOME": str(home), "FAZHI_BASE_URL": server.base_url, "FAZHI_API_KEY": KEY,
                        "FAZHI_MODEL": "fake-model", "FAZHI_MAX_RETRIES": "1", "FAZHI_TIMEOUT": "30",
                        "FAZHI_CONFIG": str(home / "no-config.toml"), **env})
    return environment


def fazhi_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from agent.cli.main import app; app()", *args]


def fazhi(home: Path, server: FaultServer, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(fazhi_command(*args), cwd=ROOT, env=fazhi_env(home, server, **env),
                          capture_output=True, text=True, timeout=300)
