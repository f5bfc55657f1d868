"""BM25 over character bigrams: the lexical half of hybrid search.

Chinese has no spaces, and word segmenters keep compounds like 执法检查 whole, so a query for
执法 would miss them. Overlapping character bigrams match any shared two-character run, which
ranked exact-term questions (执法记录仪, 行政复议) best in our offline measurements.
"""

from __future__ import annotations

import re

import bm25s
import numpy as np

from store.scripts import HAN, has_han

_RUNS = re.compile(rf"[{HAN}]+|[A-Za-z]+|\d+(?:\.\d+)?")


def tokenize(text: str) -> list[str]:
    """CJK runs become overlapping bigrams (a lone character stays a unigram); words and numbers stay whole."""
    tokens: list[str] = []
    for run in _RUNS.findall(text):
        if has_han(run[0]) and len(run) > 1:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            tokens.append(run.lower())
    return tokens


class LexicalIndex:
    """An in-memory BM25 index over a fixed list of texts, rebuilt when the store changes.

    Picklable, so the store can keep it on disk between processes."""

    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        self._retriever = bm25s.BM25()
        if texts:
            self._retriever.index([tokenize(t) or [""] for t in texts], show_progress=False)

    def scores(self, query: str | list[str], mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every text for ``query`` (a string, or tokens); texts outside ``mask`` score 0."""
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        vocab = self._retriever.vocab_dict
        tokens = [t for t in (tokenize(query) if isinstance(query, str) else query) if t in vocab]
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        weights = None if mask is None else mask.astype(np.float32)
        return np.asarray(self._retriever.get_scores(tokens, weight_mask=weights), dtype=np.float32)
