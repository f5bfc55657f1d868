#!/usr/bin/env python3
"""Validator for the blind digest6 corpus (fictional 沅禾县, 2025).

Run from this folder:  python3 check.py
Prints `OK ...` and exits 0 when every check passes; otherwise prints FAIL and the list of errors.
"""

import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
problems = []


def fail(msg):
    problems.append(msg)


def lcs_len(a, b):
    """Length of the longest common substring of a and b."""
    best = 0
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        ai = a[i - 1]
        for j in range(1, len(b) + 1):
            if ai == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best = cur[j]
        prev = cur
    return best


with open(os.path.join(HERE, "facts.yaml"), encoding="utf-8") as fh:
    facts = yaml.safe_load(fh)

TOP = ["county", "year", "fictional", "roster", "shared_problems", "singletons", "traps",
       "practices", "figures", "layouts", "counting_rules"]
if list(facts) != TOP:
    fail(f"top-level keys are {list(facts)}, expected {TOP}")
if facts.get("year") != 2025:
    fail("year must be 2025")
if facts.get("fictional") is not True:
    fail("fictional must be true")
if not str(facts.get("county", "")).endswith("县"):
    fail("county must be a 县")

# ------------------------------------------------------------------ files and parts
HAN = re.compile(r"[\u4e00-\u9fff]")
HEAD = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分[ \u3000]*)(.+)$", re.M)


def kind_of(title):
    if "其他需要报告" in title:
        return "other"
    if "第一责任人" in title:
        return "leaders"
    if re.search(r"不足|问题|短板|弱项|困难|薄弱", title):
        return "shortcomings"
    if re.search(r"举措|成效|开展情况", title):
        return "measures"
    if re.search(r"打算|安排|计划|思路", title):
        return "plans"
    return None


texts, parts, titles, file_of = {}, {}, {}, {}
for row in facts["roster"]:
    town, fn = row["town"], row["file"]
    file_of[town] = fn
    if not re.match(r"^\d\d_[a-z]+\.txt$", fn):
        fail(f"{fn}: file name must be NN_pinyin.txt")
    path = os.path.join(CORPUS, fn)
    try:
        with open(path, encoding="utf-8") as fh:
            t = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{fn}: cannot read as UTF-8 ({exc})")
        continue
    texts[town] = t
    n = len(HAN.findall(t))
    if not 1500 <= n <= 2500:
        fail(f"{fn}: {n} Han characters, outside 1500-2500")
    first = t.strip().splitlines()[0]
    if town not in first or "2025" not in first or "法治政府建设" not in first:
        fail(f"{fn}: title line must name the town, 2025 and 法治政府建设")
    heads = list(HEAD.finditer(t))
    spans, tt = {}, {}
    for i, m in enumerate(heads):
        k = kind_of(m.group(1))
        if k is None:
            fail(f"{fn}: cannot classify part heading {m.group(0)!r}")
            continue
        if k in spans:
            fail(f"{fn}: two {k} parts")
        end = heads[i + 1].start() if i + 1 < len(heads) else len(t)
        spans[k] = (m.end(), end)
        tt[k] = m.group(1)
    for need in ("measures", "leaders", "shortcomings", "other"):
        if need not in spans:
            fail(f"{fn}: no {need} part")
    parts[town], titles[town] = spans, tt
    tail = [ln.strip() for ln in t.strip().splitlines() if ln.strip()][-3:]
    if not any(town in ln for ln in tail) or not re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", tail[-1]):
        fail(f"{fn}: must end with a signature naming the town and a date line")

if len(texts) != 12:
    fail(f"roster must list 12 readable reports, has {len(texts)}")
mix = {"镇": 0, "乡": 0, "街道": 0}
for town in file_of:
    for suffix in ("街道", "乡", "镇"):
        if town.endswith(suffix):
            mix[suffix] += 1
            break
if min(mix.values()) == 0:
    fail(f"roster needs a mix of 镇/乡/街道, has {mix}")


def body(town, kind):
    s, e = parts[town][kind]
    return texts[town][s:e]


