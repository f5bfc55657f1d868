"""Items that several reports share (a problem, a plan), grouped by code, or by code and the model.

Items (``agent.digest.items``) usually open with a short statement ("一是执法力量薄弱。"). An item never
joins a group that already holds its report, so a group's size is the number of reports that
state it.

With a pair judge (``agent.digest.judge``: the model asked whether two statements state the same
problem, P(是) from its first token), grouping is precision-first (``judged_groups``): candidate
pairs are each item's nearest statements of other reports by the sentence encoder and by shared
character bigrams (``K_DENSE`` + ``K_LEXICAL`` per item, so pairs grow linearly with items), plus the
pairs that would close a triangle of two confirmed pairs; each is judged once (cached); a group is
a clique, every pair of its members confirmed (``confirmed``: the judge's log-odds plus the
encoder's standardized similarity), never a chain. Measured with
``bench/digest_groups.py --judge`` on five counties (docs/digest.md): 14 of 29
planted shared problems with exactly their towns (3 of 29 without the judge), 27 of 29 groups one
problem, about 4 pairs judged per statement.

Without a judge (``--no-llm``) the items are embedded with the offline multilingual encoder, on
their full text and on their statement alone, and grouped by average similarity
(``encoder_groups``): ``MERGE`` 0.6 left 19 of 26 groups one planted problem, against 14 of 36 at 0.4,
and 3 of 24 planted shared problems with exactly their towns. The misses are paraphrases the
encoder does not see as one problem (执法文书不规范 / 行政处罚案卷制作不够严谨); the memo lists every
item no group took, so nothing stated is dropped.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import combinations

import numpy as np

from agent.answer.types import ReportRef
from agent.digest.items import Item

SIMILAR = 0.65
MERGE = 0.6

# The judged path (tuned on eval/digest and eval/digest2 only).
K_DENSE = 3  # nearest statements of other reports per item by the sentence encoder
K_LEXICAL = 3  # and by shared character bigrams
CLOSE_PER_ITEM = 4  # at most this many triangle-closing pairs per item, so pairs stay linear
# A pair is confirmed when the judge's log-odds, logit P(是), plus the encoder's similarity in
# standard deviations above the county's mean (``DENSE_WEIGHT`` times it) reach ``CONFIRM``: on
# eval/digest and eval/digest2's candidate pairs the sum tells paraphrases from different problems
# (AUC .94, .95) better than either alone (judge .81/.84, e5 .94/.89).
CONFIRM = 2.0
DENSE_WEIGHT = 1.0
# A group of two rests on one verdict where a group of three rests on three, so it needs more: on
# eval/digest and eval/digest2 the one wrong pair scored 2.7, the one right pair 4.2.
CONFIRM_PAIR = 3.5
MAX_LOGIT = math.log(0.97 / 0.03)  # a surer answer than P(是) .97 counts as .97
STATEMENT_CHARS = 80  # what the judge reads of a statement: its headline and the start of its explanation

Judge = Callable[[str, str], float]


def _head(text: str) -> str:
    """An item's statement without its explanation (执法文书不规范，个别案卷… → 执法文书不规范)."""
    return re.split(r"[，,；;：:]", text, maxsplit=1)[0]


def _similarity(texts: list[str], embed) -> np.ndarray:  # noqa: ANN001 (an embedding function)
    """Pairwise similarity of texts: the better of their full texts' and their statements' cosine,
    since one report states a problem in six characters and another in sixty."""
    def unit(texts: list[str]) -> np.ndarray:
        vectors = np.array(embed(texts), dtype=float)
        return vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12)

    full, head = unit(texts), unit([_head(t) for t in texts])
    return np.maximum(full @ full.T, head @ head.T)


def group_items(items: list[Item], embed, judge: Judge | None = None) -> list[list[Item]]:  # noqa: ANN001
    """Groups of items from different reports that state one thing, largest first; every item is in
    exactly one group (most in a group of one). With ``judge`` the groups are confirmed cliques
    (``judged_groups``), else the encoder's (``encoder_groups``)."""
    return judged_groups(items, embed, judge) if judge is not None else encoder_groups(items, embed)


