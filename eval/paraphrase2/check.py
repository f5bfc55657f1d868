#!/usr/bin/env python3
"""Consistency checks for the paraphrase2 blind set (stdlib + PyYAML).

Run: /work/main/.venv/bin/python eval/paraphrase2/check.py
Verifies: every quote is a verbatim substring of its (decoded) report; absent_terms
really are absent; report sizes; each set gold equals the towns with that status in
facts.yaml; every number/points gold recomputes from facts.yaml; case counts.
"""
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
STATUSES = {"has", "lacks", "plans", "not_mentioned"}
CATEGORIES = {"lookup", "has", "lacks", "numeric", "comparison", "aggregate", "yoy", "outline",
              "unanswerable", "english", "injection", "rank", "disclosure"}
PARTS = ["主要举措和成效", "存在的不足和原因", "党政主要负责人履行推进法治建设第一责任人职责情况",
         "下一年度工作安排", "其他需要报告的情况"]
# question keyword per topic: at least one has/lacks/plans quote must avoid it (paraphrase)
KEYWORD = {"cameras": "执法记录仪", "town_legal_adviser": "法律顾问",
           "village_adviser_coverage": "法律顾问", "public_lawyer": "公职律师",
           "funding": "法治建设经费", "platform": "平台", "mediation": "调解委员会",
           "legality_review": "合法性审查", "publicity": "普法宣传"}

errors = []


def err(msg):
    errors.append(msg)


def decode(path, enc):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
        if enc != "utf-8":
            err(f"{path.name}: declared {enc} but decodes as utf-8")
        return text
    except UnicodeDecodeError:
        if enc != "gbk":
            err(f"{path.name}: not utf-8 and not declared gbk")
        return raw.decode("gbk")


facts = yaml.safe_load((HERE / "facts.yaml").read_text(encoding="utf-8"))
cases = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
reports = facts["reports"]
by_town = {r["town"]: r for r in reports}
by_file = {r["file"]: r for r in reports}
texts = {}

# ---------- reports ----------
if len(reports) != 7:
    err(f"expected 7 reports, got {len(reports)}")
if {p.name for p in CORPUS.glob("*.txt")} != set(by_file):
    err("corpus files and facts.yaml files differ")
counties = {r["county"] for r in reports}
if len(counties) != 1:
    err(f"reports span several counties: {counties}")
for r in reports:
    f = r["file"]
    if not re.fullmatch(r"q01_[a-z]+_2024\.txt", f):
        err(f"bad file name {f}")
    if not re.search(r"(镇|乡|街道)$", r["town"]) or "旗" in r["town"]:
        err(f"bad town name {r['town']}")
    text = decode(CORPUS / f, r["encoding"])
    texts[f] = text
    n = len(re.findall(r"[\u4e00-\u9fff]", text))
    if not 1500 <= n <= 2500:
        err(f"{f}: {n} Chinese characters, outside 1500-2500")
    if r["town"] not in text or str(r["year"]) not in text:
        err(f"{f}: town/year not in text")

    def q(label, s, text=text, f=f):
        if s not in text:
            err(f"{f}: {label}: quote not found: {s!r}")

    for part in PARTS:
        p = r["parts"].get(part)
        if p is None:
            err(f"{f}: part {part} not recorded")
            continue
        if p["status"] not in {"present", "merged", "missing"}:
            err(f"{f}: part {part}: bad status")
        if p["status"] == "missing":
            for t in p.get("absent_terms", []):
                if t in text:
                    err(f"{f}: missing part {part} but {t!r} occurs")
        else:
            q(f"part {part}", p["quote"])
    for topic in KEYWORD:
        t = r["topics"].get(topic)
        if t is None:
            err(f"{f}: topic {topic} not recorded")
            continue
        if t["status"] not in STATUSES:
            err(f"{f}: topic {topic}: bad status {t['status']}")
        if t["status"] == "not_mentioned":
            if not t.get("absent_terms"):
                err(f"{f}: {topic} not_mentioned without absent_terms")
            for term in t.get("absent_terms", []):
                if term in text:
                    err(f"{f}: {topic} not_mentioned but {term!r} occurs")
        else:
            q(f"topic {topic}", t["quote"])
            if "context_quote" in t:
                q(f"topic {topic} context", t["context_quote"])
            if t["status"] == "plans" and not re.search(r"拟|计划|力争|争取|将|确保|推迟", t["quote"] + t.get("context_quote", "")):
                err(f"{f}: {topic} plans quote has no plan marker")
    for name, ind in r["indicators"].items():
        q(f"indicator {name}", ind["quote"])
        if not ind.get("derived"):
            digits = re.findall(r"\d+(?:\.\d+)?", ind["quote"])
            v = ind["value"]
            ok = v == 0 and not digits or any(
                abs(float(d) * m - v) < 1e-6 for d in digits for m in (1, 10000))
            if not ok:
                err(f"{f}: indicator {name}={v} not supported by quote {ind['quote']!r}")
    if r.get("planted"):
        q("planted", r["planted"]["quote"])
    for s in r.get("innocent") or []:
        q("innocent", s)

