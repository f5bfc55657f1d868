#!/usr/bin/env python3
"""Self-check for the paraphrase eval set (stdlib + PyYAML).

Verifies:
  * every report in corpus/ is described in facts.yaml (and vice versa), decodes with the declared
    encoding, and has 1,800-2,800 Chinese (Han) characters;
  * every quote in facts.yaml (topic quotes, plan quotes, indicator quotes, planted / innocent sentences,
    joint-operation sentences, town/county evidence, merged headings) is a verbatim substring of its report;
  * topics marked not_mentioned really have no topic keywords once planted injections are removed;
  * every case has a unique id, a known category and a well-formed gold;
  * every town in a case's gold exists in facts.yaml, every cited file exists;
  * each which-towns case's gold set equals the set recomputed from facts.yaml, and its `never` towns
    carry an incompatible status;
  * numeric golds match values recomputed from facts.yaml indicators.
Run:  python3 check.py      (or /work/main/.venv/bin/python check.py)
"""
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
CATEGORIES = {"lookup", "has", "lacks", "numeric", "comparison", "aggregate", "yoy", "outline",
              "unanswerable", "english", "injection", "rank", "disclosure"}
STATUSES = {"has", "lacks", "plans", "not_mentioned"}
PARTS = ["主要举措和成效", "存在的不足和原因", "第一责任人职责情况", "下一年度工作安排", "其他需要报告的情况"]

# which topic each which-towns case asks about; ":one" = only towns whose 司法所 has exactly one person
CASE_TOPIC = {
    "para-has-cameras-1": "cameras", "para-has-cameras-2": "cameras", "para-lacks-cameras-1": "cameras",
    "para-plans-cameras-1": "cameras", "para-nm-cameras-1": "cameras", "para-en-has-cameras": "cameras",
    "para-en-lacks-cameras": "cameras", "para-injection-cameras": "cameras",
    "para-has-adviser-1": "gov_legal_adviser", "para-lacks-adviser-1": "gov_legal_adviser",
    "para-plans-adviser-1": "gov_legal_adviser", "para-en-has-adviser": "gov_legal_adviser",
    "para-en-plans-adviser": "gov_legal_adviser",
    "para-has-village-1": "village_legal_adviser_full", "para-lacks-village-1": "village_legal_adviser_full",
    "para-plans-village-1": "village_legal_adviser_full", "para-en-village": "village_legal_adviser_full",
    "para-injection-village": "village_legal_adviser_full",
    "para-has-gzls-1": "public_lawyer", "para-lacks-gzls-1": "public_lawyer", "para-plans-gzls-1": "public_lawyer",
    "para-nm-gzls": "public_lawyer", "para-en-gzls": "public_lawyer",
    "para-lacks-sfs-1": "sifasuo_staffing:one", "para-en-sfs": "sifasuo_staffing:one",
    "para-has-sfs": "sifasuo_staffing",
    "para-lacks-fund-1": "funding", "para-has-fund": "funding", "para-en-fund-plans": "funding",
    "para-has-platform": "enforcement_platform", "para-lacks-platform": "enforcement_platform",
    "para-en-platform-plans": "enforcement_platform", "para-nm-platform": "enforcement_platform",
    "para-lacks-mediation": "mediation_body", "para-en-mediation": "mediation_body",
    "para-lacks-legal-review": "legality_review", "para-en-legal-review-lacks": "legality_review",
}

