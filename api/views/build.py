"""View builders: query results in, a :class:`~api.views.model.View` with positions out."""

from __future__ import annotations

from collections import defaultdict

from api.views import layout
from api.views.model import LABELS_AT_FIT, Record, View, label_box, record
from graph.results import (
    AmplificationOut,
    HopOut,
    NodeOut,
    OutletGraphOut,
    PathsOut,
    SharedLinksOut,
)
from graph.schema import EDGE_SPECS, EdgeKind, NodeKind, OutletKind

__all__ = ["AGGREGATE_ABOVE", "article", "cascade", "neighbourhood", "overview", "path"]

# A cascade with more articles than this is drawn as outlets (one node per outlet).
AGGREGATE_ABOVE = 1500


def path(result: PathsOut) -> View:
    """The paths of a ``find_paths`` result, origin on the left."""
    nodes: dict[str, Record] = {}
    edges: dict[tuple[str, str], Record] = {}
    depth: dict[str, int] = {}
    for p in result.paths:
        for i, node in enumerate(p.nodes):
            nodes.setdefault(node.key, record(node))
            depth[node.key] = min(depth.get(node.key, i), i)
        for hop in p.hops:
            edges[(hop.from_, hop.to)] = record(hop)
    for key, d in depth.items():
        nodes[key] = nodes[key] | {"depth": d}
    view = View(
        kind="path",
        title=f"{result.origin.name} ⇒ {result.destination.name}",
        subtitle=f"{len(result.paths)} path(s), origin on the left",
        nodes=nodes,
        edges=list(edges.values()),
    )
    if not result.paths:
        view.notes.append("No path found with these options.")
    view.positions = layout.layered(layout.longest_path(depth, edges), edges)
    return view


def article(focus: NodeOut, nodes: list[NodeOut], hops: list[HopOut]) -> View:
    """One article between where its content came from (left) and where it went
    (right): ``hops`` in flow order, each touching ``focus``."""
    records = {n.key: record(n) for n in nodes}
    edges = {(h.from_, h.to): record(h) for h in hops}
    column = {focus.key: 1}
    for up, down in edges:
        column.setdefault(up, 0)
        column.setdefault(down, 2)
    for key, c in column.items():
        if key in records:
            records[key] = records[key] | {"depth": abs(c - 1)}
    view = View(
        kind="article",
        title=focus.title or focus.name,
        subtitle="sources on the left, the articles that took from it on the right",
        nodes={k: r for k, r in records.items() if k in column},
        edges=list(edges.values()),
    )
    view.positions = layout.layered(column, edges)
    return view


def cascade(
    result: AmplificationOut,
    *,
    by: str = "depth",
    since: str | None = None,
    until: str | None = None,
    aggregate_above: int = AGGREGATE_ABOVE,
) -> View:
    """An amplification cascade, laid out by hop depth or by publication time.

    ``result`` is an amplification result with its ``start_nodes`` (asked for with
    ``AmplificationOptions(start_nodes=True)``). ``since``/``until`` (ISO dates) keep
    the articles published in that window; undated ones stay. Above
    ``aggregate_above`` articles the cascade is drawn per outlet.
    """
    nodes: dict[str, Record] = {}
    for n in [*(result.start_nodes or []), *result.articles]:
        nodes.setdefault(n.key, record(n))
    if result.source.key in {e.from_ for e in result.edges}:
        nodes.setdefault(result.source.key, record(result.source) | {"depth": 0})

    def dated_in(n: Record) -> bool:
        day = str(n.get("published") or "")[:10]
        return not day or n.get("depth") == 0 or ((since or "") <= day <= (until or "9999"))

    nodes = {k: n for k, n in nodes.items() if dated_in(n)}
    edges = [record(e) for e in result.edges if e.from_ in nodes and e.to in nodes]
    notes = []
    if since or until:
        notes.append(f"Published between {since or 'the start'} and {until or 'now'}.")
    if len(nodes) > aggregate_above:
        nodes, edges = _aggregate(nodes, edges)
        notes.append(f"{result.size} articles drawn as {len(nodes)} outlets.")
    view = View(
        kind="cascade",
        title=f"Amplification of {result.source.name}",
        subtitle=f"{result.size} articles downstream, depth {result.depth}, "
        f"laid out by {'publication day' if by == 'time' else 'hops'}",
        nodes=nodes,
        edges=edges,
        time_filter=any(n.get("published") for n in nodes.values()),
        dated_labels=by == "time",
        notes=notes,
    )
    pairs = [(e["from"], e["to"]) for e in edges]
    chain = layout.longest_path(nodes, pairs)
    columns = _time_columns(nodes, chain) if by == "time" else chain
    view.positions = layout.layered(columns, pairs)
    return view


