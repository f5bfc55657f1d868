"""The ledger of passages shown to the model in one answer, numbered S1, S2, …

The model cites passages by number; code turns numbers back into report, file, span and line.
A passage can only be cited if it was actually shown, so a citation can never point at text the
model did not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.statements import own_statements
from store.store import SearchHit


@dataclass(frozen=True)
class Passage:
    label: str
    hit: SearchHit

    def render(self) -> str:
        """The passage as the model sees it: sentences that cannot speak for the town (planted
        orders, requirements, claims about every town) are left out, so they can neither steer the
        answer nor be cited."""
        hit = self.hit
        where = f"{hit.town or '?'} {hit.year or ''}年 · {hit.section or '正文'}".strip()
        return f"[{self.label}] ({where})\n{own_statements(hit.text)}"


@dataclass
class Ledger:
    passages: dict[str, Passage] = field(default_factory=dict)
    _by_chunk: dict[str, str] = field(default_factory=dict)

    def add(self, hit: SearchHit) -> Passage:
        if hit.chunk_id in self._by_chunk:
            return self.passages[self._by_chunk[hit.chunk_id]]
        passage = Passage(f"S{len(self.passages) + 1}", hit)
        self.passages[passage.label] = passage
        self._by_chunk[hit.chunk_id] = passage.label
        return passage

    def add_all(self, hits: list[SearchHit]) -> list[Passage]:
        return [self.add(hit) for hit in hits]

    def reports(self) -> list[SearchHit]:
        """One representative hit per report shown, in first-shown order."""
        seen: dict[str, SearchHit] = {}
        for passage in self.passages.values():
            seen.setdefault(passage.hit.report_id, passage.hit)
        return list(seen.values())
