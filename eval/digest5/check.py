#!/usr/bin/env python3
"""Validate the blind digest5 corpus against facts.yaml. Exit 0 iff all checks pass."""

import os
import re
import sys
from difflib import SequenceMatcher

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
errors = []


def err(msg):
    errors.append(msg)


with open(os.path.join(HERE, "facts.yaml"), encoding="utf-8") as handle:
    facts = yaml.safe_load(handle)
EXPECTED_KEYS = [
    "county",
    "year",
    "fictional",
    "roster",
    "shared_problems",
    "singletons",
    "traps",
    "practices",
    "figures",
    "layouts",
    "counting_rules",
]
if list(facts.keys()) != EXPECTED_KEYS:
    err(f"top-level keys {list(facts.keys())} != {EXPECTED_KEYS}")
if facts.get("year") != 2025:
    err("year must be 2025")
if facts.get("fictional") is not True:
    err("fictional must be true")

HAN = re.compile(r"[\u4e00-\u9fff]")
PART = re.compile(r"^[一二三四五六七八九十]+、(.*)$", re.M)


def classify(title):
    if "其他需要报告" in title:
        return "other"
    if "第一责任人" in title:
        return "leaders"
    if re.search(r"不足|问题|短板|弱项", title):
        return "shortcomings"
    if re.search(r"举措|成效|开展情况", title):
        return "measures"
    if re.search(r"打算|安排|计划", title):
        return "plans"
    return "unknown"


texts, parts = {}, {}
town_file = {}
for r in facts["roster"]:
    town, fn = r["town"], r["file"]
    town_file[town] = fn
    path = os.path.join(HERE, "corpus", fn)
    if not os.path.exists(path):
        err(f"missing {path}")
        continue
    with open(path, encoding="utf-8") as handle:
        t = handle.read()
    texts[town] = t
    n = len(HAN.findall(t))
    if not 1500 <= n <= 2200:
        err(f"{fn}: {n} Han characters, outside 1500-2200")
    ms = list(PART.finditer(t))
    spans = {}
    for i, m in enumerate(ms):
        kind = classify(m.group(1))
        end = ms[i + 1].start() if i + 1 < len(ms) else len(t)
        if kind == "unknown":
            err(f"{fn}: unclassified part heading {m.group(0)!r}")
        if kind in spans:
            err(f"{fn}: two parts classified {kind}")
        spans[kind] = (m.end(), end)  # body of the part, heading excluded
    for need in ("measures", "leaders", "shortcomings", "other"):
        if need not in spans:
            err(f"{fn}: no {need} part")
    parts[town] = spans
    # signature: last non-empty lines contain the town name and a date
    tail = [line for line in t.strip().splitlines() if line.strip()][-3:]
    if not any(town in line for line in tail) or not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", tail[-1]):
        err(f"{fn}: signature with town and date missing at end")

if len(texts) != 10:
    err(f"roster must list 10 reports, has {len(texts)}")
kinds = {"镇": 0, "乡": 0, "街道": 0}
for town in town_file:
    if town.endswith("街道"):
        kinds["街道"] += 1
    elif town.endswith("乡"):
        kinds["乡"] += 1
    elif town.endswith("镇"):
        kinds["镇"] += 1
if min(kinds.values()) == 0:
    err(f"need a mix of 镇/乡/街道: {kinds}")


def locate(town, quote, where, label):
    """Return (start, end) of quote in town's file, checking it lies in one of parts `where`."""
    t = texts.get(town)
    if t is None:
        err(f"{label}: unknown town {town}")
        return None
    if not quote:
        err(f"{label}: empty quote")
        return None
    c = t.count(quote)
    if c == 0:
        err(f"{label}: quote not found in {town_file[town]}: {quote!r}")
        return None
    if c > 1:
        err(f"{label}: quote occurs {c} times in {town_file[town]}: {quote!r}")
    s = t.index(quote)
    e = s + len(quote)
    if where:
        ok = any(k in parts[town] and parts[town][k][0] <= s and e <= parts[town][k][1] for k in where)
        if not ok:
            err(f"{label}: quote not inside {where} part of {town_file[town]}: {quote!r}")
    return (s, e)


covered = {town: [] for town in texts}

# ---- shared problems
sp = facts["shared_problems"]
if len(sp) != 5:
    err(f"need 5 shared problems, have {len(sp)}")
