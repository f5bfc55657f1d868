"""Shared store fixtures: a store with the bundled samples, and builders for test reports."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from store.store import ReportStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    """The five bundled sample reports, ingested once for the whole session (read-only use)."""
    store = ReportStore(tmp_path_factory.mktemp("samples-store"))
    summary = store.ingest([SAMPLES])
    assert summary.count("added") == 5, summary.as_dict()
    return store


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    """The ten fictional planted-fact reports of eval/corpus (read-only use)."""
    store = ReportStore(tmp_path_factory.mktemp("corpus-store"))
    store.ingest([p for p in (ROOT / "eval" / "corpus").iterdir() if p.suffix != ".yaml"])
    return store


@pytest.fixture
def fresh_store(tmp_path: Path) -> ReportStore:
    return ReportStore(tmp_path / "store")


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
