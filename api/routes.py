"""HTTP routes: thin handlers over graph.queries and loaders.

Every list is paged (``limit`` / ``offset``), every query is bounded (``max_hops`` at
most :data:`~graph.queries.MAX_HOPS`, ``k`` paths, listed articles) and runs under the
server's ``query_timeout``; failures share the one error shape (:class:`ErrorOut`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from api.deps import (
    REF_EXAMPLES,
    AmplificationOptionsDep,
    ExcludeParam,
    Limit,
    MinConfidence,
    Offset,
    PathOptionsDep,
    RefQuery,
    StoreDep,
    TypeParam,
    UndirectedReuse,
    methods,
    relation_types,
)
from api.jobs import JobQueue
from api.schemas import ErrorOut, HealthOut, JobOut
from api.security import require_token
from graph.errors import NotFound
from graph.export import export
from graph.queries import (
    FlowOptions,
    amplification,
    article_detail,
    autocomplete,
    find_paths,
    list_nodes,
    operators,
    outlet_graph,
    outlet_profile,
    search,
)
from graph.results import (
    AmplificationOut,
    ArticleOut,
    CompletionOut,
    EdgeOut,
    NodeOut,
    OperatorsOut,
    OutletGraphOut,
    OutletProfileOut,
    Page,
    PathsOut,
    edge_out,
)
from graph.schema import ExportFormat, InfrastructureTier, NodeKind, OutletKind, ReviewStatus

__all__ = ["router"]


_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Unknown name or key (with `suggestions`)"},
    422: {"model": ErrorOut, "description": "Invalid parameters (with `problems`)"},
    503: {"model": ErrorOut, "description": "The store is unavailable"},
    504: {"model": ErrorOut, "description": "The query ran past the server's time budget"},
}
router = APIRouter(responses=_ERRORS)


@router.get("/health", response_model=HealthOut, response_model_exclude_unset=True)
def health(store: StoreDep) -> HealthOut:
    """Liveness plus the store's backend and size."""
    counts = store.counts()
    return HealthOut(
        status="ok", store=type(store).__name__, nodes=counts.total_nodes, edges=counts.total_edges
    )


@router.get("/outlets", response_model=Page[NodeOut], response_model_exclude_unset=True)
def list_outlets(
    store: StoreDep, kind: OutletKind | None = None, limit: Limit = 100, offset: Offset = 0
) -> Page[NodeOut]:
    """Outlets, optionally of one kind (state_media, alternative, ...)."""
    return list_nodes(store, NodeKind.OUTLET, outlet_kind=kind, limit=limit, offset=offset)


# Before /outlets/{ref:path}, which would take "x/infrastructure" for a name.
@router.get("/outlets/{ref:path}/infrastructure", response_model=OperatorsOut)
def get_outlet_infrastructure(
    ref: str, store: StoreDep, min_tier: InfrastructureTier | None = None
) -> OperatorsOut:
    """The outlets sharing infrastructure with an outlet (analytics, ad and verification
    IDs, wallets: conclusive; hosts, subnets, CDNs: associative; CMS, CSS: weak), the
    strongest first, each shared identifier with every page or list row it was seen on,
    and the outlet's own identifiers."""
    return operators(store, ref, min_tier=min_tier)


