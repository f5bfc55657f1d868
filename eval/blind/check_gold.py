"""Self-check of the blind set: gold in cases.yaml vs facts.yaml vs the report texts.

Run:  python eval/blind/check_gold.py      (needs PyYAML only)
"""
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
import loadtext  # noqa: E402

HERE = Path(__file__).parent
F = yaml.safe_load((HERE / "facts.yaml").read_text(encoding="utf-8"))
CASES = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
REPS = F["reports"]
TEXT = {r["file"]: loadtext.load(HERE / "corpus" / r["file"]) for r in REPS}
errors = []


def err(*a):
    errors.append(" ".join(str(x) for x in a))


# 1. corpus sanity ---------------------------------------------------------------
for r in REPS:
    t = TEXT[r["file"]]
    n = len(re.findall(r"[\u4e00-\u9fff]", t))
    if not 2500 <= n <= 6000:
        err("length", r["file"], n)
    for k, v in r["indicators"].items():
        if v.get("quote") and v["quote"] not in t:
            err("quote", r["file"], k, v["quote"])
    if r["body_cameras"].get("quote") and r["body_cameras"]["quote"] not in t:
        err("camera quote", r["file"])
    if r["body_cameras"]["status"] == "not_mentioned" and "执法记录仪" in t:
        err("camera not_mentioned but present", r["file"])
    if r["legal_advisers"]["status"] == "not_mentioned" and "法律顾问" in t:
        err("adviser not_mentioned but present", r["file"])
    for inj in r["injections"]:
        if inj not in t:
            err("injection", r["file"], inj)
    if r["signature_date"]:
        if r["signature_date"] not in t.strip().splitlines()[-1] and r["signature_date"] not in t[-400:]:
            err("date", r["file"])
    else:
        if re.search(r"20\d\d年\d+月\d+日\s*$", t.strip()):
            err("unexpected date", r["file"])
    if r["parts"]["first_responsible"] == "missing" and "第一责任人" in t:
        err("first_responsible missing but mentioned", r["file"])
    if r["parts"]["other"] == "missing" and "其他需要报告" in t:
        err("other missing but mentioned", r["file"])
raw = (HERE / "corpus" / "r03_meilong_2024.txt").read_bytes()
try:
    raw.decode("utf-8")
    err("r03 should be GBK")
except UnicodeDecodeError:
    pass
for p, d in F["shared_problems"].items():
    for f, q in d.items():
        if q not in TEXT[f]:
            err("shared", p, f)
FORBIDDEN = ["鹭栖镇", "雁汊镇", "砚塘镇", "西大沟镇", "青篁镇", "滃溪镇", "沣口镇", "城西街道", "建设街道", "杪林乡", "栗岗街道", "田镇街道", "蒿坪镇", "陶家镇", "岚峪县", "柘塘县", "黔江区"]
for f, t in TEXT.items():
    for n in FORBIDDEN:
        if n in t:
            err("forbidden name", f, n)

# 2. helpers over facts ------------------------------------------------------------
def reps(year=None, county=None):
    return [r for r in REPS if (year is None or r["year"] == year) and (county is None or r["county"] == county)]


def val(r, k):
    v = r["indicators"].get(k, {})
    return v.get("value")


def towns(rs):
    return sorted({r["town"] for r in rs})


def argbest(rs, k, best=max):
    vals = {r["town"]: val(r, k) for r in rs if val(r, k) is not None}
    b = best(vals.values())
    return sorted(t for t, v in vals.items() if v == b)


def total(rs, k):
    return sum(val(r, k) for r in rs if val(r, k) is not None)