# topic-level requirements: paraphrase present; negations/plans present
for topic, kw in KEYWORD.items():
    quotes = [r["topics"][topic]["quote"] for r in reports
              if r["topics"][topic]["status"] != "not_mentioned"]
    if not any(kw not in s for s in quotes):
        err(f"topic {topic}: every quote uses keyword {kw!r}")
    if len(set(quotes)) < 3:
        err(f"topic {topic}: fewer than 3 wordings")
nm_towns = {r["town"] for r in reports for t in r["topics"].values() if t["status"] == "not_mentioned"}
if len(nm_towns) < 2:
    err("fewer than 2 towns with not_mentioned topics")
if sum(1 for r in reports if r.get("planted")) != 1:
    err("expected exactly one planted instruction")
if sum(1 for r in reports if r.get("innocent")) < 2:
    err("expected >=2 reports with innocent technical/imperative sentences")


def status_towns(topic, status):
    return {r["town"] for r in reports if r["topics"][topic]["status"] == status}


def ind(town, name):
    return by_town[town]["indicators"][name]["value"]


def part_towns(status):
    return sorted({r["town"] for r in reports for p in r["parts"].values() if p["status"] == status})


funding_total = sum(r["indicators"]["funding_yuan"]["value"] for r in reports
                    if "funding_yuan" in r["indicators"])
max_disputes = max(reports, key=lambda r: r["indicators"]["disputes"]["value"])["town"]
EXPECT_NUMBER = {
    "p2-numeric-yuntai-enforcers": ind("云台街道", "certified_enforcers"),
    "p2-numeric-songping-funding": ind("松坪镇", "funding_yuan"),
    "p2-numeric-liuxi-rate": ind("柳溪镇", "mediation_success_rate"),
    "p2-numeric-shimen-disputes": ind("石门乡", "disputes"),
    "p2-aggregate-funding-total": funding_total,
    "p2-comparison-rate-liuxi-baisha": round(ind("柳溪镇", "mediation_success_rate") - ind("白沙镇", "mediation_success_rate"), 6),
    "p2-comparison-enforcers-shimen-heming": ind("石门乡", "certified_enforcers") - ind("鹤鸣乡", "certified_enforcers"),
    "p2-yoy-liuxi-disputes-2023": ind("柳溪镇", "disputes_prev_year"),
}
EXPECT_POINT_TOWN = {
    "p2-rank-disputes-max": max_disputes,
    "p2-outline-missing-other": part_towns("missing"),
    "p2-outline-merged": part_towns("merged"),
}

# ---------- cases ----------
if len(cases) != 30:
    err(f"expected 30 cases, got {len(cases)}")
ids = [c["id"] for c in cases]
if len(set(ids)) != len(ids):
    err("duplicate ids")
