"""Cut a report into retrieval chunks along its own headings and sentence ends.

A chunk never straddles two top-level sections (a quote about plans must not be cited as a
measure) and never cuts a sentence unless one sentence alone exceeds the budget. Small sibling
sections are packed together so a heading line alone never becomes a chunk, and a tiny remainder
(the last sentence of a section that just overflowed the budget, a heading with one line under it)
joins the chunk before it in the same top-level section instead of standing alone: short chunks
rank too well on both BM25 (length normalisation) and dense similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.normalize import NormalizedText
from store.structure import Block
from store.tokens import count_tokens, truncate_to_tokens

_TINY_SHARE = 8  # a chunk under budget / 8 tokens joins its predecessor in the same top-level section
_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]?|\n|$)")


@dataclass(frozen=True)
class Chunk:
    """A span of clean text with everything needed to cite it in the original file."""

    ordinal: int
    text: str
    section: tuple[str, ...]
    part: str | None
    start: int
    end: int
    line: int


def _sentences(text: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    for match in _SENTENCE.finditer(text):
        if match.group().strip():
            spans.append((offset + match.start(), offset + match.end()))
    return spans


def _split_long(text: str, start: int, budget: int) -> list[tuple[int, int]]:
    """Hard cuts for a single sentence longer than the budget (tables, run-on lists)."""
    spans = []
    pos = start
    rest = text
    while rest:
        piece = truncate_to_tokens(rest, budget) or rest[:1]
        spans.append((pos, pos + len(piece)))
        pos += len(piece)
        rest = rest[len(piece) :]
    return spans


def _common_path(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    first = paths[0]
    size = 0
    while size < len(first) and all(len(p) > size and p[size] == first[size] for p in paths):
        size += 1
    return first[:size]


def chunk_blocks(norm: NormalizedText, blocks: list[Block], budget: int) -> list[Chunk]:
    text = norm.text
    units: list[tuple[int, int, Block]] = []
    for block in blocks:
        for start, end in _sentences(text[block.start : block.end], block.start):
            if count_tokens(text[start:end]) > budget:
                units.extend((s, e, block) for s, e in _split_long(text[start:end], start, budget))
            else:
                units.append((start, end, block))

    groups: list[list[tuple[int, int, Block]]] = []
    group: list[tuple[int, int, Block]] = []
    used = 0

    def flush() -> None:
        nonlocal group, used
        if group:
            groups.append(group)
        group, used = [], 0

    for start, end, block in units:
        tokens = count_tokens(text[start:end])
        same_top = bool(group) and group[-1][2].path[:1] == block.path[:1]
        new_section = bool(group) and group[-1][2] is not block and used > budget // 2
        if group and (not same_top or new_section or used + tokens > budget):
            flush()
        group.append((start, end, block))
        used += tokens
    flush()
    groups = _absorb_tiny(groups, text, budget // _TINY_SHARE)
    return [_chunk(norm, members, ordinal) for ordinal, members in enumerate(groups)]


def _absorb_tiny(groups: list[list[tuple[int, int, Block]]], text: str, tiny: int) -> list[list[tuple[int, int, Block]]]:
    """Join each group under ``tiny`` tokens, or made of heading lines only, to its neighbour in the
    same top-level section: the one before (a section's last sentence), else the one after (a
    heading before a long paragraph)."""
    top = [group[0][2].path[:1] for group in groups]
    merged: list[list[tuple[int, int, Block]]] = []
    carry: list[tuple[int, int, Block]] = []
    for i, group in enumerate(groups):
        group = carry + group
        carry = []
        tokens = count_tokens(text[group[0][0] : group[-1][1]])
        headings_only = all(start == block.start for start, _, block in group)
        small = tokens < tiny or (headings_only and tokens < 2 * tiny)
        if small and merged and merged[-1][0][2].path[:1] == top[i]:
            merged[-1].extend(group)
        elif small and i + 1 < len(groups) and top[i + 1] == top[i]:
            carry = group
        else:
            merged.append(group)
    return merged


def _chunk(norm: NormalizedText, group: list[tuple[int, int, Block]], ordinal: int) -> Chunk:
    text = norm.text
    start, end = group[0][0], group[-1][1]
    while end > start and text[end - 1].isspace():
        end -= 1
    orig_start, orig_end = norm.original_span(start, end)
    first_block = group[0][2]
    return Chunk(
        ordinal=ordinal,
        text=text[start:end],
        section=_common_path([unit[2].path for unit in group]),
        part=first_block.part,
        start=orig_start,
        end=orig_end,
        line=norm.line_of(orig_start),
    )
