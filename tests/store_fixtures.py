"""Shared store fixtures: a store with the bundled samples, builders for test reports, and a real
Chroma server (``chroma run``) so that the store tests that matter run in both store modes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import chromadb
import httpx
import pytest
from chromadb.config import Settings as ChromaSettings

from store.server import ChromaServer
from store.store import ReportStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
STORE_MODES = ("embedded", "server")
_SERVER_START_S = 60


def _chroma_executable() -> str | None:
    """The ``chroma`` CLI of the environment running the tests (the chromadb package installs it)."""
    beside = Path(sys.executable).with_name("chroma")
    return str(beside) if beside.exists() else shutil.which("chroma")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_heartbeat(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + _SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"chroma run exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"chroma run did not answer within {_SERVER_START_S} s: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``chroma run --path TMP --host 127.0.0.1 --port FREE`` for the whole session."""
    executable = _chroma_executable()
    if executable is None:
        pytest.skip("server-mode store tests need the `chroma` executable (from the chromadb package): not found")
    folder = tmp_path_factory.mktemp("chroma-server")
    port, log = _free_port(), folder / "server.log"
    with log.open("wb") as output:
        proc = subprocess.Popen(
            [executable, "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_heartbeat(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def new_server_store(url: str) -> ChromaServer:
    """A store of its own on the test server: a fresh Chroma database, so tests share one server
    without seeing each other's reports."""
    address = urlsplit(url)
    admin = chromadb.AdminClient(ChromaSettings(
        chroma_api_impl="chromadb.api.fastapi.FastAPI", chroma_server_host=address.hostname,
        chroma_server_http_port=address.port, anonymized_telemetry=False,
    ))
    database = f"test_{uuid.uuid4().hex[:12]}"
    admin.create_database(database)
    return ChromaServer(url, database=database)


@dataclass(frozen=True)
class StoreSite:
    """Where one test store lives: a folder (embedded) or a database on the test server. Each
    ``open`` is another client; on a server each client has its own cache folder, like two laptops."""

    folder: Path
    server: ChromaServer | None = None

    def open(self, client: str = "a") -> ReportStore:
        if self.server is None:
            return ReportStore(self.folder)
        return ReportStore(self.folder / client, server=self.server)


@pytest.fixture(params=STORE_MODES)
def store_site(request: pytest.FixtureRequest, tmp_path: Path) -> StoreSite:
    if request.param == "embedded":
        return StoreSite(tmp_path / "store")
    return StoreSite(tmp_path / "caches", new_server_store(request.getfixturevalue("chroma_url")))


@pytest.fixture(scope="session")
def embedded_sample_store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    """The five bundled sample reports, ingested once for the whole session (read-only use)."""
    store = ReportStore(tmp_path_factory.mktemp("samples-store"))
    summary = store.ingest([SAMPLES])
    assert summary.count("added") == 5, summary.as_dict()
    return store


@pytest.fixture(scope="session")
def sample_store(embedded_sample_store: ReportStore) -> ReportStore:
    """The samples store most tests read; a module that runs its tests in both store modes
    overrides this name (an override that requested it would re-create it for every parameter)."""
    return embedded_sample_store


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    """The ten fictional planted-fact reports of eval/corpus (read-only use)."""
    store = ReportStore(tmp_path_factory.mktemp("corpus-store"))
    store.ingest([p for p in (ROOT / "eval" / "corpus").iterdir() if p.suffix != ".yaml"])
    return store


@pytest.fixture(scope="session")
def hostile2_store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    """eval/hostile2: six reports written blind with planted notes and innocent look-alikes (read-only use)."""
    store = ReportStore(tmp_path_factory.mktemp("hostile2"))
    store.ingest([ROOT / "eval" / "hostile2" / "corpus"], vectors_later=True)
    return store


@pytest.fixture(scope="session")
def server_sample_store(chroma_url: str, tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    """The five sample reports in a store on the test Chroma server (read-only use)."""
    store = ReportStore(tmp_path_factory.mktemp("samples-caches"), server=new_server_store(chroma_url))
    summary = store.ingest([SAMPLES])
    assert summary.count("added") == 5, summary.as_dict()
    return store


@pytest.fixture
def fresh_store(store_site: StoreSite) -> ReportStore:
    """An empty store, in each store mode."""
    return store_site.open()


def make_report(
    town: str = "青石乡",
    county: str | None = "云岭县",
    year: int = 2024,
    sections: dict[str, str] | None = None,
    signature: str | None = "二〇二五年一月十五日",
) -> str:
    """A small, well-formed report written for tests (fictional town and county)."""
    sections = sections or {
        "一、主要举措和成效": "（一）加强队伍建设。全乡持证执法人员共18人，配备执法记录仪6台。\n（二）化解矛盾纠纷。全年调处矛盾纠纷120件，调解成功率98%。",
        "二、存在的不足和原因": "基层法治力量薄弱，专职法治工作人员不足。",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况": "乡党委书记带头学法，全年专题学法4次。",
        "四、下一年度推进法治政府建设的工作安排": "持续开展普法宣传，完善矛盾纠纷多元化解机制。",
        "五、其他需要报告的情况": "无。",
    }
    prefix = county or ""
    body = "\n\n".join(f"{heading}\n{text}" for heading, text in sections.items())
    closing = f"\n\n{prefix}{town}人民政府\n{signature}" if signature else ""
    return (
        f"{prefix}{town}{year}年度法治政府建设情况报告\n\n"
        f"{year}年，{town}坚持以习近平法治思想为指导，扎实推进法治政府建设，现将有关情况报告如下：\n\n"
        f"{body}{closing}\n"
    )


def five_part_report(measures: str, plans: str = "持续开展普法宣传。", **kwargs) -> str:
    """A report with all five mandated parts, its measures and plans as given (``make_report``'s
    other arguments pass through): what the table's readers are tested on."""
    return make_report(
        sections={
            "一、主要举措和成效": measures,
            "二、存在的不足和原因": "执法力量薄弱。",
            "三、党政主要负责人履行推进法治建设第一责任人职责情况": "书记带头学法。",
            "四、下一年度推进法治政府建设的工作安排": plans,
            "五、其他需要报告的情况": "无。",
        },
        **kwargs,
    )


@pytest.fixture
def write_report(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, text: str | None = None, encoding: str = "utf-8", **kwargs) -> Path:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((text if text is not None else make_report(**kwargs)).encode(encoding))
        return path

    return write


def copy_samples(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for path in SAMPLES.iterdir():
        shutil.copy(path, dest / path.name)
    return dest
