"""HTTP routes: thin handlers over graph.queries and loaders."""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field

from api.views import amplification_view, outlet_graph_view, path_view
from graph.errors import BadInput, Forbidden, NotFound, Unauthorized
from graph.export import export
from graph.keys import normalize_name
from graph.models import Node
from graph.queries import (
    AmplificationOptions,
    PathOptions,
    amplification,
    find_paths,
    outlet_graph,
)
from graph.queries.cascade import node_json
from graph.schema import FLOW_EDGES, EdgeKind, NodeKind, OutletKind, ReviewStatus
from graph.store import Store
from loaders.ingest import ingest
from loaders.registry import Registry

__all__ = ["router"]

router = APIRouter()


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


StoreDep = Annotated[Store, Depends(_store)]
RegistryDep = Annotated[Registry, Depends(_registry)]


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Write endpoints need ``Authorization: Bearer <CITEGRAPH_TOKEN>``."""
    expected = request.app.state.settings.token
    if not expected:
        raise Forbidden("writes are disabled: start the server with CITEGRAPH_TOKEN set")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("a valid bearer token is required")


class Page(BaseModel):
    data: list[dict[str, Any]]
    count: int


TypeParam = Annotated[list[EdgeKind] | None, Query(alias="type", description="Relation types")]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


def _types(values: list[EdgeKind] | None) -> tuple[EdgeKind, ...]:
    return tuple(values) if values else FLOW_EDGES


@router.get("/health")
def health(store: StoreDep) -> dict[str, Any]:
    """Liveness plus the store's backend and size."""
    counts = store.counts()
    return {
        "status": "ok",
        "store": type(store).__name__,
        "nodes": counts.total_nodes,
        "edges": counts.total_edges,
    }


def _outlets_by_key(store: Store, nodes: list[Node]) -> dict[str, Node]:
    return store.get_nodes({n.outlet for n in nodes if n.outlet})


def _page(store: Store, nodes: list[Node], limit: int, offset: int) -> Page:
    chunk = nodes[offset : offset + limit]
    outlets = _outlets_by_key(store, chunk)
    return Page(data=[node_json(n, outlets) for n in chunk], count=len(nodes))


def _node_of_kind(store: Store, key: str, kind: NodeKind) -> Node:
    node = store.get_node(key)
    if node is None or node.kind is not kind:
        raise NotFound(f"no {kind.value.lower()} with key {key!r}")
    return node


@router.get("/outlets", response_model=Page)
def list_outlets(
    store: StoreDep, kind: OutletKind | None = None, limit: Limit = 100, offset: Offset = 0
) -> Page:
    """Outlets, optionally of one kind (state_media, alternative, ...)."""
    nodes = [n for n in store.iter_nodes(NodeKind.OUTLET) if kind is None or n.outlet_kind == kind]
    return _page(store, nodes, limit, offset)


@router.get("/outlets/{key:path}")
def get_outlet(key: str, store: StoreDep) -> dict[str, Any]:
    """One outlet with the articles it published."""
    node = _node_of_kind(store, key, NodeKind.OUTLET)
    published = store.edges_touching([key], types=[EdgeKind.PUBLISHED_BY], incoming=True)
    articles = store.get_nodes(e.source for e in published)
    return node.to_json() | {
        "articles": [
            node_json(a, {key: node}) for a in sorted(articles.values(), key=lambda n: n.key)
        ]
    }


@router.get("/articles", response_model=Page)
def list_articles(
    store: StoreDep,
    outlet: str | None = None,
    stub: bool | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page:
    """Articles, optionally of one outlet (key) or stub status."""
    nodes = [
        n
        for n in store.iter_nodes(NodeKind.ARTICLE)
        if (outlet is None or n.outlet == outlet) and (stub is None or n.stub == stub)
    ]
    return _page(store, nodes, limit, offset)


@router.get("/articles/{key:path}")
def get_article(key: str, store: StoreDep) -> dict[str, Any]:
    """One article with its outgoing and incoming edges and their evidence."""
    node = _node_of_kind(store, key, NodeKind.ARTICLE)
    kinds = list(EdgeKind)
    outgoing = store.edges_touching([key], types=kinds, incoming=False)
    incoming = store.edges_touching([key], types=kinds, incoming=True)
    return node_json(node, _outlets_by_key(store, [node])) | {
        "edges_out": [e.to_json() for e in outgoing],
        "edges_in": [e.to_json() for e in incoming],
    }


@router.get("/search", response_model=Page)
def search(
    store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=200)], limit: Limit = 20
) -> Page:
    """Nodes whose name, alias or title contains ``q`` (accents and case ignored)."""
    keys = store.search_names(normalize_name(q), limit=limit)
    found = store.get_nodes(keys)
    nodes = [found[k] for k in keys if k in found]
    return _page(store, nodes, limit, 0)


