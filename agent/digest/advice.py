"""六、下一步工作建议: what the county recommends, not the towns' plans repeated.

One recommendation per leading shared problem (the groups of 四, most towns first) and one per
notable gap the fact sheets show (a registry topic that two or more towns say they lack or only
plan, such as body cameras). Each is written as the county writes it (「针对……的问题，建议……」),
from the theme of the problem (``agent.digest.themes``), and is backed by what the towns concerned
say: their own plans of the same theme, else the sentences that state the problem or the lack,
each quoted and cited.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from agent.answer.types import Citation, Claim, ReportRef
from agent.digest.items import Item
from agent.digest.themes import THEMES, Theme, theme_of
from store.factsheet import FactSheet, SheetQuote, TopicEntry
from store.structure import numbering
from store.topics import BY_KEY as TOPICS

LEADING = 5  # shared problems given a recommendation of their own
BACKING = 4  # quotes under one recommendation


@dataclass(frozen=True)
class Concern:
    """Something several towns report: a shared problem or a gap, with each town's own sentence."""

    label: str  # what the problem is, in a town's words or the registry's
    statements: list[Item]
    plans: list[Item] | None = None  # the towns' own plans about it, where the fact sheets name them


def recommendations(concerns: list[Concern], plans: list[Item]) -> list[tuple[str, list[Claim]]]:
    """Per theme: the county's sentence (written by code) naming the problems it answers, then the
    towns' cited backing. Concerns of one theme share one recommendation, so no advice repeats."""
    by_theme: dict[Theme, list[Concern]] = {}
    for concern in concerns:
        by_theme.setdefault(_theme(concern), []).append(concern)
    out = []
    for theme, grouped in by_theme.items():
        problems = "、".join(f"“{_short_label(c.label)}”" for c in grouped)
        towns = list(dict.fromkeys(town for c in grouped for town in _towns(c)))
        lead = f"针对{problems}的问题（{len(towns)}个乡镇（街道）报告），建议{theme.advice}。"
        backing = [claim for c in grouped for claim in _backing(c, theme, plans)]
        out.append((lead, list({claim.text: claim for claim in backing}.values())))
    return out


def _theme(concern: Concern) -> Theme:
    """The theme most of a concern's statements belong to (each statement votes once)."""
    votes = Counter(t for t in (theme_of(i.text) for i in concern.statements) if t)
    votes.update([t] if (t := theme_of(concern.label)) else [])
    return votes.most_common(1)[0][0] if votes else THEMES[0]


def _town(item: Item) -> str:
    return item.report.town or item.report.file


def _towns(concern: Concern) -> list[str]:
    return list(dict.fromkeys(_town(i) for i in concern.statements))


def _short_label(label: str) -> str:
    """A problem named in a few words: the first clause of a town's statement, without its
    numbering or the town speaking of itself (我镇…, 县委依法治县办督察反馈指出，…)."""
    numbered = numbering(label.strip())
    clause = re.split(r"[，,；;。：:]", label.strip()[numbered[1] if numbered else 0 :])
    head = next((c for c in clause if c and not re.search(r"指出|反映|认为|表示|发现$", c)), clause[0])
    return re.sub(r"^(?:我|本|该)(?:镇|乡|街道)", "", head)[:24]


def _backing(concern: Concern, theme: Theme, plans: list[Item]) -> list[Claim]:
    """Per town (up to ``BACKING``): its own plan about it (of the same theme), else its sentence
    stating the problem; every town the recommendation counts is named only with its quote."""
    related = concern.plans if concern.plans is not None else [p for p in plans if theme_of(p.text) == theme]
    claims = []
    for town in _towns(concern)[:BACKING]:
        plan = next((p for p in related if _town(p) == town), None)
        item = plan or next(i for i in concern.statements if _town(i) == town)
        verb = "已计划" if plan else "报告"
        claims.append(Claim(f"{town}{verb}「{item.citation.quote}」", citations=[item.citation], towns=[town],
                            asserts="plans" if plan else None))
    return claims


def gaps(sheets: list[FactSheet]) -> list[Concern]:
    """Registry topics that two or more towns say they lack or only plan: 「尚未配备执法记录仪」."""
    found = []
    for key, topic in TOPICS.items():
        lacking = [s for s in sheets if s.topic(key).status in ("lacks", "plans") and s.topic(key).quote]
        if len(lacking) >= 2:
            plans = [_item(s, s.topic(key).plan) for s in lacking if s.topic(key).plan]
            found.append(Concern(f"{topic.label}缺乏或尚未到位", [_item(s, s.topic(key)) for s in lacking], plans))
    return found


def _item(sheet: FactSheet, quoted: TopicEntry | SheetQuote) -> Item:
    """A sentence the fact sheet holds (a topic's deciding sentence, a town's plan) as an item of its town."""
    ref = ReportRef.of_row(sheet.report)
    quote = quoted.quote or ""
    return Item(ref, quote, Citation.at(ref, quote, quoted.start or 0, quoted.end or 0, quoted.line or 0))
