#!/usr/bin/env python3
"""Check eval/multipart/questions.yaml.

* ids are unique
* kind is one of absence / outline / multipart
* every evidence file exists in the question's corpus folder
* every evidence quote (<= 60 chars) is a verbatim substring of that file
  (files are decoded as UTF-8, falling back to GB18030 for GBK-encoded reports)

Run from anywhere:  python3 eval/multipart/check.py
"""
import os
import re
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))  # repository root (…/main)
KINDS = {"absence", "outline", "multipart"}

_cache = {}


def read_text(path):
    if path not in _cache:
        with open(path, "rb") as handle:
            raw = handle.read()
        for enc in ("utf-8", "gb18030"):
            try:
                _cache[path] = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            _cache[path] = raw.decode("utf-8", errors="replace")
    return _cache[path]


def main():
    with open(os.path.join(HERE, "questions.yaml"), encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    qs = data["questions"]
    errors = []
    ids = Counter(q.get("id") for q in qs)
    for i, n in ids.items():
        if n > 1:
            errors.append(f"duplicate id {i} ({n}x)")
    kinds, corpora, langs = Counter(), Counter(), Counter()
    for q in qs:
        qid = q.get("id")
        if q.get("kind") not in KINDS:
            errors.append(f"{qid}: bad kind {q.get('kind')!r}")
        kinds[q.get("kind")] += 1
        corpora[q.get("corpus")] += 1
        langs["zh" if re.search(r"[\u4e00-\u9fff]{4}", q.get("q", "")) and not re.match(r"[A-Za-z]", q["q"]) else "en"] += 1
        folder = os.path.join(ROOT, q.get("corpus", ""))
        if not os.path.isdir(folder):
            errors.append(f"{qid}: corpus folder missing: {folder}")
            continue
        parts = q.get("parts") or []
        if not parts:
            errors.append(f"{qid}: no parts")
        for k, part in enumerate(parts, 1):
            for key in ("ask", "answer", "towns", "evidence"):
                if key not in part:
                    errors.append(f"{qid} part {k}: missing {key}")
            if not isinstance(part.get("towns", []), list):
                errors.append(f"{qid} part {k}: towns is not a list")
            for ev in part.get("evidence") or []:
                f, quote = ev.get("file"), ev.get("quote", "")
                fp = os.path.join(folder, f or "")
                if not f or not os.path.isfile(fp):
                    errors.append(f"{qid} part {k}: file not found: {f}")
                    continue
                if not quote:
                    errors.append(f"{qid} part {k}: empty quote in {f}")
                elif len(quote) > 60:
                    errors.append(f"{qid} part {k}: quote longer than 60 chars in {f}: {quote}")
                elif quote not in read_text(fp):
                    errors.append(f"{qid} part {k}: quote not found in {f}: {quote}")
    print(f"{len(qs)} questions; kinds {dict(kinds)}; languages {dict(langs)}")
    for c, n in sorted(corpora.items()):
        print(f"  {c}: {n}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK: ids unique, all evidence quotes found verbatim.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