def find(town, quote, where, label):
    """Locate quote in town's file; check it is unique and inside one of the parts in `where`."""
    if town not in texts:
        fail(f"{label}: unknown town {town}")
        return None
    if not quote:
        fail(f"{label}: empty quote")
        return None
    t = texts[town]
    c = t.count(quote)
    if c == 0:
        fail(f"{label}: not an exact substring of {file_of[town]}: {quote!r}")
        return None
    if c > 1:
        fail(f"{label}: occurs {c} times in {file_of[town]}: {quote!r}")
    s = t.index(quote)
    e = s + len(quote)
    if where and not any(k in parts[town] and parts[town][k][0] <= s and e <= parts[town][k][1] for k in where):
        fail(f"{label}: not inside the {'/'.join(where)} part of {file_of[town]}: {quote!r}")
    return (s, e)


cover = {town: [] for town in texts}

# ------------------------------------------------------------------ shared problems
OBVIOUS = {  # a reader's first key words; at least one wording per group avoids all of them
    "P1": ["调解员", "老化", "年龄", "后继"],
    "P2": ["涉企", "检查", "多头", "重复"],
    "P3": ["政务公开", "信息公开", "更新", "公开"],
    "P4": ["法律援助", "偏远", "公共法律服务", "法律服务"],
    "P5": ["考核", "形式", "述法", "台账"],
    "P6": ["重大行政决策", "决策", "程序"],
}
KEY_PHRASES = {  # each distinctive phrase may be used by at most one town of the group
    "P1": ["青黄不接", "年纪偏大", "老龄化", "后继乏人", "断档", "平均年龄", "调解员队伍"],
    "P2": ["统筹不够", "缺少统筹", "多头", "重复检查", "大同小异", "好几拨", "入企检查", "涉企执法检查"],
    "P3": ["不够及时", "停在", "发布滞后", "更新不到", "门户网站", "信息公开专栏"],
    "P4": ["延伸不到位", "只挂了牌子", "难以享受", "放弃维权", "法律援助", "偏远村组", "作罢"],
    "P5": ["偏重痕迹", "查看材料", "走过场", "实效不强", "台账代替", "流于形式", "法治建设考核"],
    "P6": ["执行不够严格", "程序不完整", "拍板", "补手续", "重大行政决策", "风险评估"],
}
MAX_SHARED_RUN = 6  # two wordings of one problem may share at most 6 consecutive characters

sp = facts["shared_problems"]
if len(sp) != 6:
    fail(f"need 6 shared problems, have {len(sp)}")
pids = [p["id"] for p in sp]
members = {}
shared_quote_of = {}
for p in sp:
    pid = p["id"]
    if list(p) != ["id", "problem", "count", "towns", "quotes"]:
        fail(f"{pid}: keys {list(p)}")
    if not re.fullmatch(r"P\d_[a-z0-9_]+", pid):
        fail(f"{pid}: bad id")
    if not 3 <= p["count"] <= 7:
        fail(f"{pid}: count {p['count']} outside 3-7")
    if p["count"] != len(p["towns"]) or len(set(p["towns"])) != len(p["towns"]) or set(p["towns"]) != set(p["quotes"]):
        fail(f"{pid}: count, towns and quotes disagree")
    members[pid] = set(p["towns"])
    for town, q in p["quotes"].items():
        loc = find(town, q, ["shortcomings"], f"{pid}/{town}")
        if loc:
            cover[town].append(loc)
        shared_quote_of[(town, q)] = pid
    items = list(p["quotes"].items())
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            n = lcs_len(items[i][1], items[j][1])
            if n > MAX_SHARED_RUN:
                fail(f"{pid}: {items[i][0]} and {items[j][0]} share a run of {n} characters")
    short = pid.split("_")[0]
    for phrase in KEY_PHRASES[short]:
        users = [tw for tw, q in items if phrase in q]
        if len(users) > 1:
            fail(f"{pid}: key phrase {phrase!r} used by several towns {users}")
    if not any(not any(k in q for k in OBVIOUS[short]) for _, q in items):
        fail(f"{pid}: every wording uses one of {OBVIOUS[short]}")

# ------------------------------------------------------------------ single-town problems
sg = facts["singletons"]
if not 12 <= len(sg) <= 16:
    fail(f"need 12-16 single-town problems, have {len(sg)}")
