"""Check that every figure and quote in facts.yaml appears verbatim in its corpus file.

Run: python3 eval/digest/verify_facts.py   (exit code 0 = all good)
"""
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
facts = yaml.safe_load((HERE / "facts.yaml").read_text(encoding="utf-8"))
errors = []
checked = 0
CN = {0: "零", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 8: "八", 10: "十", 12: "十二", 24: "二十四"}
HEAD = re.compile(r"^(?:[一二三四五]、|第.部分：).*$", re.M)


def text_of(fn):
    return (CORPUS / fn).read_text(encoding="utf-8")


def need(fn, s, what):
    global checked
    checked += 1
    if s not in text_of(fn):
        errors.append(f"{fn}: {what} not verbatim: {s!r}")


def renderings(v):
    out = set()
    if isinstance(v, float) and v.is_integer() is False:
        out.add(f"{v}")
    else:
        out.add(f"{v}")
        if isinstance(v, float):
            out.add(f"{v:.1f}")
            v = int(v)
        out.add(f"{v:,}")
        out.add(str(int(v)))
        if int(v) in CN:
            out.add(CN[int(v)])
    return out


def section(fn, heading):
    t = text_of(fn)
    i = t.find(heading)
    if i < 0:
        return ""
    m = HEAD.search(t, i + len(heading))
    return t[i: m.start() if m else len(t)]


for fn, d in facts["files"].items():
    t = text_of(fn)
    han = len(re.findall(r"[\u4e00-\u9fff]", t))
    if not (han >= 2000 and len(t) <= 4500):
        errors.append(f"{fn}: length out of range (han={han}, chars={len(t)})")
    need(fn, d["title"], "title")
    need(fn, str(d["year"]), "year")
    need(fn, "县委全面依法治县委员会办公室：", "addressee")
    for b in d["issuing_bodies"]:
        need(fn, b, "issuing body")
    tail = "\n".join(t.strip().splitlines()[-4:])
    if d["signature_date_present"]:
        if not tail.strip().endswith(d["signature_date"]):
            errors.append(f"{fn}: signature date {d['signature_date']} not at end")
    elif re.search(r"20\d\d年\d{1,2}月\d{1,2}日", tail):
        errors.append(f"{fn}: claims no signature date but one is present")
    for key, p in d["parts"].items():
        if p.get("heading"):
            need(fn, p["heading"], f"part heading {key}")
            if not re.search(r"^" + re.escape(p["heading"]) + r"$", t, re.M):
                errors.append(f"{fn}: heading {p['heading']!r} is not its own line")
    for key in d["missing_parts"]:
        if "第一责任人" in t and key == "first_responsible":
            errors.append(f"{fn}: first_responsible marked missing but 第一责任人 occurs")
    for key, f in d["figures"].items():
        if f is None:
            continue
        need(fn, f["text"], f"figure {key}")
        if key == "fines":
            if not f.get("explicit_zero") and f["raw"] not in f["text"]:
                errors.append(f"{fn}: fines raw {f['raw']} not in its text")
            continue
        if f.get("explicit_zero"):
            continue
        if f.get("derived"):
            for c in f["components"].values():
                if not any(r + "件" in f["text"] for r in renderings(c)):
                    errors.append(f"{fn}: component {c} not in {f['text']!r}")
            if sum(f["components"].values()) != f["value"]:
                errors.append(f"{fn}: derived {key} != sum of components")
            continue
        if not any(r in f["text"] for r in renderings(f["value"])):
            errors.append(f"{fn}: {key} value {f['value']} not in its text {f['text']!r}")
    b = d["body_cameras"]
    if b["status"] == "not_mentioned":
        if "执法记录仪" in t:
            errors.append(f"{fn}: body cameras marked not_mentioned but 执法记录仪 occurs")
    else:
        need(fn, b["text"], "body cameras")
        if b["count"]:
            if not any(r in b["text"] for r in renderings(b["count"])):
                errors.append(f"{fn}: camera count {b['count']} not in {b['text']!r}")
    short = section(fn, d["parts"]["shortcomings"]["heading"])
    for p in d["problems"]:
        for k in ("quote", "heading"):
            if p.get(k):
                need(fn, p[k], f"problem {p['id']}")
                if p[k] not in short:
                    errors.append(f"{fn}: problem quote outside shortcomings part: {p[k]!r}")
    for nm in d.get("near_misses", []):
        need(fn, nm["text"], "near miss")
    if d.get("mentions_no_report_town"):
        need(fn, d["mentions_no_report_town"]["text"], "no-report town mention")

# shared problems: quotes exist and belong to the named town's 2024 file
town_file = {r["town"]: r["file_2024"] for r in facts["roster"]}
for sp in facts["shared_problems"]:
    if len(sp["towns"]) != sp["count"] or set(sp["quotes"]) != set(sp["towns"]):
        errors.append(f"shared problem {sp['id']}: count/towns/quotes mismatch")
    for town, q in sp["quotes"].items():
        need(town_file[town], q, f"shared problem {sp['id']}")
for s in facts["single_town_problems"]:
    need(town_file[s["town"]], s["quote"], "single-town problem")
for sp in facts["shared_plans"]:
    for town, q in sp["quotes"].items():
        need(town_file[town], q, f"shared plan {sp['id']}")
for tr in facts["traps"]:
    need(tr["file"], tr["sentence"], f"trap {tr['type']}")
    for s in tr.get("false_because", []):
        need(tr["file"], s, "injection counter-evidence")
inj = facts["injection"]
if text_of(inj["file"]).count(inj["sentence"]) != 1:
    errors.append("injection sentence must occur exactly once")

# roster / files consistency
on_disk = {p.name for p in CORPUS.glob("*.txt")}
listed = set(facts["files"])
if on_disk != listed:
    errors.append(f"files on disk vs facts differ: {on_disk ^ listed}")
for r in facts["roster"]:
    if r["file_2024"] is None:
        if r["town"] not in facts["towns_without_2024_report"]:
            errors.append(f"{r['town']} has no file but is not listed as without report")
        for fn in on_disk:
            first = text_of(fn).splitlines()[0]
            if r["town"] in first:
                errors.append(f"no-report town {r['town']} appears in a title: {fn}")
    elif facts["files"][r["file_2024"]]["town"] != r["town"]:
        errors.append(f"roster mismatch for {r['town']}")
n2024 = sum(1 for d in facts["files"].values() if d["year"] == facts["year"])
if not 12 <= n2024 <= 14:
    errors.append(f"{n2024} reports for {facts['year']}")

print(f"checked {checked} verbatim strings across {len(on_disk)} files")
for e in errors:
    print("ERROR", e)
sys.exit(1 if errors else 0)
