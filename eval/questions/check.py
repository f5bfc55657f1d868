#!/usr/bin/env python3
"""Validate cases.yaml of the blind question set.

Checks the schema, that every cited file exists, that every town named in a
set gold (towns / never) occurs in at least one report text, that every point
of a points gold has at least one alternative that occurs in a report or is
plain ASCII (pinyin / numbers), and prints counts by category and language.

Usage: python3 check.py [--root /work/main] [--cases cases.yaml]
Exit status 0 when everything passes, 1 otherwise.
"""
import argparse
import html
import os
import re
import sys
import zipfile
from collections import Counter

import yaml

CORPUS_DIRS = ["eval/corpus", "eval/blind/corpus", "eval/digest3/corpus"]
REPORT_EXT = (".txt", ".docx", ".html", ".htm")

CATEGORIES = {"lookup", "yoy", "compare", "total", "rank", "disclosure", "has",
              "lacks", "plans", "outline", "multi", "refuse"}
LANGS = {"zh", "en", "mixed"}
INTENTS = {"lookup", "yoy", "compare", "total", "rank", "disclosure", "has",
           "lacks", "mentions", "outline", "free"}
INDICATORS = {"disputes_mediated", "mediation_success_rate", "publicity_events",
              "publicity_people", "certified_officers", "legal_advisers",
              "legality_reviews", "petitions", "petitions_change",
              "enforcement_inspections", "fines_yuan", "admin_reconsiderations",
              "admin_lawsuits", "lawsuits_lost", "rule_of_law_funding",
              "body_cameras"}
TOPICS = {"body_cameras", "legal_adviser", "village_adviser_coverage",
          "public_lawyers", "justice_office_staff", "funding",
          "enforcement_platform", "mediation_body", "legality_review",
          "publicity", "democracy_villages", "law_culture_sites"}
ORDERS = {"max", "min", None}
OUTLINE_ASKS = {"missing", "complete", "part", "merged", "signature", None}
WANTED = {"plans", None}
STATUSES = {"has", "lacks", "plans", "not_mentioned"}
PLAN_KEYS = {"intent", "indicator", "topic", "towns", "years", "order",
             "outline_ask", "wanted"}


def read_report(path):
    low = path.lower()
    if low.endswith(".docx"):
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        xml = re.sub(r"</w:p>", "\n", xml)
        return html.unescape(re.sub(r"<[^>]+>", "", xml))
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    if low.endswith((".html", ".htm")):
        text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    return text


