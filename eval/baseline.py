"""The naive baseline fazhi is scored against: top-k hybrid retrieval stuffed into one prompt
(``prompts/eval_baseline.txt``), one call to the same model, no tools, no scan, no checking.

Its quotes are parsed from the answer (「…」 followed by a passage number [n]) so its citations
can be scored like fazhi's; having no spans, they are checked anywhere in the cited report.
"""

from __future__ import annotations

import re
from typing import Any

import prompts
from agent.answer.plan import detect_language

TOP_K = 5
_LANGUAGE_RULE = {"zh": "用中文回答，简洁。", "en": "Answer in English, concisely."}
_QUOTE = re.compile(r"「([^」]{2,})」\s*(?:\[(\d+)\])?|“([^”]{2,})”\s*(?:\[(\d+)\])?")


def build_prompt(store: Any, question: str, county: str | None, year: int | None) -> tuple[str, list[Any]]:
    hits = store.search(question, k=TOP_K, county=county, year=year)
    passages = "\n\n".join(f"[{i}] ({h.town or '?'} {h.year or ''})\n{h.text}" for i, h in enumerate(hits, 1))
    language = detect_language(question)
    prompt = prompts.load("eval_baseline.txt").format(
        language_rule=_LANGUAGE_RULE[language], passages=passages, question=question
    )
    return prompt, hits


def _citations(text: str, hits: list[Any]) -> list[dict[str, Any]]:
    citations = []
    for match in _QUOTE.finditer(text):
        quote = match.group(1) or match.group(3)
        number = match.group(2) or match.group(4)
        squashed = "".join(quote.split())
        hit = None
        if number and 1 <= int(number) <= len(hits):
            hit = hits[int(number) - 1]
        else:  # no passage number: the first passage holding the quote, else the top passage
            hit = next((h for h in hits if squashed in "".join(h.text.split())), hits[0] if hits else None)
        if hit is None:
            continue
        citations.append({
            "report_id": hit.report_id, "file": hit.file, "town": hit.town, "year": hit.year,
            "quote": quote, "start": None, "end": None, "line": None,
        })
    return citations


def baseline_answer(store: Any, question: str, model: Any, county: str | None = None, year: int | None = None) -> dict[str, Any]:
    """One stuffed prompt, one model call; the result in ``fazhi ask --json``'s shape."""
    prompt, hits = build_prompt(store, question, county, year)
    message = model.invoke([("user", prompt)])
    meta = getattr(message, "usage_metadata", None) or {}
    text = str(message.content).strip()
    seen: dict[str, dict[str, Any]] = {}
    for h in hits:
        seen.setdefault(h.report_id, {"report_id": h.report_id, "file": h.file, "town": h.town, "year": h.year})
    return {
        "answer": text,
        "language": detect_language(question),
        "citations": _citations(text, hits),
        "reports_considered": list(seen.values()),
        "usage": {
            "prompt_tokens": int(meta.get("input_tokens", 0)),
            "completion_tokens": int(meta.get("output_tokens", 0)),
            "llm_calls": 1,
        },
        "route": "baseline",
    }
