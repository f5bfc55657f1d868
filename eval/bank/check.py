#!/usr/bin/env python3
"""Validate bank.yaml (schema + internal consistency) and print coverage counts.

Usage: python3 check.py [path/to/bank.yaml]
Exit status 0 when everything passes, 1 otherwise.
"""

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

INTENTS = [
    "lookup",
    "compare",
    "yoy",
    "total",
    "rank",
    "disclosure",
    "has",
    "lacks",
    "mentions",
    "outline",
    "free",
]
INDICATORS = [
    "disputes_mediated",
    "mediation_success_rate",
    "publicity_events",
    "publicity_people",
    "certified_officers",
    "legal_advisers",
    "legality_reviews",
    "petitions",
    "petitions_change",
    "enforcement_inspections",
    "fines_yuan",
    "admin_reconsiderations",
    "admin_lawsuits",
    "lawsuits_lost",
    "rule_of_law_funding",
    "body_cameras",
]
TOPICS = [
    "body_cameras",
    "legal_adviser",
    "village_adviser_coverage",
    "public_lawyers",
    "justice_office_staff",
    "funding",
    "enforcement_platform",
    "mediation_body",
    "legality_review",
    "publicity",
    "democracy_villages",
    "law_culture_sites",
]
ORDERS = ["max", "min"]
OUTLINE_ASKS = ["missing", "complete", "part", "merged", "signature"]
PARTS = ["measures", "first_responsible", "shortcomings", "plans", "other"]
LANGS = ["zh", "en", "mixed"]
PLAN_KEYS = ["intent", "indicator", "topic", "order", "outline_ask", "part", "towns", "years"]
OPTIONAL_PLAN_KEYS = {"wanted": ["plans"]}

FIGURE_INTENTS = {"lookup", "compare", "yoy", "total", "rank", "disclosure"}
INDICATOR_COVER_INTENTS = {"lookup", "total", "rank", "disclosure"}
TOPIC_COVER_INTENTS = {"has", "lacks"}
MIN_ZH, MIN_EN = 10, 5

