"""Look-ups: search and autocomplete across outlets, articles and actors, an outlet's
profile, and an article with every edge and its evidence."""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.errors import NotFound
from graph.keys import normalize_name
from graph.models import Edge, Node
from graph.queries.flow import node_json
from graph.results import ArticleOut, CompletionOut, NodeOut, OutletProfileOut, Page
from graph.schema import FLOW_EDGES, EdgeKind, NodeKind, OutletKind
from graph.store.base import NodeFilter, Store

__all__ = [
    "MAX_MATCHES",
    "article_detail",
    "autocomplete",
    "find_article",
    "list_nodes",
    "outlet_of",
    "outlet_profile",
    "outlets",
    "search",
]

# Matches a search ranks before paging; a broader query should be narrowed, not paged.
MAX_MATCHES = 1000
_KIND_ORDER = {
    NodeKind.OUTLET: 0,
    NodeKind.PERSON: 1,
    NodeKind.ORGANIZATION: 1,
    NodeKind.AUTHOR: 2,
    NodeKind.ARTICLE: 3,
}


def _rank(node: Node, wanted: str) -> tuple[int, int, int, str]:
    """Exact names first, then prefixes, then containment; outlets before actors
    before articles; shorter names first."""
    names = {normalize_name(x) for x in (node.name, node.title or "", *node.aliases)}
    match = 0 if wanted in names else 1 if any(n.startswith(wanted) for n in names) else 2
    return (match, _KIND_ORDER.get(node.kind, 9), len(node.name), node.key)


def search(
    store: Store,
    q: str,
    *,
    kinds: tuple[NodeKind, ...] = (),
    limit: int = 20,
    offset: int = 0,
) -> Page[NodeOut]:
    """Return a page of the nodes whose name, alias or title contains ``q``
    (accents and case ignored), best matches first, paged by ``limit`` / ``offset``.

    ``count`` is the number of matches (at most :data:`MAX_MATCHES`).
    """
    wanted = normalize_name(q)
    if not wanted:
        # Only punctuation or symbols: no name can contain it. An empty answer, as for
        # any text that matches nothing (a 422 here was a request the API's own
        # schema calls valid).
        return Page[NodeOut](data=[], count=0)
    found = store.get_nodes(store.search_names(wanted, limit=MAX_MATCHES))
    nodes = sorted(
        (n for n in found.values() if not kinds or n.kind in kinds),
        key=lambda n: _rank(n, wanted),
    )
    page = nodes[offset : offset + limit]
    outlets = store.get_nodes({n.outlet for n in page if n.outlet})
    return Page[NodeOut].model_validate(
        {"data": [node_json(n, outlets) for n in page], "count": len(nodes)}
    )


