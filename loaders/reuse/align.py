"""Verify a same-language candidate pair by aligning it sentence by sentence.

Each sentence of one text is matched to its most similar sentence of the other
(rapidfuzz ``ratio`` on normalised words), wherever it sits, so reordered sentences
still align and a swapped synonym only lowers a sentence's similarity a little.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from loaders.reuse.normalise import Prepared

__all__ = ["MIN_SHARE", "Match", "Passage", "align", "passages"]

# Two sentences this similar (0-100) are one sentence, reworded at most lightly.
# Unrelated sentences of the same language score 30-60 on character ratio.
SENTENCE_THRESHOLD = 72.0
# A copy reproduces at least this share of the original's words (the floor).
MIN_SHARE = 0.4
# Aligned passages are verbatim but bounded, so an edge stays small.
MAX_PASSAGES = 5
MAX_PASSAGE_CHARS = 300


@dataclass(frozen=True)
class Match:
    """Sentence ``i`` of the derived text reproduces sentence ``j`` of the source text."""

    i: int
    j: int
    similarity: float


@dataclass(frozen=True)
class Alignment:
    matches: tuple[Match, ...]
    share: float  # of the source text's words, reproduced in the derived text
    score: float  # mean similarity of the matched sentences, weighted by length


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    target_start: int
    target_end: int
    similarity: float


def align(derived: Prepared, source: Prepared) -> Alignment:
    """Return which sentences of ``source`` reappear in ``derived``, and how closely."""
    if not derived.sentences or not source.sentences:
        return Alignment((), 0.0, 0.0)
    scores = cdist(
        [s.norm for s in derived.sentences],
        [s.norm for s in source.sentences],
        scorer=fuzz.ratio,
        dtype=np.float32,
        workers=1,
    )
    matches = []
    # Each source sentence counts once: its best partner in the derived text.
    best_i = scores.argmax(axis=0)
    for j, i in enumerate(best_i):
        sim = float(scores[i, j])
        if sim >= SENTENCE_THRESHOLD:
            matches.append(Match(int(i), j, round(sim / 100.0, 4)))
    weights = [len(source.sentences[m.j].tokens) for m in matches]
    total = source.tokens
    share = sum(weights) / total if total else 0.0
    score = (
        sum(w * m.similarity for w, m in zip(weights, matches, strict=True)) / sum(weights)
        if weights
        else 0.0
    )
    matches.sort(key=lambda m: (m.i, m.j))
    return Alignment(tuple(matches), round(min(share, 1.0), 4), round(score, 4))


def passages(
    derived: Prepared, source: Prepared, matches: tuple[Match, ...], *, merge: bool = True
) -> list[Passage]:
    """Return matched sentences as passages, bounded in number.

    With ``merge``, runs of consecutive matches become one passage and the longest come
    first (a copy's evidence is its longest copied stretch); without, each sentence
    pair is its own passage, in text order (a translation's evidence).
    """
    runs: list[list[Match]] = []
    for m in matches:
        if merge and runs and m.i == runs[-1][-1].i + 1 and m.j == runs[-1][-1].j + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    out = []
    for run in runs:
        d0, d1 = derived.sentences[run[0].i], derived.sentences[run[-1].i]
        s0, s1 = source.sentences[run[0].j], source.sentences[run[-1].j]
        sim = sum(m.similarity for m in run) / len(run)
        out.append(Passage(d0.start, d1.end, s0.start, s1.end, round(sim, 4)))
    if merge:
        out.sort(key=lambda p: (-(p.end - p.start), p.start))
    return out[:MAX_PASSAGES]
