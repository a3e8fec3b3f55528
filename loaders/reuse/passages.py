"""Partial copies: a few paragraphs shared by two otherwise different texts.

Whole-text similarity misses them: three paragraphs copied into a long article are 5
to 20% of either text, so neither the word-shingle buckets (tuned for a Jaccard of
0.25) nor the 40% share that makes a text a copy of another ever see them.

*Candidates.* Every text keeps a sample of its word 5-grams as **anchors**: those whose
hash is divisible by ANCHOR_EVERY, chosen by content, so the same passage gives the
same anchors in any text that carries it. A block of 150 words carries about 9 of
them, and two texts sharing ANCHORS_SHARED or more are verified.

*Verification.* Sentences are aligned as for a copy (loaders.reuse.align); a **shared
block** is the longest run of aligned sentences that follow each other in both texts
(one unaligned sentence between two aligned ones is allowed: a line an editor added or
cut), with at least BLOCK_SENTENCES sentences and BLOCK_WORDS words. Its share is the
part of the source text's words it holds, which the edge records.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from loaders.reuse.align import Match
from loaders.reuse.normalise import Prepared

__all__ = ["ANCHORS_SHARED", "Block", "anchors", "shared_block"]

ANCHOR_GRAM = 5
# One 5-gram in 32 is an anchor: ~30 a 1,000-word text (as many index rows as its
# fingerprint bands), ~5 in a block of 3 short paragraphs.
ANCHOR_EVERY = 32
# Anchors two texts must share to be compared for a shared block: one can be a stock
# phrase ("the ministry of foreign affairs said in a statement").
ANCHORS_SHARED = 2
# A shared block: this many sentences in a row, this many words, this similar.
BLOCK_SENTENCES = 4
BLOCK_WORDS = 60
BLOCK_SIMILARITY = 0.75
# Unaligned sentences allowed between two aligned ones inside a block.
BLOCK_GAP = 1


def anchors(prepared: Prepared) -> list[int]:
    """Return the text's anchor hashes (signed 64-bit, distinct, sorted)."""
    words = [w for s in prepared.sentences for w in s.tokens]
    found = set()
    for i in range(len(words) - ANCHOR_GRAM + 1):
        h = zlib.crc32(" ".join(words[i : i + ANCHOR_GRAM]).encode())
        if h % ANCHOR_EVERY == 0:
            # A second hash fills the high bits, so two anchors rarely share a bucket
            # by chance even at millions of texts.
            high = zlib.adler32(" ".join(words[i : i + ANCHOR_GRAM]).encode())
            found.add(((high << 32) | h) - (1 << 63))
    return sorted(found)


@dataclass(frozen=True)
class Block:
    """A run of aligned sentences shared by two texts."""

    matches: tuple[Match, ...]
    # Words of the block in the source text, and their share of the source's words.
    words: int
    share: float
    similarity: float


def shared_block(derived: Prepared, source: Prepared, matches: tuple[Match, ...]) -> Block | None:
    """Return the longest block of ``matches`` that follows on in both texts, if it is
    long enough to be a shared passage (see the module doc)."""
    ordered = sorted(matches, key=lambda m: (m.i, m.j))
    best: list[Match] = []
    run: list[Match] = []
    for m in ordered:
        if run and 0 < m.i - run[-1].i <= BLOCK_GAP + 1 and 0 < m.j - run[-1].j <= BLOCK_GAP + 1:
            run.append(m)
        else:
            run = [m]
        if _words(source, run) > _words(source, best):
            best = list(run)
    if len(best) < BLOCK_SENTENCES:
        return None
    words = _words(source, best)
    similarity = sum(m.similarity for m in best) / len(best)
    if words < BLOCK_WORDS or similarity < BLOCK_SIMILARITY:
        return None
    share = words / source.tokens if source.tokens else 0.0
    return Block(tuple(best), words, round(min(share, 1.0), 4), round(similarity, 4))


def _words(source: Prepared, run: list[Match]) -> int:
    return sum(len(source.sentences[m.j].tokens) for m in run)