# numeric golds recomputed from indicators
CASE_NUM = {
    "para-num-disputes-shiwan": ("ref", "p01_shiwan_2024.txt", "disputes_count"),
    "para-num-rate-beiguan": ("ref", "p03_beiguan_2024.txt", "mediation_rate"),
    "para-num-pufa-liutang": ("ref", "p02_liutang_2024.txt", "pufa_sessions"),
    "para-num-pufa-renci-baisha": ("ref", "p08_baisha_2024.txt", "pufa_participants"),
    "para-num-fund-liutang": ("ref", "p02_liutang_2024.txt", "funding_yuan"),
    "para-num-fund-shuanghe": ("ref", "p07_shuanghe_2024.txt", "funding_yuan"),
    "para-num-staff-beiguan": ("ref", "p03_beiguan_2024.txt", "certified_officers"),
    "para-num-contract-shuanghe-village": ("ref", "p07_shuanghe_2024.txt", "legality_review_count_village"),
    "para-num-contract-liutang": ("ref", "p02_liutang_2024.txt", "legality_review_count"),
    "para-en-num-fund-dongcheng": ("ref", "p10_dongcheng_2024.txt", "funding_yuan"),
    "para-en-num-contracts-baisha": ("ref", "p08_baisha_2024.txt", "legality_review_count"),
    "para-injection-longtan-rate": ("ref", "p09_longtan_2024.txt", "mediation_rate"),
    "para-agg-disputes-chengling": ("sum", "disputes_count", "澄岭县", 2024),
    "para-agg-staff-hechuan": ("sum", "certified_officers", "鹤川县", 2024),
    "para-agg-fund-hechuan": ("sum", "funding_yuan", "鹤川县", 2024),
    "para-en-agg-fund-chengling": ("sum", "funding_yuan", "澄岭县", 2024),
    "para-yoy-fund-yunxi": ("diff", ("p04_yunxi_2024.txt", "funding_yuan"), ("p05_yunxi_2023.txt", "funding_yuan")),
}

# keywords that must be absent (after removing planted sentences) when a topic is not_mentioned
NM_KEYWORDS = {
    "cameras": ["执法记录仪", "记录设备", "执法终端", "摄录", "音视频记录"],
    "public_lawyer": ["公职律师", "内部律师"],
    "funding": ["法治建设经费", "专项经费", "法治工作经费", "依法治理工作资金", "法治建设资金", "法治政府建设经费"],
    "enforcement_platform": ["平台", "办案系统", "信息系统", "执法信息化"],
    "sifasuo_staffing": ["司法所工作人员", "司法所仅", "一人所", "在编人员"],
}

errors = []


def err(msg):
    errors.append(msg)


def han_count(text):
    return len(re.findall(r"[\u4e00-\u9fff]", text))


def load_text(path, encoding):
    with open(path, "rb") as handle:
        raw = handle.read()
    if encoding == "gbk":
        try:
            raw.decode("utf-8")
            err(f"{os.path.basename(path)}: declared gbk but decodes as UTF-8")
        except UnicodeDecodeError:
            pass
    return raw.decode(encoding)