def load_corpus(root):
    texts = {}
    for d in CORPUS_DIRS:
        full = os.path.join(root, d)
        if not os.path.isdir(full):
            continue
        for name in sorted(os.listdir(full)):
            if name.lower().endswith(REPORT_EXT):
                p = os.path.join(full, name)
                texts[os.path.join(d, name)] = read_report(p)
    return texts


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ap.add_argument("--cases", default=os.path.join(here, "cases.yaml"))
    args = ap.parse_args()

    corpus = load_corpus(args.root)
    if not corpus:
        print(f"no report files found under {args.root}")
        return 1
    alltext = "\n".join(corpus.values())

    with open(args.cases, encoding="utf-8") as handle:
        cases = yaml.safe_load(handle)
    errs = []

    def err(cid, msg):
        errs.append(f"{cid}: {msg}")

    if not isinstance(cases, list):
        print("cases.yaml must be a list")
        return 1
    ids = Counter()
    for i, c in enumerate(cases):
        cid = c.get("id", f"#{i}") if isinstance(c, dict) else f"#{i}"
        if not isinstance(c, dict):
            err(cid, "case is not a mapping")
            continue
        need = {"id", "category", "question", "lang", "plan", "gold", "cite"}
        missing = need - set(c)
        extra = set(c) - need
        if missing:
            err(cid, f"missing keys {sorted(missing)}")
        if extra:
            err(cid, f"unknown keys {sorted(extra)}")
        ids[cid] += 1
        if not re.fullmatch(r"q-\d{3}", str(cid)):
            err(cid, "id must look like q-001")
        if c.get("category") not in CATEGORIES:
            err(cid, f"bad category {c.get('category')!r}")
        if c.get("lang") not in LANGS:
            err(cid, f"bad lang {c.get('lang')!r}")
        q = c.get("question")
        if not isinstance(q, str) or not q.strip():
            err(cid, "empty question")
        else:
            has_cjk = bool(re.search(r"[\u4e00-\u9fff]", q))
            has_lat = bool(re.search(r"[A-Za-z]{3,}", q))
            if c.get("lang") == "zh" and not has_cjk:
                err(cid, "lang zh but no Chinese characters")
            if c.get("lang") == "en" and not has_lat:
                err(cid, "lang en but no English words")
            if c.get("lang") == "mixed" and not (has_cjk and has_lat):
                err(cid, "lang mixed needs both Chinese and English")

        # plan
        plan = c.get("plan")
        if not isinstance(plan, dict):
            err(cid, "plan must be a mapping")
        else:
            if set(plan) != PLAN_KEYS:
                err(cid, f"plan keys must be {sorted(PLAN_KEYS)}, got {sorted(plan)}")
            if plan.get("intent") not in INTENTS:
                err(cid, f"bad plan.intent {plan.get('intent')!r}")
            if plan.get("indicator") is not None and plan.get("indicator") not in INDICATORS:
                err(cid, f"bad plan.indicator {plan.get('indicator')!r}")
            if plan.get("topic") is not None and plan.get("topic") not in TOPICS:
                err(cid, f"bad plan.topic {plan.get('topic')!r}")
            t = plan.get("towns")
            if not (isinstance(t, int) and not isinstance(t, bool) and t >= 0):
                err(cid, "plan.towns must be an integer >= 0")
            ys = plan.get("years")
            if not isinstance(ys, list) or not all(isinstance(y, int) and 2000 <= y <= 2100 for y in ys):
                err(cid, "plan.years must be a list of years")
            if plan.get("order") not in ORDERS:
                err(cid, f"bad plan.order {plan.get('order')!r}")
            if plan.get("outline_ask") not in OUTLINE_ASKS:
                err(cid, f"bad plan.outline_ask {plan.get('outline_ask')!r}")
            if plan.get("wanted") not in WANTED:
                err(cid, f"bad plan.wanted {plan.get('wanted')!r}")
            if c.get("category") == "outline" and plan.get("outline_ask") is None:
                err(cid, "outline question needs plan.outline_ask")

        # gold
        g = c.get("gold")
        if not isinstance(g, dict) or "kind" not in g:
            err(cid, "gold must be a mapping with kind")
            g = {}
        kind = g.get("kind")
        if kind == "set":
            if set(g) - {"kind", "status", "towns", "never"}:
                err(cid, f"set gold has unknown keys {sorted(set(g) - {'kind','status','towns','never'})}")
            if g.get("status") not in STATUSES:
                err(cid, f"bad set status {g.get('status')!r}")
            towns = g.get("towns")
            never = g.get("never", [])
            if not isinstance(towns, list) or not towns or not all(isinstance(x, str) and x for x in towns):
                err(cid, "set gold needs a non-empty towns list of strings")
                towns = []
            if not isinstance(never, list) or not all(isinstance(x, str) and x for x in never):
                err(cid, "set gold never must be a list of strings")
                never = []
            both = set(towns) & set(never)
            if both:
                err(cid, f"towns in both towns and never: {sorted(both)}")
            for tname in list(towns) + list(never):
                if tname not in alltext:
                    err(cid, f"town {tname!r} not found in any report")
        elif kind == "number":
            if set(g) - {"kind", "value", "unit", "range"}:
                err(cid, "number gold has unknown keys")
            if not is_num(g.get("value")):
                err(cid, "number gold needs a numeric value")
            if not isinstance(g.get("unit"), str):
                err(cid, "number gold needs a unit string")
            if "range" in g:
                r = g["range"]
                if not (isinstance(r, list) and len(r) == 2 and all(is_num(x) for x in r) and r[0] <= r[1]):
                    err(cid, "range must be [lo, hi]")
                elif is_num(g.get("value")) and not (r[0] <= g["value"] <= r[1]):
                    err(cid, "value outside its range")
        elif kind == "numbers":
            if set(g) - {"kind", "values"}:
                err(cid, "numbers gold has unknown keys")
            v = g.get("values")
            if not isinstance(v, list) or len(v) < 2 or not all(is_num(x) for x in v):
                err(cid, "numbers gold needs a list of >= 2 numbers")
        elif kind == "points":
            if set(g) - {"kind", "points", "min_coverage"}:
                err(cid, "points gold has unknown keys")
            pts = g.get("points")
            if not isinstance(pts, list) or not pts:
                err(cid, "points gold needs a non-empty points list")
                pts = []
            for p in pts:
                if not isinstance(p, list) or not p or not all(isinstance(a, str) and a for a in p):
                    err(cid, f"bad point {p!r}")
                    continue
                if not any(a in alltext or a.isascii() for a in p):
                    err(cid, f"no alternative of point {p!r} occurs in a report")
            mc = g.get("min_coverage", 1.0)
            if not (is_num(mc) and 0 < mc <= 1):
                err(cid, "min_coverage must be in (0, 1]")
        elif kind == "refuse":
            if set(g) != {"kind"}:
                err(cid, "refuse gold takes no other keys")
        else:
            err(cid, f"bad gold kind {kind!r}")
        if (c.get("category") == "refuse") != (kind == "refuse"):
            err(cid, "category refuse must go with gold kind refuse (and only then)")

        # cite
        cite = c.get("cite")
        if not isinstance(cite, list) or not all(isinstance(x, str) for x in cite):
            err(cid, "cite must be a list of paths")
            cite = []
        if kind != "refuse" and not cite:
            err(cid, "non-refuse case must cite at least one report")
        for p in cite:  # a report's file name, as the tool cites it
            if not any(os.path.basename(k) == p for k in corpus):
                err(cid, f"cited file is not a report in the corpus folders: {p}")

    for cid, n in ids.items():
        if n > 1:
            errs.append(f"{cid}: duplicate id ({n}x)")

    n = len(cases)
    cats = Counter(c.get("category") for c in cases if isinstance(c, dict))
    langs = Counter(c.get("lang") for c in cases if isinstance(c, dict))
    print(f"reports in corpus: {len(corpus)}")
    print(f"cases: {n}")
    print("by category:")
    for k in sorted(CATEGORIES):
        print(f"  {k:<11}{cats.get(k, 0):>4}")
    print("by language:")
    for k in ("zh", "en", "mixed"):
        v = langs.get(k, 0)
        print(f"  {k:<11}{v:>4}  ({100.0 * v / max(n, 1):.0f}%)")
    cited = Counter(p for c in cases if isinstance(c, dict) for p in (c.get("cite") or []))
    uncited = sorted(k for k in corpus if os.path.basename(k) not in cited)
    print(f"reports cited at least once: {len(corpus) - len(uncited)}/{len(corpus)}")
    if uncited:
        print("  never cited: " + ", ".join(uncited))
    if n < 130:
        errs.append(f"only {n} cases; at least 130 required")
    if cats.get("refuse", 0) < 10:
        errs.append("fewer than 10 refuse cases")
    if errs:
        print(f"\nFAIL: {len(errs)} problem(s)")
        for e in errs:
            print("  " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
