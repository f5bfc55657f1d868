"""Ranking and fusion over the store's chunks, in memory: the chunk table (BM25 fields, filter masks,
a copy of the vectors), the fusion of lexical and dense scores, and the search hit a ranking
returns. Nothing here opens Chroma or the catalog: a ranking is testable on a table built from rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from store.catalog import ChunkRow, ReportRow
from store.lexical import LexicalIndex, tokenize
from store.statements import own_statements
from store.towns import is_town_name, mention_pattern, town_core, towns_in

CANDIDATES = 50  # from each ranking, before fusion
# The share of a hybrid score that BM25 gives; the dense similarity gives the rest. Chosen on the
# CRUD-RAG slice (0.75-0.9 all reach plain BM25's recall@5 there, 0.8 best) and confirmed on the
# report query set: bench/retrieval.py, docs/ingest.md, "Search quality".
LEXICAL_SHARE = {"hybrid": 0.8, "lexical": 1.0, "dense": 0.0}
_PHRASE_EDGES = " ?？!！。，,、；;：:"
_QUOTED = re.compile(r"[“「『\"]([^”」』\"]+)[”」』\"]")
_HEADING_WEIGHT = 1.0  # BM25 field weights relative to the chunk text
_HEADER_WEIGHT = 2.0


@dataclass(frozen=True)
class SearchHit:
    """One retrieved chunk, with everything needed to cite it (file, span, line)."""

    chunk_id: str
    report_id: str
    file: str
    town: str | None
    county: str | None
    year: int | None
    part: str | None
    section: str
    text: str
    start: int
    end: int
    line: int
    score: float

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


class ChunkTable:
    """All committed chunks in memory with their report metadata: the lexical indexes and the
    filter masks are built from it once per store generation, and kept on disk between processes
    (see ``ReportStore._chunk_table`` and ``store.search_cache``). An embedded store's table also holds a copy of the chunks'
    vectors (unit length; ``embedded`` says which chunks have one), so that a search scores the
    dense half without opening Chroma: importing chromadb alone costs a shell command about a second.

    Lexical scoring is field-weighted so that words every chunk of a report shares do not favour
    its shortest chunks: the chunk text, its heading path and its report's header (town, county,
    year) are three BM25 indexes, each length-normalised on its own. A town named in the query
    lifts every chunk of that report equally; the chunk text then decides which of them."""

    def __init__(
        self, chunks: list[ChunkRow], reports: dict[str, ReportRow], vectors: dict[str, list[float]] | None
    ) -> None:
        self.chunks = chunks
        self.reports = reports
        self.index = {chunk.id: i for i, chunk in enumerate(chunks)}
        report_ids = list(reports)
        position = {rid: i for i, rid in enumerate(report_ids)}
        self.report_of = np.array([position[c.report_id] for c in chunks], dtype=np.int64)
        meta = [reports[c.report_id].meta for c in chunks]
        self.town = np.array([m.get("town") or "" for m in meta], dtype=object)
        self.county = np.array([m.get("county") or "" for m in meta], dtype=object)
        self.year = np.array([m.get("year") or 0 for m in meta], dtype=np.int64)
        self.part = np.array([c.part or "" for c in chunks], dtype=object)
        # Only names that can be a town filter searches: a store ingested before metadata learnt
        # what a town is may still hold 城镇 or 乡镇 as a news text's "town".
        self.towns = sorted({r.meta["town"] for r in reports.values() if is_town_name(r.meta.get("town") or "")})
        self.town_cores = {town: town_core(town) for town in self.towns}
        self.mentions = mention_pattern(self.towns)
        # What a chunk is found by: its own statements (see ``store.store._index_text``), for BM25 and for
        # the word-for-word precedence alike.
        self.own_text = [own_statements(c.text) for c in chunks]
        self.body = LexicalIndex(self.own_text)
        self.heading = LexicalIndex([" ".join(c.section) for c in chunks])
        self.header = LexicalIndex([header_text(reports[rid].meta) for rid in report_ids])
        self.vectors, self.embedded = _unit_rows(chunks, vectors) if vectors is not None else (None, None)

    def lexical_scores(self, query: str, mask: np.ndarray) -> np.ndarray:
        tokens = tokenize(query)
        scores = self.body.scores(tokens, mask)
        scores += _HEADING_WEIGHT * self.heading.scores(tokens, mask)
        header = self.header.scores(tokens)
        if header.size:
            scores += _HEADER_WEIGHT * header[self.report_of] * mask
        return scores

    def dense_scores(self, query: np.ndarray, mask: np.ndarray) -> dict[int, float]:
        """Cosine similarity to ``query`` of the ``CANDIDATES`` most similar chunks inside ``mask``:
        exactly the ranking that Chroma's HNSW index approximates (it holds the same vectors)."""
        assert self.vectors is not None and self.embedded is not None
        inside = mask & self.embedded
        if not inside.any():
            return {}
        similarity = self.vectors @ (query / max(float(np.linalg.norm(query)), 1e-12))
        candidates = np.flatnonzero(inside)
        top = candidates[np.argsort(-similarity[candidates], kind="stable")[:CANDIDATES]]
        return {int(i): float(similarity[i]) for i in top}

    def matching_towns(self, town: str) -> list[str]:
        """The store's towns that a ``--town`` filter names: the exact name, else every town whose
        name contains it or is contained in it (西大沟 → 西大沟镇)."""
        if town in self.towns:
            return [town]
        return [t for t in self.towns if town in t or t in town]

    def mask(
        self, towns: list[str] | None, county: str | None, year: int | None, part: str | None, report_ids: set[str] | None
    ) -> np.ndarray:
        """The chunks a search or a browse may return: of these towns, county, year, part and reports."""
        mask = np.ones(len(self.chunks), dtype=bool)
        if towns is not None:
            mask &= np.isin(self.town, towns)
        if county:
            mask &= self.county == county
        if year:
            mask &= self.year == year
        if part:
            mask &= self.part == part
        if report_ids is not None:
            mask &= np.array([c.report_id in report_ids for c in self.chunks])
        return mask

    def towns_named(self, query: str) -> list[str]:
        """Towns of the store that ``query`` names (``store.towns``)."""
        return towns_in(query, self.towns, self.mentions)

    def without_towns(self, query: str, towns: list[str]) -> str:
        """The query minus the town names it was filtered by: once the search is limited to those
        towns, their names only favour the chunks that repeat them (titles, signatures)."""
        rest = query
        for town in sorted(towns, key=len, reverse=True):
            rest = rest.replace(town, " ")
            if len(self.town_cores[town]) >= 2:
                rest = rest.replace(self.town_cores[town], " ")
        return rest if tokenize(rest) else query

    def verbatim_first(self, query: str, ranked: list[int]) -> list[int]:
        """``ranked`` with the passages that contain the whole query word for word (whitespace aside)
        first, then those holding more of its quoted phrases, each group in its fused order: a figure
        or phrase a user types (253件, “首违不罚”) names its passage better than any score, and BM25
        spreads a short query's weight over bigrams that other passages share."""
        whole = _squash(query).strip(_PHRASE_EDGES)
        quoted = [q for q in (_squash(p) for p in _QUOTED.findall(query)) if q]
        if len(whole) < 2 and not quoted:
            return ranked

        def precedence(i: int) -> tuple[bool, int]:
            text = _squash(self.own_text[i])
            return (len(whole) < 2 or whole not in text, -sum(q in text for q in quoted))

        return sorted(ranked, key=precedence)

    def hit(self, i: int, score: float) -> SearchHit:
        """Chunk ``i`` as a search result, with everything needed to cite it."""
        chunk = self.chunks[i]
        report = self.reports[chunk.report_id]
        return SearchHit(
            chunk_id=chunk.id,
            report_id=chunk.report_id,
            file=report.file,
            town=report.meta.get("town"),
            county=report.meta.get("county"),
            year=report.meta.get("year"),
            part=chunk.part,
            section=" > ".join(chunk.section),
            text=chunk.text,
            start=chunk.start,
            end=chunk.end,
            line=chunk.line,
            score=round(score, 6),
        )