def _path_options(
    types: TypeParam = None,
    max_hops: Annotated[int, Query(ge=1, le=20)] = 6,
    k: Annotated[int, Query(ge=1, le=50)] = 3,
    time_respecting: bool = False,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
) -> PathOptions:
    return PathOptions(
        types=_types(types),
        max_hops=max_hops,
        k=k,
        time_respecting=time_respecting,
        min_confidence=min_confidence,
    )


PathOptionsDep = Annotated[PathOptions, Depends(_path_options)]
PathQuery = Annotated[str, Query(min_length=1, max_length=2000)]


@router.get("/paths")
def paths(
    store: StoreDep, origin: PathQuery, destination: PathQuery, options: PathOptionsDep
) -> dict[str, Any]:
    """Paths from origin to destination in flow order (origin first), each hop with evidence."""
    return find_paths(store, origin, destination, options=options)


@router.get("/amplification")
def amplification_route(
    store: StoreDep,
    source: PathQuery,
    types: TypeParam = None,
    max_hops: Annotated[int, Query(ge=1, le=20)] = 6,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    top: Annotated[int, Query(ge=1, le=100)] = 10,
) -> dict[str, Any]:
    """The downstream cascade of a source: size, depth, outlets, languages, lag, bridges."""
    options = AmplificationOptions(
        types=_types(types), max_hops=max_hops, min_confidence=min_confidence, top=top
    )
    return amplification(store, source, options=options)


@router.get("/outlet-graph")
def outlet_graph_route(
    store: StoreDep, min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0
) -> dict[str, Any]:
    """Outlet -> outlet flow edges with counts per relation type."""
    return outlet_graph(store, min_confidence=min_confidence)


@router.get("/export")
def export_route(
    store: StoreDep,
    format: Annotated[Literal["json", "graphml", "gexf", "csv"], Query()] = "json",
) -> Response:
    """The whole store as JSON, GraphML, GEXF or CSV (edges)."""
    if format == "json":
        return Response(content=export(store, "json"), media_type="application/json")
    media = {"graphml": "application/xml", "gexf": "application/xml", "csv": "text/csv"}[format]
    return PlainTextResponse(export(store, format), media_type=media)


Embed = Annotated[bool, Query(description="Chrome-less page for an iframe")]


@router.get("/views/path", response_class=HTMLResponse)
def view_path(
    store: StoreDep,
    origin: PathQuery,
    destination: PathQuery,
    options: PathOptionsDep,
    embed: Embed = False,
) -> str:
    """Interactive drawing of the paths between origin and destination."""
    return path_view(find_paths(store, origin, destination, options=options), embed=embed)


@router.get("/views/amplification", response_class=HTMLResponse)
def view_amplification(
    store: StoreDep,
    source: PathQuery,
    types: TypeParam = None,
    max_hops: Annotated[int, Query(ge=1, le=20)] = 6,
    embed: Embed = False,
) -> str:
    """Interactive drawing of a source's amplification cascade."""
    result = amplification(
        store, source, options=AmplificationOptions(types=_types(types), max_hops=max_hops)
    )
    return amplification_view(result, result["edges"], embed=embed)


@router.get("/views/outlet-graph", response_class=HTMLResponse)
def view_outlet_graph(store: StoreDep, embed: Embed = False) -> str:
    """Interactive drawing of the outlet graph."""
    return outlet_graph_view(outlet_graph(store), embed=embed)


class IngestRequest(BaseModel):
    urls: list[str] = Field(
        default_factory=list, max_length=200, description="Pages to fetch and ingest"
    )
    force: bool = False


@router.post("/ingest", dependencies=[Depends(require_token)])
def ingest_route(body: IngestRequest, store: StoreDep, registry: RegistryDep) -> dict[str, Any]:
    """Fetch and ingest URLs (bearer token). Local paths are not accepted over HTTP."""
    bad = [u for u in body.urls if not u.startswith(("http://", "https://"))]
    if bad or not body.urls:
        raise BadInput("give one or more http(s) URLs", rejected=bad)
    return ingest(body.urls, store, registry, force=body.force).to_json()


class ReviewRequest(BaseModel):
    review: ReviewStatus


@router.patch("/edges/{edge_id}", dependencies=[Depends(require_token)])
def review_edge(edge_id: str, body: ReviewRequest, store: StoreDep) -> dict[str, Any]:
    """Confirm or reject an edge (bearer token). A rejected edge drops out of queries."""
    return store.set_review(edge_id, body.review).to_json()


@router.get("/edges/{edge_id}")
def get_edge(edge_id: str, store: StoreDep) -> dict[str, Any]:
    """One edge with all its evidence."""
    edge = store.get_edge(edge_id)
    if edge is None:
        raise NotFound(f"no edge with id {edge_id!r}")
    return edge.to_json()