def list_nodes(
    store: Store,
    kind: NodeKind,
    *,
    outlet: str | None = None,
    stub: bool | None = None,
    outlet_kind: OutletKind | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page[NodeOut]:
    """Return a page (by key) of the nodes of ``kind`` that match every filter given;
    ``count`` is how many match in all."""
    where = NodeFilter(outlet=outlet, stub=stub, outlet_kind=outlet_kind)
    nodes, count = store.page_nodes(kind, where, limit=limit, offset=offset)
    outlets = store.get_nodes({n.outlet for n in nodes if n.outlet})
    return Page[NodeOut].model_validate(
        {"data": [node_json(n, outlets) for n in nodes], "count": count}
    )


def autocomplete(store: Store, prefix: str, *, limit: int = 10) -> list[CompletionOut]:
    """Return up to ``limit`` ``{key, kind, name, match}`` whose name, alias or title
    starts with ``prefix``; outlets and actors before articles."""
    wanted = normalize_name(prefix)
    if not wanted:
        return []
    pairs = store.complete_names(wanted, limit=limit * 5)
    matched: dict[str, str] = {}
    for name, key in pairs:
        matched.setdefault(key, name)
    found = store.get_nodes(matched)
    best = sorted(
        found.values(),
        key=lambda n: (_KIND_ORDER.get(n.kind, 9), len(matched[n.key]), matched[n.key], n.key),
    )
    return [
        CompletionOut(key=n.key, kind=n.kind, name=n.name, match=matched[n.key])
        for n in best[:limit]
    ]


def outlet_profile(store: Store, ref: str, *, limit: int = 50, offset: int = 0) -> OutletProfileOut:
    """Return an outlet (by name, alias, domain or key) with its article count, languages,
    the outlets it takes content from and gives content to, and a page of its articles.

    Raises :class:`~graph.errors.NotFound` with close-match suggestions when ``ref``
    names no outlet.
    """
    outlet = next((n for n in _resolve(store, ref) if n.kind is NodeKind.OUTLET), None)
    if outlet is None:
        raise NotFound(f"no outlet matches {ref!r}", suggestions=store.suggest(ref))
    published = store.edges_touching([outlet.key], types=[EdgeKind.PUBLISHED_BY], incoming=True)
    article_keys = sorted({e.source for e in published})
    articles = store.get_nodes(article_keys)
    # One hop each way along the flow edges: who this outlet copies, who copies it.
    taken = store.edges_touching(article_keys, types=FLOW_EDGES, incoming=False)
    given = store.edges_touching([*article_keys, outlet.key], types=FLOW_EDGES, incoming=True)
    others = store.get_nodes({e.target for e in taken} | {e.source for e in given})
    own = set(article_keys) | {outlet.key}
    sources = _outlet_counts((e.target for e in taken if e.target not in own), others)
    amplifiers = _outlet_counts((e.source for e in given if e.source not in own), others)
    names = store.get_nodes(sources.keys() | amplifiers.keys())
    page = [articles[k] for k in article_keys[offset : offset + limit] if k in articles]
    return OutletProfileOut.model_validate(
        outlet.to_json()
        | {
            "article_count": len(article_keys),
            "stub_articles": sum(1 for a in articles.values() if a.stub),
            "article_languages": dict(
                sorted(Counter(a.language for a in articles.values() if a.language).items())
            ),
            "upstream_outlets": _counted(sources, names),
            "downstream_outlets": _counted(amplifiers, names),
            "articles": [node_json(a, {outlet.key: outlet}) for a in page],
        }
    )


def outlets(store: Store) -> list[NodeOut]:
    """Every outlet, by name (case ignored): outlets are the few nodes, not the many."""
    found = sorted(store.iter_nodes(NodeKind.OUTLET), key=lambda n: n.name.lower())
    return [NodeOut.model_validate(n.to_json()) for n in found]


def outlet_of(store: Store, ref: str) -> NodeOut:
    """Return the outlet ``ref`` means: an outlet's name, alias, domain or key, or an
    article (its publisher). Raises :class:`~graph.errors.NotFound` otherwise."""
    for node in store.resolve(ref):
        key = node.key if node.kind is NodeKind.OUTLET else node.outlet
        outlet = store.get_node(key) if key else None
        if outlet is not None:
            return NodeOut.model_validate(outlet.to_json())
    raise NotFound(f"{ref!r} names no outlet")


def _resolve(store: Store, ref: str) -> list[Node]:
    try:
        return store.resolve(ref)
    except NotFound:
        return []


def _outlet_counts(keys: Any, nodes: dict[str, Node]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for key in keys:
        node = nodes.get(key)
        if node is None:
            continue
        outlet = node.key if node.kind is NodeKind.OUTLET else node.outlet
        if outlet:
            counts[outlet] += 1
    return counts


def _counted(counts: Counter[str], names: dict[str, Node]) -> list[dict[str, Any]]:
    return [
        {"key": k, "name": names[k].name if k in names else k, "edges": n}
        for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def find_article(store: Store, ref: str) -> Node:
    """Return the article ``ref`` names: its key, its URL, or what
    :meth:`Store.resolve` takes (a title). Raises NotFound when no article matches."""
    node = store.get_node(ref)
    if node is None or node.kind is not NodeKind.ARTICLE:
        node = next((n for n in _resolve(store, ref) if n.kind is NodeKind.ARTICLE), None)
    if node is None:
        raise NotFound(f"no article with key or URL {ref!r}")
    return node


def article_detail(store: Store, key: str) -> ArticleOut:
    """Return an article (by key or URL) with its outgoing and incoming edges, each with
    all its evidence and a summary of the node at its other end."""
    node = find_article(store, key)
    kinds = list(EdgeKind)
    outgoing = store.edges_touching([node.key], types=kinds, incoming=False)
    incoming = store.edges_touching([node.key], types=kinds, incoming=True)
    ends = store.get_nodes({e.target for e in outgoing} | {e.source for e in incoming})
    outlets = store.get_nodes({n.outlet for n in (node, *ends.values()) if n.outlet})

    def with_end(edge: Edge, other: str) -> dict[str, Any]:
        end = ends.get(other)
        return edge.to_json() | {"node": node_json(end, outlets) if end else {"key": other}}

    doc_ids = {ev.document for e in (*outgoing, *incoming) for ev in e.evidence}
    records = store.documents(doc_ids)
    documents = [
        {"id": d, "uri": records[d].uri, "capture": records[d].capture}
        for d in sorted(doc_ids)
        if d in records
    ]
    return ArticleOut.model_validate(
        node_json(node, outlets)
        | {
            "edges_out": [with_end(e, e.target) for e in outgoing],
            "edges_in": [with_end(e, e.source) for e in incoming],
            "documents": documents,
        }
    )
