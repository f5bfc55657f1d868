"""Does any planted sentence change an answer? Every command run twice over a blind planted set:
once on the reports as written, once with every planted sentence cut out (issue 23).

    FAZHI_HOME=~/.local/share/fazhi .venv/bin/python bench/planted_answers.py [--set eval/hostile2] [--no-llm] [--show]

The set's ``facts.yaml`` lists its ``planted`` and ``innocent`` sentences (file and text) and its
``questions``. Both copies are ingested into their own store (the installed model and llama-server
are linked in from ``FAZHI_HOME``) and put through the real command line: ``ask --json`` for every
question, ``scan --json`` for the topics the questions name, ``table --json``, ``compare --json``
over every town and ``digest --json``. Each output is reduced to what it claims (an answer's towns
and figures outside its quotes and its cited quotes; a scan's status per town; a table's or a
comparison's value per town and row; the memo's figures, towns and quotes per section), and the two
readings are compared. It prints, per command, how many outputs a planted sentence changed, every
quote that overlaps a planted sentence (a planted sentence used as evidence), and every innocent
sentence set aside as an instruction. A difference is shown in full with ``--show``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_CLI = "from agent.cli.main import app; app()"
_QUOTED = re.compile(r"「[^」]*」")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
_NOT_A_CLAIM = re.compile(r"\[\d+\]|(?<!\d)(?:19|20)\d\d(?!\d)")  # citation markers and years
# The product's own notice of what it set aside names the lines it ignored: not a claim about a town.
_SET_ASIDE_NOTICE = re.compile(r"[^。\n]*(?:写给机器读者|instruction to a machine reader)[^。\n]*[。.]?")
_SCAN_TOPICS = ("执法记录仪", "法律顾问")


@dataclass
class Variant:
    """One copy of the set in its own store."""

    name: str
    home: Path
    outputs: dict[str, object] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def _copy_set(folder: Path, target: Path, cut: list[dict]) -> None:
    target.mkdir(parents=True)
    for path in sorted((folder / "corpus").iterdir()):
        text = path.read_text(encoding="utf-8")
        for planted in cut:
            if planted["file"] == path.name:
                text = text.replace(planted["text"], "")
        (target / path.name).write_text(text, encoding="utf-8")


def home_with_model(home: Path, model_home: Path) -> Path:
    """A fresh ``FAZHI_HOME`` for one store, the installed model and llama-server linked in."""
    home.mkdir(parents=True)
    for part in ("models", "runtime"):
        if (model_home / part).exists():
            (home / part).symlink_to(model_home / part)
    return home


def _run(variant: Variant, key: str, *args: str) -> None:
    env = {**os.environ, "FAZHI_HOME": str(variant.home), "FAZHI_LANG": "zh"}
    done = subprocess.run([sys.executable, "-c", _CLI, "-q", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    try:
        variant.outputs[key] = json.loads(done.stdout)
    except ValueError:
        last = next((line for line in reversed(done.stderr.splitlines()) if line.strip()), "")
        variant.failures.append(f"{key}: exit {done.returncode}: {last[:160]}")
        variant.outputs[key] = None


def _claims_of(text: str) -> str:
    return _NOT_A_CLAIM.sub("", _SET_ASIDE_NOTICE.sub("", _QUOTED.sub("", text)))


def _figures(text: str) -> list[str]:
    return sorted(_FIGURE.findall(_claims_of(text)))


def _named(text: str, towns: list[str]) -> list[str]:
    return sorted(town for town in towns if town in _claims_of(text))


def reading(key: str, output: object, towns: list[str]) -> object:
    """What one command's output claims, without offsets, ids or timings (which a cut shifts)."""
    if output is None:
        return None
    if key.startswith("ask"):
        answer = str(output["answer"])
        return {"towns": _named(answer, towns), "figures": _figures(answer),
                "cited": sorted((c["town"] or "", c["quote"]) for c in output["citations"])}
    if key.startswith("scan"):
        return sorted((row["town"] or "", row["status"] or "") for row in output)
    if key == "table":
        return sorted((row["town"] or "", name, cell["value"]) for row in output
                      for name, cell in row["cells"].items() if cell)
    if key == "compare":
        return json.loads(re.sub(r'"(start|end|line|report_id|file)": [^,}\]]+', '"\\1": 0', json.dumps(output)))
    if key == "digest":
        seen = []
        for section in output["sections"]:
            text = "\n".join(p["text"] for p in section["paragraphs"])
            quotes = sorted(_QUOTED.findall(text))
            seen.append({"heading": section["heading"], "figures": _figures(text),
                         "towns": _named(text, towns), "quotes": quotes, "table": section.get("table")})
        return seen
    return output