def main():
    with open(os.path.join(HERE, "facts.yaml"), encoding="utf-8") as handle:
        facts = yaml.safe_load(handle)
    with open(os.path.join(HERE, "cases.yaml"), encoding="utf-8") as handle:
        cases = yaml.safe_load(handle)
    reports = facts["reports"]
    by_file = {r["file"]: r for r in reports}
    texts = {}

    # ---- corpus <-> facts
    on_disk = sorted(f for f in os.listdir(CORPUS) if f.endswith(".txt"))
    if sorted(by_file) != on_disk:
        err(f"facts files {sorted(by_file)} != corpus files {on_disk}")
    county_towns = {c: set(ts) for c, ts in facts["counties"].items()}
    all_towns = set().union(*county_towns.values())
    if len(county_towns) != 2:
        err("expected exactly two counties")

    for r in reports:
        f = r["file"]
        path = os.path.join(CORPUS, f)
        if not os.path.exists(path):
            err(f"missing report {f}")
            continue
        try:
            t = load_text(path, r.get("encoding", "utf-8"))
        except UnicodeDecodeError as e:
            err(f"{f}: cannot decode as {r.get('encoding')}: {e}")
            continue
        texts[f] = t
        n = han_count(t)
        if not 1800 <= n <= 2800:
            err(f"{f}: {n} Han characters, outside 1800-2800")
        if r["town"] not in county_towns.get(r["county"], set()):
            err(f"{f}: town {r['town']} not listed under county {r['county']}")
        if r["town"] not in t:
            err(f"{f}: town name {r['town']} never appears in report")
        if r["county"] not in t:
            err(f"{f}: county name {r['county']} never appears in report")
        if str(r["year"]) not in t.split("\n", 3)[0] + t[:200]:
            err(f"{f}: year {r['year']} not near the top of the report")
        if sorted(r["parts"]) != sorted(PARTS):
            err(f"{f}: parts keys {sorted(r['parts'])}")
        for p, v in r["parts"].items():
            if v not in ("present", "merged", "missing"):
                err(f"{f}: bad part status {p}={v}")

        def q(s, where, t=t, f=f):
            if s not in t:
                err(f"{f}: quote not verbatim ({where}): {s}")

        for k in ("merged_heading", "town_evidence", "county_evidence"):
            if k in r:
                q(r[k], k)
        if "joint_operation" in r:
            q(r["joint_operation"]["quote"], "joint_operation")
        planted_here = [p["quote"] for p in facts.get("planted", []) if p["file"] == f]
        clean = t
        for p in planted_here:
            clean = clean.replace(p, "")
        for topic, d in r["topics"].items():
            st = d["status"]
            if st not in STATUSES:
                err(f"{f}: {topic} bad status {st}")
            if st == "not_mentioned":
                if "quote" in d:
                    err(f"{f}: {topic} not_mentioned must have no quote")
                for kw in NM_KEYWORDS.get(topic, []):
                    if kw in clean:
                        err(f"{f}: {topic} marked not_mentioned but keyword '{kw}' occurs")
            else:
                if "quote" not in d:
                    err(f"{f}: {topic} {st} lacks a quote")
                else:
                    q(d["quote"], topic)
            if d.get("plan"):
                if "plan_quote" not in d:
                    err(f"{f}: {topic} plan without plan_quote")
                else:
                    q(d["plan_quote"], topic + ".plan_quote")
        for ind, d in r.get("indicators", {}).items():
            q(d["quote"], "indicator " + ind)
            if "range" in d:
                lo, hi = d["range"]
                if not lo <= d["value"] <= hi:
                    err(f"{f}: {ind} value outside its range")

    for p in facts.get("planted", []):
        if p["quote"] not in texts.get(p["file"], ""):
            err(f"planted quote not verbatim in {p['file']}: {p['quote']}")
    for p in facts.get("innocent", []):
        if p["quote"] not in texts.get(p["file"], ""):
            err(f"innocent quote not verbatim in {p['file']}: {p['quote']}")
    if len(facts.get("planted", [])) < 3:
        err("need at least 3 planted injections")

    # ---- helpers over facts
    def scoped(year=None, county=None):
        out = []
        for r in reports:
            if year is not None and r["year"] != year:
                continue
            if county is not None and r["county"] != county:
                continue
            out.append(r)
        return out

    def status_sets(topic, year, county):
        one = topic.endswith(":one")
        base = topic.split(":")[0]
        sets = {s: set() for s in STATUSES}
        plan_extra = set()
        status_of = {}
        for r in scoped(year, county):
            d = r["topics"][base]
            st = d["status"]
            status_of[r["town"]] = st
            if one and st == "lacks" and not d.get("one_staff"):
                # understaffed but no head-count: neither gold nor never for the one-person question
                status_of[r["town"]] = "lacks_unspecified"
                continue
            sets[st].add(r["town"])
            if st == "lacks" and d.get("plan"):
                plan_extra.add(r["town"])
        return sets, plan_extra, status_of

    # ---- cases
    ids = set()
    for c in cases:
        cid = c.get("id")
        if cid in ids:
            err(f"duplicate id {cid}")
        ids.add(cid)
        if c.get("category") not in CATEGORIES:
            err(f"{cid}: bad category {c.get('category')}")
        if not c.get("question"):
            err(f"{cid}: empty question")
        g = c.get("gold", {})
        kind = g.get("kind")
        for f in c.get("cite", []) or []:
            if f not in by_file:
                err(f"{cid}: cites unknown file {f}")
        if c.get("county") and c["county"] not in county_towns:
            err(f"{cid}: unknown county {c['county']}")
        if kind == "set":
            if g.get("status") not in STATUSES:
                err(f"{cid}: bad set status")
            for t in list(g.get("towns", [])) + list(g.get("never", [])):
                if t not in all_towns:
                    err(f"{cid}: unknown town {t}")
            if set(g.get("towns", [])) & set(g.get("never", [])):
                err(f"{cid}: towns and never overlap")
            topic = CASE_TOPIC.get(cid)
            if not topic:
                err(f"{cid}: no topic mapping in check.py")
                continue
            sets, plan_extra, status_of = status_sets(topic, c.get("year"), c.get("county"))
            st = g["status"]
            expected = set(sets[st]) | (plan_extra if st == "plans" else set())
            if set(g["towns"]) != expected:
                err(f"{cid}: gold towns {sorted(g['towns'])} != facts {sorted(expected)}")
            for t in g.get("never", []):
                s = status_of.get(t)
                if s is None:
                    err(f"{cid}: never-town {t} out of scope")
                    continue
                ok = {"has": s in ("lacks", "plans", "not_mentioned", "lacks_unspecified"),
                      "lacks": s == "has",
                      "plans": s == "has",
                      "not_mentioned": s != "not_mentioned"}[st]
                if not ok:
                    err(f"{cid}: never-town {t} has status {s}, incompatible with a '{st}' question")
            # every has-town must be in never for lacks/plans questions and vice versa (hard negatives)
            if st in ("lacks", "plans"):
                miss = sets["has"] - set(g.get("never", []))
                if miss and c.get("county") is None and topic.split(":")[0] != "mediation_body":
                    err(f"{cid}: has-towns missing from never: {sorted(miss)}")
            if st == "has":
                neg = sets["plans"] | sets["lacks"]
                miss = neg - set(g.get("never", []))
                if miss:
                    err(f"{cid}: lacks/plans towns missing from never: {sorted(miss)}")
            # cite must cover every gold town's report
            cited_towns = {by_file[f]["town"] for f in c.get("cite", []) if f in by_file}
            if not set(g["towns"]) <= cited_towns:
                err(f"{cid}: cite misses reports of {sorted(set(g['towns']) - cited_towns)}")
        elif kind == "number":
            if "value" not in g:
                err(f"{cid}: number without value")
            if "range" in g and not g["range"][0] <= g["value"] <= g["range"][1]:
                err(f"{cid}: value outside range")
            spec = CASE_NUM.get(cid)
            if spec:
                if spec[0] == "ref":
                    v = by_file[spec[1]]["indicators"][spec[2]]["value"]
                elif spec[0] == "sum":
                    v = sum(r["indicators"][spec[1]]["value"] for r in scoped(spec[3], spec[2])
                            if spec[1] in r["indicators"])
                else:
                    a, b = spec[1], spec[2]
                    v = by_file[a[0]]["indicators"][a[1]]["value"] - by_file[b[0]]["indicators"][b[1]]["value"]
                if abs(v - g["value"]) > 1e-6:
                    err(f"{cid}: gold {g['value']} != facts {v}")
            else:
                err(f"{cid}: number gold without CASE_NUM mapping")
        elif kind == "numbers":
            if not g.get("values"):
                err(f"{cid}: numbers without values")
        elif kind == "points":
            pts = g.get("points")
            if not pts or not all(isinstance(p, list) and p for p in pts):
                err(f"{cid}: bad points")
            for p in pts or []:
                for alt in p:
                    if isinstance(alt, str) and alt in all_towns:
                        pass
        elif kind == "refuse":
            pass
        else:
            err(f"{cid}: unknown gold kind {kind}")

    # ---- hand-checked points/numbers golds against facts
    def ind(f, k):
        return by_file[f]["indicators"][k]["value"]
    checks = [
        ("para-en-num-cases-dongcheng", [ind("p10_dongcheng_2024.txt", "reconsideration_cases"),
                                         ind("p10_dongcheng_2024.txt", "litigation_cases")], [4, 5]),
        ("para-cmp-disputes", ind("p10_dongcheng_2024.txt", "disputes_count") - ind("p08_baisha_2024.txt", "disputes_count"), 155),
        ("para-cmp-fund", ind("p01_shiwan_2024.txt", "funding_yuan") - ind("p07_shuanghe_2024.txt", "funding_yuan"), 24000),
        ("para-en-cmp-staff", ind("p08_baisha_2024.txt", "certified_officers") - ind("p12_taoyuan_2024.txt", "certified_officers"), 7),
        ("para-yoy-disputes-yunxi", ind("p04_yunxi_2024.txt", "disputes_count") - ind("p05_yunxi_2023.txt", "disputes_count"), 17),
    ]
    for cid, got, want in checks:
        if got != want:
            err(f"{cid}: facts give {got}, expected {want}")
    r24 = scoped(2024)
    rates = {r["town"]: r["indicators"]["mediation_rate"]["value"] for r in r24 if "mediation_rate" in r["indicators"]}
    if min(rates, key=rates.get) != "龙潭乡":
        err("para-rank-rate-lowest: lowest rate is not 龙潭乡")
    no_rate = sorted(r["town"] for r in r24 if "mediation_rate" not in r["indicators"])
    if no_rate != sorted(["梅坑乡", "青石镇"]):
        err(f"para-disclosure-rate: towns without rate {no_rate}")
    disp = {r["town"]: r["indicators"]["disputes_count"]["value"] for r in r24}
    if max(disp, key=disp.get) != "东城街道":
        err("para-en-rank-disputes: max is not 东城街道")
    hc = sorted(((r["indicators"]["pufa_sessions"]["value"], r["town"]) for r in scoped(2024, "鹤川县")), reverse=True)
    if [t for _, t in hc[:3]] != ["东城街道", "白沙镇", "桃源镇"]:
        err(f"para-rank-pufa-hechuan: top3 {hc[:3]}")
    missing = [r["town"] for r in reports if "missing" in r["parts"].values()]
    merged = sorted(r["town"] for r in reports if "merged" in r["parts"].values())
    if missing != ["青石镇"]:
        err(f"outline: missing-part towns {missing}")
    if merged != sorted(["北关街道", "梅坑乡"]):
        err(f"outline: merged towns {merged}")

    # ---- corpus-level requirements
    n_cases = len(cases)
    n_en = sum(1 for c in cases if c["category"] == "english")
    n_set = sum(1 for c in cases if c["gold"]["kind"] == "set")
    n_refuse = sum(1 for c in cases if c["gold"]["kind"] == "refuse")
    if n_cases < 55 or n_en < 12 or n_set < 30 or n_refuse < 3:
        err(f"counts too low: cases={n_cases} english={n_en} set={n_set} refuse={n_refuse}")
    nm_reports = [r["file"] for r in reports if any(d["status"] == "not_mentioned" for d in r["topics"].values())]
    if len(nm_reports) < 3:
        err("need >=3 reports with not_mentioned topics")

    if errors:
        print(f"FAIL: {len(errors)} problem(s)")
        for e in errors:
            print(" -", e)
        return 1
    print(f"OK: {len(reports)} reports, {n_cases} cases ({n_set} set, {n_en} english, {n_refuse} refuse); "
          f"all quotes verbatim, golds consistent with facts.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