def _time_columns(nodes: dict[str, Record], chain: dict[str, int]) -> dict[str, float]:
    """Columns in day order (undated nodes first); within a day, by position in the chain.

    A day with a copy of a copy gets two columns, so edges within a day still point
    right instead of running vertically through labels.
    """
    days = sorted({str(n.get("published"))[:10] for n in nodes.values() if n.get("published")})
    column = {d: i + 1 for i, d in enumerate(days)}
    return {
        k: column.get(str(n.get("published") or "")[:10], 0) + min(chain.get(k, 0), 999) / 1000
        for k, n in nodes.items()
    }


def _aggregate(
    nodes: dict[str, Record], edges: list[Record]
) -> tuple[dict[str, Record], list[Record]]:
    """Collapse articles into their outlets; edges count the article hops they carry."""
    owner = {k: n.get("outlet_key") or n.get("outlet") or k for k, n in nodes.items()}
    outlets: dict[str, Record] = {}
    for k, n in nodes.items():
        o = owner[k]
        entry = outlets.setdefault(
            o,
            {
                "key": o,
                "kind": NodeKind.OUTLET.value,
                "name": n.get("outlet") or o,
                "outlet_kind": n.get("outlet_kind", OutletKind.UNKNOWN.value),
                "depth": n.get("depth", 0),
                "articles": 0,
            },
        )
        entry["articles"] += 1
        entry["depth"] = min(entry["depth"], n.get("depth", 0))
    return outlets, _merge_edges(
        [e | {"from": owner[e["from"]], "to": owner[e["to"]]} for e in edges]
    )


def _merge_edges(edges: list[Record]) -> list[Record]:
    """One edge per outlet pair, typed by the relation that carries the most content."""
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for e in edges:
        if e["from"] != e["to"]:
            groups[(e["from"], e["to"])].append(e)
    merged = []
    for (a, b), group in sorted(groups.items()):
        counts: dict[str, int] = defaultdict(int)
        for e in group:
            counts[e["type"]] += 1
        merged.append(_aggregate_edge(a, b, dict(counts), group[:3]))
    return merged


def _aggregate_edge(a: str, b: str, types: dict[str, int], samples: list[Record]) -> Record:
    dominant = max(types, key=lambda t: (EDGE_SPECS[EdgeKind.parse(t)].flow_weight, types[t]))
    return {
        "from": a,
        "to": b,
        "type": dominant,
        "count": sum(types.values()),
        "types": types,
        "confidence": max((float(s.get("confidence") or 0) for s in samples), default=None),
        "evidence": [ev for s in samples for ev in s.get("evidence", [])[:1]],
    }


def _outlet_record(outlet: NodeOut) -> Record:
    return record(outlet) | {"outlet_kind": outlet.outlet_kind or OutletKind.UNKNOWN.value}


def _outlet_nodes(result: OutletGraphOut) -> dict[str, Record]:
    return {o.key: _outlet_record(o) for o in result.outlets}


def _outlet_edges(result: OutletGraphOut) -> list[Record]:
    return [_aggregate_edge(e.from_, e.to, e.types, []) for e in result.edges]