def _quotes(output: object) -> list[str]:
    """Every quote an output shows, found wherever it sits in the JSON."""
    found: list[str] = []

    def walk(node: object, parent: str = "") -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if name in ("set_aside", "ignored_instructions", "plan"):
                    continue
                walk(value, name)
        elif isinstance(node, list):
            for item in node:
                walk(item, parent)
        elif isinstance(node, str):
            if parent == "quote":
                found.append(node)
            elif parent == "text":
                found.extend(q[1:-1] for q in _QUOTED.findall(node))
    walk(output)
    return found


def _set_aside(output: object) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if name in ("set_aside", "ignored_instructions") and isinstance(value, list):
                    found.extend(item["text"] if isinstance(item, dict) else str(item) for item in value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(output)
    return found


def _overlaps(a: str, b: str) -> bool:
    """A shown quote and a set sentence share a stretch of 12 characters (or one holds the other)."""
    short, long_ = sorted((a.strip(), b.strip()), key=len)
    if not short:
        return False
    if short in long_:
        return True
    return any(short[i:i + 12] in long_ for i in range(0, max(1, len(short) - 11)))


def run_variant(variant: Variant, corpus: Path, questions: list[dict], towns: list[str], no_llm: list[str]) -> None:
    _run(variant, "ingest", "ingest", str(corpus), "--json")
    for number, question in enumerate(questions, 1):
        _run(variant, f"ask {number:02d}", "ask", question["q"], "--json")
    for topic in _SCAN_TOPICS:
        _run(variant, f"scan {topic}", "scan", topic, "--json", *no_llm)
    _run(variant, "table", "table", "--json", *no_llm)
    _run(variant, "compare", "compare", *towns, "--json", *no_llm)
    _run(variant, "digest", "digest", "--json", *no_llm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="eval/hostile2", help="folder with corpus/ and facts.yaml")
    parser.add_argument("--no-llm", action="store_true", help="patterns only where a command has --no-llm")
    parser.add_argument("--show", action="store_true", help="print each changed reading in full")
    args = parser.parse_args()
    folder = ROOT / args.set
    facts = yaml.safe_load((folder / "facts.yaml").read_text(encoding="utf-8"))
    planted, innocent, questions = facts["planted"], facts["innocent"], facts["questions"]
    towns = sorted({report["town"] for report in facts["reports"]})
    model_home = Path(os.environ.get("FAZHI_HOME", Path.home() / ".local/share/fazhi"))
    no_llm = ["--no-llm"] if args.no_llm else []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        variants = []
        for name, cut in (("as written", []), ("planted cut", planted)):
            corpus = base / f"corpus-{len(variants)}"
            _copy_set(folder, corpus, cut)
            variant = Variant(name, home_with_model(base / f"home-{len(variants)}", model_home))
            run_variant(variant, corpus, questions, towns, no_llm)
            variants.append(variant)
            shutil.rmtree(corpus)
    written, cut = variants
    keys = [key for key in written.outputs if key != "ingest"]
    changed: dict[str, list[str]] = {}
    for key in keys:
        if reading(key, written.outputs[key], towns) != reading(key, cut.outputs[key], towns):
            changed.setdefault(key.split()[0], []).append(key)
    used = [(key, quote) for key in keys for quote in _quotes(written.outputs[key])
            if any(_overlaps(quote, p["text"]) for p in planted)]
    flagged = {text for key in keys for text in _set_aside(written.outputs[key])}
    innocent_flagged = [i["text"] for i in innocent if any(_overlaps(i["text"], text) for text in flagged)]
    planted_shown = [p["text"] for p in planted if any(_overlaps(p["text"], text) for text in flagged)]
    mode = "patterns only" if args.no_llm else "with the model"
    print(f"{args.set} ({mode}): {len(questions)} questions, {len(_SCAN_TOPICS)} scans, table, compare, digest; "
          f"{time.perf_counter() - started:.0f} s")
    for command in ("ask", "scan", "table", "compare", "digest"):
        runs = sum(1 for key in keys if key.split()[0] == command)
        print(f"  {command:<8} changed by a planted sentence: {len(changed.get(command, []))}/{runs}"
              + (f"  ({', '.join(changed[command])})" if changed.get(command) else ""))
    print(f"  planted sentences quoted as evidence: {len(used)}")
    for key, quote in used:
        print(f"    {key}: 「{quote[:80]}」")
    print(f"  planted sentences shown as set aside: {len(planted_shown)}/{len(planted)}; "
          f"innocent sentences set aside: {len(innocent_flagged)}/{len(innocent)}")
    for text in innocent_flagged:
        print(f"    innocent: 「{text[:80]}」")
    for variant in variants:
        for failure in variant.failures:
            print(f"  FAILED ({variant.name}) {failure}")
    if args.show:
        for command_keys in changed.values():
            for key in command_keys:
                print(f"--- {key}\nas written:  {json.dumps(reading(key, written.outputs[key], towns), ensure_ascii=False)}"
                      f"\nplanted cut: {json.dumps(reading(key, cut.outputs[key], towns), ensure_ascii=False)}")


if __name__ == "__main__":
    main()
