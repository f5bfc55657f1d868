#!/usr/bin/env python3
"""Check /tmp/mp4/questions.yaml.

- ids unique and of the form msNN
- kind in {absence, outline, multipart}
- every part has ask / answer / towns (list) / evidence (list)
- every evidence quote is <= 60 characters and occurs verbatim in its file,
  looked up in the question's corpus folder (decoded utf-8, else gb18030)

Usage: python3 /tmp/mp4/check.py [questions.yaml] [repo_root]
"""
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
QFILE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "questions.yaml")
ROOT = sys.argv[2] if len(sys.argv) > 2 else "/work/main"
KINDS = {"absence", "outline", "multipart"}

_cache = {}


def load_text(path):
    if path not in _cache:
        with open(path, "rb") as handle:
            raw = handle.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        _cache[path] = text
    return _cache[path]


def main():
    with open(QFILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    qs = data["questions"]
    errors = []
    seen = set()
    counts = {}
    nquotes = 0
    for q in qs:
        qid = q.get("id")
        if qid in seen:
            errors.append(f"duplicate id {qid}")
        seen.add(qid)
        if not (isinstance(qid, str) and qid.startswith("ms")):
            errors.append(f"bad id {qid!r}")
        kind = q.get("kind")
        if kind not in KINDS:
            errors.append(f"{qid}: bad kind {kind!r}")
        corpus = q.get("corpus")
        cdir = os.path.join(ROOT, corpus or "")
        if not corpus or not os.path.isdir(cdir):
            errors.append(f"{qid}: corpus folder missing: {cdir}")
            continue
        counts.setdefault((kind, corpus), 0)
        counts[(kind, corpus)] += 1
        if not str(q.get("q", "")).strip():
            errors.append(f"{qid}: empty q")
        parts = q.get("parts") or []
        if not parts:
            errors.append(f"{qid}: no parts")
        for i, p in enumerate(parts, 1):
            for key in ("ask", "answer"):
                if not str(p.get(key, "")).strip():
                    errors.append(f"{qid} part {i}: empty {key}")
            if not isinstance(p.get("towns"), list):
                errors.append(f"{qid} part {i}: towns must be a list")
            ev = p.get("evidence")
            if not isinstance(ev, list):
                errors.append(f"{qid} part {i}: evidence must be a list")
                continue
            for e in ev:
                f, quote = e.get("file"), e.get("quote")
                nquotes += 1
                if not f or not quote:
                    errors.append(f"{qid} part {i}: evidence needs file and quote: {e}")
                    continue
                if len(quote) > 60:
                    errors.append(f"{qid} part {i}: quote longer than 60 chars ({len(quote)}): {quote}")
                fpath = os.path.join(cdir, f)
                if not os.path.isfile(fpath):
                    errors.append(f"{qid} part {i}: file not found: {fpath}")
                    continue
                if quote not in load_text(fpath):
                    errors.append(f"{qid} part {i}: quote not found in {f}: {quote}")
    for (kind, corpus), n in sorted(counts.items()):
        print(f"{kind:10s} {corpus:32s} {n}")
    print(f"{len(qs)} questions, {nquotes} evidence quotes checked")
    if errors:
        print("\nFAILED:")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