# Invented place names used in the bank (Chinese stem -> pinyin stem).
# Counties (清河县 / Qinghe County) are deliberately NOT here: they are not towns.
TOWNS = {
    "柳湾": "liuwan",
    "石桥": "shiqiao",
    "东城": "dongcheng",
    "青山": "qingshan",
    "河口": "hekou",
    "白沙": "baisha",
    "南关": "nanguan",
    "杨柳": "yangliu",
    "龙泉": "longquan",
    "桃源": "taoyuan",
    "北塘": "beitang",
    "金鸡": "jinji",
    "马坊": "mafang",
    "新华": "xinhua",
    "双河": "shuanghe",
    "大营": "daying",
    "红星": "hongxing",
    "西关": "xiguan",
}
CN_DIGITS = {
    "〇": "0",
    "零": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
RANGE = re.compile(r"到|至|through|—|–|~|～|\bto\b")


def towns_named(q):
    found = set()
    low = q.lower()
    for zh, py in TOWNS.items():
        if zh in q or re.search(r"\b" + py + r"\b", low):
            found.add(zh)
    return found


def years_named(q):
    ys = {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", q)}
    ys |= {2000 + int(y) for y in re.findall(r"(?<!\d)(\d\d)年", q)}
    for m in re.findall(r"二[〇零]([一二三四五六七八九〇零]{2})", q):
        ys.add(2000 + int("".join(CN_DIGITS[c] for c in m)))
    return ys


def check_entry(i, e, errs):
    def err(msg):
        errs.append(f"#{i} {e.get('q', '?')!r}: {msg}" if isinstance(e, dict) else f"#{i}: {msg}")

    if not isinstance(e, dict):
        err("entry is not a mapping")
        return
    if set(e) != {"q", "lang", "plan"}:
        err(f"entry keys must be q, lang, plan; got {sorted(e)}")
    q, lang, plan = e.get("q"), e.get("lang"), e.get("plan")
    if not isinstance(q, str) or not q.strip():
        err("q must be a non-empty string")
        return
    if lang not in LANGS:
        err(f"bad lang {lang!r}")
    has_cjk, has_latin = bool(CJK.search(q)), bool(LATIN.search(q))
    if lang == "zh" and has_latin:
        err("lang zh but question contains Latin letters")
    if lang == "en" and has_cjk:
        err("lang en but question contains CJK characters")
    if lang == "mixed" and not (has_cjk and has_latin):
        err("lang mixed but question is not mixed")
    if lang in ("zh", "mixed") and not has_cjk:
        err("no Chinese characters")
    if not isinstance(plan, dict):
        err("plan must be a mapping")
        return
    missing = [k for k in PLAN_KEYS if k not in plan]
    extra = [k for k in plan if k not in PLAN_KEYS and k not in OPTIONAL_PLAN_KEYS]
    if missing:
        err(f"plan missing keys {missing}")
    if extra:
        err(f"plan has unknown keys {extra}")
    it = plan.get("intent")
    ind, top, order = plan.get("indicator"), plan.get("topic"), plan.get("order")
    oa, part = plan.get("outline_ask"), plan.get("part")
    towns, years = plan.get("towns"), plan.get("years")
    if it not in INTENTS:
        err(f"bad intent {it!r}")
        return
    if ind is not None and ind not in INDICATORS:
        err(f"bad indicator {ind!r}")
    if top is not None and top not in TOPICS:
        err(f"bad topic {top!r}")
    if order is not None and order not in ORDERS:
        err(f"bad order {order!r}")
    if oa is not None and oa not in OUTLINE_ASKS:
        err(f"bad outline_ask {oa!r}")
    if part is not None and part not in PARTS:
        err(f"bad part {part!r}")
    if not isinstance(towns, int) or isinstance(towns, bool) or towns < 0:
        err(f"towns must be an int >= 0, got {towns!r}")
    if not isinstance(years, list) or not all(isinstance(y, int) and 2000 <= y <= 2099 for y in years):
        err(f"years must be a list of ints, got {years!r}")
        years = []
    elif years != sorted(set(years)):
        err("years must be sorted and unique")
    for k, allowed in OPTIONAL_PLAN_KEYS.items():
        if k in plan and plan[k] not in allowed:
            err(f"bad {k} {plan[k]!r}")
    if "wanted" in plan and it != "lacks":
        err("wanted: plans only applies to intent lacks")

    # intent-specific rules
    if it in FIGURE_INTENTS:
        if top is not None:
            err("figure intents take an indicator, not a topic")
        if it != "compare" and ind is None:
            err(f"intent {it} needs an indicator")
    if it in ("has", "lacks", "mentions"):
        if top is None:
            err(f"intent {it} needs a topic")
        if ind is not None:
            err(f"intent {it} takes a topic, not an indicator")
    if it == "free" and (ind is not None or top is not None):
        err("free takes neither indicator nor topic")
    if it == "outline" and (ind is not None or top is not None):
        err("outline takes neither indicator nor topic")
    if (it == "rank") != (order is not None):
        err("order is required for rank and only for rank")
    if (it == "outline") != (oa is not None):
        err("outline_ask is required for outline and only for outline")
    if part is not None and it not in ("outline", "mentions"):
        err("part only applies to outline and mentions")
    if it == "outline":
        if oa == "part" and part is None:
            err("outline_ask part needs a part")
        if oa in ("complete", "signature") and part is not None:
            err(f"outline_ask {oa} takes no part")
    if isinstance(towns, int):
        if it == "lookup" and towns < 1:
            err("lookup needs at least one named town")
        if it == "yoy" and towns < 1:
            err("yoy needs a named town")
        if it == "compare" and towns < 2:
            err("compare needs at least two named towns")
        if it in ("total", "rank", "disclosure") and towns != 0:
            err(f"{it} is over all reports; towns must be 0")

    # consistency of towns / years with the question text
    tn = towns_named(q)
    if isinstance(towns, int) and len(tn) != towns:
        err(f"towns={towns} but question names {len(tn)} town(s): {sorted(tn)}")
    yq = years_named(q)
    ys = set(years)
    if RANGE.search(q) and yq and len(yq) >= 2:
        if min(yq) != min(ys or {0}) or max(yq) != max(ys or {0}) or not yq <= ys:
            err(f"year range in question {sorted(yq)} vs plan {sorted(ys)}")
    elif it == "yoy" and len(yq) == 1:
        # "2024年比上一年" names one year; plan may add the comparison year
        if not yq <= ys:
            err(f"years in question {sorted(yq)} vs plan {sorted(ys)}")
    elif yq != ys:
        err(f"years in question {sorted(yq)} vs plan {sorted(ys)}")


def table(title, rows, keys):
    print(f"\n{title}")
    print(f"  {'key':<26}{'zh':>5}{'en':>5}{'mixed':>7}{'all':>6}")
    bad = []
    for k in keys:
        c = rows.get(k, Counter())
        ok = c["zh"] >= MIN_ZH and c["en"] >= MIN_EN
        flag = "" if ok else "   <-- below minimum"
        if not ok:
            bad.append(k)
        print(f"  {k:<26}{c['zh']:>5}{c['en']:>5}{c['mixed']:>7}{sum(c.values()):>6}{flag}")
    return bad


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("bank.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        print("bank must be a YAML list")
        return 1
    errs = []
    seen = Counter()
    for i, e in enumerate(data):
        check_entry(i, e, errs)
        if isinstance(e, dict) and isinstance(e.get("q"), str):
            seen[re.sub(r"\s+", "", e["q"]).lower()] += 1
    for q, n in seen.items():
        if n > 1:
            errs.append(f"duplicate question ({n}x): {q}")

    by_intent, by_ind, by_top = defaultdict(Counter), defaultdict(Counter), defaultdict(Counter)
    by_ind_intent, by_top_intent = defaultdict(Counter), defaultdict(Counter)
    langs, extras = Counter(), Counter()
    for e in data:
        if not isinstance(e, dict) or not isinstance(e.get("plan"), dict):
            continue
        p, lang = e["plan"], e.get("lang")
        langs[lang] += 1
        by_intent[p.get("intent")][lang] += 1
        if p.get("intent") in INDICATOR_COVER_INTENTS and p.get("indicator"):
            by_ind[p["indicator"]][lang] += 1
            by_ind_intent[p["indicator"]][p["intent"]] += 1
        if p.get("intent") in TOPIC_COVER_INTENTS and p.get("topic"):
            by_top[p["topic"]][lang] += 1
            by_top_intent[p["topic"]][p["intent"]] += 1
        if p.get("wanted") == "plans":
            extras["lacks + wanted: plans"] += 1
        if len(p.get("years") or []) >= 2:
            extras["multi-year"] += 1
        if not p.get("years"):
            extras["no year"] += 1
        if p.get("towns", 0) >= 2:
            extras["2+ towns named"] += 1
        if p.get("part"):
            extras["with part"] += 1

    print(f"bank: {path}  entries: {len(data)}")
    print("languages: " + ", ".join(f"{k}={langs[k]}" for k in LANGS))
    bad = table("per intent (all entries)", by_intent, INTENTS)
    bad += table("per indicator (lookup/total/rank/disclosure only)", by_ind, INDICATORS)
    bad += table("per topic (has/lacks only)", by_top, TOPICS)
    print("\nindicator x intent: ")
    for k in INDICATORS:
        c = by_ind_intent[k]
        print(f"  {k:<26}" + " ".join(f"{i}={c[i]}" for i in sorted(INDICATOR_COVER_INTENTS)))
    print("topic x intent: ")
    for k in TOPICS:
        c = by_top_intent[k]
        print(f"  {k:<26}" + " ".join(f"{i}={c[i]}" for i in sorted(TOPIC_COVER_INTENTS)))
    print("\nother: " + ", ".join(f"{k}={v}" for k, v in sorted(extras.items())))

    for k in bad:
        errs.append(f"coverage below minimum ({MIN_ZH} zh / {MIN_EN} en): {k}")
    if errs:
        print(f"\nFAIL: {len(errs)} problem(s)")
        for m in errs:
            print("  " + m)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
