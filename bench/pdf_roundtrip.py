"""Typeset every bundled and eval report as a PDF and check that it reads back as its text.

Each .txt report is set in the 公文 layout by ``tests/pdf_typeset.py`` (16 pt, 28 characters a
line, first-line indents, justified lines, paragraphs running across pages, page numbers), loaded
by ``store.loaders.load_text`` and cleaned; the clean text must equal the clean text of the .txt.
It prints one line per report that differs (the first differing line of each) and a summary line,
and exits 1 when any differs (issue 22, item 7: line breaks inside words and figures).

    .venv/bin/python bench/pdf_roundtrip.py [FOLDER ...]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pdf_typeset import typeset_pdf  # noqa: E402

from store.loaders import decode_bytes, load_text  # noqa: E402
from store.normalize import normalize  # noqa: E402

DEFAULT_FOLDERS = [ROOT / "samples", ROOT / "eval" / "corpus", *sorted((ROOT / "eval").glob("*/corpus"))]


def first_difference(path: Path, scratch: Path) -> str | None:
    """None when the typeset PDF of ``path`` cleans to the text ``path`` cleans to, else the first
    line that differs, as the .txt has it and as the PDF gives it."""
    source = decode_bytes(path.read_bytes(), path)
    paragraphs = [line.strip() for line in source.splitlines() if line.strip()]
    pdf = typeset_pdf(scratch / "report.pdf", paragraphs[0], paragraphs[1:])
    want = normalize(source).text.split("\n")
    got = normalize(load_text(pdf)).text.split("\n")
    for line, (a, b) in enumerate(zip(want + [""], got + [""], strict=False), 1):
        if a != b:
            return f"line {line}: txt {a[:60]!r} / pdf {b[:60]!r}"
    return None


def main(folders: list[Path]) -> int:
    files = sorted(p for folder in folders for p in folder.glob("*.txt"))
    differ = 0
    with tempfile.TemporaryDirectory() as scratch:
        for path in files:
            problem = first_difference(path, Path(scratch))
            if problem:
                differ += 1
                print(f"{path.relative_to(ROOT)}: {problem}")
    print(f"{len(files)} reports typeset and read back, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main([Path(a) for a in sys.argv[1:]] or DEFAULT_FOLDERS))
