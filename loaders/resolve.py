"""Corpus-level resolution: stub articles meet the real articles they stand for.

A stub is an article known only from a citation ("source : <title>"). When the
article itself is in the store (now, or in a later ingest), the stub is folded into
it, so the chain runs through one node instead of two. Two stubs for the same cited
title (spelled slightly differently by two copies) are folded together too.

Matching is deliberately strict: a wrong merge joins two stories and corrupts every
path through them, while a missed merge only leaves a stub. Titles must be close
overall (rapidfuzz ratio on normalised text) *and* every word of each must find a
near-identical word in the other, so "Five killed in Idlib" never becomes "Six killed
in Idlib" and "2,000 troops" never becomes "3,000 troops".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.keys import normalize_name
from graph.models import Node
from graph.schema import NodeKind
from graph.store.base import Store

__all__ = ["Merge", "find_merges", "same_title"]

# Titles this similar (0-100, on normalised text) may be the same article's title.
TITLE_THRESHOLD = 92.0
# Two words this similar are spelling variants (accents, typos, transliteration).
WORD_THRESHOLD = 80.0


@dataclass(frozen=True)
class Merge:
    stub: str
    into: str
    score: float


def _words_pair_up(a: list[str], b: list[str]) -> bool:
    """Every word of ``a`` has a near-identical word in ``b``; digits must be equal."""
    others = set(b)
    for word in a:
        if word in others:
            continue
        if any(c.isdigit() for c in word):
            return False
        if not any(
            not any(c.isdigit() for c in o) and fuzz.ratio(word, o) >= WORD_THRESHOLD
            for o in others
        ):
            return False
    return True


def same_title(a: str, b: str) -> float | None:
    """Return the similarity score if ``a`` and ``b`` are the same title, else None.

    >>> same_title("Lavrov: West wants to destroy Russia", "LAVROV – West wants to destroy Russia")
    100.0
    >>> same_title("Five killed in strike on Idlib", "Six killed in strike on Idlib") is None
    True
    """
    na, nb = normalize_name(a), normalize_name(b)
    if not na or not nb:
        return None
    score = float(fuzz.ratio(na, nb))
    if score < TITLE_THRESHOLD:
        return None
    wa, wb = na.split(), nb.split()
    if not (_words_pair_up(wa, wb) and _words_pair_up(wb, wa)):
        return None
    return round(score, 1)


def _compatible(stub: Node, real: Node) -> bool:
    if stub.outlet and not stub.outlet.startswith("outlet:unknown") and stub.outlet != real.outlet:
        return False
    return not (stub.language and real.language and stub.language != real.language)


def _stubs_compatible(a: Node, b: Node) -> bool:
    if a.outlet and b.outlet and a.outlet != b.outlet:
        return False
    return not (a.language and b.language and a.language != b.language)


def _candidates(
    stub: Node,
    pool: dict[str, str],
    nodes: Callable[[list[str]], dict[str, Node]],
    compatible: Callable[[Node, Node], bool] = _compatible,
) -> list[tuple[str, float]]:
    hits = process.extract(
        normalize_name(stub.title or ""),
        pool,
        scorer=fuzz.ratio,
        score_cutoff=TITLE_THRESHOLD,
        limit=5,
    )
    found = nodes([key for _title, _score, key in hits if key != stub.key])
    out = []
    for _title, _score, key in hits:
        other = found.get(key)
        if other is None or not compatible(stub, other):
            continue
        score = same_title(stub.title or "", other.title or "")
        if score is not None:
            out.append((key, score))
    return out


def find_merges(store: Store) -> list[Merge]:
    """Return how to fold every title-only stub into the one article with the same
    title, in the order to apply them (``Store.merge_stubs``); nothing is written.

    A stub with a URL is never folded: its key is the URL, so the real article lands
    on the same node by itself. Ambiguous titles (two articles share it) are left
    alone rather than guessed. Stubs left over are then folded into an identical
    stub cited elsewhere (same outlet or none, same title).

    Only the stubs and the real articles' titles are held, not every article: this
    runs after each ingest, and a store of a million articles read whole took gigabytes.
    """
    stubs: list[Node] = []
    titles: dict[str, str] = {}
    for a in store.iter_nodes(NodeKind.ARTICLE):
        if a.stub:
            if not a.url and a.title:
                stubs.append(a)
        elif a.title:
            titles[a.key] = normalize_name(a.title)
    if not stubs:
        return []
    merges: list[Merge] = []
    left: list[Node] = []
    for stub in stubs:
        candidates = _candidates(stub, titles, store.get_nodes)
        if len(candidates) != 1:
            left.append(stub)
            continue
        key, score = candidates[0]
        merges.append(Merge(stub.key, key, score))
    # Stub meets stub: keep the one with a known outlet, else the first by key.
    left.sort(key=lambda n: (n.outlet is None, n.key))
    by_key = {n.key: n for n in left}
    gone: set[str] = set()
    for i, stub in enumerate(left):
        if stub.key in gone:
            continue
        pool = {o.key: normalize_name(o.title or "") for o in left[i + 1 :] if o.key not in gone}
        if not pool:
            continue
        pairs = _candidates(stub, pool, lambda ks: {k: by_key[k] for k in ks}, _stubs_compatible)
        for key, score in pairs:
            merges.append(Merge(key, stub.key, score))
            gone.add(key)
    return merges
