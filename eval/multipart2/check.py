#!/usr/bin/env python3
"""Check eval/multipart2/questions.yaml: ids unique, fields present,
every evidence quote found verbatim (<= 60 chars) in its file in the corpus folder."""
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))  # repo root (/work/main)
KINDS = {"absence", "outline", "multipart"}


def read_text(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError(f"cannot decode {path} as utf-8 or gb18030")


def main():
    with open(os.path.join(HERE, "questions.yaml"), encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    questions = data["questions"]
    errors = []
    seen = set()
    cache = {}
    counts = {}
    for q in questions:
        qid = q.get("id")
        if qid in seen:
            errors.append(f"duplicate id {qid}")
        seen.add(qid)
        kind = q.get("kind")
        if kind not in KINDS:
            errors.append(f"{qid}: bad kind {kind!r}")
        corpus = q.get("corpus", "")
        cdir = os.path.join(ROOT, corpus)
        if not os.path.isdir(cdir):
            errors.append(f"{qid}: corpus folder missing: {corpus}")
            continue
        if not q.get("q"):
            errors.append(f"{qid}: empty q")
        parts = q.get("parts") or []
        if not parts:
            errors.append(f"{qid}: no parts")
        counts[(corpus, kind)] = counts.get((corpus, kind), 0) + 1
        for i, part in enumerate(parts, 1):
            for key in ("ask", "answer"):
                if not part.get(key):
                    errors.append(f"{qid} part {i}: missing {key}")
            if not isinstance(part.get("towns", []), list):
                errors.append(f"{qid} part {i}: towns must be a list")
            evidence = part.get("evidence") or []
            if not evidence:
                errors.append(f"{qid} part {i}: no evidence")
            for ev in evidence:
                fname = ev.get("file", "")
                quote = ev.get("quote", "")
                if len(quote) > 60:
                    errors.append(f"{qid} part {i}: quote longer than 60 chars in {fname}")
                fpath = os.path.join(cdir, fname)
                if not os.path.isfile(fpath):
                    errors.append(f"{qid} part {i}: file not found {corpus}/{fname}")
                    continue
                if fpath not in cache:
                    cache[fpath] = read_text(fpath)
                if quote not in cache[fpath]:
                    errors.append(f"{qid} part {i}: quote not in {fname}: {quote}")
    for (corpus, kind), n in sorted(counts.items()):
        print(f"{corpus:28s} {kind:10s} {n}")
    print(f"{len(questions)} questions, {len(seen)} unique ids")
    if errors:
        for err in errors:
            print(f"ERROR: {err}")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
