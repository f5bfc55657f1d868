#!/usr/bin/env python3
"""Check /tmp/mp3/questions.yaml: unique ids, required fields, and that every
evidence quote occurs verbatim in its file inside the question's corpus folder
(decoded as utf-8, falling back to gb18030)."""
import os
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
QFILE = os.path.join(HERE, "questions.yaml")
ROOT = os.environ.get("REPO_ROOT", "/work/main")
KINDS = {"absence", "outline", "multipart"}
MAX_QUOTE = 60


def read_text(path):
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def main():
    with open(QFILE, encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    qs = doc.get("questions") or []
    errors = []
    ids = [q.get("id") for q in qs]
    for i, n in Counter(ids).items():
        if n > 1:
            errors.append(f"duplicate id {i} x{n}")
    cache = {}
    for q in qs:
        qid = q.get("id")
        for key in ("id", "corpus", "kind", "q", "parts"):
            if not q.get(key):
                errors.append(f"{qid}: missing {key}")
        if q.get("kind") not in KINDS:
            errors.append(f"{qid}: bad kind {q.get('kind')!r}")
        corpus = q.get("corpus", "")
        cdir = os.path.join(ROOT, corpus)
        if not os.path.isdir(cdir):
            errors.append(f"{qid}: corpus folder not found: {cdir}")
            continue
        for pi, part in enumerate(q.get("parts") or []):
            tag = f"{qid}.part{pi + 1}"
            for key in ("ask", "answer"):
                if not part.get(key):
                    errors.append(f"{tag}: missing {key}")
            if not isinstance(part.get("towns"), list):
                errors.append(f"{tag}: towns must be a list")
            ev = part.get("evidence") or []
            if not ev:
                errors.append(f"{tag}: no evidence")
            for e in ev:
                fname, quote = e.get("file"), e.get("quote")
                if not fname or not quote:
                    errors.append(f"{tag}: evidence needs file and quote: {e}")
                    continue
                if os.path.basename(fname) != fname:
                    errors.append(f"{tag}: file must be a bare name: {fname}")
                if len(quote) > MAX_QUOTE:
                    errors.append(f"{tag}: quote over {MAX_QUOTE} chars ({len(quote)}): {quote}")
                path = os.path.join(cdir, fname)
                if not os.path.isfile(path):
                    errors.append(f"{tag}: file not found: {path}")
                    continue
                if path not in cache:
                    cache[path] = read_text(path)
                if quote not in cache[path]:
                    errors.append(f"{tag}: quote not found in {fname}: {quote}")
    kinds = Counter(q.get("kind") for q in qs)
    corpora = Counter(q.get("corpus") for q in qs)
    print(f"{len(qs)} questions; kinds: {dict(kinds)}")
    for c, n in sorted(corpora.items()):
        print(f"  {c}: {n}")
    if errors:
        print(f"{len(errors)} problem(s):")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