near = 0
seen_single = set()
for i, s in enumerate(sg):
    lab = f"singleton {i} ({s.get('town')})"
    if list(s) != ["town", "quote", "nearest", "belongs_to", "note"]:
        fail(f"{lab}: keys {list(s)}")
    if s["belongs_to"] is not None:
        fail(f"{lab}: belongs_to must be null")
    if (s["town"], s["quote"]) in shared_quote_of or (s["town"], s["quote"]) in seen_single:
        fail(f"{lab}: duplicates another problem quote")
    seen_single.add((s["town"], s["quote"]))
    if s["nearest"] is not None:
        near += 1
        if s["nearest"] not in members:
            fail(f"{lab}: unknown nearest {s['nearest']}")
        elif s["town"] in members[s["nearest"]]:
            fail(f"{lab}: near-miss town also has {s['nearest']}; pick a town outside that group")
        if "NEAR-MISS" not in s["note"]:
            fail(f"{lab}: near-miss note must say NEAR-MISS")
    loc = find(s["town"], s["quote"], ["shortcomings"], lab)
    if loc:
        cover[s["town"]].append(loc)
if near != 4:
    fail(f"need exactly 4 near-miss singletons, have {near}")
near_targets = {s["nearest"] for s in sg if s["nearest"]}
if len(near_targets) != 4:
    fail("the 4 near-misses should shadow 4 different shared problems")

# ------------------------------------------------------------------ traps
WHERE = {
    "cause": ["shortcomings"],
    "plan": ["shortcomings", "plans"],
    "achievement": ["measures"],
    "different_subject": ["shortcomings"],
}
CAUSE_MARK = re.compile(r"原因|之所以")
PLAN_MARK = re.compile(r"下一步|将|拟|计划|继续|\d{4}年将")
OTHER_PARTY = re.compile(r"反映|指出")
tr = facts["traps"]
kinds = {}
for i, x in enumerate(tr):
    lab = f"trap {i} ({x.get('town')}, {x.get('kind')})"
    if list(x) != ["town", "kind", "topic_of", "must_count", "quote", "why"]:
        fail(f"{lab}: keys {list(x)}")
    k = x["kind"]
    if k not in WHERE:
        fail(f"{lab}: unknown kind")
        continue
    kinds[k] = kinds.get(k, 0) + 1
    if x["topic_of"] is not None and x["topic_of"] not in members:
        fail(f"{lab}: unknown topic_of {x['topic_of']}")
    if x["must_count"] is not (k == "different_subject"):
        fail(f"{lab}: must_count must be true exactly for different_subject traps")
    loc = find(x["town"], x["quote"], WHERE[k], lab)
    if loc:
        cover[x["town"]].append(loc)
    in_shared = shared_quote_of.get((x["town"], x["quote"]))
    if k == "different_subject":
        if in_shared != x["topic_of"]:
            fail(f"{lab}: quote must also be {x['town']}'s {x['topic_of']} quote")
        if not OTHER_PARTY.search(x["quote"]):
            fail(f"{lab}: quote should name another party (…反映 / …指出)")
    elif in_shared:
        fail(f"{lab}: non-counting trap duplicates a shared quote")
    if k == "cause" and loc:
        before = texts[x["town"]][parts[x["town"]]["shortcomings"][0]:loc[0]]
        last_para = before.split("\n")[-1]
        if not CAUSE_MARK.search(x["quote"]) and not CAUSE_MARK.search(last_para):
            fail(f"{lab}: cause neither says 原因 nor follows a 原因 marker in its paragraph")
    if k == "plan" and loc and parts[x["town"]].get("plans") and not (
        parts[x["town"]]["plans"][0] <= loc[0] < parts[x["town"]]["plans"][1]
    ) and not PLAN_MARK.search(x["quote"]):
        fail(f"{lab}: plan inside a shortcomings part must carry a plan marker")
    # plan/achievement traps with a topic: say whether the town is (not) in the group, as the why claims
    if k in ("plan", "achievement") and x["topic_of"] and "must NOT be counted" in x["why"] \
            and x["town"] in members[x["topic_of"]]:
        fail(f"{lab}: why says the town must not be counted but it is in {x['topic_of']}")
for k, n in {"cause": 4, "plan": 4, "achievement": 4, "different_subject": 3}.items():
    if kinds.get(k, 0) < n:
        fail(f"need >= {n} {k} traps, have {kinds.get(k, 0)}")
ds_towns = [x for x in tr if x["kind"] == "different_subject"]
if len({x["topic_of"] for x in ds_towns}) < 3:
    fail("different_subject traps should touch at least 3 different shared problems")

