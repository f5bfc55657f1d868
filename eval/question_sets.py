"""The blind question sets of absence, outline and several-part questions (``eval/multipart*/``):
each ``questions.yaml`` read into typed questions, and checked as its writer promised: ids unique,
each kind known, every part with its towns, and every evidence quote (60 characters at most)
verbatim in its file of the question's corpus. One checker for every set, instead of a copy in each.

    .venv/bin/python -m eval.question_sets eval/multipart eval/multipart5
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("absence", "outline", "multipart")
MAX_QUOTE = 60
SETS = tuple(sorted(p.parent for p in ROOT.glob("eval/multipart*/questions.yaml")))


@dataclass(frozen=True)
class Evidence:
    file: str
    quote: str


@dataclass(frozen=True)
class Part:
    """One sub-ask of a question, with the towns a right answer names and what shows it."""

    ask: str
    answer: str
    towns: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Question:
    id: str
    corpus: str
    kind: str
    q: str
    parts: tuple[Part, ...]


def load(folder: Path) -> list[Question]:
    """The questions of one set folder, as typed data (a malformed entry raises with its id)."""
    raw = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))["questions"]
    return [Question(q["id"], q["corpus"], q["kind"], str(q["q"]),
                     tuple(Part(str(p["ask"]), str(p["answer"]), tuple(p.get("towns") or ()),
                                tuple(Evidence(e["file"], e["quote"]) for e in p.get("evidence") or ()))
                           for p in q["parts"]))
            for q in raw]


@cache
def report_text(path: Path) -> str:
    """A report file's text, UTF-8 or GB18030 as its writer saved it."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def problems(folder: Path) -> list[str]:
    """Every way the set breaks its writer's promises, one line each (empty when it keeps them)."""
    found: list[str] = []
    seen: set[str] = set()
    for question in load(folder):
        where = f"{folder.name} {question.id}"
        if question.id in seen:
            found.append(f"{where}: duplicate id")
        seen.add(question.id)
        corpus = ROOT / question.corpus
        if question.kind not in KINDS:
            found.append(f"{where}: unknown kind {question.kind!r}")
        if not corpus.is_dir():
            found.append(f"{where}: no corpus folder {question.corpus}")
            continue
        if not question.q.strip() or not question.parts:
            found.append(f"{where}: no question or no parts")
        for number, part in enumerate(question.parts, 1):
            if not part.ask.strip() or not part.answer.strip():
                found.append(f"{where} part {number}: empty ask or answer")
            for evidence in part.evidence:
                path = corpus / evidence.file
                if len(evidence.quote) > MAX_QUOTE:
                    found.append(f"{where} part {number}: quote over {MAX_QUOTE} characters: {evidence.quote}")
                if not path.is_file():
                    found.append(f"{where} part {number}: no file {evidence.file}")
                elif evidence.quote not in report_text(path):
                    found.append(f"{where} part {number}: not verbatim in {evidence.file}: {evidence.quote}")
    return found


def print_checks(folders: list[Path], problems_of: Callable[[Path], list[str]], describe: Callable[[Path], str]) -> int:
    """Each folder's line (``describe``) with OK or its problems under it; 1 when any folder has one.
    The command line of every set checker (this one, ``eval.digest_sets``)."""
    failed = False
    for folder in folders:
        found = problems_of(folder)
        print(f"{describe(folder)}: " + ("OK" if not found else f"{len(found)} problems"))
        for line in found:
            print("  " + line)
        failed |= bool(found)
    return 1 if failed else 0


def main(folders: list[str]) -> int:
    return print_checks([Path(f).resolve() for f in folders] or list(SETS), problems,
                        lambda folder: f"{folder.name}: {len(load(folder))} questions")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