shared_quotes = {}
KEYWORDS = {  # obvious key words; at least one wording per group must avoid all of them
    "P1": ["法治工作力量", "法治工作人员", "力量", "人员不足", "人才"],
    "P2": ["执法人员", "执法队伍", "业务能力", "素质", "水平"],
    "P3": ["普法", "宣传", "形式单一"],
    "P4": ["执法记录仪", "执法装备", "装备"],
    "P5": ["法律顾问"],
}
for p in sp:
    pid = p["id"]
    if not re.match(r"^P\d+_[a-z0-9_]+$", pid):
        err(f"bad id {pid}")
    if set(p.keys()) != {"id", "problem", "count", "towns", "quotes"}:
        err(f"{pid}: keys {list(p.keys())}")
    if not (2 <= p["count"] <= 6):
        err(f"{pid}: count {p['count']} outside 2-6")
    if p["count"] != len(p["towns"]) or set(p["towns"]) != set(p["quotes"].keys()):
        err(f"{pid}: count/towns/quotes disagree")
    for town, q in p["quotes"].items():
        sp_ = locate(town, q, ["shortcomings"], f"{pid}/{town}")
        if sp_:
            covered[town].append(sp_)
        shared_quotes[(town, q)] = pid
    qs = list(p["quotes"].items())
    for i in range(len(qs)):
        for j in range(i + 1, len(qs)):
            a, b = qs[i][1], qs[j][1]
            m = SequenceMatcher(None, a, b).find_longest_match(0, len(a), 0, len(b))
            if m.size >= 8:
                err(f"{pid}: {qs[i][0]} and {qs[j][0]} share {a[m.a : m.a + m.size]!r} (not paraphrased)")
    kw = KEYWORDS[pid.split("_")[0]]
    if not any(not any(k in q for k in kw) for q in p["quotes"].values()):
        err(f"{pid}: every wording uses one of the obvious key words {kw}")

# ---- singletons
sg = facts["singletons"]
if len(sg) < 10:
    err(f"need >=10 singletons, have {len(sg)}")
near = 0
pids = {p["id"] for p in sp}
for i, s in enumerate(sg):
    if set(s.keys()) != {"town", "quote", "nearest", "belongs_to", "note"}:
        err(f"singleton {i}: keys {list(s.keys())}")
    if s["belongs_to"] is not None:
        err(f"singleton {i}: belongs_to must be null")
    if s["nearest"] is not None:
        near += 1
        if s["nearest"] not in pids:
            err(f"singleton {i}: nearest {s['nearest']} unknown")
    if (s["town"], s["quote"]) in shared_quotes:
        err(f"singleton {i} duplicates a shared quote")
    sp_ = locate(s["town"], s["quote"], ["shortcomings"], f"singleton {i}")
    if sp_:
        covered[s["town"]].append(sp_)
if near < 4:
    err(f"need >=4 near-miss singletons, have {near}")

# ---- traps
tr = facts["traps"]
if len(tr) < 14:
    err(f"need >=14 traps, have {len(tr)}")
WHERE = {
    "cause": ["shortcomings"],
    "plan": ["shortcomings", "plans"],
    "achievement": ["measures"],
    "different_subject": ["shortcomings"],
}
kc = {}
for i, x in enumerate(tr):
    if set(x.keys()) != {"town", "kind", "topic_of", "must_count", "quote", "why"}:
        err(f"trap {i}: keys {list(x.keys())}")
    k = x["kind"]
    kc[k] = kc.get(k, 0) + 1
    if k not in WHERE:
        err(f"trap {i}: bad kind {k}")
        continue
    if x["topic_of"] is not None and x["topic_of"] not in pids:
        err(f"trap {i}: topic_of unknown")
    if x["must_count"] != (k == "different_subject"):
        err(f"trap {i}: must_count wrong for kind {k}")
    sp_ = locate(x["town"], x["quote"], WHERE[k], f"trap {i} ({k})")
    if sp_:
        covered[x["town"]].append(sp_)
    if k == "different_subject":
        if shared_quotes.get((x["town"], x["quote"])) != x["topic_of"]:
            err(f"trap {i}: different_subject quote must also be the {x['topic_of']} quote of {x['town']}")
    elif (x["town"], x["quote"]) in shared_quotes:
        err(f"trap {i}: non-counting trap duplicates a shared quote")
    if k == "cause" and sp_:
        t_ = texts[x["town"]]
        if "原因" not in x["quote"] and "原因" not in t_[parts[x["town"]]["shortcomings"][0] : sp_[0]]:
            err(f"trap {i}: cause trap neither says 原因 nor follows a 原因 marker")
for k, n in {"cause": 3, "plan": 3, "achievement": 3, "different_subject": 3}.items():
    if kc.get(k, 0) < n:
        err(f"need >= {n} {k} traps, have {kc.get(k, 0)}")