# ------------------------------------------------------------------ coverage of every shortcomings part
INTRO = [
    "对照上级要求，我镇法治政府建设还存在以下不足",
    "一年来，街道法治政府建设虽然取得了一定成效，但对照群众期盼和上级要求仍有差距",
    "对照年度目标任务，我镇法治政府建设主要存在以下问题",
    "当前我乡法治政府建设仍有一些短板",
    "产生上述问题，原因主要有三",
]
for town, t in texts.items():
    if "shortcomings" not in parts[town]:
        continue
    s0, e0 = parts[town]["shortcomings"]
    mask = bytearray(len(t))
    for a, b in cover[town]:
        for j in range(a, b):
            mask[j] = 1
    nprob = sum(1 for (tw, _) in shared_quote_of if tw == town) + sum(1 for s in sg if s["town"] == town)
    if nprob < 2:
        fail(f"{town}: fewer than 2 problems in its shortcomings part")
    for m in re.finditer(r"[^。；：\n]+", t[s0:e0]):
        clause = m.group(0).strip()
        a = s0 + m.start()
        han = [j for j in range(a, s0 + m.end()) if HAN.match(t[j])]
        if len(han) < 5:
            continue
        if any(clause.endswith(x) or x == clause for x in INTRO):
            continue
        if sum(mask[j] for j in han) / len(han) < 0.8:
            fail(f"{town}: clause in shortcomings part not listed as problem/singleton/trap: {clause!r}")
per_town = {town: 0 for town in texts}
for (tw, _q) in shared_quote_of:
    per_town[tw] += 1
for s in sg:
    per_town[s["town"]] += 1
if any(v > 5 for v in per_town.values()):
    fail(f"a town has more than 5 problems: {per_town}")

# ------------------------------------------------------------------ practices
THEMES = ["法治宣传教育", "行政执法", "依法决策与合法性审查", "矛盾纠纷化解",
          "法律顾问与公共法律服务", "政务公开", "基层依法治理", "法治工作力量和保障"]
pr = facts["practices"]
if len(pr) < 36:
    fail(f"need >= 36 practices, have {len(pr)}")
brands = []
theme_count = {th: 0 for th in THEMES}
for i, p in enumerate(pr):
    lab = f"practice {i} ({p.get('town')})"
    if list(p) != ["town", "theme", "brand", "quote", "note"]:
        fail(f"{lab}: keys {list(p)}")
    if p["theme"] not in THEMES:
        fail(f"{lab}: unknown theme {p['theme']}")
    else:
        theme_count[p["theme"]] += 1
    if p["brand"]:
        brands.append(p["brand"])
        if f"「{p['brand']}」" not in p["quote"]:
            fail(f"{lab}: brand 「{p['brand']}」 not in quote")
    elif "「" in p["quote"]:
        fail(f"{lab}: quote has a 「」 brand but brand is null")
    find(p["town"], p["quote"], ["measures"], lab)
if len(brands) < 8 or len(set(brands)) != len(brands):
    fail(f"need >= 8 distinct brands, have {brands}")
for th, n in theme_count.items():
    if n < 2:
        fail(f"theme {th} has only {n} practices")
for town in texts:
    if sum(1 for p in pr if p["town"] == town) < 3:
        fail(f"{town}: fewer than 3 practices")
    for b in re.findall(r"「([^」]+)」", body(town, "measures")):
        if not any(p["brand"] == b and p["town"] == town for p in pr):
            fail(f"{town}: brand 「{b}」 in measures part not listed as a practice")

# ------------------------------------------------------------------ figures
FKEYS = ["certified_officers", "disputes_mediated", "mediation_success", "legality_reviews",
         "publicity_events", "publicity_people", "body_cameras", "funding_yuan"]


def numbers(q):
    return [float(m.group(1)) * (10000 if m.group(2) else 1) for m in re.finditer(r"(\d+(?:\.\d+)?)(万)?", q)]


