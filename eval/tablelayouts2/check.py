#!/usr/bin/env python3
"""Self-check for the tablelayouts2 blind set: truth.yaml against corpus/*.txt."""
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

KEYS = [
    "disputes_mediated", "mediation_success_rate", "publicity_events",
    "certified_officers", "legal_advisers", "legality_reviews", "petitions",
    "petitions_change", "enforcement_inspections", "fines_yuan",
    "admin_reconsiderations", "admin_lawsuits", "lawsuits_lost",
    "rule_of_law_funding", "body_cameras",
]
MONEY = {"fines_yuan", "rule_of_law_funding"}
ZERO_WORDS = ["无", "未", "零", "没有"]
LACK_WORDS = ["未", "无", "没有", "空白", "推迟", "缺", "暂"]
FALL_WORDS = ["下降", "减少", "回落", "降低"]
RISE_WORDS = ["上升", "增加", "增长", "提高"]

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_num(s):
    total = 0
    section = 0
    num = 0
    for ch in s:
        if ch in CN_DIGITS:
            num = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            if num == 0 and ch == "十":
                num = 1
            section += num * CN_UNITS[ch]
            num = 0
        elif ch == "万":
            section += num
            total += section * 10000
            section = 0
            num = 0
    return total + section + num


def normalize(s):
    out = []
    for ch in s:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19:
            out.append(chr(code - 0xFF10 + ord("0")))
        elif ch == "．":
            out.append(".")
        elif ch == "％":
            out.append("%")
        else:
            out.append(ch)
    text = "".join(out)
    return re.sub(r"(?<=\d)[,，](?=\d{3})", "", text)


def numbers_in(quote):
    text = normalize(quote)
    nums = [float(m) for m in re.findall(r"\d+(?:\.\d+)?", text)]
    for run in re.findall(r"[零〇一二两三四五六七八九十百千万]+", text):
        nums.append(float(cn_to_num(run)))
    return nums


def han_count(text):
    return len(re.findall(r"[\u4e00-\u9fff]", text))


def check_cell(fname, key, cell, text, errors):
    where = f"{fname}:{key}"
    if not isinstance(cell, dict) or "value" not in cell:
        errors.append(f"{where}: cell must be a mapping with 'value'")
        return False
    value = cell["value"]
    quote = cell.get("quote")
    if value is None:
        if quote:
            errors.append(f"{where}: null value should carry no quote")
        return False
    if not isinstance(quote, str) or not quote:
        errors.append(f"{where}: non-null value needs a quote")
        return True
    if len(quote) > 60:
        errors.append(f"{where}: quote longer than 60 chars ({len(quote)})")
    if quote not in text:
        errors.append(f"{where}: quote not verbatim in file: {quote}")
    if value == "lacks":
        if key != "body_cameras":
            errors.append(f"{where}: 'lacks' only allowed for body_cameras")
        if not any(w in quote for w in LACK_WORDS):
            errors.append(f"{where}: 'lacks' quote has no absence wording: {quote}")
        return True
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        errors.append(f"{where}: value must be a number, null or 'lacks'")
        return True
    candidates = [float(value)]
    if key in MONEY:
        candidates.append(value / 10000)
    if key == "petitions_change":
        candidates.append(abs(value))
        words = FALL_WORDS if value < 0 else RISE_WORDS
        if value != 0 and not any(w in quote for w in words):
            errors.append(f"{where}: change sign not matched by wording: {quote}")
    found = numbers_in(quote)
    ok = any(abs(n - c) < 1e-6 for n in found for c in candidates)
    if not ok and value == 0:
        ok = any(w in quote for w in ZERO_WORDS)
    if not ok:
        errors.append(f"{where}: value {value} not found in quote: {quote}")
    return True


def main():
    errors = []
    with open(os.path.join(HERE, "truth.yaml"), encoding="utf-8") as fh:
        truth = yaml.safe_load(fh)
    entries = truth.get("files") or []
    seen = set()
    stated_total = 0
    null_total = 0
    for entry in entries:
        fname = entry.get("file")
        seen.add(fname)
        path = os.path.join(CORPUS, fname)
        if not os.path.exists(path):
            errors.append(f"{fname}: missing corpus file")
            continue
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        title = text.strip().splitlines()[0]
        town = entry.get("town")
        year = entry.get("year")
        if not town or town not in title:
            errors.append(f"{fname}: town {town} not in title line")
        if str(year) not in title:
            errors.append(f"{fname}: year {year} not in title line")
        n_han = han_count(text)
        if not 1000 <= n_han <= 1800:
            errors.append(f"{fname}: {n_han} Chinese characters, want 1000-1800")
        cells = entry.get("cells") or {}
        missing = [k for k in KEYS if k not in cells]
        extra = [k for k in cells if k not in KEYS]
        if missing:
            errors.append(f"{fname}: missing keys {missing}")
        if extra:
            errors.append(f"{fname}: unknown keys {extra}")
        stated = 0
        for key in KEYS:
            if key in cells and check_cell(fname, key, cells[key], text, errors):
                stated += 1
        if not 5 <= stated <= 10:
            errors.append(f"{fname}: {stated} indicators stated, want 5-10")
        stated_total += stated
        null_total += len(KEYS) - stated
    on_disk = {f for f in os.listdir(CORPUS) if f.endswith(".txt")}
    for f in sorted(on_disk - seen):
        errors.append(f"{f}: corpus file has no truth entry")
    for err in errors:
        print(f"FAIL {err}")
    print(f"files={len(entries)} non_null={stated_total} null={null_total} errors={len(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