def encoder_groups(items: list[Item], embed) -> list[list[Item]]:  # noqa: ANN001 (an embedding function)
    """Groups of similar items from different reports, largest first.

    First pass: each item joins the group whose members it is most similar to on average, if that
    average reaches ``SIMILAR`` and the group holds no item of the same report, else it opens a
    group; items are taken most-connected first, so groups form around typical wordings. Second
    pass: groups of different reports whose members are similar on average (``MERGE``) are joined,
    most similar first, so paraphrases that no single member links still meet. Vectorised (300
    reports in seconds)."""
    if not items:
        return []
    sim = _similarity([i.text for i in items], embed)
    order = np.argsort(-(sim >= SIMILAR).sum(axis=1), kind="stable")
    members: list[list[int]] = []
    reports: list[set[ReportRef]] = []
    sums = np.zeros((0, len(items)))  # per group: summed similarity of each item to its members
    for i in order:
        if members:
            mean = sums[:, i] / np.array([len(m) for m in members])
            allowed = np.array([items[i].report not in r for r in reports])
            candidates = np.where(allowed & (mean >= SIMILAR))[0]
            if len(candidates):
                g = int(candidates[np.argmax(mean[candidates])])
                members[g].append(int(i))
                reports[g].add(items[i].report)
                sums[g] += sim[i]
                continue
        members.append([int(i)])
        reports.append({items[i].report})
        sums = np.vstack([sums, sim[i]])
    members = _merge(members, reports, sim)
    return _ranked(items, members)


def _ranked(items: list[Item], members: list[list[int]]) -> list[list[Item]]:
    grouped = [[items[i] for i in sorted(m)] for m in members]
    return sorted(grouped, key=lambda g: (-len(g), g[0].report.town or ""))


def _merge(members: list[list[int]], reports: list[set[ReportRef]], sim: np.ndarray) -> list[list[int]]:
    """Join the two most similar groups of disjoint reports while their mean similarity reaches
    ``MERGE``; group-to-group sums and report sets are matrices updated in place, so each join
    costs one row and column (300 reports in seconds)."""
    count = len(members)
    indicator = np.zeros((count, sim.shape[0]))
    for g, m in enumerate(members):
        indicator[g, m] = 1
    pair_sums = indicator @ sim @ indicator.T
    sizes = indicator.sum(axis=1)
    names = sorted({r for group in reports for r in group}, key=lambda r: r.report_id)
    owns = np.array([[r in group for r in names] for group in reports], dtype=float)
    alive = np.ones(count, dtype=bool)
    while True:
        mean = pair_sums / np.outer(sizes, sizes)
        mean[(owns @ owns.T) > 0] = -1  # shares a report (and the diagonal)
        mean[~alive] = -1
        mean[:, ~alive] = -1
        a, b = np.unravel_index(int(np.argmax(mean)), mean.shape)
        if mean[a, b] < MERGE:
            return [m for g, m in enumerate(members) if alive[g]]
        members[a] += members[b]
        pair_sums[a] += pair_sums[b]
        pair_sums[:, a] += pair_sums[:, b]
        sizes[a] += sizes[b]
        owns[a] = np.maximum(owns[a], owns[b])
        alive[b] = False


def statement(item: Item) -> str:
    """What the judge reads of an item: its quote (the headline with the sentence that explains
    it, ``with_explanation``) without its numbering, cut at ``STATEMENT_CHARS``."""
    quote = item.citation.quote.strip()
    start = quote.find(item.text[:6])
    return (quote[start:] if start >= 0 else item.text)[:STATEMENT_CHARS]