def _unit_rows(chunks: list[ChunkRow], vectors: dict[str, list[float]]) -> tuple[np.ndarray, np.ndarray]:
    """One unit-length row per chunk (zeros where Chroma holds none) and which rows are vectors."""
    dim = len(next(iter(vectors.values()), ()))
    matrix = np.zeros((len(chunks), dim), dtype=np.float32)
    embedded = np.zeros(len(chunks), dtype=bool)
    for i, chunk in enumerate(chunks):
        vector = vectors.get(chunk.id)
        if vector is not None:
            matrix[i] = vector
            embedded[i] = True
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12), embedded


def header_text(meta: dict) -> str:
    year = f"{meta['year']}年" if meta.get("year") else None
    return " ".join(filter(None, [meta.get("town"), meta.get("county"), year]))


def fuse(
    lexical: np.ndarray | None,
    dense: dict[int, float],
    share: float,
    unembedded: Callable[[int], bool] | None = None,
) -> dict[int, float]:
    """Each candidate's ``share`` of its min-max normalised BM25 score plus the rest of its
    normalised dense similarity: a convex combination of scores (Bruch et al., 2023), not of ranks.
    Equal-weight reciprocal-rank fusion counted a weak dense ranking's third place as much as a
    BM25 third place, however far apart their scores, and pulled passages that BM25 had found far
    ahead below ones it barely matched (CRUD-RAG recall@5 .81 against BM25's .90). Candidates are
    BM25's top ``CANDIDATES`` with a positive score and the dense top ``CANDIDATES``; a candidate
    the dense ranking did not return counts as its least similar. While some candidates have no
    vectors yet (``unembedded``: their ingest is still embedding them) the candidates are ranked
    by BM25 alone: counted least similar they would sink below every embedded passage, and scored
    by BM25 alone beside fused ones they would beat the embedded near-copies of their wording
    (recall@5 fell from .81 to .66 at 115 reports, 100 of them pending; bench/scale.py)."""
    candidates = set(dense)
    if lexical is not None:
        top = np.argsort(-lexical, kind="stable")[:CANDIDATES]
        candidates |= {int(i) for i in top if lexical[i] > 0}
    lexical_part = min_max({i: float(lexical[i]) for i in candidates}) if lexical is not None else {}
    if lexical is not None and unembedded is not None and any(map(unembedded, candidates)):
        return lexical_part
    floor = min(dense.values(), default=0.0)
    dense_part = min_max({i: dense.get(i, floor) for i in candidates})
    return {i: share * lexical_part.get(i, 0.0) + (1 - share) * dense_part[i] for i in candidates}


def min_max(scores: dict[int, float]) -> dict[int, float]:
    """Scores onto [0, 1], so that BM25's unbounded scores and cosine similarities can be added
    (all 1.0 when they are equal)."""
    low, high = min(scores.values(), default=0.0), max(scores.values(), default=0.0)
    return {i: (score - low) / (high - low) if high > low else 1.0 for i, score in scores.items()}


def _squash(text: str) -> str:
    return "".join(text.split())