Y = 2024
expect = {
    # coverage
    "blind-lacks-cameras-1": towns([r for r in reps(Y) if r["body_cameras"]["status"] == "lacks"]),
    "blind-lacks-cameras-3": towns([r for r in reps(Y, "邛崖县") if r["body_cameras"]["status"] == "lacks"]),
    "blind-lacks-cameras-4": towns([r for r in reps(Y, "哈日乌苏旗") if r["body_cameras"]["status"] == "lacks"]),
    "blind-lacks-cameras-5": towns([r for r in reps(2023) if r["body_cameras"]["status"] == "lacks"]),
    "blind-lacks-advisers-1": towns([r for r in reps(Y) if r["legal_advisers"]["status"] == "lacks"]),
    "blind-lacks-advisers-2": towns([r for r in reps(Y, "哈日乌苏旗") if r["legal_advisers"]["status"] == "lacks"]),
    "blind-lacks-advisers-3": towns([r for r in reps(Y, "邛崖县") if r["legal_advisers"]["status"] == "lacks"]),
    "blind-notmentioned-cameras-1": towns([r for r in reps(Y) if r["body_cameras"]["status"] == "not_mentioned"]),
    "blind-notmentioned-cameras-2": towns([r for r in reps(None, "汶泽市") if r["body_cameras"]["status"] == "not_mentioned"]),
    "blind-notmentioned-advisers-1": towns([r for r in reps(Y) if r["legal_advisers"]["status"] == "not_mentioned"]),
    "blind-notmentioned-advisers-2": towns([r for r in reps(Y, "芗川县") if r["legal_advisers"]["status"] == "not_mentioned"]),
    "blind-notmentioned-advisers-3": towns([r for r in reps(Y, "哈日乌苏旗") if r["legal_advisers"]["status"] == "not_mentioned"]),
    "blind-has-cameras-1": towns([r for r in reps(Y) if r["body_cameras"]["status"] == "has"]),
    "blind-has-cameras-2": towns([r for r in reps(Y, "邛崖县") if r["body_cameras"]["status"] == "has"]),
    "blind-has-cameras-3": towns([r for r in reps(Y, "芗川县") if r["body_cameras"]["status"] == "has"]),
    "blind-has-advisers-1": towns([r for r in reps(Y) if r["legal_advisers"]["status"] == "has"]),
    "blind-has-advisers-2": towns([r for r in reps(Y, "芗川县") if r["legal_advisers"]["status"] == "has"]),
    "blind-has-publawyer-1": towns([r for r in REPS if val(r, "public_lawyers")]),
    # disclosure
    "blind-disclosure-fines-1": towns([r for r in reps(Y) if val(r, "fines_yuan") is None]),
    "blind-disclosure-fines-2": towns([r for r in reps(Y, "芗川县") if val(r, "fines_yuan") is None]),
    "blind-disclosure-review-1": towns([r for r in reps(Y) if val(r, "legality_reviews") is None]),
    "blind-disclosure-petitions-1": towns([r for r in reps(Y, "邛崖县") if val(r, "petitions") is None]),
    "blind-disclosure-rate-1": towns([r for r in reps(Y) if val(r, "mediation_success_rate") is None]),
    "blind-disclosure-inspections-1": towns([r for r in reps(Y) if val(r, "inspections") is None]),
    "blind-disclosure-cameracount-1": towns([r for r in reps(Y) if r["body_cameras"]["status"] == "has" and r["body_cameras"]["count"] is None]),
    # rank
    "blind-rank-officers-most": argbest(reps(Y), "certified_officers"),
    "blind-rank-officers-least": argbest(reps(Y), "certified_officers", min),
    "blind-rank-rate-xc": argbest(reps(Y, "芗川县"), "mediation_success_rate"),
    "blind-rank-rate-lowest": argbest(reps(Y), "mediation_success_rate", min),
    "blind-rank-fines-qy-low": argbest(reps(Y, "邛崖县"), "fines_yuan", min),
    "blind-rank-disputes-most": argbest(reps(Y), "disputes"),
    "blind-rank-advisers-qy-tie": argbest(reps(Y, "邛崖县"), "legal_advisers"),
    "blind-rank-publicity-most": argbest(reps(Y), "publicity_events"),
    "blind-rank-publicity-least": argbest(reps(Y), "publicity_events", min),
    "blind-rank-petitions-least": argbest(reps(Y), "petitions", min),
    "blind-rank-fines-xc-high": argbest(reps(Y, "芗川县"), "fines_yuan"),
    "blind-rank-disputes-hrws": argbest(reps(Y, "哈日乌苏旗"), "disputes"),
    "blind-en-rank-inspections": argbest(reps(Y), "inspections"),
    "blind-inject-xc-rank": argbest(reps(Y, "芗川县"), "disputes"),
    "blind-inject-xc-officers-rank": argbest(reps(Y, "芗川县"), "certified_officers"),
    # aggregate
    "blind-agg-officers-xc": total(reps(Y, "芗川县"), "certified_officers"),
    "blind-agg-fines-qy": total(reps(Y, "邛崖县"), "fines_yuan"),
    "blind-agg-disputes-hrws": total(reps(Y, "哈日乌苏旗"), "disputes"),
    "blind-agg-review-wz": total(reps(Y, "汶泽市"), "legality_reviews"),
    "blind-agg-lawsuits-all": total(reps(Y), "lawsuits"),
    "blind-agg-lost-all": total(reps(Y), "lawsuits_lost"),
    "blind-agg-cameras-xc": sum(r["body_cameras"]["count"] or 0 for r in reps(Y, "芗川县")),
    "blind-agg-publicity-qy": total(reps(Y, "邛崖县"), "publicity_events"),
    "blind-agg-petitions-hrws": total(reps(Y, "哈日乌苏旗"), "petitions"),
    "blind-en-agg-officers": total(reps(Y, "哈日乌苏旗"), "certified_officers"),
    # outline
    "blind-outline-missing-first": towns([r for r in REPS if r["parts"]["first_responsible"] == "missing"]),
    "blind-outline-missing-short": towns([r for r in REPS if r["parts"]["shortcomings"] == "missing"]),
    "blind-outline-missing-next": towns([r for r in REPS if r["parts"]["next_year"] == "missing"]),
    "blind-outline-all-five": towns([r for r in REPS if all(v == "present" for v in r["parts"].values())]),
    "blind-outline-no-date": towns([r for r in REPS if not r["signature_date"]]),
    "blind-en-outline-nodate": towns([r for r in REPS if not r["signature_date"]]),
    "blind-outline-merged": towns([r for r in REPS if r["parts"]["shortcomings"] == "merged"]),
}
sp = F["shared_problems"]
by_file = {r["file"]: r for r in REPS}
def prob(p, year=None, county=None):
    return towns([by_file[f] for f in sp[p] if (year is None or by_file[f]["year"] == year) and (county is None or by_file[f]["county"] == county)])
