"""Corpus-level resolution: stub articles meet the real articles they stand for.

A stub is an article known only from a citation ("source : <title>"). When the
article itself is in the store, the stub is folded into it, so the chain runs through
one node instead of two.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.keys import normalize_name
from graph.models import Node
from graph.schema import NodeKind
from graph.store.base import Store

__all__ = ["Merge", "resolve_stubs"]

# Titles this similar (0-100, on normalised text) are the same article's title.
TITLE_THRESHOLD = 92.0


@dataclass(frozen=True)
class Merge:
    stub: str
    into: str
    score: float


def _compatible(stub: Node, real: Node) -> bool:
    if stub.outlet and not stub.outlet.startswith("outlet:unknown") and stub.outlet != real.outlet:
        return False
    return not (stub.language and real.language and stub.language != real.language)


def resolve_stubs(store: Store) -> list[Merge]:
    """Fold every title-only stub into the one real article with the same title.

    A stub with a URL is never folded: its key is the URL, so the real article
    lands on the same node by itself. Ambiguous titles (two real articles share
    it) are left alone rather than guessed.
    """
    articles = list(store.iter_nodes(NodeKind.ARTICLE))
    real = [a for a in articles if not a.stub and a.title]
    titles = {a.key: normalize_name(a.title or "") for a in real}
    by_key = {a.key: a for a in real}
    merges: list[Merge] = []
    for stub in articles:
        if not stub.stub or stub.url or not stub.title:
            continue
        wanted = normalize_name(stub.title)
        hits = process.extract(
            wanted, titles, scorer=fuzz.ratio, score_cutoff=TITLE_THRESHOLD, limit=5
        )
        candidates = [(key, score) for _title, score, key in hits if _compatible(stub, by_key[key])]
        if len(candidates) != 1:
            continue
        key, score = candidates[0]
        store.merge_into(stub.key, key)
        merges.append(Merge(stub.key, key, round(float(score), 1)))
    return merges