@router.get(
    "/outlets/{ref:path}", response_model=OutletProfileOut, response_model_exclude_unset=True
)
def get_outlet(
    ref: Annotated[str, Path(openapi_examples=REF_EXAMPLES)],
    store: StoreDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> OutletProfileOut:
    """An outlet's profile, by key, name, alias or domain: article count, languages,
    the outlets it takes from and gives to, and a page of its articles. An unknown
    outlet answers 404 with close-match `suggestions`."""
    return outlet_profile(store, ref, limit=limit, offset=offset)


@router.get("/articles", response_model=Page[NodeOut], response_model_exclude_unset=True)
def list_articles(
    store: StoreDep,
    outlet: str | None = None,
    stub: bool | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[NodeOut]:
    """Articles, optionally of one outlet (key) or stub status."""
    return list_nodes(store, NodeKind.ARTICLE, outlet=outlet, stub=stub, limit=limit, offset=offset)


@router.get("/articles/{key:path}", response_model=ArticleOut, response_model_exclude_unset=True)
def get_article(key: str, store: StoreDep) -> ArticleOut:
    """One article (by key or URL) with its outgoing and incoming edges and their evidence."""
    return article_detail(store, key)


@router.get("/search", response_model=Page[NodeOut], response_model_exclude_unset=True)
def search_route(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    kind: Annotated[list[NodeKind] | None, Query(description="Node kinds (repeatable)")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Page[NodeOut]:
    """Outlets, articles and actors whose name, alias or title contains ``q`` (accents
    and case ignored): exact names first, then prefixes; outlets before actors before
    articles."""
    return search(store, q, kinds=tuple(kind or ()), limit=limit, offset=offset)


@router.get("/autocomplete", response_model=list[CompletionOut], response_model_exclude_unset=True)
def autocomplete_route(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[CompletionOut]:
    """Names, aliases and titles starting with ``q``, for a search box."""
    return autocomplete(store, q, limit=limit)


@router.get("/paths", response_model=PathsOut, response_model_exclude_unset=True)
async def paths(
    store: StoreDep, origin: RefQuery, destination: RefQuery, options: PathOptionsDep
) -> PathsOut:
    """How content got from origin to destination (outlets or articles): up to ``k``
    paths in flow order (origin first), strongest first, each hop with its relation,
    evidence and lag, plus the outlet-level chain each path supports."""
    return await run_in_threadpool(find_paths, store, origin, destination, options=options)


@router.get("/amplification", response_model=AmplificationOut, response_model_exclude_unset=True)
async def amplification_route(
    store: StoreDep, source: RefQuery, options: AmplificationOptionsDep
) -> AmplificationOut:
    """The downstream cascade of a source (outlet or article): size, depth, breadth,
    outlets and languages reached, lag per hop, top amplifiers, bridges, timeline."""
    return await run_in_threadpool(amplification, store, source, options=options)


@router.get("/outlet-graph", response_model=OutletGraphOut, response_model_exclude_unset=True)
def outlet_graph_route(
    store: StoreDep,
    types: TypeParam = None,
    min_confidence: MinConfidence = 0.0,
    exclude_methods: ExcludeParam = None,
    undirected_reuse: UndirectedReuse = False,
) -> OutletGraphOut:
    """Outlet -> outlet flow edges with counts per relation type, and each outlet's
    degree, PageRank, source rank and betweenness."""
    options = FlowOptions(
        types=relation_types(types),
        min_confidence=min_confidence,
        exclude_methods=methods(exclude_methods),
        undirected_reuse=undirected_reuse,
    )
    return outlet_graph(store, options=options)


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {
            "description": "The store in the asked format",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/xml": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    },
)
def export_route(
    store: StoreDep,
    format: Annotated[ExportFormat, Query()] = "json",
) -> Response:
    """The whole store as JSON, GraphML, GEXF or CSV (edges)."""
    media = {
        "json": "application/json",
        "graphml": "application/xml",
        "gexf": "application/xml",
        "csv": "text/csv",
    }[format]
    return Response(export(store, format), media_type=media)


class IngestRequest(BaseModel):
    # Strict types: JSON ``0`` is not ``false`` (the schema says a boolean).
    model_config = ConfigDict(extra="forbid")

    urls: list[
        Annotated[StrictStr, Field(min_length=1, max_length=2000, pattern=r"^https?://")]
    ] = Field(min_length=1, max_length=200, description="Pages to fetch and ingest (http(s))")
    force: StrictBool = False


_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or wrong bearer token"},
    403: {"model": ErrorOut, "description": "Writes are disabled (no token configured)"},
    413: {"model": ErrorOut, "description": "The request body is over the server's limit"},
}


async def _jobs(request: Request) -> JobQueue:
    jobs: JobQueue = request.app.state.jobs
    return jobs


JobsDep = Annotated[JobQueue, Depends(_jobs)]


@router.post(
    "/ingest",
    status_code=202,
    dependencies=[Depends(require_token)],
    response_model=JobOut,
    responses={
        **_WRITE_ERRORS,
        429: {"model": ErrorOut, "description": "Too many ingest jobs are waiting"},
    },
)
async def ingest_route(body: IngestRequest, jobs: JobsDep, response: Response) -> JobOut:
    """Queue an ingest of URLs (bearer token) and answer at once (202) with the job;
    ``GET /jobs/{id}`` follows its progress and gives its report. Local paths are not
    accepted over HTTP, and internal addresses are not fetched."""
    job = jobs.submit(body.urls, force=body.force)
    response.headers["Location"] = f"/jobs/{job.id}"
    return job.to_json()


@router.get(
    "/jobs/{job_id}",
    dependencies=[Depends(require_token)],
    response_model=JobOut,
    responses=_WRITE_ERRORS,
)
async def get_job(job_id: str, jobs: JobsDep) -> JobOut:
    """An ingest job's status, progress and, once done, its report (bearer token)."""
    return jobs.get(job_id).to_json()


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    review: ReviewStatus


@router.patch(
    "/edges/{edge_id}",
    dependencies=[Depends(require_token)],
    response_model=EdgeOut,
    response_model_exclude_unset=True,
    responses=_WRITE_ERRORS,
)
def review_edge(edge_id: str, body: ReviewRequest, store: StoreDep) -> EdgeOut:
    """Confirm or reject an edge (bearer token). A rejected edge drops out of queries."""
    return edge_out(store.set_review(edge_id, body.review))


@router.get("/edges/{edge_id}", response_model=EdgeOut, response_model_exclude_unset=True)
def get_edge(edge_id: str, store: StoreDep) -> EdgeOut:
    """One edge with all its evidence."""
    edge = store.get_edge(edge_id)
    if edge is None:
        raise NotFound(f"no edge with id {edge_id!r}")
    return edge_out(edge)