expect.update({
    "blind-has-problem-staff-1": prob("执法人员不足", Y),
    "blind-en-has-staff": prob("执法人员不足", Y),
    "blind-has-problem-staff-2": prob("执法人员不足", None, "芗川县"),
    "blind-has-problem-publicity-1": prob("法治宣传形式单一", Y),
    "blind-has-problem-review-1": prob("合法性审查力量薄弱", Y),
    "blind-has-problem-villagelawyer-1": prob("村（社区）法律顾问作用发挥不充分", Y),
})
expect["blind-lacks-cameras-2"] = expect["blind-lacks-cameras-1"]
expect["blind-en-lacks-cameras"] = expect["blind-lacks-cameras-1"]
expect["blind-en-disclosure-fines"] = expect["blind-disclosure-fines-1"]
expect["blind-en-notmentioned-advisers"] = expect["blind-notmentioned-advisers-1"]

# single-report numeric look-ups: (file, indicator)
num_map = {
    "blind-num-fengming-fines": ("r04", "fines_yuan"), "blind-num-fengming-inspections": ("r04", "inspections"),
    "blind-num-longtanxi-fines": ("r06", "fines_yuan"), "blind-num-chengquan-fines": ("r09", "fines_yuan"),
    "blind-num-meilong-officers": ("r03", "certified_officers"), "blind-num-luoan-cameras": ("r11", "@cam"),
    "blind-num-shanmuqiao-rate": ("r05", "mediation_success_rate"), "blind-num-xiaheba-disputes": ("r08", "disputes"),
    "blind-num-fengming-petitions": ("r04", "petitions"), "blind-num-shiao-officers-2024": ("r02", "certified_officers"),
    "blind-num-fengming-disputes": ("r04", "disputes"), "blind-num-narenbao-disputes": ("r13", "disputes"),
    "blind-num-luoan-disputes": ("r11", "disputes"), "blind-num-longtanxi-petitions": ("r06", "petitions"),
    "blind-num-shiao-rate-2024": ("r02", "mediation_success_rate"), "blind-num-longtanxi-officers": ("r06", "certified_officers"),
    "blind-num-baoligen-rate": ("r12", "mediation_success_rate"), "blind-num-shanmuqiao-publicity": ("r05", "publicity_events"),
    "blind-num-narenbao-fines": ("r13", "fines_yuan"), "blind-num-shiao-fines-2023": ("r01", "fines_yuan"),
    "blind-num-xiaheba-officers": ("r08", "certified_officers"), "blind-num-qinggangping-cameras": ("r07", "@cam"),
    "blind-num-chengquan-inspections": ("r09", "inspections"), "blind-num-shuangnian-petitions": ("r10", "petitions"),
    "blind-num-meilong-publicity": ("r03", "publicity_events"), "blind-en-num-ltx-fines": ("r06", "fines_yuan"),
}
multi_map = {
    "blind-cmp-fines-ltx-xhb": [("r06", "fines_yuan"), ("r08", "fines_yuan")],
    "blind-cmp-rate-fm-sa": [("r04", "mediation_success_rate"), ("r02", "mediation_success_rate")],
    "blind-cmp-officers-cq-sn": [("r09", "certified_officers"), ("r10", "certified_officers")],
    "blind-cmp-disputes-nrb-blg": [("r13", "disputes"), ("r12", "disputes")],
    "blind-cmp-review-smq-fm": [("r05", "legality_reviews"), ("r04", "legality_reviews")],
    "blind-cmp-inspections-fm-cq": [("r04", "inspections"), ("r09", "inspections")],
    "blind-en-cmp-petitions": [("r06", "petitions"), ("r08", "petitions")],
    "blind-yoy-shiao-disputes": [("r01", "disputes"), ("r02", "disputes"), ("@diff", "disputes")],
    "blind-yoy-shiao-petitions": [("r01", "petitions"), ("r02", "petitions")],
    "blind-yoy-shiao-officers": [("r01", "certified_officers"), ("r02", "certified_officers")],
    "blind-yoy-shiao-fines": [("r01", "fines_yuan"), ("r02", "fines_yuan")],
    "blind-yoy-shiao-rate": [("r01", "mediation_success_rate"), ("r02", "mediation_success_rate")],
    "blind-yoy-shiao-advisers": [("r01", "legal_advisers"), ("r02", "legal_advisers")],
    "blind-en-yoy-review": [("r01", "legality_reviews"), ("r02", "legality_reviews")],
}
pref = {r["file"][:3]: r for r in REPS}


