"""Operators: the outlets that share infrastructure with an outlet, and the evidence.

Content flow says who copies whom; shared identifiers say who runs what. This query
reads an outlet's SHARES_INFRASTRUCTURE edges (undirected: stored once, read from both
ends) and its own USES edges, and returns, per outlet it shares with, the tier of the
link (the strongest identifier's), each shared identifier and every sighting kept as
evidence: the page (or the published list's row) where each side carries it.
"""

from __future__ import annotations

from collections import defaultdict

from graph.errors import NotFound
from graph.keys import infrastructure_key, parse_infrastructure_key
from graph.models import Edge, Evidence
from graph.results import (
    IdentifierOut,
    OperatorOut,
    OperatorsOut,
    OutletRef,
    SharedLinkOut,
    SharedLinksOut,
    SightingOut,
    WireNode,
)
from graph.schema import (
    INFRASTRUCTURE_KINDS,
    EdgeKind,
    InfrastructureKind,
    InfrastructureTier,
    NodeKind,
    ReviewStatus,
)
from graph.store.base import Store

__all__ = [
    "edge_tier",
    "operators",
    "shared_links",
]


def edge_tier(edge: Edge) -> InfrastructureTier | None:
    """The tier of a SHARES_INFRASTRUCTURE edge: its strongest identifier's."""
    tiers = [e.infrastructure.tier for e in edge.evidence if e.infrastructure is not None]
    return min(tiers, key=lambda t: t.rank) if tiers else None


def _sighting(ev: Evidence) -> SightingOut:
    detail = ev.infrastructure
    assert detail is not None
    return SightingOut(
        outlet=detail.outlet or "",
        page=detail.page,
        url=detail.url,
        document=ev.document,
        document_uri=ev.document_uri,
        text=ev.text,
        start=ev.start,
        end=ev.end,
        method=ev.method,
        source=detail.source,
    )


def _identifiers(evidence: list[Evidence]) -> list[IdentifierOut]:
    grouped: dict[tuple[InfrastructureKind, str], list[Evidence]] = defaultdict(list)
    for ev in evidence:
        if ev.infrastructure is not None:
            grouped[(ev.infrastructure.kind, ev.infrastructure.identifier)].append(ev)
    out = []
    for (kind, value), found in grouped.items():
        spec = INFRASTRUCTURE_KINDS[kind]
        seen = sorted(
            {_sighting(ev).model_dump_json(): _sighting(ev) for ev in found}.values(),
            key=lambda s: (s.outlet, s.page or "", s.document, s.start),
        )
        out.append(
            IdentifierOut(
                key=infrastructure_key(kind.value, value),
                kind=kind,
                label=spec.label,
                identifier=value,
                tier=spec.tier,
                seen=seen,
            )
        )
    return sorted(out, key=lambda i: (i.tier.rank, i.kind.value, i.identifier))


def operators(
    store: Store, ref: str, *, min_tier: InfrastructureTier | None = None
) -> OperatorsOut:
    """Return the outlets sharing infrastructure with the outlet ``ref``, with evidence.

    ``min_tier`` keeps only links at least that strong (``conclusive`` keeps the
    conclusive ones). Rejected edges are left out, as in every query. Operators come
    strongest tier first, then by how many identifiers they share, then by name.

    Raises :class:`~graph.errors.NotFound` (with suggestions) when ``ref`` names no
    outlet.
    """
    try:
        found = store.resolve(ref)
    except NotFound:
        found = []
    outlet = next((n for n in found if n.kind is NodeKind.OUTLET), None)
    if outlet is None:
        raise NotFound(f"no outlet matches {ref!r}", suggestions=store.suggest(ref))
    kinds = [EdgeKind.SHARES_INFRASTRUCTURE]
    shared = store.edges_touching([outlet.key], types=kinds, incoming=False)
    shared += store.edges_touching([outlet.key], types=kinds, incoming=True)
    shared = [e for e in shared if e.review is not ReviewStatus.REJECTED]
    others = store.get_nodes({e.target if e.source == outlet.key else e.source for e in shared})
    result = []
    for edge in shared:
        tier = edge_tier(edge)
        other = edge.target if edge.source == outlet.key else edge.source
        if tier is None or other not in others:
            continue
        if min_tier is not None and tier.rank > min_tier.rank:
            continue
        result.append(
            OperatorOut(
                outlet=OutletRef.of(others[other]),
                tier=tier,
                edge=edge.id,
                review=edge.review,
                identifiers=_identifiers(edge.evidence),
            )
        )
    result.sort(
        key=lambda o: (o.tier.rank, -len(o.identifiers), o.outlet.name.lower(), o.outlet.key)
    )
    uses = store.edges_touching([outlet.key], types=[EdgeKind.USES], incoming=False)
    own = _identifiers(
        [ev for e in uses if parse_infrastructure_key(e.target) for ev in e.evidence]
    )
    return OperatorsOut(outlet=OutletRef.of(outlet), identifiers=own, operators=result)


def shared_links(store: Store, outlets: list[str] | None = None) -> SharedLinksOut:
    """Return SHARES_INFRASTRUCTURE edges drawn the way the outlet graph draws flows.

    Every edge of the store, or those touching ``outlets``, with the outlets at their
    ends; an edge's ``count`` is how many identifiers the pair shares, its
    ``evidence`` the first sighting of each. Views add them to the outlet graph when
    asked (they are off by default).
    """
    kinds = [EdgeKind.SHARES_INFRASTRUCTURE]
    if outlets is None:
        found = list(store.iter_edges(kinds))
    else:
        found = store.edges_touching(outlets, types=kinds, incoming=False)
        found += store.edges_touching(outlets, types=kinds, incoming=True)
    edges = []
    seen: set[str] = set()
    for edge in sorted(found, key=lambda e: e.id):
        tier = edge_tier(edge)
        if edge.id in seen or tier is None or edge.review is ReviewStatus.REJECTED:
            continue
        seen.add(edge.id)
        identifiers = _identifiers(edge.evidence)
        firsts: dict[tuple[InfrastructureKind, str], Evidence] = {}
        for ev in edge.evidence:
            if ev.infrastructure is not None:
                firsts.setdefault((ev.infrastructure.kind, ev.infrastructure.identifier), ev)
        edges.append(
            # Validated from its JSON shape, as the outlet graph's edges are ("from" is
            # an alias); the evidence from its full dump, so each sighting is written
            # whole.
            SharedLinkOut.model_validate(
                {
                    "from": edge.source,
                    "to": edge.target,
                    "edge": edge.id,
                    "type": EdgeKind.SHARES_INFRASTRUCTURE,
                    "count": len(identifiers),
                    "types": {EdgeKind.SHARES_INFRASTRUCTURE.wire: len(identifiers)},
                    "tier": tier,
                    "confidence": tier.confidence,
                    "identifiers": [f"{i.label}: {i.identifier}" for i in identifiers],
                    "evidence": [ev.model_dump(mode="json") for ev in firsts.values()],
                }
            )
        )
    nodes = store.get_nodes({end for e in edges for end in (e.from_, e.to)})
    return SharedLinksOut(
        outlets=[WireNode.model_validate(nodes[k].to_json()) for k in sorted(nodes)],
        edges=edges,
    )