def _with_shared(
    nodes: dict[str, Record],
    edges: list[Record],
    shared: SharedLinksOut | None,
    keep: set[str] | None = None,
) -> list[Record]:
    """Add the shared-infrastructure links (``shared_links``) to an outlet drawing.

    Their outlets are added as nodes (all of them, or those in ``keep``); the links
    keep their own type, so they are drawn in their own style, without arrowheads.
    """
    if shared is None:
        return edges
    for o in shared.outlets:
        if keep is None or o.key in keep:
            nodes.setdefault(o.key, _outlet_record(o))
    return edges + [record(e) for e in shared.edges if e.from_ in nodes and e.to in nodes]


def overview(
    result: OutletGraphOut,
    *,
    types: set[str] | None = None,
    shared: SharedLinksOut | None = None,
) -> View:
    """The outlet graph (``outlet_graph`` result), force-directed with igraph.

    ``shared`` (graph.queries.infrastructure.shared_links) adds the outlets that share
    infrastructure, linked in their own dotted style.
    """
    nodes = _outlet_nodes(result)
    edges = [e for e in _outlet_edges(result) if not types or set(e["types"]) & types]
    edges = _with_shared(nodes, edges, shared)
    flows = sum(1 for e in edges if e["type"] != "shares_infrastructure")
    subtitle = f"{len(nodes)} outlets, {flows} flows; arrows point where content went"
    if shared is not None:
        subtitle += f"; {len(edges) - flows} shared-infrastructure links (dotted)"
    view = View(
        kind="overview",
        title="Outlet graph",
        subtitle=subtitle,
        nodes=nodes,
        edges=edges,
    )
    positions = layout.force(sorted(nodes), [(e["from"], e["to"]) for e in edges], spacing=200)
    if len(nodes) <= LABELS_AT_FIT:
        positions = layout.remove_overlaps(
            positions, {k: label_box(n, small=True) for k, n in nodes.items()}
        )
    view.positions = positions
    return view


def neighbourhood(
    result: OutletGraphOut,
    key: str,
    *,
    hops: int = 1,
    outlet: NodeOut | None = None,
    shared: SharedLinksOut | None = None,
) -> View:
    """An outlet with the outlets it takes from (left) and feeds (right).

    ``outlet`` (the outlet's wire shape) lets an outlet with no flow yet be drawn alone.
    ``shared`` (graph.queries.infrastructure.shared_links for this outlet) adds the
    outlets sharing its infrastructure, in its own column, linked in a dotted style.
    """
    nodes = _outlet_nodes(result)
    if key not in nodes and outlet:
        nodes[key] = _outlet_record(outlet)
    edges = _outlet_edges(result)
    ups: dict[str, list[str]] = defaultdict(list)
    downs: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        downs[e["from"]].append(e["to"])
        ups[e["to"]].append(e["from"])
    column = {key: 0}
    for sign, links in ((-1, ups), (1, downs)):
        frontier = [key]
        for step in range(1, hops + 1):
            nxt = [n for f in frontier for n in links[f] if n not in column]
            for n in nxt:
                column[n] = sign * step
            frontier = nxt
    name = nodes[key]["name"] if key in nodes else key
    kept = {k: nodes[k] | {"depth": abs(c)} for k, c in column.items() if k in nodes}
    kept_edges = [e for e in edges if e["from"] in kept and e["to"] in kept]
    if shared is not None:
        partners = {e.to if e.from_ == key else e.from_ for e in shared.edges}
        for k in sorted(partners - set(column)):
            column[k] = 0  # beside the outlet: neither a source nor a reader of it
        kept_edges = _with_shared(kept, kept_edges, shared, keep=partners | {key})
        for k in partners:
            if k in kept:
                kept[k] = kept[k] | {"depth": 0}
    view = View(
        kind="outlet",
        title=f"Neighbourhood of {name}",
        subtitle="sources on the left, outlets it feeds on the right"
        + ("; shared infrastructure dotted, in its column" if shared is not None else ""),
        nodes=kept,
        edges=kept_edges,
    )
    if len(kept) <= 1:
        view.notes.append("No flow to or from this outlet yet.")
    view.positions = layout.layered(
        {k: float(c) for k, c in column.items() if k in kept},
        [(e["from"], e["to"]) for e in view.edges],
    )
    return view