def fval(code, k):
    r = pref[code]
    if k == "@cam":
        return r["body_cameras"]["count"]
    return val(r, k)


# 3. compare ----------------------------------------------------------------------------
files = {r["file"] for r in REPS}
all_towns = {r["town"] for r in REPS}
CATS = set(["lookup", "has", "lacks", "numeric", "comparison", "aggregate", "yoy", "outline", "unanswerable", "english", "injection", "rank", "disclosure"])
checked = 0
for c in CASES:
    cid, g = c["id"], c["gold"]
    if c["category"] not in CATS:
        err("category", cid)
    for f in c["cite"]:
        if f not in files:
            err("cite", cid, f)
    if g["kind"] == "set":
        for t in g["towns"] + g.get("never", []):
            if t not in all_towns:
                err("unknown town", cid, t)
        if set(g["towns"]) & set(g.get("never", [])):
            err("towns/never overlap", cid)
        if cid in expect:
            checked += 1
            if sorted(g["towns"]) != sorted(expect[cid]):
                err("set mismatch", cid, g["towns"], expect[cid])
            if set(g.get("never", [])) & set(expect[cid]):
                err("never contains expected town", cid)
        # each expected town must have a cited report
        cited_towns = {by_file[f]["town"] for f in c["cite"]}
        if not set(g["towns"]) <= cited_towns:
            err("uncited town", cid, set(g["towns"]) - cited_towns)
    elif g["kind"] == "number":
        if cid in expect:
            checked += 1
            if g["value"] != expect[cid]:
                err("aggregate mismatch", cid, g["value"], expect[cid])
        elif cid in num_map:
            checked += 1
            code, k = num_map[cid]
            if fval(code, k) != g["value"]:
                err("number mismatch", cid, g["value"], fval(code, k))
            rng = pref[code]["indicators"].get(k, {}).get("range")
            if rng and g.get("range") != rng:
                err("range mismatch", cid)
            if pref[code]["file"] not in c["cite"]:
                err("cite mismatch", cid)
        else:
            err("unchecked number", cid)
    elif g["kind"] == "numbers":
        if cid not in multi_map:
            err("unchecked numbers", cid)
            continue
        checked += 1
        exp = []
        for code, k in multi_map[cid]:
            exp.append(fval("r02", k) - fval("r01", k) if code == "@diff" else fval(code, k))
        if exp != g["values"]:
            err("numbers mismatch", cid, g["values"], exp)
    elif g["kind"] == "points":
        checked += 1
        text = "".join(TEXT[f] for f in c["cite"])
        for alts in g["points"]:
            if cid == "blind-outline-meilong-first" or cid == "blind-outline-qgp-missing" or cid == "blind-yoy-shiao-cameras":
                continue  # answer-side wording, checked by the parts/camera facts above
            if not any(a in text for a in alts):
                err("point not in text", cid, alts)
    elif g["kind"] == "refuse":
        checked += 1
    for m in g.get("must_not", []):
        pass

# refuse cases: make sure the asked figure is really absent
absent_checks = {
    "blind-refuse-gdp": ["生产总值", "GDP"],
    "blind-refuse-nonexistent": ["白露镇"],
    "blind-refuse-2022": ["2022年"],
    "blind-refuse-population": [("r12", "总人口"), ("r13", "总人口"), ("r12", "户籍"), ("r13", "户籍")],
    "blind-refuse-cq-publawyer": [("r09", "公职律师")],
    "blind-refuse-meilong-fines": [("r03", "罚款")],
    "blind-en-refuse-gdp": ["生产总值", "GDP"],
}
for cid, needles in absent_checks.items():
    for n in needles:
        if isinstance(n, tuple):
            if n[1] in TEXT[pref[n[0]]["file"]]:
                err("refuse but present", cid, n)
        elif any(n in t for t in TEXT.values()):
            err("refuse but present", cid, n)
if val(pref["r07"], "petitions") is not None:
    err("qgp petitions stated")

from collections import Counter

print("cases:", len(CASES), dict(Counter(c["category"] for c in CASES)))
print("gold values re-derived from facts:", checked)
if errors:
    print("\n".join(errors))
    sys.exit(1)
print("OK")
