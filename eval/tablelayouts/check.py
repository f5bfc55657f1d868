#!/usr/bin/env python3
"""Validate truth.yaml against corpus/: every quote is a verbatim substring of
its report and contains the recorded number (or 未配备-type wording for
"lacks"). Also checks that each file lists all 15 indicators and that each
report is 1,000-2,000 Chinese characters. Exit 0 when everything passes."""
import os
import re
import sys
import unicodedata

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = [
    "disputes_mediated", "mediation_success_rate", "publicity_events",
    "certified_officers", "legal_advisers", "legality_reviews", "petitions",
    "petitions_change", "enforcement_inspections", "fines_yuan",
    "admin_reconsiderations", "admin_lawsuits", "lawsuits_lost",
    "rule_of_law_funding", "body_cameras",
]
CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
            "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
LACKS_WORDS = ("未配备", "尚未", "暂无", "没有", "推迟", "未配", "无")
ZERO_WORDS = ("零", "未", "无", "没有")
FALL_WORDS = ("下降", "减少", "降低", "回落")
RISE_WORDS = ("上升", "增加", "增长", "上涨")


def cn_to_int(s):
    """Parse a run of Chinese numerals below 100000 (e.g. 一百二十六, 两)."""
    total, section, num = 0, 0, 0
    for ch in s:
        if ch in CN_DIGIT:
            num = CN_DIGIT[ch]
        elif ch in CN_UNIT:
            section += (num or 1) * CN_UNIT[ch]
            num = 0
        elif ch == "万":
            total += (section + num) * 10000
            section, num = 0, 0
    return total + section + num


def numbers_in(text):
    """All numeric values a reader could take from text (NFKC-normalised)."""
    t = unicodedata.normalize("NFKC", text)
    vals = set()
    for m in re.finditer(r"\d+(?:\.\d+)?", t):
        v = float(m.group())
        vals.add(v)
        if t[m.end():m.end() + 1] == "万":
            vals.add(round(v * 10000, 6))
    for m in re.finditer(r"[零〇一二两三四五六七八九十百千万]+", t):
        run = m.group()
        if any(c in CN_DIGIT or c in CN_UNIT for c in run):
            vals.add(float(cn_to_int(run)))
    return vals


def check_cell(text, key, cell):
    errs = []
    if not isinstance(cell, dict) or "value" not in cell:
        return ["cell must be a mapping with 'value'"]
    value = cell["value"]
    if value is None:
        return errs
    quote = cell.get("quote")
    if not quote:
        return ["non-null value without quote"]
    if quote not in text:
        errs.append(f"quote not found verbatim: {quote!r}")
    if len(quote) > 65:
        errs.append(f"quote too long ({len(quote)} chars)")
    if value == "lacks":
        if key != "body_cameras":
            errs.append("'lacks' only allowed for body_cameras")
        if not any(w in quote for w in LACKS_WORDS):
            errs.append("lacks quote has no 未配备-type wording")
        return errs
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return errs + ["value must be a number, null or 'lacks'"]
    if value == 0:
        norm = unicodedata.normalize("NFKC", quote)
        if "0" not in norm and not any(w in quote for w in ZERO_WORDS):
            errs.append("zero value but quote has neither 0 nor a negation")
        return errs
    if not any(abs(v - abs(value)) < 1e-6 for v in numbers_in(quote)):
        errs.append(f"number {value} not found in quote {quote!r}")
    if key == "petitions_change":
        words = FALL_WORDS if value < 0 else RISE_WORDS
        if not any(w in quote for w in words):
            errs.append(f"sign of {value} not supported by quote")
    return errs


def main():
    with open(os.path.join(HERE, "truth.yaml"), encoding="utf-8") as f:
        truth = yaml.safe_load(f)
    failures, nonnull, nulls = 0, 0, 0
    seen = set()
    for entry in truth["files"]:
        name = entry["file"]
        seen.add(name)
        with open(os.path.join(HERE, "corpus", name), encoding="utf-8") as f:
            text = f.read()
        probs = []
        han = len(re.findall(r"[\u4e00-\u9fff]", text))
        if not 1000 <= han <= 2000:
            probs.append(f"length {han} Chinese characters outside 1000-2000")
        if entry.get("town") not in text:
            probs.append("town {!r} not in text".format(entry.get("town")))
        first = unicodedata.normalize("NFKC", text.strip().splitlines()[0])
        if str(entry.get("year")) not in first:
            probs.append("year {} not in title line".format(entry.get("year")))
        cells = entry.get("cells") or {}
        if sorted(cells) != sorted(KEYS):
            probs.append(f"indicator keys differ: missing {sorted(set(KEYS) - set(cells))} extra {sorted(set(cells) - set(KEYS))}")
        stated = 0
        for key, cell in cells.items():
            for e in check_cell(text, key, cell):
                probs.append(f"{key}: {e}")
            if isinstance(cell, dict) and cell.get("value") is not None:
                stated += 1
                nonnull += 1
            else:
                nulls += 1
        if not 5 <= stated <= 10:
            probs.append(f"{stated} stated indicators (want 5-10)")
        for p in probs:
            print(f"FAIL {name}: {p}")
        failures += len(probs)
    on_disk = {n for n in os.listdir(os.path.join(HERE, "corpus")) if n.endswith(".txt")}
    for n in sorted(on_disk - seen):
        print(f"FAIL {n}: file in corpus but not in truth.yaml")
        failures += 1
    print(f"{len(seen)} files, {nonnull} non-null cells, {nulls} null cells, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