fg = facts["figures"]
cams = {}
got = {town: [] for town in texts}
for i, f in enumerate(fg):
    lab = f"figure {i} ({f.get('town')}/{f.get('key')})"
    if list(f) != ["town", "key", "value", "quote"]:
        fail(f"{lab}: keys {list(f)}")
    if f["key"] not in FKEYS:
        fail(f"{lab}: unknown key")
    got.setdefault(f["town"], []).append(f["key"])
    v, q = f["value"], f["quote"]
    if f["key"] == "body_cameras":
        cams[f["town"]] = v
    if v is None:
        if q is not None:
            fail(f"{lab}: null value needs a null quote")
        continue
    if q is None:
        fail(f"{lab}: value without quote")
        continue
    find(f["town"], q, None, lab)
    if isinstance(v, str):
        if f["key"] != "body_cameras" or v not in ("lacks", "plans"):
            fail(f"{lab}: bad string value {v}")
        elif "执法记录仪" not in q:
            fail(f"{lab}: camera quote must mention 执法记录仪")
        continue
    ns = numbers(q)
    if not (any(abs(n - v) < 1e-6 for n in ns) or (len(ns) > 1 and abs(sum(ns) - v) < 1e-6)):
        fail(f"{lab}: {v} not derivable from {q!r}")
    if f["key"] == "funding_yuan" and "经费" not in q:
        fail(f"{lab}: funding quote must be about 经费")
for town, ks in got.items():
    if sorted(ks) != sorted(FKEYS):
        fail(f"{town}: figure keys {ks}")
succ = {f["town"]: f["value"] for f in fg if f["key"] == "mediation_success"}
tot = {f["town"]: f["value"] for f in fg if f["key"] == "disputes_mediated"}
for town in texts:
    if isinstance(succ.get(town), (int, float)) and isinstance(tot.get(town), (int, float)) and succ[town] > tot[town]:
        fail(f"{town}: mediation_success > disputes_mediated")
vals = list(cams.values())
if vals.count("lacks") < 1 or vals.count("plans") != 1 or vals.count(None) < 2:
    fail(f"body_cameras values need >=1 lacks, exactly 1 plans, >=2 null: {cams}")
for town, v in cams.items():
    if v is None and "执法记录仪" in texts[town]:
        fail(f"{town}: body_cameras null but the text mentions 执法记录仪")
subcount_traps = sum(1 for town in texts if re.search(r"其中[^。]*?\d+(件|场)", texts[town]))
if subcount_traps < 3:
    fail("figures: need >= 3 reports with a 其中… sub-count near a headline total")

# ------------------------------------------------------------------ layouts asked for in the brief
sc = {town: body(town, "shortcomings") for town in texts if "shortcomings" in parts[town]}
want = {
    "一是/二是 numbering": any(re.search(r"一是", b) and re.search(r"二是", b) for b in sc.values()),
    "（一）headline + sentence": any(re.search(r"^（一）[^。\n]{3,16}。[^\n]+", b, re.M) for b in sc.values()),
    "one unnumbered prose paragraph with 此外 and a cause": any(
        "此外" in b and "原因" in b and not re.search(r"一是|（一）|^\d|^第", b, re.M)
        and len([ln for ln in b.splitlines() if ln.strip()]) == 1 for b in sc.values()),
    "colon lead-in, ；-separated problems on one line": any(
        any("：" in ln and ln.count("；") >= 2 for ln in b.splitlines()) for b in sc.values()),
    "merged problems + plans part": any(
        re.search(r"打算|措施", titles[tw]["shortcomings"]) and "plans" not in parts[tw] for tw in sc),
    "part titled 不足和原因": any("原因" in titles[tw]["shortcomings"] for tw in sc),
    "第X部分 headings": any(re.search(r"^第[一二三四五]部分", t, re.M) for t in texts.values()),
}
for name, ok in want.items():
    if not ok:
        fail(f"layout missing: {name}")

if set(facts["layouts"]) != set(file_of.values()):
    fail("layouts must describe every file exactly once")
if len(facts["counting_rules"]) < 5:
    fail("counting_rules too short")

# ------------------------------------------------------------------ report
if problems:
    print(f"FAIL: {len(problems)} problem(s)")
    for p in problems:
        print(" -", p)
    sys.exit(1)
print(
    f"OK: {len(texts)} reports {mix}; shared={len(sp)} ("
    + ", ".join(f"{p['id'].split('_')[0]}={p['count']}" for p in sp)
    + f"); singletons={len(sg)} (near-miss {near}); traps={len(tr)} {kinds}; "
    f"practices={len(pr)} (brands {len(brands)}); figures={len(fg)}"
)
