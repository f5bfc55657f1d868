"""``fazhi table`` with the model on every corpus in ``eval/`` and on a mixed folder of .txt, .docx
and .pdf: does it finish without an error everywhere (issue 22)?

    FAZHI_HOME=~/.local/share/fazhi .venv/bin/python bench/table_corpora.py [--no-llm] [--only digest*]

Each corpus is ingested into its own temporary home (the installed model and llama-server linked in
from ``FAZHI_HOME``) and put through the real command line, ``fazhi table --json``. The mixed folder
holds the bundled samples as .txt, ``eval/corpus``'s reports as .docx (python-docx) and
``eval/blind``'s .txt reports typeset as PDF (``tests/pdf_typeset.py``, a CJK font). Printed per
corpus: exit code, reports, filled cells, cells marked ambiguous, model calls and seconds.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pdf_typeset import typeset_pdf  # noqa: E402

from bench.planted_answers import home_with_model  # noqa: E402

_CLI = "from agent.cli.main import app; app()"
_SUFFIXES = {".txt", ".docx", ".doc", ".pdf", ".html", ".htm"}


def _paragraphs(path: Path) -> list[str]:
    from store.document import parse_file

    return [line.strip() for line in parse_file(path).norm.text.splitlines() if line.strip()]


def mixed_folder(target: Path) -> Path:
    """The samples as text, one corpus as Word files, another typeset as PDF."""
    import docx

    target.mkdir(parents=True)
    for path in sorted((ROOT / "samples").glob("*.txt")):
        (target / path.name).write_bytes(path.read_bytes())
    for path in sorted((ROOT / "eval" / "corpus").glob("*.txt")):
        document = docx.Document()
        for paragraph in _paragraphs(path):
            document.add_paragraph(paragraph)
        document.save(str(target / f"{path.stem}.docx"))
    for path in sorted((ROOT / "eval" / "blind" / "corpus").glob("*.txt")):
        lines = _paragraphs(path)
        typeset_pdf(target / f"{path.stem}.pdf", lines[0], lines[1:])
    return target


def run_table(folder: Path, home: Path, model_home: Path, no_llm: bool) -> str:
    env = {**os.environ, "FAZHI_HOME": str(home_with_model(home, model_home))}
    subprocess.run([sys.executable, "-c", _CLI, "-q", "ingest", str(folder), "--json"], cwd=ROOT, env=env,
                   capture_output=True, text=True, check=False)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CLI, "table", "--json", *(["--no-llm"] if no_llm else [])],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    try:
        rows = json.loads(done.stdout)
    except ValueError:
        last = next((line for line in reversed(done.stderr.splitlines()) if line.strip()), "")
        return f"exit {done.returncode:>3}  {seconds:6.1f} s  ERROR {last[:140]}"
    cells = [cell for row in rows for cell in row["cells"].values() if cell]
    calls = next((line for line in done.stderr.splitlines() if "model calls" in line or "调用模型" in line), "")
    return (f"exit {done.returncode:>3}  {seconds:6.1f} s  {len(rows):>3} reports  {len(cells):>4} cells  "
            f"{sum(1 for c in cells if c.get('ambiguous')):>3} ambiguous  {calls.strip()[:60]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-llm", action="store_true")
    parser.add_argument("--only", default=None, help="glob of corpus names (eval/<name>/corpus; 'corpus', 'mixed')")
    args = parser.parse_args()
    model_home = Path(os.environ.get("FAZHI_HOME", Path.home() / ".local/share/fazhi"))
    corpora = {path.parent.name if path.parent != ROOT / "eval" else "corpus": path
               for path in sorted((ROOT / "eval").glob("*/corpus")) + [ROOT / "eval" / "corpus"]}
    with tempfile.TemporaryDirectory() as tmp:
        corpora["mixed"] = mixed_folder(Path(tmp) / "mixed")
        errors = 0
        for name, folder in corpora.items():
            if args.only and not fnmatch.fnmatch(name, args.only):
                continue
            files = sum(1 for p in folder.iterdir() if p.suffix.lower() in _SUFFIXES)
            line = run_table(folder, Path(tmp) / f"home-{name}", model_home, args.no_llm)
            errors += "ERROR" in line or not line.startswith("exit   0")
            print(f"{name:<12} {files:>3} files  {line}", flush=True)
    print(f"{'patterns only' if args.no_llm else 'with the model'}: {errors} corpora with an error")


if __name__ == "__main__":
    main()
