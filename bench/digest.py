"""How the county digest grows: model calls, prompt tokens and seconds for a memo over 5, 30, 100
and 300 reports of one county and year (synthetic: sections of the bundled and fictional reports
recombined under fresh town names, as in bench/ingest.py), with a scripted model that counts the
calls it gets and answers each with the first option (a fake, not a recording).

    .venv/bin/python bench/digest.py [--sizes 5,30,100,300]

Ingest time is reported apart: it is the store's cost, not the memo's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import build_corpus, load_sources  # noqa: E402

from agent.digest.build import build_digest  # noqa: E402
from store.store import ReportStore  # noqa: E402
from store.tokens import count_tokens  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "samples", ROOT / "eval" / "corpus", ROOT / "eval" / "digest" / "corpus"]


class CountingModel(GenericFakeChatModel):
    """Answers every request with option 1 and counts requests and prompt tokens."""

    calls: int = 0
    prompt_tokens: int = 0

    def bind(self, **kwargs):  # noqa: ANN003, ANN201
        return self

    def invoke(self, messages, *args, **kwargs) -> BaseMessage:  # noqa: ANN001, ANN002, ANN003
        self.calls += 1
        self.prompt_tokens += sum(count_tokens(str(m[1] if isinstance(m, tuple) else m.content)) for m in messages)
        return AIMessage(content='{"choice": 1}')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,30,100,300")
    args = parser.parse_args()
    sources = load_sources(sorted(p for d in SOURCES for p in d.iterdir() if p.suffix in (".txt", ".html", ".docx")))
    print("reports  ingest s  memo s  model calls  prompt tokens  paragraphs  citations  calls target")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="fazhi-digest-bench-") as tmp:
            paths = build_corpus(sources, size, Path(tmp) / "corpus", seed=7, county="测试县", year=2024)
            store = ReportStore(Path(tmp) / "store")
            started = time.perf_counter()
            store.ingest(paths)
            ingest = time.perf_counter() - started
            model = CountingModel(messages=iter([]))
            started = time.perf_counter()
            memo = build_digest(store, county="测试县", year=2024, model=model)
            seconds = time.perf_counter() - started
            paragraphs = sum(len(s.paragraphs) for s in memo.sections)
            target = size + size // 4 + 10
            print(f"{len(memo.reports):7d}  {ingest:8.1f}  {seconds:6.1f}  {model.calls:11d}  {model.prompt_tokens:13d}"
                  f"  {paragraphs:10d}  {len(memo.citations):9d}  <= {target}")


if __name__ == "__main__":
    main()