def _bigrams(text: str) -> list[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return [han[k : k + 2] for k in range(len(han) - 1)]


def _lexical_similarity(texts: list[str]) -> np.ndarray:
    """Cosine of character-bigram TF-IDF (square-root term counts, the county's own statements as
    the document set): what two wordings share word for word, which the encoder may rank low.
    Only bigrams of two or more statements get a column (the others cannot make two similar), but
    every bigram counts in a statement's norm."""
    grams = [Counter(_bigrams(t)) for t in texts]
    df = Counter(g for c in grams for g in c)
    idf = {g: math.log((1 + len(texts)) / (1 + n)) + 1 for g, n in df.items()}
    columns = {g: k for k, g in enumerate(sorted(g for g, n in df.items() if n >= 2))}
    matrix = np.zeros((len(texts), len(columns)), dtype=np.float32)
    norms = np.ones(len(texts))
    for row, counts in enumerate(grams):
        weights = {g: math.sqrt(c) * idf[g] for g, c in counts.items()}
        norms[row] = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for g, w in weights.items():
            if g in columns:
                matrix[row, columns[g]] = w
    matrix /= norms[:, None].astype(np.float32)
    return matrix @ matrix.T


def _neighbours(sim: np.ndarray, report_ids: np.ndarray, k: int) -> set[tuple[int, int]]:
    """Each item with its ``k`` most similar items of other reports, as unordered index pairs."""
    masked = np.where(report_ids[:, None] == report_ids[None, :], -np.inf, sim)
    pairs = set()
    for i, row in enumerate(masked):
        for j in np.argsort(-row, kind="stable")[:k]:
            if np.isfinite(row[j]):
                pairs.add((min(i, int(j)), max(i, int(j))))
    return pairs


def candidate_pairs(dense: np.ndarray, lexical: np.ndarray, report_ids: np.ndarray) -> set[tuple[int, int]]:
    """Pairs worth judging: each item's nearest statements of other reports, dense and lexical."""
    return _neighbours(dense, report_ids, K_DENSE) | _neighbours(lexical, report_ids, K_LEXICAL)


def _logit(p: float) -> float:
    return max(-MAX_LOGIT, min(MAX_LOGIT, math.log(max(p, 1e-9) / max(1 - p, 1e-9))))


def standardized(dense: np.ndarray, report_ids: np.ndarray) -> np.ndarray:
    """Similarities in standard deviations above the mean over all pairs of different reports: the
    encoder's scale differs from county to county (e5's cosines all sit in .86–.98)."""
    cross = report_ids[:, None] != report_ids[None, :]
    values = dense[cross] if cross.any() else dense.ravel()
    return (dense - values.mean()) / (values.std() or 1.0)


def confirmed(verdicts: dict[tuple[int, int], float], dense_z: np.ndarray) -> dict[tuple[int, int], float]:
    """The judged pairs that count as one problem (weighted by their score): logit P(是) plus
    ``DENSE_WEIGHT`` times the standardized similarity reaches ``CONFIRM``."""
    scores = {pair: _logit(p) + DENSE_WEIGHT * float(dense_z[pair]) for pair, p in verdicts.items()}
    return {pair: score for pair, score in scores.items() if score >= CONFIRM}


def _open_triangles(verdicts: dict[tuple[int, int], float], dense_z: np.ndarray,
                    report_ids: np.ndarray) -> list[tuple[int, int]]:
    """Unjudged pairs of items of different reports that are both confirmed with a third (and that
    the judge could still confirm): a clique needs them, and top-k neighbours may have missed
    them. Most strongly implied first."""
    sure = confirmed(verdicts, dense_z)
    linked: dict[int, list[int]] = defaultdict(list)
    for a, b in sure:
        linked[a].append(b)
        linked[b].append(a)
    implied: dict[tuple[int, int], float] = {}
    for v, others in linked.items():
        for x, y in combinations(sorted(others), 2):
            pair = (x, y)
            if report_ids[x] != report_ids[y] and pair not in verdicts and \
                    MAX_LOGIT + DENSE_WEIGHT * dense_z[pair] >= CONFIRM:
                strength = min(sure[min(v, x), max(v, x)], sure[min(v, y), max(v, y)])
                implied[pair] = max(implied.get(pair, 0.0), strength)
    return sorted(implied, key=lambda pair: (-implied[pair], pair))


def _maximal_cliques(adjacent: dict[int, set[int]]) -> list[frozenset[int]]:
    """Bron–Kerbosch with pivoting over a sparse graph (confirmed pairs only)."""
    found: list[frozenset[int]] = []

    def expand(clique: set[int], candidates: set[int], excluded: set[int]) -> None:
        if not candidates and not excluded:
            found.append(frozenset(clique))
            return
        pivot = max(candidates | excluded, key=lambda u: len(adjacent[u] & candidates))
        for v in sorted(candidates - adjacent[pivot]):
            expand(clique | {v}, candidates & adjacent[v], excluded & adjacent[v])
            candidates = candidates - {v}
            excluded = excluded | {v}

    expand(set(), set(adjacent), set())
    return found


def cliques(edges: dict[tuple[int, int], float]) -> list[list[int]]:
    """Disjoint groups in which every pair is an edge (a confirmed pair, weighted by its score): the
    largest clique first (on a tie, the one surest on average), its members taken out, and so
    on. A chain (A~B, B~C, A≁C) is never one group; a group of two needs a score of ``CONFIRM_PAIR``."""
    adjacent: dict[int, set[int]] = defaultdict(set)
    for a, b in edges:
        adjacent[a].add(b)
        adjacent[b].add(a)
    maximal = _maximal_cliques(adjacent) if adjacent else []

    def mean(clique: frozenset[int]) -> float:
        return float(np.mean([edges[pair] for pair in combinations(sorted(clique), 2)]))

    def holds(clique: frozenset[int]) -> bool:
        return len(clique) >= 3 or len(clique) == 2 and mean(clique) >= CONFIRM_PAIR

    taken: set[int] = set()
    groups: list[list[int]] = []
    while True:
        live = [c - taken for c in maximal if holds(c - taken)]
        if not live:
            return groups
        best = max(live, key=lambda c: (len(c), mean(c), -min(c)))
        groups.append(sorted(best))
        taken |= best


def judged_groups(items: list[Item], embed, judge: Judge) -> list[list[Item]]:  # noqa: ANN001
    """Groups confirmed by ``judge`` (P(是) that two statements state the same problem) with the
    encoder ``embed`` (e5 in the memo): candidate
    pairs judged, then the pairs that close a triangle of confirmed pairs (at most
    ``CLOSE_PER_ITEM`` per item), then cliques of the confirmed pairs (``confirmed``, ``cliques``). Pairs are asked in a stable order,
    each statement's pairs one after another (a local server's prompt cache reuses the shared
    start), the earlier statement (by town, year, file and position) first, so a re-run asks the
    same prompts and hits the judge's cache, and a report edited elsewhere keeps its order."""
    if not items:
        return []
    texts = [statement(i) for i in items]
    names = sorted({i.report.report_id for i in items})
    report_ids = np.array([names.index(i.report.report_id) for i in items])
    # by town, year and file, never by report id: an id is a content hash, and the order of two
    # statements in a prompt sways the judge, so an edit elsewhere in a report must not reorder them
    rank = {i: r for r, i in enumerate(sorted(range(len(items)), key=lambda i: (
        items[i].report.town or "", items[i].report.year or 0, items[i].report.file, items[i].citation.start, i)))}
    verdicts: dict[tuple[int, int], float] = {}

    def ask(pairs: list[tuple[int, int]]) -> None:
        for a, b in sorted((sorted(p, key=rank.__getitem__) for p in pairs), key=lambda p: (rank[p[0]], rank[p[1]])):
            verdicts[min(a, b), max(a, b)] = judge(texts[a], texts[b])

    dense = _similarity(texts, embed)
    ask(sorted(candidate_pairs(dense, _lexical_similarity(texts), report_ids)))
    dense_z = standardized(dense, report_ids)
    budget = CLOSE_PER_ITEM * len(items)
    while budget > 0 and (closing := _open_triangles(verdicts, dense_z, report_ids)[:budget]):
        ask(closing)
        budget -= len(closing)
    grouped = cliques(confirmed(verdicts, dense_z))
    alone = sorted(set(range(len(items))) - {i for g in grouped for i in g})
    return _ranked(items, grouped + [[i] for i in alone])


def label(group: list[Item]) -> str:
    """The group's name: its shortest statement (the plainest wording of the shared item)."""
    return min((i.text for i in group), key=len)