n_set = n_en = 0
for c in cases:
    cid, g = c["id"], c["gold"]
    if c["category"] not in CATEGORIES:
        err(f"{cid}: bad category")
    if c["category"] == "english":
        n_en += 1
        if re.search(r"[\u4e00-\u9fff]{6,}", c["question"]):
            err(f"{cid}: english question has long Chinese span")
    for f in c.get("cite", []):
        if f not in by_file:
            err(f"{cid}: cites unknown file {f}")
    kind = g["kind"]
    if kind == "set":
        n_set += 1
        m = re.fullmatch(r"p2-(has|lacks|plans|not_mentioned)-([a-z_]+)-\d+", cid)
        if not m or m.group(1) != g["status"] or m.group(2) not in KEYWORD:
            err(f"{cid}: id does not encode status/topic")
            continue
        topic = m.group(2)
        want = status_towns(topic, g["status"])
        if set(g["towns"]) != want:
            err(f"{cid}: towns {sorted(g['towns'])} != facts {sorted(want)}")
        if set(g["never"]) & want:
            err(f"{cid}: never overlaps towns")
        if set(g["towns"]) | set(g["never"]) != set(by_town):
            err(f"{cid}: towns+never do not cover all towns")
        if g["status"] == "lacks" and status_towns(topic, "plans"):
            err(f"{cid}: lacks question on a topic with plans towns (ambiguous)")
        if sorted(c["cite"]) != sorted(by_town[t]["file"] for t in want):
            err(f"{cid}: cite does not match gold towns")
    elif kind == "number":
        if cid not in EXPECT_NUMBER:
            err(f"{cid}: no derivation for number gold")
        elif abs(EXPECT_NUMBER[cid] - g["value"]) > 1e-6:
            err(f"{cid}: value {g['value']} != derived {EXPECT_NUMBER[cid]}")
        if "range" in g and not g["range"][0] <= g["value"] <= g["range"][1]:
            err(f"{cid}: value outside range")
    elif kind == "points":
        if cid in EXPECT_POINT_TOWN:
            exp = EXPECT_POINT_TOWN[cid]
            exp = exp if isinstance(exp, list) else [exp]
            if len(exp) != 1 or exp[0] not in g["points"][0]:
                err(f"{cid}: points {g['points']} do not name {exp}")
        elif cid == "p2-injection-heming":
            r = by_town["鹤鸣乡"]
            if not r.get("planted"):
                err(f"{cid}: no planted instruction in 鹤鸣乡")
            for topic in ("cameras", "town_legal_adviser"):
                if r["topics"][topic]["status"] != "lacks":
                    err(f"{cid}: 鹤鸣乡 {topic} is not lacks")
            for bad in c.get("must_not", []):
                if bad not in r["planted"]["quote"]:
                    err(f"{cid}: must_not {bad!r} not from planted text")
        else:
            err(f"{cid}: no derivation for points gold")
    elif kind == "refuse":
        if cid == "p2-unanswerable-baisha-2023-funding":
            t = texts["q01_baisha_2024.txt"]
            if "2023" in t or "上年" in t:
                err(f"{cid}: 白沙镇 report mentions prior year")
        elif cid == "p2-unanswerable-yuntai-fines":
            t = texts["q01_yuntai_2024.txt"]
            if "罚没" in t or "罚款" in t:
                err(f"{cid}: 云台街道 report mentions fines")
        else:
            err(f"{cid}: unknown refuse case")
    else:
        err(f"{cid}: unknown gold kind {kind}")
if n_set != 16:
    err(f"expected 16 which-towns questions, got {n_set}")
if n_en != 10:
    err(f"expected 10 english questions, got {n_en}")

if errors:
    print("FAIL")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print(f"OK: {len(reports)} reports, {len(cases)} cases ({n_set} which-towns, {n_en} english); "
      f"funding total {funding_total} 元; max disputes {max_disputes}")
