"""Forwarded Telegram posts meet the posts they forward.

A forward names the original channel (by name, sometimes by id) but not the original
post, so ingest stores it as ``forward -REPUBLISHES-> stub`` where the stub is keyed by
that channel and the post's first line and carries the text's fingerprint
(loaders/inputs/telegram.py). After each ingest, :func:`resolve_forwards` folds:

1. a channel known only from forwards (a stub outlet) into the channel ingested from
   its own export, found by its ``t.me/c/<id>`` domain, else by its one name; its stub
   posts are re-keyed under the real channel first;
2. each stub post into the channel's one post with the same fingerprint (the same
   text), else the one post with the same title (loaders.resolve.same_title), since a
   post edited after it was forwarded keeps its first line more often than its text.

Anything ambiguous (two channels of one name, two posts of one text) is left as it is:
a missed merge leaves a stub, a wrong one would join two stories.
"""

from __future__ import annotations

from graph.keys import article_key, normalize_name
from graph.models import Node
from graph.schema import EdgeKind, NodeKind, OutletKind
from graph.store.base import Store
from loaders.resolve import Merge, same_title

__all__ = ["resolve_forwards"]


def _is_channel(node: Node) -> bool:
    return node.outlet_kind is OutletKind.SOCIAL_CHANNEL and any(
        d.startswith("t.me/") for d in node.domains
    )


def resolve_forwards(store: Store) -> list[Merge]:
    """Fold forward stubs into the channels and posts they stand for; return the merges."""
    outlets = list(store.iter_nodes(NodeKind.OUTLET))
    channels = [o for o in outlets if not o.stub and _is_channel(o)]
    stubs = [o for o in outlets if o.stub and o.outlet_kind is OutletKind.SOCIAL_CHANNEL]
    if not channels:
        return []
    by_domain: dict[str, set[str]] = {}
    by_name: dict[str, set[str]] = {}
    for channel in channels:
        for domain in channel.domains:
            by_domain.setdefault(domain, set()).add(channel.key)
        for name in (channel.name, *channel.aliases):
            by_name.setdefault(normalize_name(name), set()).add(channel.key)
    merges: list[Merge] = []
    for stub in stubs:
        found: set[str] = set()
        for domain in stub.domains:
            found |= by_domain.get(domain, set())
        if not found:
            for name in (stub.name, *stub.aliases):
                found |= by_name.get(normalize_name(name), set())
        if len(found) == 1:
            merges.extend(_fold_channel(store, stub, found.pop()))
    for channel in channels:
        merges.extend(_fold_posts(store, channel.key))
    return merges


def _published(store: Store, outlet: str) -> list[str]:
    # edges_touching, not adjacent_keys: right after an ingest the embedded store's
    # graph view is stale, and rebuilding it whole for one channel costs the corpus.
    edges = store.edges_touching([outlet], types=[EdgeKind.PUBLISHED_BY], incoming=True)
    return sorted({e.source for e in edges})


def _fold_channel(store: Store, stub: Node, real: str) -> list[Merge]:
    """Move a stub channel's stub posts under ``real``, then fold the channel itself."""
    merges = []
    posts = store.get_nodes(_published(store, stub.key))
    for post in sorted(posts.values(), key=lambda n: n.key):
        if not post.stub or not post.title:
            continue
        key = article_key(outlet=real, title=post.title)
        store.upsert([post.model_copy(update={"key": key, "outlet": real})], [])
        store.merge_into(post.key, key)
        merges.append(Merge(post.key, key, 100.0))
    store.merge_into(stub.key, real)
    merges.append(Merge(stub.key, real, 100.0))
    return merges


def _fold_posts(store: Store, channel: str) -> list[Merge]:
    """Fold the channel's forward stubs into its posts with the same text, else title."""
    posts = store.get_nodes(_published(store, channel))
    stubs = [p for p in posts.values() if p.stub and p.fingerprint and not p.url]
    if not stubs:
        return []
    real = [p for p in posts.values() if not p.stub]
    by_text: dict[str, list[str]] = {}
    for post in real:
        if post.fingerprint:
            by_text.setdefault(post.fingerprint, []).append(post.key)
    merges = []
    for stub in sorted(stubs, key=lambda n: n.key):
        same = by_text.get(stub.fingerprint or "", [])
        score = 100.0
        if len(same) != 1:
            titled = [
                (p.key, s)
                for p in real
                if (s := same_title(stub.title or "", p.title or "")) is not None
            ]
            if len(titled) != 1:
                continue
            same, score = [titled[0][0]], titled[0][1]
        store.merge_into(stub.key, same[0])
        merges.append(Merge(stub.key, same[0], score))
    return merges