# ---- coverage: every clause in every shortcomings part is accounted for
ALLOW = [
    "存在不足",
    "原因分析",
    "主要不足",
    "对照上级要求，我镇法治政府建设还存在以下不足",
    "当前我乡法治政府建设仍有一些薄弱环节",
]
for town, t in texts.items():
    s0, e0 = parts[town]["shortcomings"]
    mask = [False] * len(t)
    for a, b in covered[town]:
        for j in range(a, b):
            mask[j] = True
    towns_problems = sum(1 for (tw, _) in shared_quotes if tw == town) + sum(
        1 for s in sg if s["town"] == town
    )
    if towns_problems < 2:
        err(f"{town}: fewer than 2 problems in shortcomings")
    for m in re.finditer(r"[^。；：\n]+", t[s0:e0]):
        clause = m.group(0).strip()
        a = s0 + m.start()
        han = [j for j in range(a, s0 + m.end()) if HAN.match(t[j])]
        if len(han) < 5:
            continue
        if any(al in clause for al in ALLOW) and len(clause) <= 40:
            continue
        cov = sum(mask[j] for j in han) / len(han)
        if cov < 0.8:
            err(f"{town}: shortcomings clause not listed as problem/singleton/trap: {clause!r}")

# ---- practices
THEMES = {
    "法治宣传教育",
    "行政执法",
    "依法决策与合法性审查",
    "矛盾纠纷化解",
    "法律顾问与公共法律服务",
    "政务公开",
    "基层依法治理/民主法治村",
}
pr = facts["practices"]
if len(pr) < 24:
    err(f"need >=24 practices, have {len(pr)}")
brands = 0
seen_themes = set()
for i, p in enumerate(pr):
    if set(p.keys()) != {"town", "theme", "brand", "quote", "note"}:
        err(f"practice {i}: keys")
    if p["theme"] not in THEMES:
        err(f"practice {i}: bad theme {p['theme']}")
    seen_themes.add(p["theme"])
    if p["brand"]:
        brands += 1
        if f"「{p['brand']}」" not in p["quote"]:
            err(f"practice {i}: brand 「{p['brand']}」 not in quote")
    locate(p["town"], p["quote"], ["measures"], f"practice {i}")
if brands < 6:
    err(f"need >=6 branded practices, have {brands}")
if seen_themes != THEMES:
    err(f"themes not all covered: missing {THEMES - seen_themes}")

# ---- figures
FKEYS = [
    "certified_officers",
    "disputes_mediated",
    "mediation_success",
    "legality_reviews",
    "publicity_events",
    "publicity_people",
    "body_cameras",
    "funding_yuan",
]
fg = facts["figures"]
bc = {}


def nums(q):
    out = []
    for m in re.finditer(r"(\d+(?:\.\d+)?)(万)?", q):
        v = float(m.group(1)) * (10000 if m.group(2) else 1)
        out.append(v)
    return out


for i, f in enumerate(fg):
    if set(f.keys()) != {"town", "key", "value", "quote"}:
        err(f"figure {i}: keys")
    if f["key"] not in FKEYS:
        err(f"figure {i}: bad key {f['key']}")
    v, q = f["value"], f["quote"]
    if f["key"] == "body_cameras":
        bc[f["town"]] = v
    if v is None:
        if q is not None:
            err(f"figure {i}: null value with a quote")
        continue
    if q is None:
        err(f"figure {i}: value without quote")
        continue
    locate(f["town"], q, None, f"figure {i} {f['town']}/{f['key']}")
    if isinstance(v, str):
        if v not in ("lacks", "plans"):
            err(f"figure {i}: bad value {v}")
    else:
        ns = nums(q)
        if not (any(abs(n - v) < 1e-6 for n in ns) or abs(sum(ns) - v) < 1e-6):
            err(f"figure {i}: value {v} not derivable from quote {q!r}")
for town in texts:
    have = {f["key"] for f in fg if f["town"] == town}
    if have != set(FKEYS):
        err(f"{town}: figures missing keys {set(FKEYS) - have}")
vals = list(bc.values())
if vals.count("lacks") < 2:
    err("need >=2 towns lacking body cameras")
if vals.count("plans") != 1:
    err("need exactly one town planning to buy body cameras")
if vals.count(None) < 2:
    err("need >=2 towns never mentioning body cameras")
for town, v in bc.items():
    if v is None and "执法记录仪" in texts[town]:
        err(f"{town}: body_cameras null but text mentions 执法记录仪")
lack_quotes = [f["quote"] for f in fg if f["key"] == "body_cameras" and f["value"] == "lacks"]
if not any("执法记录仪" not in q for q in lack_quotes):
    err("at least one 'lacks' wording should avoid 执法记录仪")

# ---- layouts
if set(facts["layouts"].keys()) != set(town_file.values()):
    err("layouts must describe every file")
if not facts["counting_rules"]:
    err("counting_rules empty")

if errors:
    print(f"FAIL: {len(errors)} problem(s)")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print(
    f"OK: {len(texts)} reports; shared={len(sp)} ({', '.join(p['id'].split('_')[0] + '=' + str(p['count']) for p in sp)}); "
    f"singletons={len(sg)} (near-miss {near}); traps={len(tr)} {kc}; practices={len(pr)} (brands {brands}); figures={len(fg)}"
)
